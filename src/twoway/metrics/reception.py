"""What the audience does with the account's posts, from the public counts some sources give
(likes, reposts, replies), after Avinash Kaushik's "Best Social Media Metrics: Conversation,
Amplification, Applause, Economic Value" (Occam's Razor, 2011).

Only the account's own posts count: a bare repost carries the counts of the post it shares.  A
post whose source gives no count is left out of that count's figures (X archives give likes and
reposts but no replies, for one).
"""

from __future__ import annotations

from typing import Any

from twoway.metrics.core import NO_POSTS, AccountData, Null, metric

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


def _per_post(d: AccountData, column: str) -> float | Null:
    if not d.count:
        return NO_POSTS
    total, counted, own = d.one(
        f"SELECT sum({column}), count({column}), count(*) FROM posts WHERE kind <> 'repost'"
    )
    if not own:
        return Null("every post is a bare repost, whose counts belong to the post it shares")
    if not counted:
        return Null(f"the source gives no {_NAMES[column]} counts")
    return int(total) / int(counted)


@metric
def conversation_rate(d: AccountData) -> float | Null:
    """Kaushik's conversation rate: replies received per post, over the account's own posts (not
    bare reposts) whose source gives a reply count.  Null when no such post has one."""
    return _per_post(d, "replies")


@metric
def amplification_rate(d: AccountData) -> float | Null:
    """Kaushik's amplification rate: reposts (shares, boosts, retweets) received per post, over
    the account's own posts whose source gives a repost count.  Null when no such post has one."""
    return _per_post(d, "reposts")


@metric
def applause_rate(d: AccountData) -> float | Null:
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
