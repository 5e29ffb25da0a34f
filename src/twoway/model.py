"""The one post model every importer produces.

All classes are frozen, keyword-only, slotted dataclasses: cheap to make by the hundred thousand,
safe to share, and comparable.  Times are timezone-aware UTC ``datetime`` objects.

Identifiers are strings exactly as the platform gives them: an X ``id_str``, a Mastodon status
URI (``https://host/users/name/statuses/123``), a Bluesky AT URI
(``at://did:plc:…/app.bsky.feed.post/3k…``).  ``(platform, id)`` is unique.

A :class:`Post` keeps two of its fields compactly, as an archive of 100,000 posts stays in memory
whole: ``url`` is not stored when it is the address the platform's own rule makes of the handle
and id (:func:`derived_url`), and ``provenance`` is stored as the :class:`Source` that every
record of a file shares plus the record number.  Reading either field gives the value it was
made with, so callers, ``==``, ``hash`` and ``dataclasses.replace`` see no difference.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

_T = TypeVar("_T")

__all__ = [
    "DERIVED_URL",
    "MAX_COUNT",
    "Account",
    "Interaction",
    "Kind",
    "Link",
    "Post",
    "PostDraft",
    "Provenance",
    "ProvenanceDraft",
    "Source",
    "derived_url",
]


MAX_COUNT = 2**63 - 1
"""The largest like, repost, reply or quote count a post can hold: the workspace, Parquet and the
figures store counts as 64-bit integers.  A larger one in an export is damage, never a count."""


def _fast_init(cls: type[_T]) -> type[_T]:
    """Give a frozen slotted dataclass an ``__init__`` that stores through the slot descriptors
    instead of ``object.__setattr__``: the same signature (positional and keyword-only fields)
    and defaults, still frozen afterwards, and 40% faster for a class of 30 fields (importers
    make hundreds of thousands)."""
    names: dict[str, Any] = {}
    params: list[str] = []
    keywords: list[str] = []
    body: list[str] = []
    for spec in fields(cls):  # type: ignore[arg-type]
        if spec.default is not MISSING:
            names[f"_default_{spec.name}"] = spec.default
            param = f"{spec.name}=_default_{spec.name}"
        else:
            param = spec.name
        (keywords if spec.kw_only else params).append(param)
        names[f"_set_{spec.name}"] = cls.__dict__[spec.name].__set__
        body.append(f"    _set_{spec.name}(self, {spec.name})")
    if keywords:
        params += ["*", *keywords]
    source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body)
    exec(source, names)
    init = names["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    cls.__init__ = init  # type: ignore[method-assign]
    return cls


class Kind(StrEnum):
    """What a post is structurally (CODEBOOK.md section 1), read from platform metadata."""

    ORIGINAL = "original"
    """A new post."""
    REPLY = "reply"
    """Answers another account's post."""
    THREAD = "thread"
    """Continues the author's own post (a reply to self)."""
    REPOST = "repost"
    """Shares another post with no words added."""
    QUOTE = "quote"
    """Shares another post with the author's own words."""


@_fast_init
@dataclass(frozen=True, kw_only=True, slots=True)
class Provenance:
    """Where a record came from: the file (``archive.zip:data/tweets.js``), the 1-based record
    number inside it, and the importer with its version."""

    file: str
    record: int
    importer: str
    version: str

    @property
    def source(self) -> Source:
        """The file and importer, without the record number."""
        return Source(file=self.file, importer=self.importer, version=self.version)


@_fast_init
@dataclass(frozen=True, kw_only=True, slots=True)
class Source:
    """What the provenance of every record of one file shares: the file and the importer with
    its version.  An importer making many posts gives those of a file one Source."""

    file: str
    importer: str
    version: str

    def at(self, record: int) -> Provenance:
        """The provenance of record number ``record`` (1-based) of this file."""
        draft = ProvenanceDraft()
        draft.file = self.file
        draft.record = record
        draft.importer = self.importer
        draft.version = self.version
        draft.__class__ = Provenance  # type: ignore[assignment]  # complete: see the class
        return draft  # type: ignore[return-value]


