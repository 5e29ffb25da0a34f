"""Customer-conversation CSV: the "Customer Support on Twitter" dataset (Kaggle ``twcs.csv``).

One row per tweet, with the columns ``tweet_id, author_id, inbound, created_at, text,
response_tweet_id, in_response_to_tweet_id`` (a copy saved by pandas has an extra unnamed index
column first).  The file holds many brands at once:

- every author of a row with ``inbound`` False is a brand: an :class:`~twoway.model.Account`
  (id = handle = ``author_id``), and its rows are its :class:`~twoway.model.Post` records;
  ``in_response_to_tweet_id`` makes a post a reply, or a thread when the parent is the brand's own;
- a customer row (``inbound`` True) is an :class:`~twoway.model.Interaction` of brand B when it
  replies to a post of B, names ``@B`` in its text, or when B answered it; one customer tweet can
  be an interaction of several brands.

The ids are anonymised sequential numbers, not snowflakes: no time is decoded from them, and a
parent's time is known only when the parent is in the file.  Ids written as floats (``3425.0``)
are read as whole numbers.

The file is read twice, streaming: a first pass keeps only a few numbers per row in arrays (id,
author, parent, time), and a second pass yields the records; texts are never all held at once.
Records are numbered by the line of the file they start on (the header is line 1).  A row cut in
two by a line break outside quotes is reported as skipped, with its line number.
"""

from __future__ import annotations

import csv
import html
import re
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import BinaryIO, NamedTuple

from twoway.clock import parse_twitter_time
from twoway.errors import FormatError, InputError
from twoway.importers import ReadReport, Record
from twoway.importers.csv_text import CsvExport, CsvLines, csv_rows
from twoway.links import make_link
from twoway.model import Account, Interaction, Kind, Link, Post, Provenance
from twoway.sources import Bundle, Progress

__all__ = ["IMPORTER"]

_COLUMNS = (
    "tweet_id",
    "author_id",
    "inbound",
    "created_at",
    "text",
    "response_tweet_id",
    "in_response_to_tweet_id",
)
"""The columns a conversation CSV must name in its header (in any order)."""

_HINT = "give the twcs.csv file of the 'Customer Support on Twitter' dataset, saved as UTF-8 CSV"
_ID = re.compile(r"\s*(\d{1,18})(?:\.0*)?\s*")
_IDS = re.compile(r"\s*\d{1,18}(?:\.0*)?\s*(?:,\s*\d{1,18}(?:\.0*)?\s*)*")  # "9,6,10.0"
# Twitter's rule: no letter, digit or one of !#$%&*@ right before the @.
_MENTION = re.compile(r"(?<![A-Za-z0-9_!#$%&*@\uFF20])[@\uFF20]([A-Za-z0-9_]+)")
_HASHTAG = re.compile(r"(?<![\w&])[#\uFF03](\w*[^\W\d_]\w*)")
_NUMBER = re.compile(r"0|[1-9][0-9]{0,17}")  # a customer's anonymised author_id
_URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
_URL_TAIL = ".,;:!?)]}'\"…"


@dataclass(frozen=True, slots=True)
class _Columns:
    """Where each needed column is in a row, and how many fields a row has."""

    width: int
    tweet_id: int
    author_id: int
    inbound: int
    created_at: int
    text: int
    response: int
    parent: int


def _columns(header: list[str]) -> _Columns | None:
    names = [field.strip().lstrip("\ufeff").strip().lower() for field in header]
    if not all(column in names for column in _COLUMNS):
        return None
    return _Columns(len(header), *(names.index(column) for column in _COLUMNS))


def _missing(header: list[str]) -> list[str]:
    names = {field.strip().lstrip("\ufeff").strip().lower() for field in header}
    return [column for column in _COLUMNS if column not in names]


class _Row(NamedTuple):
    """A row as the second pass needs it."""

    line: int
    tweet_id: int
    author: str
    inbound: bool
    created_at: datetime
    parent: int  # -1: none
    text: str


class _Skip(NamedTuple):
    line: int
    reason: str


class _Bad(Exception):
    """A row that cannot be read; the message says why."""


def _shown(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:40] + "…")


def _parse_id(value: str, column: str) -> int:
    match = _ID.fullmatch(value)
    if match is None:
        raise _Bad(f"{column} {_shown(value)} is not a whole number")
    return int(match.group(1))


def _whole(value: str) -> int:
    """An id already checked by :func:`_parse_id`: ``3425.0`` -> 3425."""
    return int(value.partition(".")[0])


