"""The content mix against three rules of thumb social media marketers follow: the 4-1-1 rule,
the rule of thirds and the 80/20 rule.  Each gives ``{pass, by, detail}``: whether the account
keeps the rule, by how much (``by``, a fraction of all posts rounded to 4 decimals: positive is
room to spare, negative is how far over the limit), and the figures in a sentence.

Every post falls in one category, the first that fits (:data:`CATEGORY`):

1. ``repost``: a bare repost;
2. ``promotion``: intent ``promotion`` (self-serving: the author's own offering or a call to act
   for the author);
3. ``interaction``: a reply to another account, or intent ``conversation``, ``community`` or
   ``personal``;
4. ``shared``: others' content with words of the author's: a quote of another post, a quotation
   (intent ``quote``), or another post with a link to a web page off the account's own site;
5. ``own``: the rest, the author's own news and information, with no link or a link to its own
   site.

The account's own site is the one its handle spells (:mod:`twoway.metrics.own_site`): a bakery's
links to its own blog and shop are its own news, not others' content it shares.  A site named
otherwise than the handle counts as someone else's.
"""

from __future__ import annotations

from typing import Any

from twoway.metrics.core import NO_POSTS, Null, Tallied, count_of, metric
from twoway.metrics.mix import promotion_share

__all__ = [
    "CATEGORY",
    "PROMOTION_LIMIT",
    "THIRDS_TOLERANCE",
    "categories",
    "rule_4_1_1",
    "rule_80_20",
    "rule_of_thirds",
]

CATEGORY = """CASE
    WHEN kind = 'repost' THEN 'repost'
    WHEN intent = 'promotion' THEN 'promotion'
    WHEN kind = 'reply' OR intent IN ('conversation', 'community', 'personal') THEN 'interaction'
    WHEN kind = 'quote' OR intent = 'quote' OR links_out THEN 'shared'
    ELSE 'own'
END"""
"""A post's content category, as SQL over the ``posts`` table."""

THIRDS_TOLERANCE = 0.10
"""How far each third may stray from one third (a fraction of all posts), :func:`rule_of_thirds`."""

PROMOTION_LIMIT = 0.20
"""The largest share of promotion :func:`rule_80_20` allows."""


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


_CATEGORIES = {
    name: count_of(f"category_{name}", f"({CATEGORY}) = '{name}'")
    for name in ("promotion", "repost", "shared", "interaction", "own")
}


def categories(d: Tallied) -> dict[str, int]:
    """How many posts fall in each category of :data:`CATEGORY`."""
    return {name: int(d.tally(tally)) for name, tally in _CATEGORIES.items()}


@metric(tallied=True)
def rule_4_1_1(d: Tallied) -> dict[str, Any] | Null:
    """``{pass, by, detail, counts}``: the 4-1-1 rule of TippingPoint Labs (2009), popularised by
    Joe Pulizzi of the Content Marketing Institute: "for every one self-serving tweet, you should
    re-tweet one relevant tweet and most importantly share four pieces of relevant content written
    by others".  Self-serving posts are ``promotion``, reposts ``repost``, others' content
    ``shared`` (the module's categories; replies and the account's own news stand outside the
    rule).  The rule allows as many self-serving posts as there are reposts and as a quarter of
    the shared posts, whichever is fewer; it passes when the account has no more than that, and
    ``by`` is (allowed - self-serving posts) / all posts.  ``counts`` holds ``{self_serving,
    reposts, shared}``.  Null when there are no posts."""
    if not d.count:
        return NO_POSTS
    mix = categories(d)
    selfish, reposts, shared = mix["promotion"], mix["repost"], mix["shared"]
    allowed = min(reposts, shared / 4)
    return {
        "pass": selfish <= allowed,
        "by": round((allowed - selfish) / d.count, 4),
        "detail": (
            f"{_count(selfish, 'self-serving post')}, {_count(reposts, 'repost')} and "
            f"{_count(shared, 'post')} sharing others' content: the rule asks for 1 repost and 4 "
            f"shared posts for each self-serving one, so it allows {allowed:g}"
        ),
        "counts": {"self_serving": selfish, "reposts": reposts, "shared": shared},
    }


@metric(tallied=True)
def rule_of_thirds(d: Tallied) -> dict[str, Any] | Null:
    """``{pass, by, detail, shares}``: the social media rule of thirds (Hootsuite, "Are You
    Following the Social Media Rule of Thirds?", 2015): a third of posts promote the business, a
    third share ideas and stories of others, a third are personal interaction.  Promotion is the
    ``promotion`` category, sharing ``repost`` + ``shared``, interaction ``interaction``, each as
    a share of all posts (``own`` posts belong to no third).  It passes when each third is within
    10 percentage points of one third; ``by`` is 0.10 minus the largest distance from one third.
    ``shares`` holds ``{promotion, sharing, interaction}``.  Null when there are no posts."""
    if not d.count:
        return NO_POSTS
    mix = categories(d)
    shares = {
        "promotion": mix["promotion"] / d.count,
        "sharing": (mix["repost"] + mix["shared"]) / d.count,
        "interaction": mix["interaction"] / d.count,
    }
    by = THIRDS_TOLERANCE - max(abs(share - 1 / 3) for share in shares.values())
    return {
        "pass": by >= 0,
        "by": round(by, 4),
        "detail": (
            f"promotion {shares['promotion']:.0%}, "
            f"sharing others' content {shares['sharing']:.0%}, "
            f"interaction {shares['interaction']:.0%}: the rule asks for about a third of each "
            f"(within {THIRDS_TOLERANCE * 100:.0f} points)"
        ),
        "shares": shares,
    }


@metric(tallied=True)
def rule_80_20(d: Tallied) -> dict[str, Any] | Null:
    """``{pass, by, detail}``: the 80/20 rule: at least 80% of posts inform, educate or
    entertain, at most 20% promote the business.  Promotion is intent ``promotion`` (as
    ``promotion_share``); it passes when that is at most 20% of all posts, and ``by`` is 0.20
    minus the promotion share.  Null when there are no posts."""
    if not d.count:
        return NO_POSTS
    share = promotion_share(d)
    assert not isinstance(share, Null)
    return {
        "pass": share <= PROMOTION_LIMIT,
        "by": round(PROMOTION_LIMIT - share, 4),
        "detail": (
            f"promotion is {share:.0%} of posts: the rule allows at most {PROMOTION_LIMIT:.0%}"
        ),
    }
