"""LinkedIn "Get a copy of your data" export, as the zip LinkedIn mails or its unpacked folder.

The export is a set of CSV files, flat or under one folder (``Basic_LinkedInDataExport_…/``,
``Complete_LinkedInDataExport_…/``); the complete export adds the member's numeric id to some
names (``Shares_48213377.csv``).  twoway reads:

- ``Shares.csv`` (``Date, ShareLink, ShareCommentary, SharedUrl, MediaUrl, Visibility``): the
  account's posts.  LinkedIn marks no kind, so it is read from the row: commentary plus a
  ``SharedUrl`` that is another LinkedIn post is a quote; an empty commentary is a bare repost
  (unless the row carries a photo or a link to a web page: then a post without words), and such
  rows say ``kind_guessed``; anything else is an original.
- ``InstantReposts.csv`` (``Date, Link``): reposts made with one click, newer exports only.
- ``Comments.csv`` (``Date, Link, Message``): the account's own comments, as replies to the post
  in ``Link`` (threads when that post is the account's own).  This file escapes a quote inside a
  quoted message as ``\\"`` where the others double it; both are read.
- ``Reactions.csv`` (``Date, Type, Link``): reactions are not posts; they are only counted, in a
  warning.
- ``Profile.csv`` (``First Name, Last Name, Headline, …``): the owner's name; the handle is the
  name in a public profile URL (``linkedin.com/in/NAME``) where the file has one, else the name.

Dates (``2024-03-05 09:00:00``) are UTC.  A post's id is its URN (``urn:li:activity:…``,
``urn:li:share:…``, ``urn:li:ugcPost:…``) from its link; rows without one get a stable
``twoway:…`` hash of their content.  The numbers in these URNs carry their moment like X
snowflakes (milliseconds since 1970, shifted left 22 bits), so the time of a post commented on is
known, and a row whose ``Date`` was left blank still has one.

Every file is streamed with the csv module; records are numbered by the line they start on (the
header is line 1).
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any, BinaryIO
from urllib.parse import unquote

from twoway.clock import parse_iso
from twoway.errors import FormatError, InputError
from twoway.importers import ReadReport, Record
from twoway.importers.csv_text import CsvLines, csv_rows
from twoway.links import make_link
from twoway.model import Account, Kind, Link, Post, Provenance
from twoway.sources import Bundle, DirBundle, FileBundle, member_stem

__all__ = ["IMPORTER", "activity_time", "post_urn"]

_HINT = (
    "give the zip LinkedIn sends after Settings > Data privacy > Get a copy of your data, "
    "or the folder it unpacks to"
)
_FILE = re.compile(r"^(Shares|Comments|InstantReposts|Reactions)(?:_(\d+))?\.csv$", re.IGNORECASE)
_COLUMNS: dict[str, tuple[str, ...]] = {
    "shares": ("Date", "ShareLink", "ShareCommentary"),
    "comments": ("Date", "Link", "Message"),
    "instantreposts": ("Date", "Link"),
    "reactions": ("Date", "Type", "Link"),
}
"""The columns each file must name in its header, in any case (others, such as SharedUrl, are
optional)."""
_POSTS = ("shares", "instantreposts", "comments")
_FILE_NAMES = {
    "shares": "Shares.csv",
    "comments": "Comments.csv",
    "instantreposts": "InstantReposts.csv",
    "reactions": "Reactions.csv",
}

# urn:li:activity:N in a link (percent-encoded or not), or -activity-N- in a /posts/ slug
_POST_URN = re.compile(r"urn:li:(activity|share|ugcPost):(\d{1,20})(?!\d)")
_SLUG_URN = re.compile(r"-(activity|share|ugcPost)-(\d{1,20})(?!\d)")
_COMMENT_URN = re.compile(r"urn:li:comment:\((activity|share|ugcPost):(\d{1,20}),(\d{1,20})\)")
_LAST_NUMBER = re.compile(r"(\d+)\)?$")
_PROFILE = re.compile(r"linkedin\.com/in/([^/?#\s\]\[\"',]+)", re.IGNORECASE)
_LITTLE_HASHTAG = re.compile(r"\{hashtag\|\\?#\|([^}|]*)\}")
_HASHTAG = re.compile(r"(?<![\w&#])[#\uFF03](\w*[^\W\d_]\w*)")
_URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
_URL_TAIL = ".,;:!?)]}'\"…"

_EARLIEST = datetime(2003, 5, 5, tzinfo=UTC)  # LinkedIn opened to the public
_SAME_POST_MS = 1000
"""An activity and the share it shows are minted within a second of each other."""


def activity_time(number: int | str | None) -> datetime | None:
    """The moment a LinkedIn URN number encodes (``number >> 22`` is milliseconds since 1970,
    as in X snowflakes but without X's epoch offset), or ``None`` when it encodes no plausible
    time."""
    try:
        value = int(number)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if value <= 0 or value >= 1 << 64:
        return None
    moment = datetime.fromtimestamp((value >> 22) / 1000, UTC)
    if _EARLIEST <= moment <= datetime.now(UTC) + timedelta(days=2):
        return moment
    return None


def _urn_time(urn: str | None) -> datetime | None:
    """The moment in a post URN, or in a comment URN the comment's own (its last number)."""
    match = _LAST_NUMBER.search(urn) if urn else None
    return activity_time(match.group(1)) if match else None


def post_urn(url: str) -> str | None:
    """The URN of the LinkedIn post a URL points at (``…/feed/update/urn:li:activity:N``,
    percent-encoded or not, or ``…/posts/NAME_SLUG-activity-N-XXXX``), or ``None``."""
    text = unquote(url) if "%" in url else url
    match = _POST_URN.search(text)
    if match is None and "linkedin." in text.lower():
        match = _SLUG_URN.search(text)
    return f"urn:li:{match.group(1)}:{match.group(2)}" if match else None


def _comment_urn(url: str) -> str | None:
    match = _COMMENT_URN.search(unquote(url))
    return f"urn:li:comment:({match.group(1)}:{match.group(2)},{match.group(3)})" if match else None


# ---------------------------------------------------------------------------------------------
# CSV


class _Bad(Exception):
    """A row that cannot become a record; the message says why."""


def _names(header: list[str]) -> list[str]:
    return [name.strip().lstrip("\ufeff").strip().lower() for name in header]


def _kind_of(header: list[str]) -> str | None:
    names = set(_names(header))
    if {"sharelink", "sharecommentary"} <= names:
        return "shares"
    if "type" in names and {"date", "link"} <= names and "message" not in names:
        return "reactions"
    if {"date", "link", "message"} <= names:
        return "comments"
    if names == {"date", "link"}:
        return "instantreposts"
    return None


@dataclass(frozen=True, slots=True)
class _Row:
    line: int
    values: dict[str, str]


def _rows(stream: BinaryIO, where: str, kind: str) -> Iterator[_Row | tuple[int, str]]:
    """The rows of one file as column name -> value, numbered by their first line; a row with
    the wrong number of fields is given as (line, reason)."""
    lines = CsvLines(stream, backslash_quotes=kind == "comments")
    reader = csv.reader(lines)
    try:
        header = next(reader, None)
        if header is None:
            return
        names = _names(header)
        missing = [column for column in _COLUMNS[kind] if column.lower() not in names]
        if missing:
            raise FormatError(
                f"not a LinkedIn {_FILE_NAMES[kind]}: the header has no " + ", ".join(missing),
                file=where,
                record=1,
                hint=_HINT,
            )
        width = len(names)
        for start, _end, fields in csv_rows(reader, lines):
            if isinstance(fields, str):
                yield start, fields
                continue
            if not fields or fields == [""]:
                continue
            if len(fields) != width:
                yield start, f"{len(fields)} fields where the header has {width}"
                continue
            yield _Row(start, dict(zip(names, fields, strict=True)))
    except csv.Error as exc:  # in the header
        raise FormatError(f"unreadable CSV header ({exc})", file=where, hint=_HINT) from None


def _head(bundle: Bundle, name: str) -> list[str] | None:
    """The header of a member, from its first 4 KB."""
    try:
        with bundle.open(name) as stream:
            head = stream.read(4096)
    except InputError:
        return None
    lines = head.decode("utf-8-sig", errors="replace").splitlines()
    try:
        return next(csv.reader(lines[:1]), None)
    except csv.Error:
        return None


# ---------------------------------------------------------------------------------------------
# text


def _plain(text: str) -> str:
    text = _LITTLE_HASHTAG.sub(lambda match: "#" + match.group(1), text)
    return html.unescape(text) if "&" in text else text


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _link(url: str) -> Link:
    urn = post_urn(url)
    link = make_link(url)
    return replace(link, post_id=urn) if urn else link


def _links(text: str, extra: str = "") -> tuple[Link, ...]:
    urls = [match.group(0).rstrip(_URL_TAIL) for match in _URL.finditer(text)]
    if extra:
        urls.insert(0, extra)
    return tuple(_link(url) for url in _unique(url for url in urls if url))


def _when(value: str, what: str) -> datetime:
    text = value.strip()
    if text.endswith(" UTC"):
        text = text[:-4]
    try:
        return parse_iso(text)
    except (ValueError, OverflowError):
        shown = value if len(value) <= 40 else value[:40] + "…"
        raise _Bad(f"{what} {shown!r} is not a time like '2024-03-05 09:00:00'") from None


def _hash(*parts: str) -> str:
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass"), digest_size=10)
    return f"twoway:{parts[0]}:{digest.hexdigest()}"


# ---------------------------------------------------------------------------------------------
# the owner


@dataclass(frozen=True, slots=True)
class _Owner:
    id: str
    handle: str
    name: str | None


def _owner(
    bundle: Bundle, profile: str | None, member_id: str | None, report: ReadReport
) -> _Owner:
    name = vanity = None
    if profile is not None:
        where = bundle.where(profile)
        try:
            with bundle.open(profile) as stream:
                rows = _profile_rows(stream, where)
                row = next(rows, None)
        except FormatError as exc:
            report.skip_file(where, exc.problem)
            row = None
        else:
            report.files_read.append(where)
        if row is not None:
            first, last = row.get("first name", "").strip(), row.get("last name", "").strip()
            name = f"{first} {last}".strip() or None
            for column, value in row.items():
                match = _PROFILE.search(value) if "url" in column else None
                if match:
                    vanity = unquote(match.group(1)).strip("/")
                    break
    else:
        report.warn(
            f"{bundle.label}: no Profile.csv, so the owner's name is unknown; "
            "include it when you request the export"
        )
    handle = vanity or name or member_id or ""
    return _Owner(id=member_id or handle, handle=handle, name=name)


def _profile_rows(stream: BinaryIO, where: str) -> Iterator[dict[str, str]]:
    """The rows of Profile.csv that can be read (the owner's name is taken from the first)."""
    lines = CsvLines(stream)
    reader = csv.reader(lines)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise FormatError(f"unreadable CSV header ({exc})", file=where) from None
    if header is None:
        return
    names = _names(header)
    if "first name" not in names:
        raise FormatError("no First Name column", file=where, record=1)
    for _start, _end, fields in csv_rows(reader, lines):
        if fields and not isinstance(fields, str):
            yield dict(zip(names, fields, strict=False))


# ---------------------------------------------------------------------------------------------
# the importer


@dataclass
class _Files:
    """The export's files that twoway reads, by kind, and the member id in their names."""

    by_kind: dict[str, list[str]]
    profile: str | None
    member_id: str | None


class LinkedInImporter:
    name = "linkedin"
    platform = "linkedin"
    version = "1"
    description = (
        "LinkedIn data export (zip or folder): Shares.csv, InstantReposts.csv and Comments.csv; "
        "the owner from Profile.csv"
    )

    def files(self, bundle: Bundle) -> _Files:
        """The export's files: at the top of a folder, or at most one folder down in an archive
        (a folder of several exports is read export by export)."""
        by_kind: dict[str, list[str]] = {kind: [] for kind in _COLUMNS}
        profile = member_id = None
        deepest = 0 if isinstance(bundle, DirBundle) else 1
        for name in sorted(bundle.names()):
            if name.count("/") > deepest:
                continue
            stem = member_stem(name)
            match = _FILE.match(stem)
            if match:
                by_kind[match.group(1).lower()].append(name)
                member_id = member_id or match.group(2)
            elif stem.lower() == "profile.csv" and profile is None:
                profile = name
        return _Files(by_kind, profile, member_id)

    def detect(self, bundle: Bundle) -> bool:
        if isinstance(bundle, FileBundle):
            header = _head(bundle, bundle.names()[0])
            return header is not None and _kind_of(header) in _POSTS
        found = self.files(bundle)
        for kind in _POSTS:
            for name in found.by_kind[kind]:
                header = _head(bundle, name)
                if header is not None and _kind_of(header) == kind:
                    return True
        return False

    def read(self, bundle: Bundle, report: ReadReport) -> Iterator[Record]:
        if isinstance(bundle, FileBundle):
            name = bundle.names()[0]
            header = _head(bundle, name)
            kind = _kind_of(header) if header is not None else None
            if kind not in _POSTS:
                raise FormatError(
                    "not a LinkedIn Shares.csv, InstantReposts.csv or Comments.csv "
                    "(no Date, ShareLink, ShareCommentary or Date, Link, Message header)",
                    file=bundle.label,
                    record=1,
                    hint=_HINT,
                )
            match = _FILE.match(name)
            found = _Files({k: [name] if k == kind else [] for k in _COLUMNS}, None, None)
            if match:
                found.member_id = match.group(2)
        else:
            found = self.files(bundle)
            if not any(found.by_kind[kind] for kind in _POSTS):
                raise FormatError(
                    "no Shares.csv, InstantReposts.csv or Comments.csv in it",
                    file=bundle.label,
                    hint=_HINT,
                )
        owner = _owner(bundle, found.profile, found.member_id, report)
        yield Account(
            platform="linkedin", id=owner.id, handle=owner.handle, display_name=owner.name
        )
        reader = _Reader(self, owner, report)
        for kind in _POSTS:
            for name in found.by_kind[kind]:
                where = bundle.where(name)
                report.files_read.append(where)
                with bundle.open(name, report.progress) as stream:
                    yield from reader.read(stream, where, kind)
        for name in found.by_kind["reactions"]:
            where = bundle.where(name)
            try:
                with bundle.open(name, report.progress) as stream:
                    count = sum(isinstance(row, _Row) for row in _rows(stream, where, "reactions"))
            except FormatError as exc:
                report.skip_file(where, exc.problem)
                continue
            report.files_read.append(where)
            if count:
                report.warn(
                    f"{where}: reactions are not posts: the {count} the account gave "
                    f"{'were' if count != 1 else 'was'} not imported"
                )


class _Reader:
    """Turns rows into posts, remembering the account's own post ids (for threads) and every id
    made (a row repeated, as in two exports side by side, is skipped)."""

    def __init__(self, importer: LinkedInImporter, owner: _Owner, report: ReadReport) -> None:
        self.importer = importer
        self.owner = owner
        self.report = report
        self.seen: set[str] = set()
        self.own: set[str] = set()
        self.own_ms: list[int] = []

    def read(self, stream: BinaryIO, where: str, kind: str) -> Iterator[Post]:
        make = {"shares": self.share, "instantreposts": self.instant, "comments": self.comment}[
            kind
        ]
        for row in _rows(stream, where, kind):
            if not isinstance(row, _Row):
                self.report.skip_record(where, row[0], row[1])
                continue
            provenance = Provenance(
                file=where,
                record=row.line,
                importer=self.importer.name,
                version=self.importer.version,
            )
            try:
                post = make(row.values, provenance)
            except _Bad as exc:
                self.report.skip_record(where, row.line, str(exc))
                continue
            if post.id in self.seen:
                self.report.skip_record(
                    where, row.line, f"{post.id} again (the first row with it is kept)"
                )
                continue
            self.seen.add(post.id)
            if kind == "shares":
                self.remember_own(post.id)
            yield post

    def remember_own(self, urn: str) -> None:
        self.own.add(urn)
        moment = _urn_time(urn)
        if moment is not None:
            bisect.insort(self.own_ms, int(moment.timestamp() * 1000))

    def is_own(self, urn: str | None) -> bool:
        """Whether ``urn`` is one of the account's shares, or the activity that shows one (minted
        within a second of it)."""
        if urn is None:
            return False
        if urn in self.own:
            return True
        moment = _urn_time(urn)
        if moment is None or not self.own_ms:
            return False
        ms = int(moment.timestamp() * 1000)
        place = bisect.bisect_left(self.own_ms, ms)
        near = self.own_ms[max(place - 1, 0) : place + 1]
        return any(abs(ms - other) <= _SAME_POST_MS for other in near)

    def _post(self, **fields: Any) -> Post:
        return Post(
            platform="linkedin", account=self.owner.handle, account_id=self.owner.id, **fields
        )

    def share(self, row: dict[str, str], provenance: Provenance) -> Post:
        link = row["sharelink"].strip()
        text = _plain(row["sharecommentary"])
        shared = row.get("sharedurl", "").strip()
        media = row.get("mediaurl", "").strip()
        urn = post_urn(link) if link else None
        created = _created(row["date"], urn, "Date")
        post_id = urn or _hash("share", row["date"], link, text, shared, media)
        shared_post = post_urn(shared) if shared else None
        if shared_post == post_id:
            shared_post = None
        guessed = not text.strip()
        quoted_id = reposted_id = None
        if not guessed:
            kind = Kind.QUOTE if shared_post else Kind.ORIGINAL
            quoted_id = shared_post
        elif media or (shared and not shared_post):
            kind = Kind.ORIGINAL  # a photo or a link to a web page, without words
        else:
            kind = Kind.REPOST
            reposted_id = shared_post
        visibility = row.get("visibility", "").strip().lower()
        return self._post(
            id=post_id,
            created_at=created,
            text=text,
            kind=kind,
            kind_guessed=guessed,
            provenance=provenance,
            url=link or None,
            quoted_id=quoted_id,
            reposted_id=reposted_id,
            links=() if kind is Kind.REPOST else _links(text, shared),
            hashtags=_unique(_HASHTAG.findall(text)),
            media_count=1 if media else 0,
            visibility=visibility or None,
        )

    def instant(self, row: dict[str, str], provenance: Provenance) -> Post:
        link = row["link"].strip()
        original = post_urn(link) if link else None
        return self._post(
            id=_hash("repost", row["date"], link),
            created_at=_when(row["date"], "Date"),
            text="",
            kind=Kind.REPOST,
            provenance=provenance,
            reposted_id=original,
        )

    def comment(self, row: dict[str, str], provenance: Provenance) -> Post:
        link = row["link"].strip()
        text = _plain(row["message"])
        parent = post_urn(link.split("?", 1)[0]) if link else None
        if parent is None and link:
            parent = post_urn(link)
        own_id = _comment_urn(link) if link else None
        created = _created(row["date"], own_id, "Date")
        own = self.is_own(parent)
        return self._post(
            id=own_id or _hash("comment", row["date"], link, text),
            created_at=created,
            text=text,
            kind=Kind.THREAD if own else Kind.REPLY,
            provenance=provenance,
            url=link if own_id else None,
            reply_to_id=parent,
            reply_to_account_id=self.owner.id if own else None,
            reply_to_account=self.owner.handle if own else None,
            reply_to_time=_urn_time(parent),
            conversation_id=parent,
            links=_links(text),
            hashtags=_unique(_HASHTAG.findall(text)),
        )


def _created(value: str, urn: str | None, column: str) -> datetime:
    """The row's time; a blank one (the export leaves some blank) from the id, where it has one."""
    if value.strip():
        return _when(value, column)
    moment = _urn_time(urn)
    if moment is None:
        raise _Bad(f"no {column}, and no id in its link to read the time from")
    return moment


IMPORTER = LinkedInImporter()
