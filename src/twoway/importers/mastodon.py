"""Mastodon account export ("Request your archive"), as a zip, a tar.gz or an unpacked folder.

Reads ``outbox.json`` (an ActivityPub ``OrderedCollection`` whose ``orderedItems`` are ``Create``
activities wrapping the account's Notes, and ``Announce`` activities, its boosts) and the owner
from ``actor.json``; without it, from the activities' ``actor``.  ``likes.json``,
``bookmarks.json`` and ``media_attachments/`` hold nothing the audit uses and are not read.

The export holds one JSON object, so ``outbox.json`` is parsed whole with orjson (tens of MB at
most); the posts are then made one at a time.  Kinds follow CODEBOOK.md section 1: ``Announce``
is a repost; ``inReplyTo`` to the owner's own status a thread, to anyone else a reply; a ``quote``,
``quoteUri``, ``quoteUrl``, ``_misskey_quote`` or FEP-e232 object link a quote.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from html.parser import HTMLParser
from typing import Any, NamedTuple

import msgspec
import orjson

from twoway.clock import mastodon_id_time, parse_iso
from twoway.errors import FormatError
from twoway.importers import ReadReport, Record
from twoway.links import make_link
from twoway.model import Account, Kind, Link, Post, Provenance
from twoway.sources import Bundle, FileBundle, member_stem

__all__ = ["IMPORTER", "handle_of_actor", "html_to_text"]

_PUBLIC = frozenset({"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"})
_TEXT_OBJECTS = frozenset({"Note", "Question", "Article", "Page"})
_QUOTE_KEYS = ("quote", "quoteUri", "quoteUrl", "_misskey_quote")
# a status: https://host/users/name/statuses/123 or https://host/@name/123
_STATUS_URI = re.compile(r"^https?://([^/@?#]+)/(?:users/([^/?#]+)/statuses|@([^/?#]+))/([^/?#]+)")
# an actor: https://host/users/name or https://host/@name
_ACTOR_URI = re.compile(r"^https?://([^/@?#]+)/(?:users/|@)([^/?#]+)/?$")
_HOST = re.compile(r"^https?://([^/@?#:]+)")
_BLOCKS = frozenset(
    {"p", "blockquote", "pre", "ul", "ol", "div", "h1", "h2", "h3", "h4", "h5", "h6"}
)
_VOID = frozenset({"br", "img", "hr", "wbr", "input", "meta", "link", "source"})


class _Bad(Exception):
    """A record that cannot become a Post; the message is the reason."""


# ---------------------------------------------------------------------------------------------
# HTML content to plain text


class _PlainText(HTMLParser):
    """Text of Mastodon's HTML ``content``: paragraphs apart by a blank line, ``<br>`` a line
    break, a link as its text (Mastodon's hidden ``invisible`` spans included, so a shortened URL
    reads whole), entities decoded.  The ``quote-inline`` fallback (``RE: <link>``) is dropped.
    Collects the hrefs of links that are not mentions or hashtags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hrefs: list[str] = []
        self._hidden = 0  # depth inside a quote-inline element

    def _newlines(self, count: int) -> None:
        """End the text so far with ``count`` line breaks (none while there is no text yet)."""
        have = 0
        for part in reversed(self.parts):
            stripped = part.rstrip("\n")
            have += len(part) - len(stripped)
            if stripped:
                break
        else:
            return
        if have < count:
            self.parts.append("\n" * (count - have))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag == "br" and not self._hidden:
                self.parts.append("\n")
            return
        values = {name: value or "" for name, value in attrs}
        classes = values.get("class", "").split()
        if self._hidden or "quote-inline" in classes:
            self._hidden += 1
            return
        if tag in _BLOCKS:
            self._newlines(2)
        elif tag == "li":
            self._newlines(1)
        elif tag == "a" and values.get("href"):
            rel = values.get("rel", "").split()
            if not ({"mention", "hashtag"} & set(classes) or "tag" in rel):
                self.hrefs.append(values["href"])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self._hidden:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self._hidden:
            self._hidden -= 1
        elif tag in _BLOCKS:
            self._newlines(2)

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_to_text(content: str) -> tuple[str, list[str]]:
    """Plain text of a status's HTML ``content``, and the hrefs of its links that are not
    mentions or hashtags."""
    parser = _PlainText()
    try:
        parser.feed(content)
        parser.close()
    except AssertionError:  # html.parser gives up on some malformed markup (`<![x`)
        return re.sub(r"<[^>]*>", "", content).strip(), []
    return "".join(parser.parts).strip(), parser.hrefs


# ---------------------------------------------------------------------------------------------
# addresses


def _account_of_status(uri: str) -> str | None:
    """``name@host`` of the author of a status URI, where its shape says it."""
    match = _STATUS_URI.match(uri)
    if match is None:
        return None
    name = match.group(2) or match.group(3)
    return name if "@" in name else f"{name}@{match.group(1)}"


