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
import sys
from typing import Annotated, Any

import msgspec

from twoway.clock import parse_twitter_time, snowflake_time
from twoway.links import make_link
from twoway.model import DERIVED_URL, MAX_COUNT, Kind, Link, Post, PostDraft, Source

__all__ = [
    "Owner",
    "Tweet",
    "WrappedTweet",
    "client_name",
    "tweet_to_post",
]

_Id = str | int | None
_Count = Annotated[int, msgspec.Meta(le=MAX_COUNT)]


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
    # "12" into 12 in msgspec's C code.  A count past MAX_COUNT fails the record here.
    favorite_count: _Count | None = None
    retweet_count: _Count | None = None
    reply_count: _Count | None = None
    quote_count: _Count | None = None


class WrappedTweet(msgspec.Struct, gc=False):
    """An X archive element: ``{"tweet": {…}}``."""

    tweet: Tweet


class Owner:
    """The account whose tweets are read; ``id`` may be unknown (legacy CSV), then the handle
    decides threads."""

    __slots__ = (
        "account",
        "account_id",
        "display_name",
        "handle",
        "handle_lower",
        "id",
    )

    def __init__(self, id: str | None, handle: str | None, display_name: str | None = None) -> None:
        self.id = id
        self.handle = handle
        self.handle_lower = handle.lower() if handle else None
        self.display_name = display_name
        # As every post states them, worked out once.
        self.account = handle or ""
        self.account_id = id or ""


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


def _str(value: _Id) -> str | None:
    return None if value is None or value == "" else str(value)


_NO_ENTITIES = _Entities()
_intern = sys.intern
# Module constants: reading a member off an Enum class costs ten times more than a global.
_ORIGINAL, _REPLY, _THREAD, _REPOST, _QUOTE = (
    Kind.ORIGINAL,
    Kind.REPLY,
    Kind.THREAD,
    Kind.REPOST,
    Kind.QUOTE,
)


def tweet_to_post(
    tweet: Tweet | dict[str, Any],
    owner: Owner,
    source: Source,
    record: int,
    *,
    text: str | None = None,
    entities: _Entities | dict[str, Any] | None = None,
) -> Post:
    """Make a :class:`Post` from one v1.1-shaped tweet (a :class:`Tweet`, or a dict of that shape).

    The post comes from record number ``record`` of ``source``'s file.  ``text`` and
    ``entities`` override the tweet's own (a long post's note-tweet).  Raises
    ``ValueError`` (``msgspec.ValidationError`` is one) for a record missing its id or time, or
    with values of the wrong type; callers report and skip it.

    X archives send every tweet through here, so the common case takes few steps: what a tweet
    lacks (links, media, mentions, a reply) costs one test, and the post is filled in as a
    :class:`~twoway.model.PostDraft` rather than made by ``Post(...)``.
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
        entities = tweet.entities or _NO_ENTITIES

    quoted_id = tweet.quoted_status_id_str
    links: tuple[Link, ...] = ()
    if entities.urls:
        found: list[Link] = []
        for url in entities.urls:
            expanded = url.expanded_url or url.url
            if expanded:
                if url.url and url.url in text:
                    text = text.replace(url.url, expanded)
                link = make_link(expanded)
                found.append(link)
                if quoted_id is None and link.post_id is not None and link.post_id != post_id:
                    quoted_id = link.post_id
        links = tuple(found)
    extended_entities = tweet.extended_entities
    media = (extended_entities.media if extended_entities else None) or entities.media
    if media:
        for item in media:
            if item.url and item.url in text:
                text = text.replace(item.url, "").rstrip()
    if "&" in text:
        text = html.unescape(text)

    post = PostDraft()
    post.platform = "x"
    post.account = owner.account
    post.account_id = owner.account_id
    post.id = post_id
    post.created_at = parse_twitter_time(tweet.created_at)
    post.text = text
    post.provenance = source  # shared by the posts of the file, with the record number apart
    post._record = record
    post.kind_guessed = False
    post.url = DERIVED_URL  # https://x.com/{handle}/status/{id}, made when read
    reply_id = tweet.in_reply_to_status_id_str
    if not reply_id:  # no call of _str() for the tweets that are not replies
        reply_id = (
            None if tweet.in_reply_to_status_id is None else _str(tweet.in_reply_to_status_id)
        )
    reply_user = tweet.in_reply_to_user_id_str
    if not reply_user:
        reply_user = None if tweet.in_reply_to_user_id is None else _str(tweet.in_reply_to_user_id)
    post.reply_to_id = reply_id
    reply_name = tweet.in_reply_to_screen_name or None
    if reply_id is not None:
        # Names and ids of other accounts repeat over many posts; each decoded copy costs
        # 60 bytes, an interned one a lookup (8 MB less for 100,000 posts, with the below).
        reply_user = _intern(reply_user) if reply_user else reply_user
        reply_name = _intern(reply_name) if reply_name else reply_name
    post.reply_to_account_id = reply_user
    post.reply_to_account = reply_name
    post.reply_to_time = None if reply_id is None else snowflake_time(reply_id)
    post.conversation_id = None
    post.reposted_id = post.reposted_account = None
    reposted = tweet.retweeted_status
    if reposted is not None or text.startswith("RT @"):
        post.kind = _REPOST
        if reposted is not None:
            post.reposted_id = reposted.id_str
            name = reposted.user.screen_name if reposted.user else None
        else:
            name = text[4:].split(":", 1)[0].strip() or None
        post.reposted_account = _intern(name) if name else name
    elif reply_id is not None:
        if owner.id is not None and reply_user is not None:
            own = reply_user == owner.id
        else:
            own = reply_name is not None and reply_name.lower() == owner.handle_lower
        post.kind = _THREAD if own else _REPLY
    elif quoted_id is not None:
        post.kind = _QUOTE
    else:
        post.kind = _ORIGINAL
    post.quoted_id = quoted_id
    mentions = entities.user_mentions
    post.mentions = (
        tuple([_intern(m.screen_name) for m in mentions if m.screen_name]) if mentions else ()
    )
    post.links = links
    hashtags = entities.hashtags
    post.hashtags = tuple([_intern(h.text) for h in hashtags if h.text]) if hashtags else ()
    post.media_count = len(media) if media else 0
    app = tweet.source
    post.client = _CLIENTS.get(app) or client_name(app)  # type: ignore[arg-type]
    lang = tweet.lang
    # Interned: a few codes repeat over every post, and each decoded copy costs 50 bytes.
    post.lang = _intern(lang) if lang and lang != "und" else None
    post.visibility = None
    post.likes = tweet.favorite_count
    post.reposts = tweet.retweet_count
    post.replies = tweet.reply_count
    post.quotes = tweet.quote_count
    post.__class__ = Post  # type: ignore[assignment]  # the draft is complete: see PostDraft
    return post  # type: ignore[return-value]
