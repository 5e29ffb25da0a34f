"""One tweet in the v1.1 shape (X archives, Grailbird, API v1.1 statuses) made into a :class:`Post`.

X archives write numbers as strings and ``full_text`` HTML-escaped; the API writes numbers as
numbers.  Both are read here, once, so every X importer classifies kinds the same way
(CODEBOOK.md section 1): ``RT @`` text or ``retweeted_status`` is a repost; a reply to the owner's
own user id is a thread, to anyone else a reply; a link to a status (or ``quoted_status``) a quote.
"""

from __future__ import annotations

import html
import re
from typing import Any

from twoway.clock import parse_twitter_time, snowflake_time
from twoway.links import make_link
from twoway.model import Kind, Link, Post, Provenance

__all__ = ["Owner", "client_name", "tweet_to_post"]

_CLIENT = re.compile(r">([^<]*)<")


class Owner:
    """The account whose tweets are read; ``id`` may be unknown (legacy CSV), then the handle
    decides threads."""

    __slots__ = ("display_name", "handle", "handle_lower", "id")

    def __init__(
        self, id: str | None, handle: str | None, display_name: str | None = None
    ) -> None:
        self.id = id
        self.handle = handle
        self.handle_lower = handle.lower() if handle else None
        self.display_name = display_name


def client_name(source: str | None) -> str | None:
    """The client app's name from X's ``source`` (``<a href=…>Twitter Web App</a>``)."""
    if not source:
        return None
    match = _CLIENT.search(source)
    name = match.group(1) if match else source
    return html.unescape(name).strip() or None


def _count(value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _id(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return str(value)


def tweet_to_post(
    tweet: dict[str, Any],
    owner: Owner,
    provenance: Provenance,
    *,
    text: str | None = None,
    entities: dict[str, Any] | None = None,
) -> Post:
    """Make a :class:`Post` from one v1.1-shaped tweet dict.

    ``text`` and ``entities`` override the tweet's own (a long post's note-tweet, or API v1.1's
    ``extended_tweet``).  Raises ``KeyError``/``ValueError``/``TypeError`` on a record missing its
    id or time; callers report and skip it.
    """
    post_id = tweet.get("id_str") or str(tweet["id"])
    if text is None:
        extended = tweet.get("extended_tweet")
        if extended:
            text = extended.get("full_text")
            entities = entities or extended.get("entities")
        if text is None:
            text = tweet.get("full_text")
            if text is None:
                text = tweet["text"]
    if entities is None:
        entities = tweet.get("entities") or {}

    links: list[Link] = []
    for url in entities.get("urls") or ():
        short = url.get("url")
        expanded = url.get("expanded_url") or short
        if expanded:
            if short and short in text:
                text = text.replace(short, expanded)
            links.append(make_link(expanded))
    media = (tweet.get("extended_entities") or {}).get("media") or entities.get("media") or ()
    for item in media:
        short = item.get("url")
        if short and short in text:
            text = text.replace(short, "").rstrip()
    if "&" in text:
        text = html.unescape(text)

    reposted = tweet.get("retweeted_status")
    reply_id = _id(tweet.get("in_reply_to_status_id_str") or tweet.get("in_reply_to_status_id"))
    reply_user = _id(tweet.get("in_reply_to_user_id_str") or tweet.get("in_reply_to_user_id"))
    reply_name = tweet.get("in_reply_to_screen_name") or None
    quoted_id = _id(tweet.get("quoted_status_id_str") or tweet.get("quoted_status_id"))
    if quoted_id is None:
        for link in links:
            if link.post_id is not None and link.post_id != post_id:
                quoted_id = link.post_id
                break

    reposted_id = reposted_account = None
    if reposted is not None or text.startswith("RT @"):
        kind = Kind.REPOST
        if reposted is not None:
            reposted_id = reposted.get("id_str") or _id(reposted.get("id"))
            reposted_account = (reposted.get("user") or {}).get("screen_name")
        else:
            reposted_account = text[4:].split(":", 1)[0].strip() or None
    elif reply_id is not None:
        if owner.id is not None and reply_user is not None:
            own = reply_user == owner.id
        else:
            own = reply_name is not None and reply_name.lower() == owner.handle_lower
        kind = Kind.THREAD if own else Kind.REPLY
    elif quoted_id is not None:
        kind = Kind.QUOTE
    else:
        kind = Kind.ORIGINAL

    mentions = tuple(m["screen_name"] for m in entities.get("user_mentions") or () if "screen_name" in m)
    hashtags = tuple(h["text"] for h in entities.get("hashtags") or () if "text" in h)
    lang = tweet.get("lang")
    handle = owner.handle or ""
    return Post(
        platform="x",
        account=handle,
        account_id=owner.id or "",
        id=post_id,
        created_at=parse_twitter_time(tweet["created_at"]),
        text=text,
        kind=kind,
        provenance=provenance,
        url=f"https://x.com/{handle}/status/{post_id}" if handle else None,
        reply_to_id=reply_id,
        reply_to_account_id=reply_user,
        reply_to_account=reply_name,
        reply_to_time=snowflake_time(reply_id) if reply_id else None,
        conversation_id=_id(tweet.get("conversation_id_str") or tweet.get("conversation_id")),
        quoted_id=quoted_id,
        reposted_id=reposted_id,
        reposted_account=reposted_account,
        mentions=mentions,
        links=tuple(links),
        hashtags=hashtags,
        media_count=len(media),
        client=client_name(tweet.get("source")),
        lang=lang if lang and lang != "und" else None,
        likes=_count(tweet.get("favorite_count")),
        reposts=_count(tweet.get("retweet_count")),
        replies=_count(tweet.get("reply_count")),
        quotes=_count(tweet.get("quote_count")),
    )