def _actor_of_status(uri: str) -> str | None:
    """The actor URI of a ``/users/name/statuses/…`` status URI."""
    match = _STATUS_URI.match(uri)
    if match is None or match.group(2) is None:
        return None
    return f"{uri.split('/users/', 1)[0]}/users/{match.group(2)}"


def _status_time(uri: str) -> datetime | None:
    """The time a Mastodon status URI's numeric id encodes, or ``None``."""
    last = uri.rstrip("/").rsplit("/", 1)[-1]
    if not (last.isascii() and last.isdigit() and len(last) <= 19):  # ids are 64-bit
        return None
    try:
        return mastodon_id_time(last)
    except (ValueError, OverflowError):
        return None


def handle_of_actor(uri: str, username: str | None = None) -> str:
    """``name@host`` of an actor URI (``https://host/users/name``, ``https://host/@name``): the
    host is the URI's, ``username`` the name when given; empty when the URI says neither."""
    host = _HOST.match(uri)
    if username and host:
        return f"{username}@{host.group(1)}"
    match = _ACTOR_URI.match(uri)
    return f"{match.group(2)}@{match.group(1)}" if match else ""


def _uri(value: Any) -> str | None:
    """A URI given as a string, or as an object or link with an ``id`` / ``href``."""
    if isinstance(value, dict):
        value = value.get("id") or value.get("href")
    return value if isinstance(value, str) and value else None


# ---------------------------------------------------------------------------------------------
# the owner


class _Owner(NamedTuple):
    id: str
    handle: str
    display_name: str | None
    followers: str


def _load_actor(bundle: Bundle, name: str, report: ReadReport) -> _Owner | None:
    where = bundle.where(name)
    try:
        actor = orjson.loads(bundle.read_bytes(name))
    except orjson.JSONDecodeError as exc:
        report.skip_file(where, f"invalid JSON ({exc})")
        return None
    if not isinstance(actor, dict) or not isinstance(actor.get("id"), str) or not actor["id"]:
        report.skip_file(where, "no actor id in it")
        return None
    report.files_read.append(where)
    actor_id: str = actor["id"]
    username = actor.get("preferredUsername")
    display = actor.get("name")
    followers = actor.get("followers")
    return _Owner(
        id=actor_id,
        handle=handle_of_actor(actor_id, username if isinstance(username, str) else None),
        display_name=display if isinstance(display, str) and display else None,
        followers=followers if isinstance(followers, str) else actor_id + "/followers",
    )


def _owner_from_items(items: list[Any]) -> _Owner:
    for item in items:
        actor = _uri(item.get("actor")) if isinstance(item, dict) else None
        if actor:
            return _Owner(actor, handle_of_actor(actor), None, actor + "/followers")
    return _Owner("", "", None, "")


# ---------------------------------------------------------------------------------------------
# one activity


def _need(obj: dict[str, Any], key: str, path: str) -> str:
    value = obj.get(key)
    if isinstance(value, dict):
        value = _uri(value)
    if not isinstance(value, str) or not value:
        raise _Bad(f"missing {path}" if value is None or value == "" else f"{path} is not a string")
    return value


def _time(obj: dict[str, Any], fallback: dict[str, Any], path: str) -> datetime:
    value = obj.get("published") or fallback.get("published")
    if not isinstance(value, str):
        raise _Bad(f"missing {path}")
    try:
        return parse_iso(value)
    except (ValueError, OverflowError):
        raise _Bad(f"{path} is not an ISO time ({value[:40]!r})") from None