@_fast_init
@dataclass(frozen=True, kw_only=True, slots=True)
class Link:
    """A link in a post: the expanded URL, its domain (lower case, without ``www.``), and, when
    the URL is the address of another post, that post's id (which makes the post a quote)."""

    url: str
    domain: str
    post_id: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Account:
    """An account on one platform.  ``handle`` is the name people type after ``@`` (for
    Mastodon ``name@instance``, for Bluesky the handle, or the DID when no handle is known)."""

    platform: str
    id: str
    handle: str
    display_name: str | None = None


def derived_url(platform: str, account: str, post_id: str) -> str | None:
    """The address of a post as the platform makes it from the handle and id, where it does:
    ``https://x.com/{handle}/status/{id}`` on X (none without a handle), the bsky.app address of
    a Bluesky AT URI.  Mastodon's addresses are the server's own (``url`` and ``uri`` can
    differ), so they are always stored."""
    if platform == "x":
        return f"https://x.com/{account}/status/{post_id}" if account else None
    if platform == "bluesky" and post_id.startswith("at://"):
        did, _, rkey = post_id[5:].partition("/app.bsky.feed.post/")
        if rkey:
            return f"https://bsky.app/profile/{did}/post/{rkey}"
    return None


class _Derived:
    __slots__ = ()

    def __repr__(self) -> str:
        return "DERIVED_URL"


DERIVED_URL: Any = _Derived()
"""Stored in a :class:`PostDraft`'s ``url`` for "the address :func:`derived_url` makes"."""


class _RecordSlot:
    """The slot of a Post's record number, which its provenance is read with (see Post)."""

    __slots__ = ("_record",)
    _record: int


class _StoredUrl:
    """``Post.url``: the slot holds :data:`DERIVED_URL` where the address is
    :func:`derived_url`'s, which is then made on each read (about 0.3 µs), else the URL or
    ``None``.  On X that saves a 100-byte string per post."""

    def __init__(self, slot: Any) -> None:
        self._get = slot.__get__
        self._set = slot.__set__

    def __get__(self, post: Any, owner: type | None = None) -> Any:
        if post is None:
            return self
        url = self._get(post)
        if url is DERIVED_URL:
            return derived_url(post.platform, post.account, post.id)
        return url

    def __set__(self, post: Any, url: str | None) -> None:
        # Called by Post() and dataclasses.replace() after platform, account and id are set.
        if url is not None and url == derived_url(post.platform, post.account, post.id):
            url = DERIVED_URL
        self._set(post, url)


class _StoredProvenance:
    """``Post.provenance``: the slot holds the :class:`Source` of the record's file, shared by
    the posts of that file, and ``_record`` the record number; each read makes the
    :class:`Provenance` anew (about 0.3 µs).  That saves a 64-byte object per post."""

    def __init__(self, slot: Any) -> None:
        self._get = slot.__get__
        self._set = slot.__set__
        self._last = Source(file="", importer="", version="")

    def __get__(self, post: Any, owner: type | None = None) -> Any:
        if post is None:
            return self
        source: Source = self._get(post)
        return source.at(post._record)

    def __set__(self, post: Any, provenance: Provenance) -> None:
        # Posts made one by one with Post(...) come file by file: the Source of the previous
        # one is shared when it is the same.
        last = self._last
        if (
            provenance.file != last.file
            or provenance.importer != last.importer
            or provenance.version != last.version
        ):
            last = self._last = provenance.source
        self._set(post, last)
        _set_record(post, provenance.record)


_set_record = _RecordSlot.__dict__["_record"].__set__


def _compact(cls: type[_T]) -> type[_T]:
    """Put :class:`_StoredUrl` and :class:`_StoredProvenance` over the slots of ``url`` and
    ``provenance``; done before :func:`_fast_init`, whose ``__init__`` then stores through them."""
    setattr(cls, "url", _StoredUrl(cls.__dict__["url"]))  # noqa: B010 - mypy keeps the field's type
    setattr(cls, "provenance", _StoredProvenance(cls.__dict__["provenance"]))  # noqa: B010
    return cls


