"""Twitter API JSON lines, as twarc and twarc2 write them: one JSON object per line.

Three shapes, told apart line by line, so one file may mix them:

* API v2 response pages, as ``twarc2 timeline/search/...`` stores them:
  ``{"data": [tweets], "includes": {"users", "tweets", "media"}, "meta", "__twarc"}``
  (the streaming commands write ``data`` as a single tweet object);
* API v2 tweets one per line, as ``twarc2 flatten`` writes them, with ``author``,
  ``in_reply_to_user`` and ``referenced_tweets`` expanded inline;
* API v1.1 statuses one per line, as twarc 1 wrote them (``user``, ``retweeted_status``,
  ``quoted_status``, ``extended_tweet``); these go through :func:`x_tweet.tweet_to_post`, so kinds
  are decided the same way as for X archives.

Such a file usually holds many accounts (a collection of timelines or a search), so each tweet's
author is its account: an :class:`Account` is yielded the first time an author is seen, just
before that author's first post.  Only the collected tweets (``data``) become posts; tweets in
``includes`` only name the parents, quoted and reposted posts.  Files are read line by line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any, BinaryIO

import orjson

from twoway.clock import parse_iso, snowflake_time
from twoway.errors import FormatError, InputError, UnsafeArchiveError
from twoway.importers import ReadReport, Record
from twoway.importers.x_tweet import Owner, client_name, tweet_to_post
from twoway.links import make_link
from twoway.model import MAX_COUNT, Account, Kind, Link, Post, Provenance
from twoway.sources import Bundle, DirBundle, FileBundle

__all__ = ["IMPORTER"]

_SUFFIXES = (".jsonl", ".ndjson", ".json")
_HEAD = 64 * 1024
"""Bytes looked at to recognise a file; a longer first line is judged by its opening."""
_ARCHIVE_PROBES = 5
"""How many JSON members of a zip or tar are looked at to recognise it."""
_BAD_START = 10
"""Unreadable lines before the first JSON object after which a file is not JSON lines at all."""
_BOM = b"\xef\xbb\xbf"
_PAGE_START = re.compile(rb'^\{\s*"data"\s*:\s*[\[{]')
_TEXT_KEY = re.compile(rb'"(?:full_)?text"\s*:\s*"')
_MEDIA_URL = re.compile(
    r"^https?://(?:www\.)?(?:twitter|x)\.com/[^/]+/status/\d+/(?:photo|video)/\d+$"
)
_UNSAID = object()
_JSON_TYPES = {
    list: "array",
    str: "string",
    int: "number",
    float: "number",
    bool: "boolean",
    type(None): "null",
}


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _id(value: Any) -> str | None:
    """An id as a string: v2 gives strings, v1.1 numbers too."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _count(value: Any) -> int | None:
    """A count as the API gives it; anything else (a string, a count past MAX_COUNT) is unknown."""
    if isinstance(value, int) and not isinstance(value, bool) and value <= MAX_COUNT:
        return value
    return None


def _is_tweet_line(obj: Any) -> bool:
    """Whether one parsed line is something this importer reads: a v2 page of tweets, a flattened
    v2 tweet or a v1.1 status."""
    if not isinstance(obj, dict):
        return False
    if "data" in obj:
        data = obj["data"]
        first = (
            data
            if isinstance(data, dict)
            else (data[0] if isinstance(data, list) and data else None)
        )
        # tweets, not the user profiles (twarc2 users/followers) or counts (twarc2 counts)
        return isinstance(first, dict) and "id" in first and "text" in first
    if "id_str" in obj and isinstance(obj.get("user"), dict):
        return True
    return (
        "id" in obj
        and isinstance(obj.get("text"), str)
        and ("author_id" in obj or "created_at" in obj)
        and "account" not in obj  # a Mastodon API status
    )


