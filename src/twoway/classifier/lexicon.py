"""Cue phrases in the languages twoway's users post in (English, Dutch, German, French, Spanish,
Portuguese, Italian, Japanese, Korean).

A cue is a family of phrases that mean the same move ("order now", "bestel nu", "jetzt
bestellen" all sell).  Each cue is one feature of the models, so what is learnt from one language's
examples carries over to the others, and it is how a label's explanation names its evidence
(``sells: 'order now'``).  Phrases are matched on tokens (see :mod:`twoway.classifier.features`):
``<num>`` stands for any number; Japanese and Korean phrases are matched as substrings.
"""

from __future__ import annotations

__all__ = ["CJK_CUES", "CUES", "CUE_SAYS"]

CUE_SAYS: dict[str, str] = {
    "ask_opinion": "asks {0!r}",
    "ask_info": "asks for {0!r}",
    "promo": "sells: {0!r}",
    "follow": "asks to be followed or shared: {0!r}",
    "thanks": "thanks someone: {0!r}",
    "congrats": "congratulates or welcomes: {0!r}",
    "personal": "speaks personally: {0!r}",
    "quote": "a quotation: {0!r}",
    "info": "announces: {0!r}",
    "invite": "invites people to act: {0!r}",
    "dm": "asks for a private message: {0!r}",
}
"""How an explanation names each cue; ``{0}`` is the matched phrase."""