@_fast_init
@_compact
@dataclass(frozen=True, kw_only=True, slots=True)
class Post(_RecordSlot):
    """One post by the account being audited.

    ``kind`` follows CODEBOOK.md section 1; ``kind_guessed`` is true when the importer had no
    metadata and fell back to text cues such as a leading ``RT @``.  ``reply_to_time`` is the
    parent's time, from the data or decoded from the parent's id where the platform's ids encode
    time (X snowflakes, Mastodon ids, Bluesky TIDs).  Public counts are ``None`` where the source
    does not give them.

    ``url`` and ``provenance`` are stored compactly (see the module's docstring): an X post's
    address is made from its handle and id when read, and its provenance from the
    :class:`Source` its file shares and its record number.
    """

    platform: str
    account: str
    account_id: str
    id: str
    created_at: datetime
    text: str
    kind: Kind
    provenance: Provenance
    kind_guessed: bool = False
    url: str | None = None
    reply_to_id: str | None = None
    reply_to_account_id: str | None = None
    reply_to_account: str | None = None
    reply_to_time: datetime | None = None
    conversation_id: str | None = None
    quoted_id: str | None = None
    reposted_id: str | None = None
    reposted_account: str | None = None
    mentions: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    hashtags: tuple[str, ...] = ()
    media_count: int = 0
    client: str | None = None
    lang: str | None = None
    visibility: str | None = None
    likes: int | None = None
    reposts: int | None = None
    replies: int | None = None
    quotes: int | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Interaction:
    """An inbound message to the account: a mention, a reply or a comment written by someone else.

    ``in_reply_to`` is the account's post it answers, if any; ``answered_by`` lists the account's
    posts that answered it (empty when nobody did).
    """

    platform: str
    account: str
    id: str
    author: str
    author_id: str
    created_at: datetime
    text: str
    type: str
    provenance: Provenance
    in_reply_to: str | None = None
    answered_by: tuple[str, ...] = field(default=())


class PostDraft(_RecordSlot):
    """A :class:`Post` being filled in, for the importers that make posts by the hundred thousand.

    It has exactly Post's slots and no frozen ``__setattr__``, so each field is set with a plain
    attribute store (about 10 ns in CPython 3.11, which specialises stores to slots); then
    ``draft.__class__ = Post`` makes it the frozen Post, which Python allows between classes with
    the same ``__slots__``.  Made so, a post costs a seventh of ``Post(...)`` with its 29
    keywords, which the call packs into a dict and binds one by one.  Every field must be set
    before the ``__class__`` assignment (a field left unset raises ``AttributeError`` when read).

    Two fields are set as Post stores them: ``provenance`` takes the file's :class:`Source` and
    ``_record`` the record number; ``url`` takes :data:`DERIVED_URL` for the address
    :func:`derived_url` makes (or another URL, or ``None``).
    """

    __slots__ = Post.__slots__

    platform: str
    account: str
    account_id: str
    id: str
    created_at: datetime
    text: str
    kind: Kind
    provenance: Source
    kind_guessed: bool
    url: str | None
    reply_to_id: str | None
    reply_to_account_id: str | None
    reply_to_account: str | None
    reply_to_time: datetime | None
    conversation_id: str | None
    quoted_id: str | None
    reposted_id: str | None
    reposted_account: str | None
    mentions: tuple[str, ...]
    links: tuple[Link, ...]
    hashtags: tuple[str, ...]
    media_count: int
    client: str | None
    lang: str | None
    visibility: str | None
    likes: int | None
    reposts: int | None
    replies: int | None
    quotes: int | None


class ProvenanceDraft:
    """A :class:`Provenance` being filled in, made a Provenance by ``draft.__class__ =
    Provenance`` once its four fields are set: a quarter of the cost of ``Provenance(...)`` for
    the importers that make one per record (see :class:`PostDraft`)."""

    __slots__ = Provenance.__slots__

    file: str
    record: int
    importer: str
    version: str
