"""What the audience does with the account's posts, from the public counts some sources give
(likes, reposts, replies), after Avinash Kaushik's "Best Social Media Metrics: Conversation,
Amplification, Applause, Economic Value" (Occam's Razor, 2011).

Only the account's own posts count: a bare repost carries the counts of the post it shares.  A
post whose source gives no count is left out of that count's figures (X archives give likes and
reposts but no replies, for one).
"""

from __future__ import annotations

from typing import Any

from twoway.metrics.core import NO_POSTS, AccountData, Null, Tallied, count_of, metric, tally

__all__ = [
    "TOP_STARTERS",
    "amplification_rate",
    "applause_rate",
    "conversation_rate",
    "top_conversation_starters",
]

TOP_STARTERS = 5
"""How many posts :func:`top_conversation_starters` lists."""

_NAMES = {"replies": "reply", "reposts": "repost", "likes": "like"}


_OWN = "kind <> 'repost'"
_OWN_POSTS = count_of("own_posts", _OWN)
_RECEIVED = {
    column: (
        tally(f"{column}_received", f"sum({column}) FILTER (WHERE {_OWN})"),
        tally(f"{column}_counted", f"count({column}) FILTER (WHERE {_OWN})"),
    )
    for column in _NAMES
}


def _per_post(d: Tallied, column: str) -> float | Null:
    if not d.count:
        return NO_POSTS
    total, counted = (d.tally(name) for name in _RECEIVED[column])
    if not d.tally(_OWN_POSTS):
        return Null("every post is a bare repost, whose counts belong to the post it shares")
    if not counted:
        return Null(f"the source gives no {_NAMES[column]} counts")
    return int(total) / int(counted)


@metric(tallied=True)
def conversation_rate(d: Tallied) -> float | Null:
    """Kaushik's conversation rate: replies received per post, over the account's own posts (not
    bare reposts) whose source gives a reply count.  Null when no such post has one."""
    return _per_post(d, "replies")


@metric(tallied=True)
def amplification_rate(d: Tallied) -> float | Null:
    """Kaushik's amplification rate: reposts (shares, boosts, retweets) received per post, over
    the account's own posts whose source gives a repost count.  Null when no such post has one."""
    return _per_post(d, "reposts")


@metric(tallied=True)
def applause_rate(d: Tallied) -> float | Null:
    """Kaushik's applause rate: likes (favourites) received per post, over the account's own
    posts whose source gives a like count.  Null when no such post has one."""
    return _per_post(d, "likes")


@metric
def top_conversation_starters(d: AccountData) -> list[dict[str, Any]] | Null:
    """The account's own posts that drew the most replies, at most 5, most replies first (then
    oldest first): each ``{id, text, replies, url}`` (``url`` null where the source gives none).
    Posts with no replies are not listed, so the list may be empty.  Null when the source gives no
    reply counts (as ``conversation_rate``)."""
    rate = conversation_rate(d)
    if isinstance(rate, Null):
        return rate
    rows = d.rows(
        "SELECT row, replies FROM posts WHERE kind <> 'repost' AND replies > 0 "
        "ORDER BY replies DESC, created_at, id LIMIT ?",
        [TOP_STARTERS],
    )
    out = []
    for row, replies in rows:
        post = d.labels[row].post
        out.append({"id": post.id, "text": post.text, "replies": int(replies), "url": post.url})
    return out