CUES: dict[str, tuple[str, ...]] = {
    "ask_opinion": (
        "what do you think", "what's your", "what is your", "which one", "which flavour", "which flavor",
        "which colour", "which color", "which would", "which do you", "which should", "let us know",
        "tell us", "let me know", "any tips", "any ideas", "any suggestions", "any recommendations",
        "who else", "anyone else", "anyone know", "does anyone", "do you know", "do you have",
        "do you prefer", "do you think", "have you ever", "have you tried", "would you", "could you",
        "can you", "will you", "are you", "did you", "how do you", "what would you", "vote",
        "wat vinden jullie", "wat vind jij", "wat vind je", "welke", "laat ons weten", "laat het weten",
        "weet iemand", "hebben jullie", "heb jij", "wie weet",
        "was meint ihr", "was denkt ihr", "welche", "welcher", "welches", "sagt uns", "wisst ihr", "habt ihr",
        "qu'en pensez", "dites-nous", "dites nous", "lequel", "laquelle", "quel", "quelle", "quels", "quelles",
        "avez-vous", "vous avez",
        "qué opináis", "qué opinas", "qué piensas", "cuál", "cuáles", "dinos", "sabéis", "tenéis",
        "o que acham", "o que vocês acham", "qual", "quais", "contem", "digam", "vocês",
        "cosa ne pensate", "quale", "diteci", "avete",
    ),
    "ask_info": (
        "dm us your", "dm us the", "send us your", "send us the", "send me your", "message us your",
        "your order number", "your account number", "your confirmation number", "your tracking number",
        "your email address", "your booking reference", "which store", "which version", "which device",
        "which model", "what store", "what version", "what device", "when did you", "where did you",
        "how long have you", "stuur ons je", "stuur je", "schick uns", "schickt uns", "envoyez-nous",
        "envíanos", "envianos", "envie-nos", "mande-nos",
    ),
    "dm": ("dm us", "dm me", "send us a dm", "direct message", "private message", "send us a message",
           "stuur ons een dm", "schreib uns eine dm", "écrivez-nous en mp", "envíanos un md", "mande uma dm"),
    "promo": (
        "order now", "order today", "order online", "order yours", "order here", "buy now", "buy it",
        "buy yours", "buy here", "buy online", "buy tickets", "buy your", "shop now", "shop online", "shop the",
        "book now", "book your", "book a", "book online", "book today", "book tickets", "get yours",
        "get your tickets", "get tickets", "<num> % off", "<num> off", "sale", "discount", "promo code",
        "use code", "free shipping", "limited time", "limited offer", "limited edition", "tickets available",
        "tickets on sale", "on sale", "sign up", "register now", "register today", "register here", "pre-order",
        "preorder", "don't miss", "link in bio", "available now", "in our shop", "visit our shop",
        "<num> % korting", "korting", "bestel nu", "bestel hier", "bestel online", "bestellen", "koop nu",
        "te koop", "verkrijgbaar", "reserveer", "aanbieding", "kaarten",
        "jetzt bestellen", "jetzt kaufen", "jetzt buchen", "angebot", "rabatt", "bestellen sie", "tickets",
        "commandez", "réservez", "achetez", "en vente", "promo", "soldes",
        "compra ya", "comprar", "reserva ya", "reserva tu", "oferta", "descuento", "entradas",
        "compre já", "compre agora", "desconto", "encomende", "ingressos",
        "ordina ora", "sconto", "offerta", "biglietti",
    ),
    "invite": (
        "join us", "come along", "come and", "come join", "see you there", "see you at", "you're welcome to",
        "you are welcome to", "all welcome", "everyone welcome", "everyone is welcome", "don't forget",
        "save the date", "mark your calendar", "we're hiring", "we are hiring", "now hiring", "apply now",
        "volunteers needed", "wanted", "looking for", "get in touch",
        "mis het niet", "van harte welkom", "bent welkom", "zijn welkom", "iedereen welkom", "kom ook",
        "komt allen", "kom langs", "meld je aan", "aanmelden", "opgeven", "gezocht", "vacature", "tot dan",
        "tot zaterdag", "tot zondag", "kommt vorbei", "seid dabei", "alle willkommen", "herzlich willkommen",
        "meldet euch", "gesucht", "venez", "rejoignez-nous", "inscrivez-vous", "bienvenue à tous",
        "venid", "ven a", "apúntate", "inscríbete", "os esperamos", "venha", "venham", "inscreva",
        "vi aspettiamo", "venite", "iscriviti",
    ),
    "follow": (
        "follow us", "follow me", "please follow us", "give us a follow", "like and share", "like and follow",
        "like and subscribe", "like and rt", "like & share", "please rt", "please retweet", "please share",
        "rt to win", "retweet to win", "subscribe", "share this", "share with your",
        "volg ons", "volg mij", "deel dit", "folgt uns", "folge uns", "abonniert", "abonnieren",
        "suivez-nous", "suivez nous", "abonnez-vous", "partagez", "síguenos", "siguenos", "comparte",
        "suscríbete", "suscribete", "siga-nos", "sigam", "compartilhe", "inscreva-se", "seguici", "condividi",
    ),
    "thanks": (
        "thank you", "thanks", "thank u", "thx", "grateful", "shout out", "shoutout", "shout-out", "kudos",
        "hats off", "bedankt", "dankjewel", "dank je", "dank u", "dank aan", "danke", "vielen dank",
        "merci", "gracias", "obrigado", "obrigada", "grazie",
    ),
    "congrats": (
        "in memoriam", "passed away", "overleden", "condoleances", "sterkte", "jubilaris", "jubileum",
        "lintje", "gefeliciteerd met", "wij wensen", "we wish", "best wishes", "fijne", "prettige",
        "happy holidays", "merry christmas", "happy new year", "gelukkig nieuwjaar", "prettige feestdagen",
        "frohe weihnachten", "joyeux noël", "bonne année", "feliz navidad", "feliz año", "feliz natal",
        "buon natale", "support", "donate", "fundraiser", "gofundme", "proud to support",
        "congrats", "congratulations", "congratulation", "congratulate", "well done", "proud of",
        "happy birthday", "welcome to", "rest in peace", "rip", "condolences", "good luck",
        "gefeliciteerd", "proficiat", "van harte", "welkom", "succes", "glückwunsch", "herzlichen glückwunsch",
        "viel erfolg", "félicitations", "bravo", "bienvenue", "bonne chance", "felicidades", "enhorabuena",
        "bienvenido", "bienvenidos", "suerte", "parabéns", "parabens", "bem-vindo", "bem-vindos", "boa sorte",
        "complimenti", "auguri", "benvenuti", "in bocca al lupo",
    ),
    "personal": (
        "i'm", "i am", "i love", "i hate", "i think", "i feel", "i just", "i can't", "i had", "i was",
        "my dog", "my cat", "my wife", "my husband", "my kids", "my son", "my daughter", "my mum", "my mom",
        "my dad", "my family", "my day", "our cat", "our dog", "shop cat", "lol", "haha", "hahaha", "ugh",
        "ik ben", "ik heb", "ik vind", "mijn", "ich bin", "ich habe", "ich finde", "mein", "meine",
        "je suis", "j'ai", "mon", "estoy", "tengo", "mi perro", "mi gato", "estou", "tenho", "meu", "minha",
        "sono", "ho appena",
    ),
    "quote": (
        "#mondaymotivation", "#motivation", "#motivationmonday", "#quote", "#quotes", "#quoteoftheday",
        "#inspiration", "#wisdom", "#citation", "#zitat", "#spreuk", "#frase", "#cita", "#wednesdaywisdom",
        "#fridayfeeling", "#thoughtoftheday",
    ),
    "info": (
        "new post", "new blog post", "new on the blog", "read more", "via", "opening hours", "closed",
        "open today", "open on", "open from", "open until", "update", "news", "announcement", "report",
        "schedule", "nieuw bericht", "nieuwe blog", "nieuws", "gesloten", "openingstijden", "neuer beitrag",
        "neuer artikel", "geschlossen", "nouvel article", "fermé", "nuevo post", "nuevo artículo", "cerrado",
        "novo post", "novo artigo", "fechado", "nuovo articolo", "chiuso",
    ),
}
"""Phrases of each cue, lower case, words separated by single spaces."""

CJK_CUES: dict[str, tuple[str, ...]] = {
    "ask_opinion": ("どう思", "どれ", "どっち", "教えて", "ですか", "ますか", "でしょうか", "어떻게 생각", "어떤", "어느", "알려주", "까요", "나요", "인가요"),
    "promo": ("予約", "購入", "セール", "割引", "発売", "注文", "구매", "할인", "주문", "예약", "세일", "판매"),
    "follow": ("フォロー", "リツイート", "拡散", "팔로우", "구독", "공유"),
    "thanks": ("ありがとう", "感謝", "감사", "고맙"),
    "congrats": ("おめでとう", "ようこそ", "축하", "환영"),
    "quote": ("名言", "명언"),
}
"""Japanese and Korean phrases, matched as substrings of the text."""
