"""The classifier's features: tokens, multilingual cues and the structure facts the models read."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from twoway.classifier.features import FeatureIndex, Reader, extract, tokenize
from twoway.classifier.lexicon import CJK_CUES, CUE_SAYS, CUES
from twoway.drafts import draft_post
from twoway.model import Post


def facts(text: str) -> set[str]:
    """The cue (``C:``) and structure (``S:``) features of a bare text, without kind pairs."""
    return {
        f.replace("\x01", "C:").replace("\x02", "S:")
        for f in extract(draft_post(text)).features
        if f[0] in "\x01\x02" and "&" not in f
    }


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Order now! 20% off", ["order", "now", "!", "<num>", "%", "off"]),
        ("Thanks 🙏🎉", ["thanks", "🙏", "🎉"]),
        ("Только 500 ₽", ["только", "<num>", "₽"]),
        ("क्या आप आएंगे?", ["क्या", "आप", "आएंगे", "?"]),
        ("@ana see https://x.co/a #tag", ["<@>", "see", "<url>", "#tag"]),
        ("今日は雨", ["今日", "日は", "は雨"]),
    ],
)
def test_tokenize(text: str, tokens: list[str]) -> None:
    assert tokenize(text.lower()) == tokens


@pytest.mark.parametrize(
    ("text", "cue", "phrase"),
    [
        ("Yaz indirimi başladı, hemen satın al!", "promo", "hemen satın al"),
        ("Dziękujemy wszystkim wolontariuszom", "thanks", "dziękujemy"),
        ("Turut berduka cita atas meninggalnya Pak Harjo", "condolence", "turut berduka"),
        ("Följ oss för fler recept", "follow", "följ oss"),
        ("Hongera kwa timu yetu!", "congrats", "hongera"),
        ("Palju õnne sünnipäevaks!", "congrats", "palju õnne"),
        ("תודה רבה לכולם", "thanks", "תודה רבה"),
        ("Felices fiestas a todos", "wishes", "felices fiestas"),
        ("Zamów teraz z darmową dostawą", "promo", "zamów teraz"),
        ("Kami tunggu kedatangannya ya", "invite", "kami tunggu"),
        ("Please send us a screenshot", "info_noun", "screenshot"),
        ("Did you know bees dance?", "rhetoric", "did you know"),
        ("Cerrado el lunes por festivo", "info", "cerrado"),
        ("Open house on Saturday", "date", "saturday"),
        ("lol that was close 😂", "laugh", "lol"),
        ("夏季促销：全场八折", "promo", "促销"),
        ("ลดราคา 30% ทุกชิ้น", "promo", "ลดราคา"),
        ("恭喜你们！", "congrats", "恭喜"),
        ("10月1日に開店します", "date", "date"),
        # Selling without a verb of selling, invitations, support, mourning, get-well wishes
        ("Nog twee plekken vrij voor zaterdag", "promo", "plekken vrij"),
        ("Konzert am Sonntag, Eintritt frei", "promo", "eintritt frei"),
        ("Concierto el viernes, entrada libre hasta completar aforo", "promo", "entrada libre"),
        ("Doors at 7, £5 on the door or two spots left online", "promo", "spots left"),
        ("日曜日のコンサートは入場無料です", "promo", "入場無料"),
        ("Send your CV or apply online", "invite", "send your cv"),
        ("Vieni a trovarci sabato al mercato", "invite", "vieni a trovarci"),
        ("Wij steunen de inzamelingsactie van de voedselbank", "cause", "wij steunen"),
        ("Proud to support the lifeboat crew this weekend", "cause", "proud to support"),
        ("Wir trauern um unser Ehrenmitglied Hans", "condolence", "wir trauern"),
        ("С прискорбием сообщаем о смерти нашего друга", "condolence", "с прискорбием"),
        ("Get well soon, coach Dave!", "wishes", "get well soon"),
        ("Gute Besserung an unsere Kollegin Petra", "wishes", "gute besserung"),
        ("Welcome aboard, Aisha!", "congrats", "welcome aboard"),
        ("Well deserved, Marco!", "praise", "well deserved"),
        ("Bus 12 is diverted because of roadworks", "info", "diverted"),
        ("Travaux rue de la République : la ligne 7 est déviée", "info", "travaux"),
        ("ご存じですか？はちみつは腐りません", "rhetoric", "ご存じですか"),
        # What the codebook says asks nothing: offers of help and vague "more details"
        (
            "@noor Glad it works! Let us know if anything else comes up",
            "offer_help",
            "let us know if",
        ),
        ("N'hésitez pas à nous écrire", "offer_help", "n'hésitez pas"),
        ("Please DM your conf # and we'll check", "info_noun", "your conf"),
    ],
)
def test_cues_in_many_languages(text: str, cue: str, phrase: str) -> None:
    assert extract(draft_post(text)).cues[cue] == phrase


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Your order is on its way", "info_noun"),  # "order" alone is not a detail asked for
        ("We care about every customer", "ask_opinion"),  # Romanian "care" is not English "care"
        ("Informe: el alquiler sube un 9 % https://example.es/a", "request"),
        ("Hier kannst du ihn bestellen", "request"),  # "you can" is not a request for a detail
        # Spanish customer care says "lamentamos las molestias" (sorry for the trouble): no mourning
        ("Lamentamos las molestias, ya está resuelto", "condolence"),
        ("Ready in 5 min", "personal"),  # Swedish "min" (my) is left out: it is also minutes
    ],
)
def test_words_that_are_not_cues(text: str, cue: str) -> None:
    assert cue not in extract(draft_post(text)).cues


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("¿Cuál es tu sabor favorito?", {"S:ask_word", "S:ask_you", "S:qmark_end"}, set()),
        ("Siparişiniz geldi mi?", {"S:ask_word"}, {"S:ask_you"}),
        ("Great day. Loved every minute, what a crowd?", set(), {"S:ask_word"}),
        ("Hi! So what time do you open?", {"S:ask_word", "S:ask_you"}, set()),
        ("什么时候开门吗？", {"S:ask_word"}, set()),
        ("Please DM us your order number", {"S:asks_detail", "C:dm", "C:info_noun"}, set()),
        ("Our phone number has changed", {"C:info_noun"}, {"S:asks_detail"}),
        ("Really??? No way?!", {"S:qmarks=3+", "S:interrobang"}, set()),
        ("Tip: keep tomatoes out of the fridge", {"S:heading"}, set()),
        ("Keep tomatoes out of the fridge: trust us", set(), {"S:heading"}),
        ('"Be kind." — Anne Frank', {"S:quoted", "S:attributed"}, set()),
        ("one line\nand another\nand a third\nand the last", {"S:verse"}, set()),
        ("a\nb\nc\nd https://example.com/x", set(), {"S:verse"}),
        ("Only 500 ₽ today", {"S:money"}, set()),
        ("ご存じですか？はちみつは腐りません。", {"S:rhetorical"}, set()),
    ],
)
def test_structure(text: str, present: set[str], absent: set[str]) -> None:
    found = facts(text)
    assert present <= found
    assert not absent & found


def test_every_cue_family_has_words_for_its_explanation() -> None:
    assert set(CUES) | set(CJK_CUES) <= set(CUE_SAYS)


def test_cue_phrases_are_lower_case_and_single_spaced() -> None:
    phrases = [phrase for items in CUES.values() for phrase in items]
    assert [p for p in phrases if p != p.lower() or "  " in p or p != p.strip()] == []


BATCH = [
    ("@ana did the refill arrive? DM us the order number", {}),
    ("Order now! 20% off all sourdough https://example.com/shop #sale #bread", {}),
    ('"Be kind." — Anne Frank', {}),
    ("Tip: keep tomatoes out of the fridge?! Really???", {}),
    ("one line\nand another\nand a third\nand the last", {}),
    ("RT @bakery: new loaves today", {}),
    ("@bob @cara thanks both, cc @dan", {"reply_to_account": "bob"}),
    ("今日は雨ですか？ 10月1日に開店します", {}),
    ("क्या आप आएंगे? धन्यवाद", {}),
    ("Only 500 ₽ today, sale ends Friday", {"media_count": 2, "client": "IFTTT"}),
    ("nul\x00inside", {}),
    ("", {}),
]


def batch_posts() -> list[Post]:
    return [
        dataclasses.replace(draft_post(text, id=str(i)), **changes)
        for i, (text, changes) in enumerate(BATCH)
    ]


def test_a_batch_has_the_features_of_each_post_alone() -> None:
    posts = batch_posts()
    batch = Reader().read(posts)
    assert [batch.extracted(j) for j in range(len(posts))] == [extract(post) for post in posts]


def test_feature_ids_are_the_vocabulary_indices_of_the_features_ascending() -> None:
    posts = batch_posts()
    features = [extract(post).features for post in posts]
    vocabulary = sorted({f for found in features for f in found})[::3]  # some features unknown
    index = FeatureIndex(vocabulary)
    expected = []
    for found in features:
        known = set(map(index.index.get, found))
        known.discard(None)
        expected.append(sorted(known))
    for reader in (Reader(index), Reader()):  # indices from the token codes, or looked up
        batch = reader.read(posts)
        flat, offsets = batch.feature_ids(index)
        bounds = [*offsets.tolist(), flat.size]
        assert [flat[a:b].tolist() for a, b in itertools.pairwise(bounds)] == expected


@pytest.mark.parametrize(
    ("text", "shows"),
    [
        ('"Bread is love made visible." — Our baker', True),  # quotation marks, attribution
        ("» Wer rastet, der rostet. «", True),  # German marks open with »
        ("Oost west, thuis best. #spreekwoord", True),  # the word for proverb, as a hashtag
        ("Quote of the week: start where you are.", True),
        ("So true. MT @ana: the best bread takes time", True),  # another account's words
        ('Ha, yes "@ana: the best bread takes time"', True),
        ("Some days you eat the bear\nSome days the bear eats you", True),  # short lines
        ("Pineapple on pizza is fine and you know it.", False),
        ("Mail me at ana@example.com or ask at the counter", False),
        ("The new oven arrived today and it is huge", False),
    ],
)
def test_shows_quotation(text: str, shows: bool) -> None:
    batch = Reader().read([draft_post(text)])
    assert batch.shows_quotation(0) is shows