def _looks_like_twarc(head: bytes, complete: bool) -> bool:
    """Whether the opening bytes of a file are twarc JSON lines.  ``complete`` says ``head`` is
    the whole file."""
    head = head.removeprefix(_BOM).lstrip()
    if not head.startswith(b"{"):
        return False
    end = head.find(b"\n")
    if end >= 0 or complete:
        try:
            return _is_tweet_line(orjson.loads(head[:end] if end >= 0 else head))
        except orjson.JSONDecodeError:
            return False
    # a first line longer than we look at (a page of 100 tweets): judge it by its opening
    if not _TEXT_KEY.search(head):
        return False
    if _PAGE_START.match(head):
        return True
    if b'"id_str"' in head and b'"user"' in head:
        return True
    return b'"author_id"' in head and b'"account"' not in head


def _json_problem(line: bytes) -> str:
    """Why a line is not JSON, in orjson's words without its position (a cut-off line would
    otherwise read "control character in string", its own line end)."""
    try:
        orjson.loads(line.rstrip(b"\r\n"))
    except orjson.JSONDecodeError as exc:
        return f"invalid JSON ({str(exc).split(': line ')[0]})"
    return "invalid JSON"


def _not_jsonl(where: str) -> FormatError:
    return FormatError("not JSON lines", file=where, hint="is this a twarc output file?")


class TwitterApiImporter:
    name = "twitter-api"
    platform = "x"
    version = "1"
    description = (
        "Twitter API JSON lines from twarc2 (v2 pages or `twarc2 flatten`) or twarc (v1.1 statuses)"
    )

    def _head(self, bundle: Bundle, name: str) -> bool:
        with bundle.open(name) as stream:
            head = stream.read(_HEAD + 1)
        return _looks_like_twarc(head[:_HEAD], complete=len(head) <= _HEAD)

    def _candidates(self, bundle: Bundle) -> list[str]:
        return sorted(n for n in bundle.names() if n.lower().endswith(_SUFFIXES))

    def detect(self, bundle: Bundle) -> bool:
        if isinstance(bundle, DirBundle):
            return False  # a folder is read file by file by the registry
        candidates = self._candidates(bundle)
        if isinstance(bundle, FileBundle):
            return bool(candidates) and self._head(bundle, candidates[0])
        for name in candidates[:_ARCHIVE_PROBES]:
            try:
                if self._head(bundle, name):
                    return True
            except InputError:
                continue  # an unsafe or damaged member; another importer may know the archive
        return False

    def read(self, bundle: Bundle, report: ReadReport) -> Iterator[Record]:
        if isinstance(bundle, FileBundle):
            names = bundle.names()
        else:
            names = []
            for name in self._candidates(bundle):
                try:
                    ours = self._head(bundle, name)
                except UnsafeArchiveError as exc:
                    report.skip_file(bundle.where(name), exc.problem)
                    continue
                if ours:
                    names.append(name)
                else:
                    report.skip_file(bundle.where(name), "not twarc JSON lines")
        reader = _Reader(self.name, self.version, report)
        for name in names:
            where = bundle.where(name)
            report.files_read.append(where)
            with bundle.open(name, report.progress) as stream:
                yield from reader.read_file(stream, where)


