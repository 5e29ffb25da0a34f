"""Facebook Page posts, as the CSV Meta Business Suite exports (Insights > Content > Export data,
"Posts"; file names like ``Mar-01-2024_Mar-31-2024_1234567890123456.csv``), alone or in a zip.

One row per post, UTF-8 with a byte-order mark, lifetime totals as of the day of the export.
The columns change with the months (negative-feedback columns come and go) and with the language
of the interface; twoway reads the English names, in any order and case, and ignores the rest:

==========================  ==============================================================
``Post ID``                 the post's id (required)
``Publish time``            when it was published, ``03/05/2024 09:00`` (required)
``Page ID``, ``Page name``  the Page: account id and name (at least one required)
``Title``, ``Description``  the post's words: whichever is longer (Meta puts the caption in
                            one or the other depending on the post type)
``Permalink``               the post's address
``Post type``               ``Photos``, ``Videos``, ``Reels``, ``Links``…; a type that says
                            *shared* makes the post a quote, or a repost when it has no words
``Reactions``               likes (all reactions)
``Comments``                replies
``Shares``                  reposts
==========================  ==============================================================

``Publish time`` carries no time zone.  Meta writes it in the time zone Business Suite shows the
person exporting; twoway cannot know which, reads it as UTC, and says so in a warning: the days
of posts are right, their hours may be off by the exporter's offset from UTC.  Counts may carry
thousands separators (``"1,204"``); an empty count is unknown (``None``).  A ``Post ID`` that a
spreadsheet rounded to ``1.22158E+17`` cannot be repaired: its row is skipped.

A file is streamed with the csv module; records are numbered by the line they start on (the
header is line 1), so a skipped row is reported with its line.
"""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import BinaryIO

from twoway.clock import parse_iso
from twoway.errors import FormatError, InputError
from twoway.importers import ReadReport, Record
from twoway.importers.csv_text import CsvExport, CsvLines, csv_rows
from twoway.links import make_link
from twoway.model import MAX_COUNT, Account, Kind, Post, Provenance
from twoway.sources import Bundle

__all__ = ["IMPORTER"]

_HINT = (
    "give the Posts CSV from Meta Business Suite (Insights > Content > Export data), "
    "as it was downloaded"
)
_POST_ID = re.compile(r"\d{1,25}(?:_\d{1,25})?")
_ROUNDED = re.compile(r"\d(?:[.,]\d+)?E\+?\d+", re.IGNORECASE)
_COUNT = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_TIME_FORMATS = ("%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y")
_HASHTAG = re.compile(r"(?<![\w&#])[#\uFF03](\w*[^\W\d_]\w*)")
_URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
_URL_TAIL = ".,;:!?)]}'\"…"


@dataclass(frozen=True, slots=True)
class _Columns:
    """Where each column twoway reads is in a row (-1: absent), and how many fields a row has."""

    width: int
    post_id: int
    publish_time: int
    page_id: int
    page_name: int
    title: int
    description: int
    permalink: int
    post_type: int
    reactions: int
    comments: int
    shares: int


def _names(header: list[str]) -> list[str]:
    return [" ".join(name.strip().lstrip("\ufeff").split()).lower() for name in header]


def _columns(header: list[str]) -> _Columns | None:
    names = _names(header)
    if "post id" not in names or "publish time" not in names:
        return None
    if "page id" not in names and "page name" not in names:
        return None

    def at(name: str) -> int:
        return names.index(name) if name in names else -1

    return _Columns(
        width=len(names),
        post_id=at("post id"),
        publish_time=at("publish time"),
        page_id=at("page id"),
        page_name=at("page name"),
        title=at("title"),
        description=at("description"),
        permalink=at("permalink"),
        post_type=at("post type"),
        reactions=at("reactions"),
        comments=at("comments"),
        shares=at("shares"),
    )


def _missing(header: list[str]) -> str:
    names = set(_names(header))
    missing = [n for n in ("Post ID", "Publish time") if n.lower() not in names]
    if "page id" not in names and "page name" not in names:
        missing.append("Page ID or Page name")
    return ", ".join(missing)


class _Bad(Exception):
    """A row that cannot become a post; the message says why."""


class _Rounded(_Bad):
    """A Post ID that a spreadsheet turned into a rounded number."""


def _shown(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:40] + "…")


def _head_columns(bundle: Bundle, name: str) -> _Columns | None:
    """The columns named on the first line of ``name``, if it is a Page posts CSV."""
    try:
        with bundle.open(name) as stream:
            head = stream.read(8192)
    except InputError:
        return None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16: Meta's page-level exports, not the posts one
    lines = head.decode("utf-8-sig", errors="replace").splitlines()
    if lines and lines[0].strip().lower().startswith("sep="):
        lines = lines[1:]  # Excel's separator hint line
    try:
        header = next(csv.reader(lines[:1]), [])
    except csv.Error:
        return None
    return _columns(header)


def _count(value: str, column: str, bad: list[str]) -> int | None:
    text = value.strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    whole = text[:-2] if text.endswith(".0") else text
    if _COUNT.fullmatch(whole):
        count = int(whole.replace(",", ""))
        if count <= MAX_COUNT:
            return count
    bad.append(column)
    return None


def _publish_time(value: str) -> datetime:
    text = value.strip()
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    if len(text) >= 10 and text[4] == "-":
        try:
            return parse_iso(text)
        except (ValueError, OverflowError):
            pass
    raise _Bad(f"Publish time {_shown(value)} is not a time like '03/05/2024 09:00'")


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _field(fields: list[str], at: int) -> str:
    return fields[at] if at >= 0 else ""


