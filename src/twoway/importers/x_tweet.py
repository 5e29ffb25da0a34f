"""One tweet in the v1.1 shape (X archives, Grailbird, API v1.1 statuses) made into a :class:`Post`.

The shape is declared once as msgspec structs holding only the fields twoway reads, so archives
of hundreds of megabytes decode fast and the rest of each tweet is skipped unparsed.  X archives
write numbers as strings and ``full_text`` HTML-escaped; the API writes numbers as numbers; both
fit.  Every X importer makes its posts here, so kinds are decided in one place
(CODEBOOK.md section 1): ``RT @`` text or ``retweeted_status`` is a repost; a reply to the owner's
own user id is a thread, to anyone else a reply; a link to a status (or ``quoted_status``) a quote.
"""

from __future__ import annotations

import html
import re
from typing import Any

import msgspec

from twoway.clock import parse_twitter_time, snowflake_time
from twoway.links import make_link
from twoway.model import Kind, Link, Post, Provenance

__all__ = [
    "Owner",
    "Tweet",
    "WrappedTweet",
    "client_name",
    "tweet_to_post",
]

_Id = str | int | None


class _Url(msgspec.Struct, gc=False):
    url: str | None = None
    expanded_url: str | None = None


class _Mention(msgspec.Struct, gc=False):
    screen_name: str | None = None


class _Tag(msgspec.Struct, gc=False):
    text: str | None = None


class _Media(msgspec.Struct, gc=False):
    url: str | None = None


class _Entities(msgspec.Struct, gc=False):
    urls: list[_Url] | None = None
    user_mentions: list[_Mention] | None = None
    hashtags: list[_Tag] | None = None
    media: list[_Media] | None = None


class _ExtendedEntities(msgspec.Struct, gc=False):
    media: list[_Media] | None = None


class _Extended(msgspec.Struct, gc=False):
    full_text: str | None = None
    entities: _Entities | None = None


class _User(msgspec.Struct, gc=False):
    id_str: str | None = None
    screen_name: str | None = None


class _Ref(msgspec.Struct, gc=False):
    id_str: str | None = None
    user: _User | None = None


class Tweet(msgspec.Struct, gc=False):
    """The fields of a v1.1-shaped tweet that twoway reads."""

    created_at: str
    id_str: str | None = None
    id: _Id = None
    full_text: str | None = None
    text: str | None = None
    source: str | None = None
    lang: str | None = None
    entities: _Entities | None = None
    extended_entities: _ExtendedEntities | None = None
    extended_tweet: _Extended | None = None
    in_reply_to_status_id_str: str | None = None
    in_reply_to_status_id: _Id = None
    in_reply_to_user_id_str: str | None = None
    in_reply_to_user_id: _Id = None
    in_reply_to_screen_name: str | None = None
    quoted_status_id_str: str | None = None
    retweeted_status: _Ref | None = None
    user: _User | None = None
    # Archives write counts as strings; decoders are made with strict=False, which turns
    # "12" into 12 in msgspec's C code.
    favorite_count: int | None = None
    retweet_count: int | None = None
    reply_count: int | None = None
    quote_count: int | None = None


class WrappedTweet(msgspec.Struct, gc=False):
    """An X archive element: ``{"tweet": {…}}``."""

    tweet: Tweet


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


_CLIENT = re.compile(r">([^<]*)<")
_CLIENTS: dict[str, str | None] = {}


def client_name(source: str | None) -> str | None:
    """The client app's name from X's ``source`` (``<a href=…>Twitter Web App</a>``)."""
    if not source:
        return None
    name = _CLIENTS.get(source)
    if name is None:
        match = _CLIENT.search(source)
        name = html.unescape(match.group(1) if match else source).strip() or None
        if len(_CLIENTS) < 10_000:
            _CLIENTS[source] = name
    return name


def _names(values: list[str | None]) -> tuple[str, ...]:
    return tuple([v for v in values if v])


def _str(value: _Id) -> str | None:
    return None if value is None or value == "" else str(value)


def tweet_to_post(
    tweet: Tweet | dict[str, Any],
    owner: Owner,
    provenance: Provenance,
    *,
    text: str | None = None,
    entities: _Entities | dict[str, Any] | None = None,
) -> Post:
    """Make a :class:`Post` from one v1.1-shaped tweet (a :class:`Tweet`, or a dict of that shape).

    ``text`` and ``entities`` override the tweet's own (a long post's note-tweet).  Raises
    ``ValueError`` (``msgspec.ValidationError`` is one) for a record missing its id or time, or
    with values of the wrong type; callers report and skip it.
    """
    if isinstance(tweet, dict):
        tweet = msgspec.convert(tweet, Tweet, strict=False)
    if isinstance(entities, dict):
        entities = msgspec.convert(entities, _Entities, strict=False)
    post_id = tweet.id_str or _str(tweet.id)
    if post_id is None:
        raise ValueError("missing field 'id_str'")
    if text is None:
        extended = tweet.extended_tweet
        if extended is not None and extended.full_text:
            text = extended.full_text
            entities = entities or extended.entities
        if text is None:
            text = tweet.full_text if tweet.full_text is not None else tweet.text
            if text is None:
                raise ValueError("missing field 'full_text'")
    if entities is None:
        entities = tweet.entities or _Entities()

    links: list[Link] = []
    quoted_id = tweet.quoted_status_id_str
    for url in entities.urls or ():
        expanded = url.expanded_url or url.url
        if expanded:
            if url.url and url.url in text:
                text = text.replace(url.url, expanded)
            link = make_link(expanded)
            links.append(link)
            if quoted_id is None and link.post_id is not None and link.post_id != post_id:
                quoted_id = link.post_id
    extended_media = tweet.extended_entities.media if tweet.extended_entities else None
    media = extended_media or entities.media or ()
    for item in media:
        if item.url and item.url in text:
            text = text.replace(item.url, "").rstrip()
    if "&" in text:
        text = html.unescape(text)

    reply_id = tweet.in_reply_to_status_id_str or _str(tweet.in_reply_to_status_id)
    reply_user = tweet.in_reply_to_user_id_str or _str(tweet.in_reply_to_user_id)
    reply_name = tweet.in_reply_to_screen_name or None
    reposted = tweet.retweeted_status
    reposted_id = reposted_account = None
    if reposted is not None or text.startswith("RT @"):
        kind = Kind.REPOST
        if reposted is not None:
            reposted_id = reposted.id_str
            reposted_account = reposted.user.screen_name if reposted.user else None
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

    handle = owner.handle or ""
    lang = tweet.lang
    return Post(
        platform="x",
        account=handle,
        account_id=owner.id or "",
        id=post_id,
        created_at=parse_twitter_time(tweet.created_at),
        text=text,
        kind=kind,
        provenance=provenance,
        url=f"https://x.com/{handle}/status/{post_id}" if handle else None,
        reply_to_id=reply_id,
        reply_to_account_id=reply_user,
        reply_to_account=reply_name,
        reply_to_time=snowflake_time(reply_id) if reply_id else None,
        quoted_id=quoted_id,
        reposted_id=reposted_id,
        reposted_account=reposted_account,
        mentions=_names([m.screen_name for m in entities.user_mentions])
        if entities.user_mentions
        else (),
        links=tuple(links) if links else (),
        hashtags=_names([h.text for h in entities.hashtags]) if entities.hashtags else (),
        media_count=len(media),
        client=client_name(tweet.source),
        lang=lang if lang and lang != "und" else None,
        likes=tweet.favorite_count,
        reposts=tweet.retweet_count,
        replies=tweet.reply_count,
        quotes=tweet.quote_count,
    )