class _Reader:
    """Reads the lines of one or more files, remembering which authors were already yielded."""

    def __init__(self, importer: str, version: str, report: ReadReport) -> None:
        self.importer = importer
        self.version = version
        self.report = report
        self.authors: set[str] = set()

    def read_file(self, stream: BinaryIO, where: str) -> Iterator[Record]:
        report = self.report
        early_bad: list[tuple[int, str]] = []
        seen_object = False
        posts = 0
        for number, line in enumerate(stream, 1):
            if number == 1:
                line = line.removeprefix(_BOM)
            if not line.strip():
                continue
            try:
                obj = orjson.loads(line)
            except orjson.JSONDecodeError:
                obj, reason = _UNSAID, _json_problem(line)
            else:
                reason = f"a JSON {_JSON_TYPES.get(type(obj), 'value')}, not a tweet or an API page"
            if not isinstance(obj, dict):
                if seen_object:
                    report.skip_record(where, number, reason)
                else:
                    early_bad.append((number, reason))
                    if len(early_bad) >= _BAD_START:
                        raise _not_jsonl(where)
                continue
            if not seen_object:
                seen_object = True
                for bad_number, bad_reason in early_bad:
                    report.skip_record(where, bad_number, bad_reason)
            provenance = Provenance(
                file=where, record=number, importer=self.importer, version=self.version
            )
            for record in self._line(obj, provenance):
                posts += isinstance(record, Post)
                yield record
        if early_bad and not seen_object:
            raise _not_jsonl(where)
        if not posts:
            report.warn(f"{where}: no tweets in it")

    def _line(self, obj: dict[str, Any], provenance: Provenance) -> Iterator[Record]:
        if "data" in obj:
            yield from self._page(obj, provenance)
        elif "id_str" in obj and "user" in obj:
            yield from self._status(obj, provenance)
        elif "id" in obj and ("text" in obj or "note_tweet" in obj):
            users, tweets = _inline_expansions(obj)
            yield from self._tweet(obj, users, tweets, provenance, "")
        elif "meta" in obj or "errors" in obj:
            pass  # a page without tweets: the end of a timeline, or only errors
        else:
            notice = next(
                (k for k in ("delete", "limit", "scrub_geo", "status_withheld") if k in obj), None
            )
            self.report.skip_record(
                provenance.file,
                provenance.record,
                f"a stream notice ({notice!r}), not a tweet"
                if notice
                else "not a tweet or an API page",
            )

    def _page(self, page: dict[str, Any], provenance: Provenance) -> Iterator[Record]:
        data = page["data"]
        if isinstance(data, dict):
            data = [data]
        if not isinstance(data, list):
            self.report.skip_record(
                provenance.file, provenance.record, "data is not a list of tweets"
            )
            return
        includes = _dict(page.get("includes"))
        users = _by_id(includes.get("users"))
        tweets = _by_id(includes.get("tweets"))
        for index, tweet in enumerate(data):
            prefix = f"data[{index}]: " if len(data) > 1 else ""
            if not isinstance(tweet, dict):
                self.report.skip_record(
                    provenance.file, provenance.record, f"{prefix}not a tweet object"
                )
            elif "text" not in tweet and "username" in tweet:
                self.report.skip_record(
                    provenance.file, provenance.record, f"{prefix}a user profile, not a tweet"
                )
            else:
                yield from self._tweet(tweet, users, tweets, provenance, prefix)

    def _tweet(
        self,
        tweet: dict[str, Any],
        users: dict[str, dict[str, Any]],
        tweets: dict[str, dict[str, Any]],
        provenance: Provenance,
        prefix: str,
    ) -> Iterator[Record]:
        try:
            post = _v2_post(tweet, users, tweets, provenance)
        except _Skip as skip:
            self.report.skip_record(provenance.file, provenance.record, prefix + str(skip))
            return
        except KeyError as exc:
            self.report.skip_record(
                provenance.file, provenance.record, f"{prefix}missing field {exc}"
            )
            return
        except (ValueError, TypeError, AttributeError, OverflowError) as exc:
            self.report.skip_record(
                provenance.file, provenance.record, f"{prefix}unreadable value ({exc})"
            )
            return
        if post.account_id not in self.authors:
            self.authors.add(post.account_id)
            author = users.get(post.account_id, {})
            yield Account(
                platform="x",
                id=post.account_id,
                handle=post.account,
                display_name=_str(author.get("name")),
            )
        yield post

    def _status(self, status: dict[str, Any], provenance: Provenance) -> Iterator[Record]:
        user = status["user"]
        if not isinstance(user, dict):
            self.report.skip_record(provenance.file, provenance.record, "user is not an object")
            return
        owner = Owner(
            _id(user.get("id_str")) or _id(user.get("id")),
            _str(user.get("screen_name")),
            _str(user.get("name")),
        )
        if owner.id is None:
            self.report.skip_record(provenance.file, provenance.record, "user has no id_str")
            return
        try:
            post = tweet_to_post(status, owner, provenance.source, provenance.record)
        except KeyError as exc:
            self.report.skip_record(provenance.file, provenance.record, f"missing field {exc}")
            return
        except (ValueError, TypeError, AttributeError, OverflowError) as exc:
            self.report.skip_record(provenance.file, provenance.record, f"unreadable value ({exc})")
            return
        if post.account_id not in self.authors:
            self.authors.add(post.account_id)
            yield Account(
                platform="x",
                id=post.account_id,
                handle=post.account,
                display_name=owner.display_name,
            )
        yield post