def _addressed(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {v for v in value if isinstance(v, str)}
    return set()


def _visibility(obj: dict[str, Any], owner: _Owner) -> str:
    to, cc = _addressed(obj.get("to")), _addressed(obj.get("cc"))
    if to & _PUBLIC:
        return "public"
    if cc & _PUBLIC:
        return "unlisted"
    if any(a == owner.followers or a.endswith("/followers") for a in to | cc):
        return "private"
    return "direct"


def _quoted(note: dict[str, Any]) -> str | None:
    for key in _QUOTE_KEYS:
        uri = _uri(note.get(key))
        if uri:
            return uri
    tags = note.get("tag")
    for tag in tags if isinstance(tags, list) else ():
        if isinstance(tag, dict) and tag.get("type") == "Link":
            media = tag.get("mediaType")
            if isinstance(media, str) and (
                "activity+json" in media or ("ld+json" in media and "activitystreams" in media)
            ):
                uri = _uri(tag.get("href"))
                if uri:
                    return uri
    return None


def _tags(note: dict[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    mentions: list[str] = []
    hashtags: list[str] = []
    tags = note.get("tag")
    for tag in tags if isinstance(tags, list) else ():
        if not isinstance(tag, dict) or not isinstance(tag.get("name"), str):
            continue
        name: str = tag["name"]
        if tag.get("type") == "Mention":
            name = name.removeprefix("@")
            if name and "@" not in name:  # a local account: `@name`, its host is the href's
                host = _HOST.match(_uri(tag.get("href")) or "")
                name = f"{name}@{host.group(1)}" if host else name
            if name:
                mentions.append(name)
        elif tag.get("type") == "Hashtag":
            name = name.removeprefix("#")
            if name:
                hashtags.append(name)
    return tuple(mentions), tuple(hashtags)


def _repost(item: dict[str, Any], owner: _Owner, provenance: Provenance) -> Post:
    activity_id = _need(item, "id", "id")
    target = _uri(item.get("object"))
    if target is None:
        raise _Bad("missing object")
    return Post(
        platform="mastodon",
        account=owner.handle,
        account_id=owner.id,
        id=activity_id.removesuffix("/activity"),
        created_at=_time(item, item, "published"),
        text="",
        kind=Kind.REPOST,
        provenance=provenance,
        reposted_id=target,
        reposted_account=_account_of_status(target),
        visibility=_visibility(item, owner),
    )


def _note(item: dict[str, Any], owner: _Owner, own_ids: set[str], provenance: Provenance) -> Post:
    note: dict[str, Any] = item["object"]
    note_id = _need(note, "id", "object.id")
    created_at = _time(note, item, "object.published")
    content = note.get("content")
    content_map = note.get("contentMap")
    if not isinstance(content, str):
        content = ""
        if isinstance(content_map, dict) and content_map:
            first = next(iter(content_map.values()))
            content = first if isinstance(first, str) else ""
    text, hrefs = html_to_text(content) if content else ("", [])
    links: tuple[Link, ...] = tuple(make_link(href) for href in hrefs)
    mentions, hashtags = _tags(note)

    reply_to = _uri(note.get("inReplyTo"))
    quoted_id = _quoted(note)
    reply_account = reply_account_id = reply_time = None
    if reply_to is not None:
        own = reply_to in own_ids or (
            bool(owner.id) and reply_to.startswith(owner.id + "/statuses/")
        )
        kind = Kind.THREAD if own else Kind.REPLY
        if own:
            reply_account, reply_account_id = owner.handle or None, owner.id or None
        else:
            reply_account, reply_account_id = (
                _account_of_status(reply_to),
                _actor_of_status(reply_to),
            )
        reply_time = _status_time(reply_to)
    elif quoted_id is not None:
        kind = Kind.QUOTE
    else:
        kind = Kind.ORIGINAL

    attachments = note.get("attachment")
    media_count = (
        len(attachments) if isinstance(attachments, list) else int(isinstance(attachments, dict))
    )
    url = _uri(note.get("url"))
    conversation = note.get("conversation") or note.get("context")
    lang = (
        next(iter(content_map)) if isinstance(content_map, dict) and len(content_map) == 1 else None
    )
    return Post(
        platform="mastodon",
        account=owner.handle,
        account_id=owner.id,
        id=note_id,
        created_at=created_at,
        text=text,
        kind=kind,
        provenance=provenance,
        url=url,
        reply_to_id=reply_to,
        reply_to_account_id=reply_account_id,
        reply_to_account=reply_account,
        reply_to_time=reply_time,
        conversation_id=conversation if isinstance(conversation, str) and conversation else None,
        quoted_id=quoted_id,
        mentions=mentions,
        links=links,
        hashtags=hashtags,
        media_count=media_count,
        lang=lang or None,
        visibility=_visibility(note, owner),
    )


# ---------------------------------------------------------------------------------------------
# the importer


class MastodonImporter:
    name = "mastodon"
    platform = "mastodon"
    version = "1"
    description = "Mastodon account export (zip, tar.gz or folder): outbox.json, actor.json"

    def outboxes(self, bundle: Bundle) -> list[str]:
        """The ``outbox.json`` members, shallowest first."""
        return sorted(bundle.find("outbox.json"), key=lambda n: (n.count("/"), n))

    def detect(self, bundle: Bundle) -> bool:
        if isinstance(bundle, FileBundle):
            name = bundle.names()[0]
            return member_stem(name) == "outbox.json" and self._looks_like_outbox(bundle, name)
        for name in self.outboxes(bundle):
            if _sibling(name, "actor.json") in bundle.names():
                return True
            if self._looks_like_outbox(bundle, name):
                return True
        return False

    def _looks_like_outbox(self, bundle: Bundle, name: str) -> bool:
        with bundle.open(name) as stream:
            head = stream.read(8192)
        return b"activitystreams" in head or b"orderedItems" in head

    def read(self, bundle: Bundle, report: ReadReport) -> Iterator[Record]:
        names = set(bundle.names())
        for outbox in self.outboxes(bundle):
            actor = _sibling(outbox, "actor.json")
            yield from self._read_outbox(bundle, outbox, actor if actor in names else None, report)

    def _read_outbox(
        self, bundle: Bundle, name: str, actor_name: str | None, report: ReadReport
    ) -> Iterator[Record]:
        where = bundle.where(name)
        hint = "request a new archive from Mastodon (Preferences > Import and export)"
        raw = bundle.read_bytes(name)
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            data = _items_one_by_one(raw)
            if data is None:
                raise FormatError(f"invalid JSON ({exc})", file=where, hint=hint) from None
        del raw
        items = data.get("orderedItems") if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise FormatError(
                "no orderedItems list; is this a Mastodon outbox.json?", file=where, hint=hint
            )
        del data
        report.files_read.append(where)

        owner = _load_actor(bundle, actor_name, report) if actor_name else None
        if owner is None:
            owner = _owner_from_items(items)
            report.warn(
                f"{where}: no readable actor.json beside it; the owner "
                f"({owner.handle or 'unknown'}) was taken from the activities' actor"
            )
        yield Account(
            platform="mastodon",
            id=owner.id,
            handle=owner.handle,
            display_name=owner.display_name,
        )

        own_ids = {
            item["object"]["id"]
            for item in items
            if isinstance(item, dict)
            and isinstance(item.get("object"), dict)
            and isinstance(item["object"].get("id"), str)
        }
        others: Counter[str] = Counter()
        for number, item in enumerate(items, 1):
            if type(item) is _Unreadable:
                report.skip_record(where, number, item.reason)
                continue
            provenance = Provenance(
                file=where, record=number, importer=self.name, version=self.version
            )
            try:
                post = self._post(item, owner, own_ids, provenance, others)
            except _Bad as exc:
                report.skip_record(where, number, str(exc))
                continue
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                report.skip_record(where, number, f"unreadable value ({exc})")
                continue
            if post is not None:
                yield post
        if others:
            listed = ", ".join(f"{kind} {count}" for kind, count in sorted(others.items()))
            count = sum(others.values())
            report.warn(
                f"{where}: skipped {count} {'activity' if count == 1 else 'activities'} "
                f"of other types ({listed})"
            )

    def _post(
        self,
        item: Any,
        owner: _Owner,
        own_ids: set[str],
        provenance: Provenance,
        others: Counter[str],
    ) -> Post | None:
        if not isinstance(item, dict):
            raise _Bad("not an activity object")
        kind = item.get("type")
        if not isinstance(kind, str) or not kind:
            raise _Bad("missing type")
        if kind == "Announce":
            return _repost(item, owner, provenance)
        if kind != "Create":
            others[kind] += 1
            return None
        note = item.get("object")
        if note is None:
            raise _Bad("missing object")
        if not isinstance(note, dict):
            raise _Bad("object is not an embedded Note")
        note_type = note.get("type")
        if note_type not in _TEXT_OBJECTS:
            others[f"Create {note_type}" if isinstance(note_type, str) else "Create"] += 1
            return None
        return _note(item, owner, own_ids, provenance)


class _Unreadable(NamedTuple):
    """An activity of outbox.json that is not valid JSON on its own; ``reason`` says why."""

    reason: str


class _RawOutbox(msgspec.Struct):
    """outbox.json with its activities as they are written, unparsed."""

    orderedItems: list[msgspec.Raw] | None = None  # ActivityStreams' name


def _items_one_by_one(raw: bytes) -> dict[str, Any] | None:
    """outbox.json that orjson refused, read activity by activity: an activity with bytes that
    are not UTF-8 (or another flaw that leaves the JSON around it whole) becomes an
    :class:`_Unreadable`, and the others are read.  ``None`` when the document itself is broken.
    msgspec cuts the list into its activities without checking them, which orjson cannot."""
    try:
        outbox = msgspec.json.decode(raw, type=_RawOutbox)
    except (msgspec.DecodeError, UnicodeDecodeError):
        return None
    if outbox.orderedItems is None:
        return None
    items: list[Any] = []
    for piece in outbox.orderedItems:
        data = bytes(piece)
        try:
            items.append(orjson.loads(data))
        except orjson.JSONDecodeError as exc:
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as bad:
                items.append(_Unreadable(f"not UTF-8 text (byte {bad.start} of the activity)"))
            else:
                items.append(_Unreadable(f"invalid JSON ({exc})"))
    return {"orderedItems": items}


def _sibling(name: str, stem: str) -> str:
    folder = posixpath.dirname(name)
    return f"{folder}/{stem}" if folder else stem


IMPORTER = MastodonImporter()
