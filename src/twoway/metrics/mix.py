"""What the posts are: the mix of kinds and intents, the two-way share, and the share of posts
with each flag (CODEBOOK.md).  Every share here is a fraction from 0 to 1."""

from __future__ import annotations

from twoway.classifier.labels import INTENTS
from twoway.evaluation import ICA
from twoway.metrics.core import NO_POSTS, Null, Tallied, count_of, metric
from twoway.model import Kind

__all__ = [
    "ICA_BENCHMARK",
    "TWO_WAY",
    "automated_share",
    "duplicate_share",
    "follow_begging_share",
    "followerwonk_engagement",
    "ica_share",
    "intent_share",
    "kind_share",
    "link_only_share",
    "link_share",
    "personal_share",
    "promotion_share",
    "question_share",
    "quote_post_share",
    "two_way_share",
]

TWO_WAY = "(kind = 'reply' OR intent IN ('conversation', 'community'))"
"""A two-way post, as SQL over the ``posts`` table: a reply to another account, or a post whose
intent is conversation or community."""

ICA_BENCHMARK = {"information": 0.586, "community": 0.258, "action": 0.156}
"""Lovejoy & Saxton (2012): the shares of Information, Community and Action in the tweets of
the 73 of the 100 largest US nonprofits that were on Twitter."""


# The tallies these metrics read: counts of posts, each defined once here.
_KIND_TALLIES = {
    kind.value: count_of(f"kind_{kind.value}", f"kind = '{kind.value}'") for kind in Kind
}
_INTENT_TALLIES = {
    intent: count_of(f"intent_{intent}", f"intent = '{intent}'") for intent in INTENTS
}
_TWO_WAY = count_of("two_way", TWO_WAY)
_FOLLOWERWONK = count_of(
    "followerwonk", "(kind = 'reply' AND starts_with_mention) OR kind = 'repost'"
)
_LINK = count_of("web_link", "has_link")
_FLAGS = {
    flag: count_of(flag, flag)
    for flag in ("link_only", "asks_question", "automated", "duplicate", "follow_begging")
}


def _counts(d: Tallied, tallies: dict[str, str]) -> dict[str, int]:
    return {name: int(d.tally(tally)) for name, tally in tallies.items()}


def _shares(d: Tallied, tallies: dict[str, str]) -> dict[str, float] | None:
    counts = _counts(d, tallies)
    total = sum(counts.values())
    return {name: n / total for name, n in counts.items()} if total else None


@metric(tallied=True)
def kind_share(d: Tallied) -> dict[str, float] | Null:
    """``{original, reply, thread, repost, quote}``: the share of all posts of each kind
    (CODEBOOK.md section 1); they add up to 1.  Null when there are no posts."""
    shares = _shares(d, _KIND_TALLIES)
    return NO_POSTS if shares is None else shares


@metric(tallied=True)
def intent_share(d: Tallied) -> dict[str, float] | Null:
    """``{conversation, community, promotion, quote, personal, information}``: the share of each
    intent (CODEBOOK.md section 2) among the posts that are not bare reposts (a repost has no
    intent); they add up to 1.  Null when every post is a repost, or there are none."""
    if not d.count:
        return NO_POSTS
    shares = _shares(d, _INTENT_TALLIES)
    return (
        Null("every post is a bare repost, and reposts have no intent")
        if shares is None
        else shares
    )


@metric(tallied=True)
def ica_share(d: Tallied) -> dict[str, object] | Null:
    """``{information, community, action, benchmark}``: Lovejoy & Saxton's (2012) three functions
    of an organisation's tweets, as shares of the posts that are not bare reposts, mapped from the
    intents as CODEBOOK.md section 4 says (Information = information + quote; Community =
    conversation + community + personal; Action = promotion).  ``benchmark`` holds their figures
    for large US nonprofits (0.586, 0.258, 0.156) to show beside the account's.  Null when every
    post is a repost, or there are none."""
    if not d.count:
        return NO_POSTS
    counts = _counts(d, _INTENT_TALLIES)
    total = sum(counts.values())
    if not total:
        return Null("every post is a bare repost, and reposts have no intent")
    functions = {"information": 0, "community": 0, "action": 0}
    for intent, n in counts.items():
        functions[ICA[intent].lower()] += n
    out: dict[str, object] = {name: n / total for name, n in functions.items()}
    out["benchmark"] = dict(ICA_BENCHMARK)
    return out


@metric(tallied=True)
def two_way_share(d: Tallied) -> float | Null:
    """The share of all posts that are two-way: replies to another account (kind ``reply``), or
    posts whose intent is ``conversation`` or ``community``.  Null when there are no posts."""
    return d.share_of(_TWO_WAY)


@metric(tallied=True)
def followerwonk_engagement(d: Tallied) -> float | Null:
    """Followerwonk's "engagement %": the share of all posts that are replies whose text starts
    with ``@`` or that are reposts.  Followerwonk counted tweets beginning with ``@name`` and
    retweets in a sampled timeline; this counts the same over every post, to compare with that
    tool.  Null when there are no posts."""
    return d.share_of(_FOLLOWERWONK)


@metric(tallied=True)
def link_share(d: Tallied) -> float | Null:
    """The share of all posts that link to a web page (a link that is not the address of another
    post, so quoting a post does not count).  Null when there are no posts."""
    return d.share_of(_LINK)


@metric(tallied=True)
def link_only_share(d: Tallied) -> float | Null:
    """The share of all posts flagged ``link_only``: a link with no words of the author's own
    (CODEBOOK.md section 3).  Null when there are no posts."""
    return d.share_of(_FLAGS["link_only"])


@metric(tallied=True)
def question_share(d: Tallied) -> float | Null:
    """The share of all posts flagged ``asks_question``: a genuine question that expects an
    answer.  Null when there are no posts."""
    return d.share_of(_FLAGS["asks_question"])


@metric(tallied=True)
def promotion_share(d: Tallied) -> float | Null:
    """The share of all posts whose intent is ``promotion`` (the author's own offering, or a
    call to act for the author).  Reposts count in the total, never as promotion.  Null when there
    are no posts."""
    return d.share_of(_INTENT_TALLIES["promotion"])


@metric(tallied=True)
def personal_share(d: Tallied) -> float | Null:
    """The share of all posts whose intent is ``personal`` (the author's own life, feelings,
    humour or opinion).  Null when there are no posts."""
    return d.share_of(_INTENT_TALLIES["personal"])


@metric(tallied=True)
def quote_post_share(d: Tallied) -> float | Null:
    """The share of all posts whose intent is ``quote``: a quotation, proverb or inspirational
    line posted as the content (not kind ``quote``, sharing another post: that is in
    ``kind_share``).  Null when there are no posts."""
    return d.share_of(_INTENT_TALLIES["quote"])


@metric(tallied=True)
def automated_share(d: Tallied) -> float | Null:
    """The share of all posts flagged ``automated``: made by a feed, scheduler or bot.  Null when
    there are no posts."""
    return d.share_of(_FLAGS["automated"])


@metric(tallied=True)
def duplicate_share(d: Tallied) -> float | Null:
    """The share of all posts flagged ``duplicate``: the same text (without links, mentions and
    numbers) as an earlier post of the account.  Null when there are no posts."""
    return d.share_of(_FLAGS["duplicate"])


@metric(tallied=True)
def follow_begging_share(d: Tallied) -> float | Null:
    """The share of all posts flagged ``follow_begging``: asking to be followed, liked,
    subscribed to or shared.  Null when there are no posts."""
    return d.share_of(_FLAGS["follow_begging"])