def _check(fields: list[str], columns: _Columns) -> tuple[int, str, bool, int, int]:
    """Check a row, and give what the first pass keeps of it: tweet id, author, inbound,
    created_at as seconds since 1970 and parent id (-1 for none).  Raises :class:`_Bad`."""
    tweet_id = _parse_id(fields[columns.tweet_id], "tweet_id")
    author = fields[columns.author_id].strip()
    if not author:
        raise _Bad("empty author_id")
    inbound = fields[columns.inbound].strip().lower()
    if inbound not in ("true", "false", "1", "0"):
        raise _Bad(f"inbound {_shown(fields[columns.inbound])} is not True or False")
    value = fields[columns.created_at]
    try:
        created_at = int(parse_twitter_time(value.strip()).timestamp())
    except (ValueError, OverflowError):
        raise _Bad(
            f"created_at {_shown(value)} is not a time like 'Tue Oct 31 22:10:47 +0000 2017'"
        ) from None
    responses = fields[columns.response]
    if responses.strip() and not _IDS.fullmatch(responses):
        for part in responses.split(","):
            _parse_id(part, "response_tweet_id")
    parent = fields[columns.parent]
    return (
        tweet_id,
        author,
        inbound in ("true", "1"),
        created_at,
        _parse_id(parent, "in_response_to_tweet_id") if parent.strip() else -1,
    )


def _head_columns(bundle: Bundle, name: str) -> _Columns | None:
    """The columns named on the first line of ``name``, if it is a conversation CSV."""
    try:
        with bundle.open(name) as stream:
            head = stream.read(4096)
    except InputError:
        return None
    lines = head.decode("utf-8-sig", errors="replace").splitlines()
    try:
        header = next(csv.reader(lines[:1]), [])
    except csv.Error:
        return None
    return _columns(header)


def _read_rows(stream: BinaryIO, where: str) -> Iterator[tuple[int, list[str], _Columns] | _Skip]:
    """The rows of one CSV file: (line, fields, columns) for each row with as many fields as
    the header, and the reason for each row without."""
    lines = CsvLines(stream)
    reader = csv.reader(lines)
    try:
        header = next(reader, [])
    except csv.Error as exc:
        raise FormatError(f"unreadable CSV header ({exc})", file=where, hint=_HINT) from None
    columns = _columns(header)
    if columns is None:
        raise FormatError(
            "not a customer-conversation CSV: the header has no " + ", ".join(_missing(header)),
            file=where,
            record=1,
            hint=_HINT,
        )
    end = reader.line_num
    width = columns.width
    broken_at = broken_fields = joined = 0  # a row cut by line breaks outside quotes
    for start, end, fields in csv_rows(reader, lines):
        if isinstance(fields, str):  # unreadable: it ends a broken row before it
            if broken_at:
                yield _broken(broken_at, start - 1, broken_fields, width)
                broken_at = 0
            yield _Skip(start, fields)
            continue
        count = len(fields)
        if broken_at:
            if count < width:  # one more piece of the broken row
                joined += max(count, 1) - 1
                if joined < width:
                    continue
                yield _broken(broken_at, end, broken_fields, width)
                broken_at = 0
                continue
            yield _broken(broken_at, start - 1, broken_fields, width)
            broken_at = 0
        if count == width:
            yield start, fields, columns
        elif count == 0:
            continue
        elif count < width:
            broken_at, broken_fields, joined = start, count, count
        else:
            yield _Skip(
                start, f"{count} fields where the header has {width} (a comma outside quotes?)"
            )
    if broken_at:
        yield _broken(broken_at, end, broken_fields, width)


def _broken(start: int, end: int, fields: int, width: int) -> _Skip:
    lines = f"line {start}" if end == start else f"lines {start}-{end}"
    return _Skip(
        start,
        f"row broken by a line break outside quotes ({lines}; {fields} of {width} fields)",
    )


def _rows_array(size: int, rows: int) -> array[int]:
    """An array of ``size`` zeros wide enough for row numbers up to ``rows``."""
    return array("i" if rows < 2**31 - 1 else "q", [0]) * size


