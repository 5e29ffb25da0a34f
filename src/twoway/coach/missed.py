"""Missed conversations: the inbound messages the account never answered, oldest first.

A message is missed when its ``answered_by`` is empty, or when none of the posts it names is
among the account's posts given (an answer that is not in the data cannot be shown, and the
reader should look).  Inbound messages come only with inputs that hold them (the
customer-conversation CSV now, live pulls later); without them the list is empty.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta

from twoway.audit import MissedConversation
from twoway.clock import snowflake_time
from twoway.model import Interaction, Post

__all__ = ["interaction_url", "missed_conversations"]

_AT_POST = re.compile(r"^at://([^/]+)/app\.bsky\.feed\.post/([A-Za-z0-9._~:-]+)$")
_X_HANDLE = re.compile(r"[A-Za-z0-9_]{1,15}")
_SNOWFLAKE_SLACK = timedelta(days=1)
"""How far the time an X id encodes may be from the message's time for the id to be taken as a
real tweet id (the customer-conversation CSV has anonymised sequential ids that make no link)."""


def interaction_url(message: Interaction) -> str | None:
    """The web address of an inbound message, where one can be derived from its id: a Mastodon
    status URI (an ``http(s)`` address already), a Bluesky AT URI (as a bsky.app link), or an X
    snowflake id whose encoded time matches the message's time.  ``None`` otherwise."""
    ident = message.id
    if ident.startswith(("https://", "http://")):
        return ident
    match = _AT_POST.match(ident)
    if match:
        return f"https://bsky.app/profile/{match.group(1)}/post/{match.group(2)}"
    if message.platform == "x" and ident.isascii() and ident.isdigit():
        moment = snowflake_time(ident)
        if moment is None or abs(moment - message.created_at) > _SNOWFLAKE_SLACK:
            return None
        author = message.author if _X_HANDLE.fullmatch(message.author) else "i"
        return f"https://x.com/{author}/status/{ident}"
    return None


def missed_conversations(
    interactions: Sequence[Interaction], posts: Sequence[Post]
) -> list[MissedConversation]:
    """The inbound messages of one account that no post in ``posts`` answered, oldest first
    (ties by id), each with the account's post it replied to and a link where one can be made."""
    # Only the posts that some message names as its answer are looked up: a set of every post
    # (100,000 of them in a large archive) would be built to answer a handful of questions.
    named = {
        (message.platform, answer) for message in interactions for answer in message.answered_by
    }
    own = {key for post in posts if (key := (post.platform, post.id)) in named} if named else set()
    seen: set[tuple[str, str]] = set()
    missed = []
    for message in interactions:
        key = (message.platform, message.id)
        if key in seen:  # the same message read from two inputs
            continue
        seen.add(key)
        if not any((message.platform, answer) in own for answer in message.answered_by):
            missed.append(message)
    missed.sort(key=lambda message: (message.created_at, message.id))
    return [
        MissedConversation(
            id=message.id,
            author=message.author,
            created_at=message.created_at,
            text=message.text,
            type=message.type,
            in_reply_to=message.in_reply_to,
            url=interaction_url(message),
        )
        for message in missed
    ]
