"""Post rules (``TW1xx``): what one post does that talks *at* people instead of *with* them.

Each rule reads a post's labels (:class:`~twoway.classifier.PostLabels`, CODEBOOK.md) and, where
it needs the words themselves, the cue phrases and word count the classifier kept on them
(:func:`_words`).  Rules about the text skip bare reposts: their words are someone else's, and
``bare-repost`` already says so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from twoway.classifier.features import extract, tokenize
from twoway.classifier.labels import PostLabels
from twoway.classifier.lexicon import CUES
from twoway.model import Kind, Post
from twoway.rules import Docs, Evidence, Rule, post_rule

__all__ = ["CALLS_TO_BUY", "HASHTAGS_MANY", "RULES"]

HASHTAGS_MANY = 4
"""This many hashtags is stuffing, however long the post."""
HASHTAGS_SOME = 2
"""From this many on, hashtags that make up more than half the words are stuffing too."""

_CALL_WORDS = frozenset(
    {
        *("buy", "shop", "book", "get", "use", "sign", "register", "pre-order", "preorder"),
        *("link", "visit", "bestel", "bestellen", "koop", "reserveer", "jetzt", "commandez"),
        *("réservez", "achetez", "compra", "comprar", "reserva", "compre", "encomende", "ordina"),
    }
)
CALLS_TO_BUY: tuple[tuple[str, ...], ...] = tuple(
    tuple(tokenize(phrase))
    for phrase in CUES["promo"]
    if phrase.split()[0] in _CALL_WORDS or (phrase.startswith("order ") and phrase != "order")
)
"""The ``promo`` cue phrases that ask the reader to buy, book or sign up ("order now",
"jetzt kaufen"), as tokens; the others only describe an offer ("20% off", "sale")."""

_HASHTAG = re.compile(r"(?<![\w&])#\w+")
_INVITATIONS = ("invite", "ask_opinion", "ask_info", "dm")
"""Cues that ask the reader to answer or to come: any of them is an invitation to respond."""


def _words(labels: PostLabels) -> tuple[Mapping[str, str], int]:
    """The cue phrases the post says (cue -> phrase) and how many words of its own it has, as
    the classifier found them: kept on labels it made, found again for others (labels read back
    from a workspace)."""
    if labels.phrases is not None or labels.own_words is not None:
        return labels.phrases or {}, labels.own_words or 0
    return _found(labels.post)


@lru_cache(maxsize=256)
def _found(post: Post) -> tuple[Mapping[str, str], int]:
    """The classifier's cue phrases and word count of ``post`` (several rules read them; found
    once)."""
    found = extract(post)
    return found.cues, found.own_words


def _excerpt(text: str, limit: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _as_written(post: Post, phrase: str) -> str:
    """A cue phrase as the post writes it, quoted: the classifier's phrases are lower case with
    numbers as ``N`` ("N % off"); the post said "20% off"."""
    pattern = r"\s*".join(
        r"\d+(?:[.,]\d+)*" if word == "N" else re.escape(word) for word in phrase.split()
    )
    found = re.search(rf"(?<!\w){pattern}(?!\w)", post.text, re.IGNORECASE)
    return repr(" ".join(found.group().split()) if found else phrase)


def _call_to_buy(post: Post) -> str | None:
    """The first call to buy the post makes ("order now"), if any."""
    tokens = tokenize(post.text.lower())
    for start, token in enumerate(tokens):
        for words in CALLS_TO_BUY:
            if words[0] == token and tuple(tokens[start : start + len(words)]) == words:
                return " ".join(words).replace("<num>", "N")
    return None


@post_rule(
    code="TW101",
    name="link-only-post",
    category="broadcast",
    level="warning",
    summary="A link with nothing of the author's own beside it",
    message="{how}: {link}",
    suggestion="Add your own take on this link, or ask your followers what they think of it",
    docs=Docs(
        what=(
            "A post that is a link and nothing more: no words of the author's own beside the "
            "link, hashtags, mentions and a title copied from the linked page (CODEBOOK.md, "
            "`link_only`)."
        ),
        why=(
            "A bare link is a notice on a board: it tells followers where to go and gives them "
            "nothing to answer.  People reply to people, to an opinion or a question, not to a "
            "page title, and feeds that share links without comment read as automated."
        ),
        example="```text\nHow to Keep Bread Fresh | Riverside Bakery https://example.com/blog/keep-bread-fresh\n```",
        instead=(
            "```text\nWe tested five ways to keep sourdough fresh; the tea towel beat the bread "
            "bin. How do you keep yours? https://example.com/blog/keep-bread-fresh\n```"
        ),
        known_problems=(
            "twoway never fetches the page, so a title is recognised by its form (a `Title | "
            "Site` mark, words that repeat the link's address).  A short sentence of the author's "
            "own that "
            'looks like a headline is flagged, such as an instruction before a colon ("book your '
            'stall now: https://…"); a copied title without such a mark is missed.'
        ),
    ),
)
def link_only_post(labels: PostLabels) -> Evidence | None:
    if not labels.link_only.value:
        return None
    post = labels.post
    link = (
        post.links[0].url
        if post.links
        else next(
            (
                word
                for word in post.text.split()
                if word.startswith(("http://", "https://", "www."))
            ),
            "a link",
        )
    )
    how = labels.link_only.cues[0] if labels.link_only.cues else "a link only"
    return {"how": how, "link": link}


@post_rule(
    code="TW102",
    name="bare-repost",
    category="broadcast",
    level="hint",
    summary="Shares another account's post without adding a word",
    message="shares {source} with no words added",
    suggestion=(
        "Quote it instead and add a line of your own: why it matters to you, or a question for "
        "your followers"
    ),
    docs=Docs(
        what=(
            "A repost (retweet, boost) of another account's post, with no words added "
            "(CODEBOOK.md, kind `repost`)."
        ),
        why=(
            "Reposting is generous, and now and then it is the right thing; but an account that "
            "mostly reposts has no voice of its own, and followers have nothing of yours to "
            "answer."
        ),
        example="```text\nRT @riverside_school: Our new library opens on Saturday!\n```",
        instead=(
            "```text\nSo happy for @riverside_school: we'll bring the cinnamon buns. Who's going "
            "on Saturday? https://x.com/riverside_school/status/1790000000000000000\n```"
        ),
        known_problems=(
            "It is a hint, not a fault: one repost is fine; what matters is how much of the "
            "account is reposts, which the account rules measure.  Plain text without metadata "
            "counts as a repost only when it starts with `RT @`."
        ),
    ),
)
def bare_repost(labels: PostLabels) -> Evidence | None:
    if labels.post.kind is not Kind.REPOST:
        return None
    account = labels.post.reposted_account
    return {"source": f"a post by @{account}" if account else "another account's post"}


@post_rule(
    code="TW103",
    name="quote-post",
    category="broadcast",
    level="hint",
    summary="A quotation or inspirational line instead of the author's own words",
    message="a quotation instead of your own words: {quote}",
    suggestion=(
        "Say in your own words why this line matters to you today, or ask your followers which "
        "words keep them going"
    ),
    docs=Docs(
        what=(
            "A post whose content is a quotation, proverb or inspirational line (CODEBOOK.md, "
            "intent `quote`): `#MondayMotivation` and the like."
        ),
        why=(
            "Borrowed words say little about the account and leave followers nothing to answer "
            "but a like.  Lovejoy & Saxton (2012) count such posts with one-way information."
        ),
        example='```text\n"The best time to plant a tree was 20 years ago." #MondayMotivation\n```',
        instead=(
            "```text\nTwenty years ago today we baked our first loaf in this kitchen. What were "
            "you doing in 2004?\n```"
        ),
        known_problems=(
            "The intent comes from a trained model, and a post counts as a quotation only with a "
            "sign of one (quotation marks, an attribution, short lines like verse, a quote "
            'hashtag or phrase, "RT @"): a post that quotes a customer or a review can be read '
            "as a quotation, and a proverb or inspirational line with no such sign is missed."
        ),
    ),
)
def quote_post(labels: PostLabels) -> Evidence | None:
    if labels.intent is None or labels.intent.value != "quote":
        return None
    return {"quote": _excerpt(labels.post.text)}


@post_rule(
    code="TW104",
    name="no-invitation",
    category="broadcast",
    level="hint",
    summary="A one-way announcement that asks nothing, names no one and invites no reply",
    message="one-way {intent}: it asks no question, names no one and invites no reply",
    suggestion=(
        'End with a question your followers can answer in a few words, e.g. "Which of these would '
        'you try first?"'
    ),
    docs=Docs(
        what=(
            "A new post or quote whose purpose is information or promotion (CODEBOOK.md intents "
            "`information`, `promotion`), that asks no genuine question, mentions no other "
            "account "
            'and has no invitation to respond or to come ("let us know", "join us", "DM us").'
        ),
        why=(
            "This is broadcasting in its plainest form: the post talks *at* its followers.  Most "
            "organisations post like this most of the time (Lovejoy & Saxton found 58.6% of "
            "nonprofit tweets were one-way information); an invitation is the cheapest way to "
            "turn an announcement into a conversation."
        ),
        example="```text\nRoads closed on Main St until Friday\n```",
        instead=(
            "```text\nRoads closed on Main St until Friday, so we're delivering by bike. Need a "
            "loaf dropped off? Tell us your street.\n```"
        ),
        known_problems=(
            'Rhetorical and headline questions do not count as invitations (CODEBOOK.md), so "Is '
            'remote work here to stay? https://…" is flagged.  The intent and the question are a '
            "trained model's; when it misreads a post as information, the post is flagged "
            "wrongly.  Replies and threads are never flagged: they already answer someone."
        ),
    ),
)
def no_invitation(labels: PostLabels) -> Evidence | None:
    post = labels.post
    if post.kind not in (Kind.ORIGINAL, Kind.QUOTE) or labels.intent is None:
        return None
    intent = str(labels.intent.value)
    if intent not in ("information", "promotion"):
        return None
    if labels.asks_question.value or labels.mentions_others.value:
        return None
    phrases, _ = _words(labels)
    if any(cue in phrases for cue in _INVITATIONS):
        return None
    return {"intent": intent}


@post_rule(
    code="TW105",
    name="sales-push",
    category="pushy",
    level="warning",
    summary="Pushes the author's own offer: asks the reader to buy, book, sign up or come",
    message="pushes its own offer instead of talking: {evidence}",
    suggestion=(
        "Lead with the people, not the price: tell the story behind the offer, or ask your "
        "followers what they would like to see, and leave the link for those who ask"
    ),
    docs=Docs(
        what=(
            "A post that pushes the author's own offering (CODEBOOK.md intent `promotion`: buy, "
            "book, order, sign up, register, attend, donate), or that carries a call to buy "
            '("order now", "jetzt kaufen", "réservez") beside an offer whatever its intent.  A '
            "post whose only push is asking for follows is left to `follow-begging`."
        ),
        why=(
            "A sales post asks followers for something and offers nothing to talk about.  Some "
            "are needed; a feed of them trains followers to scroll past.  Lovejoy & Saxton's "
            "nonprofits spent 15.6% of their tweets on such calls to action."
        ),
        example="```text\n20% off all sourdough this weekend, order at the link https://shop.example.com\n```",
        instead=(
            "```text\nOur sourdough starter turns 10 this weekend, so every loaf is 20% off. What "
            "should we bake to celebrate?\n```"
        ),
        known_problems=(
            "The intent comes from a trained model: an announcement of the author's own event can "
            "be read as promotion, and a sale in a language or wording the cue list lacks can be "
            "missed."
        ),
    ),
)
def sales_push(labels: PostLabels) -> Evidence | None:
    if labels.intent is None:
        return None
    intent = labels.intent.value
    phrases, _ = _words(labels)
    promo = phrases.get("promo")
    if intent == "promotion":
        call = _call_to_buy(labels.post)
        if labels.follow_begging.value and not promo and not call:
            return None
        phrase = call or promo or phrases.get("invite")
        if phrase:
            return {"evidence": _as_written(labels.post, phrase)}
        cues = "; ".join(labels.intent.cues[:2])
        return {"evidence": f"reads as promotion ({cues})" if cues else "reads as promotion"}
    if intent not in ("conversation", "community") and promo:
        call = _call_to_buy(labels.post)
        if call:
            return {"evidence": _as_written(labels.post, call)}
    return None


@post_rule(
    code="TW106",
    name="follow-begging",
    category="pushy",
    level="warning",
    summary="Asks to be followed, liked, subscribed to or shared",
    message="asks to be followed or shared: {phrase}",
    suggestion=(
        "Drop the request to follow or share; give people a reason to reply instead, such as a "
        "question about their own experience"
    ),
    docs=Docs(
        what=(
            "A post that asks to be followed, liked, subscribed to or shared (CODEBOOK.md, "
            '`follow_begging`): "follow us", "like and share", "RT to win", "volg ons", '
            '"abonnez-vous".'
        ),
        why=(
            "Asking for reach is asking for something without giving anything: it counts "
            "followers, "
            'not conversations.  Platforms treat "RT to win" and follow trains as spam, and '
            "followers won this way rarely talk back."
        ),
        example="```text\nFollow us for daily baking tips! Like and share!\n```",
        instead=(
            "```text\nTip of the day: rest your dough in the fridge overnight for a better crust. "
            "What's your best baking trick?\n```"
        ),
        known_problems=(
            'It goes by phrases: "share this" in "we\'d love to share this news" is flagged, and a '
            "plea worded in a way the cue list lacks is missed.  Bare reposts are not checked."
        ),
    ),
)
def follow_begging(labels: PostLabels) -> Evidence | None:
    if not labels.follow_begging.value or labels.post.kind is Kind.REPOST:
        return None
    phrase = _words(labels)[0].get("follow")
    if phrase:
        return {"phrase": _as_written(labels.post, phrase)}
    return {
        "phrase": labels.follow_begging.cues[0] if labels.follow_begging.cues else "asks for reach"
    }


@post_rule(
    code="TW107",
    name="hashtag-stuffing",
    category="pushy",
    level="warning",
    summary=f"{HASHTAGS_MANY} or more hashtags, or hashtags making up more than half the words",
    message="{count} hashtags in {words} words: {tags}",
    suggestion=(
        "Keep one or two hashtags that people really follow, and use the space for a sentence of "
        "your own"
    ),
    docs=Docs(
        what=(
            f"A post with {HASHTAGS_MANY} or more hashtags, or with {HASHTAGS_SOME} or more that "
            "make up more than half of its words (hashtags included)."
        ),
        why=(
            "A string of hashtags is written for search, not for people: it reads as a bid for "
            "reach, crowds out what the post says, and platforms rank such posts as spam.  One or "
            "two well-chosen tags find the same readers."
        ),
        example="```text\nFresh croissants today #bakery #croissant #paris #food #breakfast\n```",
        instead=(
            "```text\nFirst batch of croissants is out, still warm. Butter or jam? #bakery\n```"
        ),
        known_problems=(
            "Words are counted as the classifier counts them: Japanese, Chinese and Korean text "
            "is counted in character pairs, so a CJK post needs more hashtags before the share "
            "rule fires.  Bare reposts are not checked."
        ),
    ),
)
def hashtag_stuffing(labels: PostLabels) -> Evidence | None:
    post = labels.post
    if post.kind is Kind.REPOST:
        return None
    tags = _HASHTAG.findall(post.text)
    count = len(tags)
    words = _words(labels)[1] + count
    if count >= HASHTAGS_MANY or (count >= HASHTAGS_SOME and 2 * count > words):
        shown = " ".join(tags[:6]) + (" …" if count > 6 else "")
        return {"count": count, "words": words, "tags": shown}
    return None


@post_rule(
    code="TW108",
    name="automated-post",
    category="automation",
    level="warning",
    summary="Made by a feed, scheduler or bot, not a person writing",
    message="made by a machine, not a person: {cue}",
    suggestion=(
        "Write this one yourself: a sentence on why you are sharing it, and be around to answer "
        "the replies"
    ),
    docs=Docs(
        what=(
            "A post made by a feed, scheduler or bot (CODEBOOK.md, `automated`): posted by a "
            "known automation client (IFTTT, dlvr.it, Buffer…), opening with a template the "
            "account repeats with different links, or posted at the same second of the day as "
            "many others."
        ),
        why=(
            "Nobody is behind an automated post to answer a reply, and followers can tell.  "
            "Scheduling is useful, but a feed of machine posts is the definition of broadcasting."
        ),
        example=(
            "```text\nNew post on the blog: Five ways to keep bread fresh https://example.com/p/123\n"
            "(posted by dlvr.it)\n```"
        ),
        instead=(
            "```text\nWe tested five ways to keep bread fresh, and the winner surprised us. "
            "What's yours? https://example.com/p/123\n```"
        ),
        known_problems=(
            "It needs the account's history and the posting client, so a single draft (`twoway "
            "check`) is never flagged.  A person posting through a scheduler by hand is flagged; "
            "a bot posting through the platform's own app at irregular times is missed."
        ),
    ),
)
def automated_post(labels: PostLabels) -> Evidence | None:
    if not labels.automated.value:
        return None
    return {
        "cue": labels.automated.cues[0] if labels.automated.cues else "made by a feed or scheduler"
    }


_DAY = re.compile(r"\d{4}-\d\d-\d\d")


@post_rule(
    code="TW109",
    name="duplicate-post",
    category="automation",
    level="error",
    summary="The same text as an earlier post of the account",
    message="repeats its post of {earlier}",
    suggestion=(
        "Say it differently this time: a new angle, an update or a question about it, not the "
        "same words again"
    ),
    docs=Docs(
        what=(
            "A post whose text, with links, mentions and numbers removed, the account posted "
            "before (CODEBOOK.md, `duplicate`)."
        ),
        why=(
            "Posting the same words again is what spam does, and platforms act on it: X's rules "
            "on platform manipulation forbid repeated identical posts, and Mastodon moderators "
            "treat them as spam.  Followers who saw it the first time scroll past, and the "
            "replies to the first post are left behind.  That is why this rule is an error, not a "
            "warning."
        ),
        example=(
            "```text\n2024-05-01  Fresh sourdough every Saturday from 8am! "
            "https://example.com/a\n2024-05-08  Fresh sourdough every Saturday from 8am! "
            "https://example.com/b\n```"
        ),
        instead=(
            "```text\n2024-05-08  Saturday's sourdough has olives in it this week. Who's coming "
            "at 8?\n```"
        ),
        known_problems=(
            "It needs the account's other posts, so a single draft (`twoway check`) is never "
            'flagged.  Short stock replies ("Thanks for letting us know, we\'re on it") that an '
            "account sends to many people are flagged although each goes to someone new."
        ),
    ),
)
def duplicate_post(labels: PostLabels) -> Evidence | None:
    if not labels.duplicate.value:
        return None
    day = next((m.group() for cue in labels.duplicate.cues if (m := _DAY.search(cue))), None)
    return {"earlier": day or "an earlier post"}


RULES: tuple[Rule[PostLabels], ...] = (
    link_only_post,
    bare_repost,
    quote_post,
    no_invitation,
    sales_push,
    follow_begging,
    hashtag_stuffing,
    automated_post,
    duplicate_post,
)
"""Every post rule, by code."""