class _Skip(Exception):
    """A tweet that cannot become a post; the message says why."""


def _by_id(items: Any) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for item in _list(items):
        if isinstance(item, dict):
            key = _id(item.get("id"))
            if key is not None:
                found.setdefault(key, item)
    return found


def _inline_expansions(
    tweet: dict[str, Any],
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The users and tweets a flattened tweet carries inline, keyed by id as in ``includes``."""
    users: list[Any] = [tweet.get("author"), tweet.get("in_reply_to_user")]
    tweets: list[Any] = []
    for ref in _list(tweet.get("referenced_tweets")):
        if isinstance(ref, dict):
            tweets.append(ref)
            users.append(ref.get("author"))
    for entities in (
        _dict(tweet.get("entities")),
        _dict(_dict(tweet.get("note_tweet")).get("entities")),
    ):
        users.extend(_list(entities.get("mentions")))
    return _by_id(users), _by_id(tweets)


def _is_media(url: dict[str, Any]) -> bool:
    if url.get("media_key"):
        return True
    display = url.get("display_url")
    if isinstance(display, str):
        return display.startswith(("pic.twitter.com/", "pic.x.com/"))
    expanded = url.get("expanded_url")
    return isinstance(expanded, str) and bool(_MEDIA_URL.match(expanded))


def _text(tweet: dict[str, Any]) -> tuple[str, dict[str, Any], list[Link], int]:
    """Plain text (a long post's note text, t.co links expanded, media links removed, HTML
    entities decoded), the entities that go with it, its links and its number of media."""
    entities = _dict(tweet.get("entities"))
    media_urls = _list(entities.get("urls"))  # media links stay in the short text's entities
    note = _dict(tweet.get("note_tweet"))
    text = _str(note.get("text"))
    if text is not None:
        entities = _dict(note.get("entities"))
        media_urls = media_urls + _list(entities.get("urls"))
    else:
        text = tweet["text"]
        if not isinstance(text, str):
            raise _Skip("text is not a string")
    media_links: set[str] = set()
    media_keys: set[str] = set()
    for url in media_urls:
        if isinstance(url, dict) and _is_media(url):
            if _str(url.get("url")):
                media_links.add(url["url"])
            if _str(url.get("media_key")):
                media_keys.add(url["media_key"])
    links: list[Link] = []
    for url in _list(entities.get("urls")):
        if not isinstance(url, dict) or _is_media(url):
            continue
        short = _str(url.get("url"))
        expanded = _str(url.get("expanded_url")) or _str(url.get("unwound_url")) or short
        if expanded is None:
            continue
        if short and short in text:
            text = text.replace(short, expanded)
        links.append(make_link(expanded))
    for short in media_links:
        text = text.replace(short, "")
    if media_links:
        text = text.rstrip()
    if "&" in text:
        text = html.unescape(text)
    attached = _list(_dict(tweet.get("attachments")).get("media_keys"))
    return text, entities, links, len(attached) or len(media_keys) or len(media_links)


def _id_time(post_id: str) -> datetime | None:
    """The time in an X id, or ``None``; never raises on a malformed id."""
    try:
        return snowflake_time(post_id)
    except (OverflowError, ValueError, OSError):
        return None


def _username(users: dict[str, dict[str, Any]], user_id: str | None) -> str | None:
    if user_id is None:
        return None
    return _str(users.get(user_id, {}).get("username"))


def _v2_post(
    tweet: dict[str, Any],
    users: dict[str, dict[str, Any]],
    tweets: dict[str, dict[str, Any]],
    provenance: Provenance,
) -> Post:
    post_id = _id(tweet.get("id"))
    if post_id is None:
        raise _Skip("no tweet id")
    author_id = _id(tweet.get("author_id")) or _id(_dict(tweet.get("author")).get("id"))
    if author_id is None:
        raise _Skip(f"tweet {post_id} has no author_id (collect with twarc2's default fields)")
    created_raw = tweet.get("created_at")
    created = parse_iso(created_raw) if isinstance(created_raw, str) else _id_time(post_id)
    if created is None:
        raise _Skip(f"tweet {post_id} has no created_at")
    handle = _username(users, author_id) or ""
    text, entities, links, media_count = _text(tweet)

    refs: dict[str, str] = {}
    for ref in _list(tweet.get("referenced_tweets")):
        if isinstance(ref, dict) and isinstance(ref.get("type"), str):
            ref_id = _id(ref.get("id"))
            if ref_id is not None:
                refs.setdefault(ref["type"], ref_id)

    reply_to_id = reply_to_user = reply_to_name = reply_to_time = None
    reposted_id = reposted_account = None
    quoted_id = refs.get("quoted")
    if quoted_id is None:
        quoted_id = next(
            (
                link.post_id
                for link in links
                if link.post_id is not None and link.post_id != post_id
            ),
            None,
        )
    if "retweeted" in refs:
        kind = Kind.REPOST
        reposted_id = refs["retweeted"]
        original = tweets.get(reposted_id, {})
        reposted_account = _username(users, _id(original.get("author_id"))) or _str(
            _dict(original.get("author")).get("username")
        )
        if reposted_account is None and text.startswith("RT @"):
            reposted_account = text[4:].split(":", 1)[0].strip() or None
        quoted_id = None
    elif "replied_to" in refs:
        reply_to_id = refs["replied_to"]
        parent = tweets.get(reply_to_id, {})
        reply_to_user = _id(tweet.get("in_reply_to_user_id")) or _id(parent.get("author_id"))
        kind = Kind.THREAD if reply_to_user == author_id else Kind.REPLY
        reply_to_name = _username(users, reply_to_user) or next(
            (
                m["username"]
                for m in _list(entities.get("mentions"))
                if isinstance(m, dict)
                and _id(m.get("id")) == reply_to_user
                and _str(m.get("username"))
            ),
            None,
        )
        reply_to_time = _id_time(reply_to_id)
        if reply_to_time is None and isinstance(parent.get("created_at"), str):
            try:
                reply_to_time = parse_iso(parent["created_at"])
            except (ValueError, OverflowError):
                reply_to_time = None
    elif quoted_id is not None:
        kind = Kind.QUOTE
    else:
        kind = Kind.ORIGINAL

    metrics = _dict(tweet.get("public_metrics"))
    lang = _str(tweet.get("lang"))
    source = tweet.get("source")
    return Post(
        platform="x",
        account=handle,
        account_id=author_id,
        id=post_id,
        created_at=created,
        text=text,
        kind=kind,
        provenance=provenance,
        url=f"https://x.com/{handle}/status/{post_id}" if handle else None,
        reply_to_id=reply_to_id,
        reply_to_account_id=reply_to_user,
        reply_to_account=reply_to_name,
        reply_to_time=reply_to_time,
        conversation_id=_id(tweet.get("conversation_id")),
        quoted_id=quoted_id,
        reposted_id=reposted_id,
        reposted_account=reposted_account,
        mentions=tuple(
            m["username"]
            for m in _list(entities.get("mentions"))
            if isinstance(m, dict) and _str(m.get("username"))
        ),
        links=tuple(links),
        hashtags=tuple(
            h["tag"]
            for h in _list(entities.get("hashtags"))
            if isinstance(h, dict) and _str(h.get("tag"))
        ),
        media_count=media_count,
        client=client_name(source) if isinstance(source, str) else None,
        lang=lang if lang != "und" else None,
        likes=_count(metrics.get("like_count")),
        reposts=_count(metrics.get("retweet_count")),
        replies=_count(metrics.get("reply_count")),
        quotes=_count(metrics.get("quote_count")),
    )


IMPORTER = TwitterApiImporter()