class _Index:
    """A few numbers per row, kept between the two passes: id, author, inbound, parent, time.

    Authors are numbers: a customer's numeric id as itself, any other author as ``-(n + 1)`` for
    its place in :attr:`names`.
    """

    def __init__(self) -> None:
        self.ids: array[int] = array("q")
        self.authors: array[int] = array("q")
        self.inbound = bytearray()
        self.parents: array[int] = array("q")  # parent ids, then (after finish) parent rows
        self.times: array[int] = array("q")
        self.names: list[str] = []
        self._codes: dict[str, int] = {}
        self.duplicate = bytearray()
        self.child_start: array[int] = array("i")
        self.children: array[int] = array("i")
        self.brands: list[str] = []
        self.brand_names: dict[str, list[str]] = {}

    def add(self, tweet_id: int, author: str, inbound: bool, created_at: int, parent: int) -> None:
        self.ids.append(tweet_id)
        self.authors.append(self.code(author))
        self.inbound.append(inbound)
        self.times.append(created_at)
        self.parents.append(parent)

    def code(self, author: str) -> int:
        if _NUMBER.fullmatch(author):
            return int(author)
        code = self._codes.get(author)
        if code is None:
            code = self._codes[author] = len(self.names)
            self.names.append(author)
        return -(code + 1)

    def author(self, row: int) -> str:
        code = self.authors[row]
        return str(code) if code >= 0 else self.names[-code - 1]

    def time(self, row: int) -> datetime:
        return datetime.fromtimestamp(self.times[row], UTC)

    def finish(self) -> None:
        """Mark repeated ids, turn parent ids into parent rows, and list each row's brand
        answers (rows of non-inbound authors that reply to it)."""
        count = len(self.ids)
        row_of = self._row_lookup()
        parents = self.parents
        for row in range(count):
            parent = parents[row]
            parents[row] = row_of(parent) if parent >= 0 else -1
        inbound, duplicate = self.inbound, self.duplicate
        starts = _rows_array(count + 1, count)
        first_rows: dict[int, int] = {}  # brand author -> its first row
        for row in range(count):
            if not inbound[row] and not duplicate[row]:
                first_rows.setdefault(self.authors[row], row)
                if parents[row] >= 0:
                    starts[parents[row] + 1] += 1
        for row in range(count):
            starts[row + 1] += starts[row]
        children = _rows_array(starts[count], count)
        filled = starts[:count]
        for row in range(count):
            parent = parents[row]
            if parent >= 0 and not inbound[row] and not duplicate[row]:
                children[filled[parent]] = row
                filled[parent] += 1
        self.child_start, self.children = starts, children
        self.brands = [self.author(row) for row in first_rows.values()]
        for brand in self.brands:
            self.brand_names.setdefault(brand.lower(), []).append(brand)

    def _row_lookup(self) -> Callable[[int], int]:
        """The row of each id (-1 when absent), marking later rows with an id already seen as
        duplicates.  The Kaggle ids are small sequential numbers: a flat table then, else a dict."""
        ids = self.ids
        self.duplicate = bytearray(len(ids))
        top = max(ids, default=-1)
        if top < 4 * len(ids) + (1 << 20):
            table = _rows_array(top + 1, len(ids))  # row + 1, 0 when absent
            for row, tweet_id in enumerate(ids):
                if table[tweet_id]:
                    self.duplicate[row] = 1
                else:
                    table[tweet_id] = row + 1
            size = len(table)
            return lambda tweet_id: table[tweet_id] - 1 if tweet_id < size else -1
        rows: dict[int, int] = {}
        for row, tweet_id in enumerate(ids):
            if rows.setdefault(tweet_id, row) != row:
                self.duplicate[row] = 1
        return lambda tweet_id: rows.get(tweet_id, -1)

    def answered_by(self, row: int) -> Iterator[tuple[str, int]]:
        """(brand, post id) of every brand post that replies to ``row``."""
        for place in range(self.child_start[row], self.child_start[row + 1]):
            child = self.children[place]
            yield self.author(child), self.ids[child]