class BusinessSuiteImporter(CsvExport):
    name = "business-suite"
    platform = "facebook"
    version = "1"
    description = (
        "Facebook Page posts CSV from Meta Business Suite (Insights > Content > Export data): "
        "posts with their reactions, comments and shares"
    )

    what = "Page posts CSV"
    hint = _HINT

    def header_fits(self, bundle: Bundle, name: str) -> bool:
        return _head_columns(bundle, name) is not None

    def read(self, bundle: Bundle, report: ReadReport) -> Iterator[Record]:
        files = self.files_to_read(bundle)
        pages: set[tuple[str, str]] = set()
        seen: set[str] = set()
        for name in files:
            where = bundle.where(name)
            report.files_read.append(where)
            with bundle.open(name, report.progress) as stream:
                yield from self._read_file(stream, where, report, pages, seen)

    def _read_file(
        self,
        stream: BinaryIO,
        where: str,
        report: ReadReport,
        pages: set[tuple[str, str]],
        seen: set[str],
    ) -> Iterator[Record]:
        lines = CsvLines(stream)
        reader = csv.reader(lines)
        bad_counts = rounded = read = 0
        try:
            header = next(reader, [])
            if header and header[0].strip().lower() == "sep=":  # Excel's separator hint line
                header = next(reader, [])
            columns = _columns(header)
            if columns is None:
                raise FormatError(
                    f"not a Meta Business Suite posts CSV: the header has no {_missing(header)}",
                    file=where,
                    record=reader.line_num or 1,
                    hint=_HINT,
                )
            for start, _end, fields in csv_rows(reader, lines):
                if isinstance(fields, str):
                    report.skip_record(where, start, fields)
                    continue
                if not fields or fields == [""]:
                    continue
                if len(fields) != columns.width:
                    report.skip_record(
                        where,
                        start,
                        f"{len(fields)} fields where the header has {columns.width} "
                        "(a comma or line break outside quotes?)",
                    )
                    continue
                provenance = Provenance(
                    file=where, record=start, importer=self.name, version=self.version
                )
                bad: list[str] = []
                try:
                    post = _post(fields, columns, provenance, bad)
                except _Bad as exc:
                    report.skip_record(where, start, str(exc))
                    rounded += isinstance(exc, _Rounded)
                    continue
                if bad:
                    bad_counts += 1
                if post.id in seen:
                    report.skip_record(
                        where, start, f"Post ID {post.id} again (the first row with it is kept)"
                    )
                    continue
                seen.add(post.id)
                page = (post.account_id, post.account)
                if page not in pages:
                    pages.add(page)
                    yield Account(
                        platform="facebook",
                        id=post.account_id,
                        handle=post.account,
                        display_name=post.account or None,
                    )
                read += 1
                yield post
        except csv.Error as exc:  # in the header
            raise FormatError(f"unreadable CSV header ({exc})", file=where, hint=_HINT) from None
        if read:
            report.warn(
                f"{where}: 'Publish time' has no time zone and was read as UTC; the hours of "
                "posts may be off by the exporter's offset from UTC"
            )
        if bad_counts:
            report.warn(
                f"{where}: {bad_counts} row{'s' if bad_counts != 1 else ''} had a reaction, "
                "comment or share count that is not a number; those counts are left unknown"
            )
        if rounded:
            report.warn(
                f"{where}: {rounded} Post ID{'s were' if rounded != 1 else ' was'} rounded by "
                "a spreadsheet; export the CSV again and give it to twoway without opening and "
                "saving it in Excel"
            )


def _post(fields: list[str], columns: _Columns, provenance: Provenance, bad: list[str]) -> Post:
    post_id = fields[columns.post_id].strip()
    if not post_id:
        raise _Bad("no Post ID")
    if not _POST_ID.fullmatch(post_id):
        if _ROUNDED.fullmatch(post_id):
            raise _Rounded(f"Post ID {_shown(post_id)} was rounded by a spreadsheet")
        raise _Bad(f"Post ID {_shown(post_id)} is not an id")
    created = _publish_time(fields[columns.publish_time])
    page_id = _field(fields, columns.page_id).strip()
    page_name = _field(fields, columns.page_name).strip()
    if page_id and not _POST_ID.fullmatch(page_id):
        page_id = ""  # rounded by a spreadsheet: the name still tells the Page
    if not page_id and not page_name:
        raise _Bad("no Page ID or Page name")
    title = _field(fields, columns.title).strip()
    description = _field(fields, columns.description).strip()
    text = description if len(description) >= len(title) else title
    if "&" in text:
        text = html.unescape(text)
    post_type = _field(fields, columns.post_type).strip().lower()
    kind = Kind.ORIGINAL
    if "shar" in post_type:  # "Shared post", "SharedVideo": another post, with or without words
        kind = Kind.QUOTE if text else Kind.REPOST
    urls = _unique(match.group(0).rstrip(_URL_TAIL) for match in _URL.finditer(text))
    links = tuple(make_link(url) for url in urls if url)
    quoted_id = next((link.post_id for link in links if link.post_id), None)
    permalink = _field(fields, columns.permalink).strip()
    return Post(
        platform="facebook",
        account=page_name or page_id,
        account_id=page_id or page_name,
        id=post_id,
        created_at=created,
        text=text,
        kind=kind,
        provenance=provenance,
        url=permalink or None,
        quoted_id=quoted_id if kind is Kind.QUOTE else None,
        links=links,
        hashtags=_unique(_HASHTAG.findall(text)),
        likes=_count(_field(fields, columns.reactions), "Reactions", bad),
        replies=_count(_field(fields, columns.comments), "Comments", bad),
        reposts=_count(_field(fields, columns.shares), "Shares", bad),
    )


IMPORTER = BusinessSuiteImporter()