class _HalfProgress:
    """Passes on half the bytes read, as each file is read twice."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._read = self._told = 0

    def __call__(self, size: int) -> None:
        self._read += size
        half = self._read // 2
        if half > self._told:
            self._progress(half - self._told)
            self._told = half


def _plain(text: str) -> str:
    return html.unescape(text) if "&" in text else text


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


class ConversationsImporter(CsvExport):
    name = "conversations"
    platform = "x"
    version = "1"
    description = (
        "customer-conversation CSV ('Customer Support on Twitter', twcs.csv): "
        "brands' posts and the customer tweets they answered"
    )

    what = "customer-conversation CSV"
    hint = _HINT

    def header_fits(self, bundle: Bundle, name: str) -> bool:
        return _head_columns(bundle, name) is not None

    def read(self, bundle: Bundle, report: ReadReport) -> Iterator[Record]:
        files = self.files_to_read(bundle)
        progress = _HalfProgress(report.progress) if report.progress is not None else None
        index = _Index()
        bad_lines: dict[str, set[int]] = {}
        for name in files:
            where = bundle.where(name)
            report.files_read.append(where)
            bad = bad_lines[name] = set()
            with bundle.open(name, progress) as stream:
                for item in _read_rows(stream, where):
                    if isinstance(item, _Skip):
                        report.skip_record(where, item.line, item.reason)
                        continue
                    line, fields, columns = item
                    try:
                        index.add(*_check(fields, columns))
                    except _Bad as exc:
                        report.skip_record(where, line, str(exc))
                        bad.add(line)
        index.finish()
        for brand in index.brands:
            yield Account(platform="x", id=brand, handle=brand)
        row = 0
        for name in files:
            where, bad = bundle.where(name), bad_lines[name]
            with bundle.open(name, progress) as stream:
                for item in _read_rows(stream, where):
                    if isinstance(item, _Skip) or item[0] in bad:
                        continue
                    line, fields, columns = item
                    tweet_id = _whole(fields[columns.tweet_id])
                    if index.duplicate[row]:
                        report.skip_record(
                            where,
                            line,
                            f"tweet_id {tweet_id} again (the first row with it is kept)",
                        )
                    else:
                        parent = fields[columns.parent]
                        found = _Row(
                            line=line,
                            tweet_id=tweet_id,
                            author=fields[columns.author_id].strip(),
                            inbound=bool(index.inbound[row]),
                            created_at=index.time(row),
                            parent=_whole(parent) if parent.strip() else -1,
                            text=fields[columns.text],
                        )
                        provenance = Provenance(
                            file=where, record=line, importer=self.name, version=self.version
                        )
                        if found.inbound:
                            yield from _interactions(found, row, index, provenance)
                        else:
                            yield _post(found, row, index, provenance)
                    row += 1


def _post(item: _Row, row: int, index: _Index, provenance: Provenance) -> Post:
    text = _plain(item.text)
    links: list[Link] = []
    for match in _URL.finditer(text):
        links.append(make_link(match.group(0).rstrip(_URL_TAIL)))
    parent_row = index.parents[row]
    reply_to_account = index.author(parent_row) if parent_row >= 0 else None
    quoted_id = reposted_account = None
    if item.parent >= 0:
        own = reply_to_account == item.author and not index.inbound[parent_row]
        kind = Kind.THREAD if own else Kind.REPLY
    elif text.startswith("RT @"):
        kind = Kind.REPOST
        reposted_account = text[4:].split(":", 1)[0].strip() or None
    else:
        tweet_id = str(item.tweet_id)
        quoted_id = next(
            (link.post_id for link in links if link.post_id and link.post_id != tweet_id), None
        )
        kind = Kind.ORIGINAL if quoted_id is None else Kind.QUOTE
    return Post(
        platform="x",
        account=item.author,
        account_id=item.author,
        id=str(item.tweet_id),
        created_at=item.created_at,
        text=text,
        kind=kind,
        provenance=provenance,
        reply_to_id=str(item.parent) if item.parent >= 0 else None,
        reply_to_account_id=reply_to_account,
        reply_to_account=reply_to_account,
        reply_to_time=index.time(parent_row) if parent_row >= 0 else None,
        quoted_id=quoted_id,
        reposted_account=reposted_account,
        mentions=_unique(_MENTION.findall(text)),
        links=tuple(links),
        hashtags=_unique(_HASHTAG.findall(text)),
    )


def _interactions(
    item: _Row, row: int, index: _Index, provenance: Provenance
) -> Iterator[Interaction]:
    """One interaction for each brand the customer tweet replies to, names, or was answered by."""
    parent_row = index.parents[row]
    replied = None
    if parent_row >= 0 and not index.inbound[parent_row]:
        replied = index.author(parent_row)
    answers: dict[str, list[int]] = {}
    for brand, post_id in index.answered_by(row):
        answers.setdefault(brand, []).append(post_id)
    text = _plain(item.text)
    brands: dict[str, None] = {}
    if replied is not None:
        brands[replied] = None
    for handle in _MENTION.findall(text):
        for brand in index.brand_names.get(handle.lower(), ()):
            brands.setdefault(brand)
    for brand in sorted(answers, key=lambda brand: min(answers[brand])):
        brands.setdefault(brand)
    for brand in brands:
        yield Interaction(
            platform="x",
            account=brand,
            id=str(item.tweet_id),
            author=item.author,
            author_id=item.author,
            created_at=item.created_at,
            text=text,
            type="reply" if brand == replied else "mention",
            provenance=provenance,
            in_reply_to=str(item.parent) if brand == replied else None,
            answered_by=tuple(str(post_id) for post_id in sorted(answers.get(brand, ()))),
        )


IMPORTER = ConversationsImporter()
