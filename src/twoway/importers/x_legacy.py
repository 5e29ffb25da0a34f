"""Legacy X (Twitter) archive, as "Your Twitter archive" gave it until 2018.

The archive holds the same tweets twice: ``tweets.csv`` (one row per tweet, a few fields) and the
Grailbird files ``data/js/tweets/YYYY_MM.js`` (``Grailbird.data.tweets_2017_08 = [ … ]``, tweets in
the v1.1 shape with their entities and a ``user``).  Each tweet is read once: from Grailbird when
it is there, else from its CSV row, made into a v1.1-shaped tweet so that
:func:`~twoway.importers.x_tweet.tweet_to_post` decides every kind.  A single ``tweets.csv`` (or any
CSV with its columns) or a single Grailbird month file can be given alone.

The owner comes from ``data/js/user_details.js``, else from the ``user`` of the Grailbird tweets,
else from tweets.csv itself: the handle from links to the archive's own statuses
(``…/dog_rates/status/<own id>/photo/1``), the id from a reply whose parent is in the archive.
``data/js/payload_details.js`` gives the number of tweets, checked at the end.

tweets.csv keeps no entities: links come from ``expanded_urls`` (a link to a status with
``/photo/`` or ``/video/`` of the tweet itself, of the owner or of the reposted tweet is media, a
link to another status makes a quote), mentions and hashtags from the text.  Copies saved through
a spreadsheet or pandas may hold ids as floats (``8.862663570751283e+17``) that lost their last
digits: a row whose own id is such is skipped; a parent or reposted id is matched to the one tweet
of the archive it can be, else left out (the parent's time is kept: it needs only the top digits).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any, BinaryIO, NamedTuple

import orjson

from twoway.clock import parse_twitter_time
from twoway.errors import FormatError, TwowayError
from twoway.importers import ReadReport, Record
from twoway.importers.csv_text import CsvLines, csv_rows
from twoway.importers.js_data import BadRecord, iter_js_array
from twoway.importers.x_tweet import Owner, tweet_to_post
from twoway.model import Account, Kind, Post, Source
from twoway.sources import Bundle, FileBundle, member_stem

__all__ = ["IMPORTER"]

_CSV_FILE = re.compile(r"^((?:[^/]+/)?)tweets\.csv$", re.IGNORECASE)
_MONTH_FILE = re.compile(r"^((?:[^/]+/)?)data/js/tweets/(\d{4}_\d{2})\.js$")
_CSV_SIGNATURE = frozenset({"tweet_id", "timestamp", "text", "retweeted_status_id"})
_REQUIRED = ("tweet_id", "timestamp", "text")
_COLUMNS = (
    "tweet_id",
    "in_reply_to_status_id",
    "in_reply_to_user_id",
    "timestamp",
    "source",
    "text",
    "retweeted_status_id",
    "retweeted_status_user_id",
    "expanded_urls",
)
_STATUS = re.compile(
    r"^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/([A-Za-z0-9_]+)/status(?:es)?/(\d+)"
    r"(/(?:photo|video)/\d+)?",
    re.IGNORECASE,
)
_URL_START = re.compile(r",\s*(?=https?://)")
_TCO = re.compile(r"https?://t\.co/[A-Za-z0-9]++(?!…)")
_URL_IN_TEXT = re.compile(r"https?://\S+")
_MENTION = re.compile(
    r"(?<![A-Za-z0-9_!#$%&*@\uff20])[@\uff20]([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_@\uff20])"
)
_HASHTAG = re.compile(r"(?<![\w&#\uff03])[#\uff03](\w*[^\W\d_]\w*)")  # \uff03: fullwidth #
_RT_NAME = re.compile(r"^RT @([A-Za-z0-9_]{1,15}):")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MAX_MEDIA = 4
"""The most photos one tweet can carry."""
_BLANK = frozenset({"", "nan", "none", "null"})
_FLOAT_EXACT = 2**53
"""Integers up to this survive being stored as a float; tweet ids since 2010 do not."""
_APPROX_EXPONENT = 6
"""A rounded id whose last 6 digits are lost still gives its tweet's time to the millisecond."""


# --- where the files are ------------------------------------------------------------------


@dataclass(slots=True)
class _Layout:
    """The files of one legacy archive inside a bundle."""

    csv: str | None = None
    months: list[str] = field(default_factory=list)
    user_details: str | None = None
    payload_details: str | None = None


def _head(bundle: Bundle, name: str, size: int = 8192) -> bytes:
    with bundle.open(name) as stream:
        return stream.read(size).removeprefix(b"\xef\xbb\xbf")


def _is_tweets_csv(bundle: Bundle, name: str) -> bool:
    stem = member_stem(name).lower()
    if stem == "tweets.csv":
        return True
    if not stem.endswith(".csv"):
        return False
    line = _head(bundle, name).split(b"\n", 1)[0].decode("utf-8", "replace")
    try:
        header = next(csv.reader([line]), [])
    except csv.Error:
        return False
    return {column.strip().lower() for column in header} >= _CSV_SIGNATURE


def _is_grailbird_file(bundle: Bundle, name: str) -> bool:
    return name.endswith(".js") and _head(bundle, name, 256).lstrip().startswith(
        b"Grailbird.data.tweets_"
    )


def _layouts(bundle: Bundle) -> list[_Layout]:
    """Every legacy archive in ``bundle``: at its top, or one folder down."""
    if isinstance(bundle, FileBundle):
        name = bundle.names()[0]
        if _is_tweets_csv(bundle, name):
            return [_Layout(csv=name)]
        if _is_grailbird_file(bundle, name):
            return [_Layout(months=[name])]
        return []
    roots: dict[str, _Layout] = {}
    names = bundle.names()
    for name in names:
        match = _CSV_FILE.match(name)
        if match:
            roots.setdefault(match.group(1), _Layout()).csv = name
            continue
        match = _MONTH_FILE.match(name)
        if match:
            roots.setdefault(match.group(1), _Layout()).months.append(name)
    if roots:
        present = set(names)
        for root, layout in roots.items():
            layout.months.sort()
            details = f"{root}data/js/user_details.js"
            payload = f"{root}data/js/payload_details.js"
            layout.user_details = details if details in present else None
            layout.payload_details = payload if payload in present else None
    return [roots[root] for root in sorted(roots)]


# --- ids as tweets.csv writes them --------------------------------------------------------


class _Id(NamedTuple):
    """An id from tweets.csv: ``exact`` when written in full; else ``approx``, the value of an
    id saved as a rounded float (``None`` too when so rounded that even its time is lost)."""

    exact: str | None
    approx: int | None = None


def _parse_id(value: str | None, column: str) -> _Id | None:
    """The id in a tweets.csv cell, ``None`` when blank; ``ValueError`` when it is no id."""
    text = (value or "").strip()
    if text.lower() in _BLANK:
        return None
    if _is_id(text):
        return _Id(text)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{column} {text[:40]!r} is not a number") from None
    if (
        not number.is_finite()
        or number < 0
        or number.adjusted() > 19
        or number != number.to_integral_value()
    ):
        raise ValueError(f"{column} {text[:40]!r} is not an id")
    whole = int(number)
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)  # finite
    if exponent <= 0 and whole <= _FLOAT_EXACT:
        return _Id(str(whole))
    return _Id(None, whole if exponent <= _APPROX_EXPONENT else None)


def _is_id(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 20


def _float_index(ids: Iterable[str]) -> dict[float, str | None]:
    """Each id by the float it rounds to; ``None`` where two ids round alike."""
    index: dict[float, str | None] = {}
    for post_id in ids:
        if _is_id(post_id):
            key = float(int(post_id))
            index[key] = post_id if index.get(key, post_id) == post_id else None
    return index


def _split_urls(value: str | None) -> list[str]:
    """``expanded_urls``: links joined by commas (a comma inside a link is kept)."""
    if not value:
        return []
    return [url.strip() for url in _URL_START.split(value.strip()) if url.strip()]


# --- reading tweets.csv -------------------------------------------------------------------


def _csv_rows(stream: BinaryIO, where: str) -> Iterator[tuple[int, dict[str, str] | str]]:
    """Each data row (1-based) as the columns twoway reads, or the reason it cannot be read."""
    lines = CsvLines(stream)
    reader = csv.reader(lines)
    number = 0
    try:
        header = next(reader, None)
        if header is None:
            raise FormatError(
                "the file is empty", file=where, hint="export or copy the archive again"
            )
        if lines.not_utf8:
            raise FormatError(
                "the header is not UTF-8 text",
                file=where,
                hint="save the file as CSV UTF-8 and import it again",
            )
        columns: dict[str, int] = {}
        for index, name in enumerate(header):
            columns.setdefault(name.strip().lower(), index)
        missing = [name for name in _REQUIRED if name not in columns]
        if missing:
            plural = "s" if len(missing) > 1 else ""
            raise FormatError(
                f"the header has no {', '.join(missing)} column{plural}",
                file=where,
                hint="is this the tweets.csv of a Twitter archive? It starts with a header line",
            )
        wanted = [(name, columns[name]) for name in _COLUMNS if name in columns]
        needed = max(columns[name] for name in _REQUIRED) + 1
    except csv.Error as exc:
        raise FormatError(
            f"broken CSV header ({exc})",
            file=where,
            hint="export or copy the archive again",
        ) from None
    for _start, _end, row in csv_rows(reader, lines):
        number += 1
        if isinstance(row, str):
            yield number, row
            continue
        if not row:
            continue
        if len(row) < needed:
            yield number, f"row has {len(row)} fields, the header has {len(header)}"
            continue
        yield number, {name: row[index] if index < len(row) else "" for name, index in wanted}


@dataclass(slots=True)
class _Scan:
    """What a first pass over tweets.csv learns: its ids, and clues to its owner."""

    ids: set[str] = field(default_factory=set)
    handles: Counter[str] = field(default_factory=Counter)
    replies: list[tuple[_Id, str]] = field(default_factory=list)
    retweeted: Counter[tuple[str, str]] = field(default_factory=Counter)


def _scan_csv(bundle: Bundle, name: str) -> _Scan:
    scan = _Scan()
    with bundle.open(name) as stream:
        for _number, row in _csv_rows(stream, bundle.where(name)):
            if isinstance(row, str):
                continue
            try:
                own = _parse_id(row["tweet_id"], "tweet_id")
                parent = _parse_id(row.get("in_reply_to_status_id"), "")
                user = _parse_id(row.get("in_reply_to_user_id"), "")
                retweeted_user = _parse_id(row.get("retweeted_status_user_id"), "")
            except ValueError:
                continue
            if own is None or own.exact is None:
                continue
            scan.ids.add(own.exact)
            for url in _split_urls(row.get("expanded_urls")):
                match = _STATUS.match(url)
                if match and match.group(3) and match.group(2) == own.exact:
                    scan.handles[match.group(1)] += 1
            if parent is not None and user is not None and user.exact is not None:
                scan.replies.append((parent, user.exact))
            retweeted = _RT_NAME.match(row["text"])
            if retweeted and retweeted_user is not None and retweeted_user.exact is not None:
                scan.retweeted[(retweeted.group(1).lower(), retweeted_user.exact)] += 1
    return scan


def _infer_owner(scan: _Scan) -> tuple[str | None, str | None]:
    """(id, handle) from tweets.csv alone: the handle from photo links to the archive's own
    statuses; the id from replies whose parent is in the archive (they are the owner's threads),
    or from retweets of the owner's own tweets."""
    handle = scan.handles.most_common(1)[0][0] if scan.handles else None
    index: dict[float, str | None] | None = None
    votes: Counter[str] = Counter()
    for parent, user in scan.replies:
        parent_id = parent.exact
        if parent_id is None and parent.approx is not None:
            index = _float_index(scan.ids) if index is None else index
            parent_id = index.get(float(parent.approx))
        if parent_id is not None and parent_id in scan.ids:
            votes[user] += 1
    owner_id = votes.most_common(1)[0][0] if votes else None
    for (name, user), _count in scan.retweeted.most_common():
        if owner_id is None and handle is not None and name == handle.lower():
            owner_id = user
        if handle is None and owner_id is not None and user == owner_id:
            handle = name
    return owner_id, handle


@dataclass(slots=True)
class _Context:
    """What reading one archive's tweets.csv needs to know."""

    owner: Owner
    archive_ids: set[str]
    """Ids of the archive's tweets (tweets.csv's, from the first pass)."""
    grailbird_ids: set[str]
    """Ids already read from the Grailbird files (and any archive before this one)."""
    csv_ids: set[str] = field(default_factory=set)
    index: dict[float, str | None] | None = None
    owner_float: float | None = None
    lost_parents: int = 0

    def resolve(self, approx: int, extra: Iterable[str] = ()) -> str | None:
        """The one tweet of the archive (or of ``extra``) whose id rounds to ``approx``."""
        key = float(approx)
        found = _float_index(extra).get(key)
        if found is not None:
            return found
        if self.index is None:
            self.index = _float_index(self.archive_ids | self.grailbird_ids)
        return self.index.get(key)

    def is_owner(self, user: _Id | None) -> bool:
        if user is None or self.owner.id is None:
            return False
        if user.exact is not None:
            return user.exact == self.owner.id
        return user.approx is not None and float(user.approx) == self.owner_float


def _v11_time(value: str) -> str:
    """A tweets.csv timestamp, checked (tweet_to_post reads both of its forms);
    ``ValueError`` when it is no time."""
    try:
        parse_twitter_time(value)
    except (ValueError, OverflowError):
        raise ValueError(f"timestamp {value[:40]!r} is not a date") from None
    return value


def _own_id(row: dict[str, str], ctx: _Context) -> str | None:
    """The row's tweet id; ``None`` when the Grailbird files already gave the tweet."""
    own = _parse_id(row["tweet_id"], "tweet_id")
    if own is None:
        raise ValueError("no tweet_id")
    if own.exact is None:
        if own.approx is not None and ctx.resolve(own.approx) in ctx.grailbird_ids:
            return None  # a rounded copy of a tweet the Grailbird files gave in full
        raise ValueError(
            f"tweet_id was saved as a rounded number ({row['tweet_id'].strip()[:40]}), its last "
            "digits are lost; export the archive again, or keep ids as text when saving the CSV"
        )
    if own.exact in ctx.grailbird_ids:
        return None
    if own.exact in ctx.csv_ids:
        raise ValueError(f"tweet {own.exact} is in the file twice")
    return own.exact


def _is_media(url: str, own_ids: tuple[str | None, ...], authors: tuple[str | None, ...]) -> bool:
    match = _STATUS.match(url)
    if match is None or match.group(3) is None:
        return False
    return match.group(2) in own_ids or match.group(1).lower() in authors


def _entities(
    text: str, urls: list[str], own_ids: tuple[str | None, ...], authors: tuple[str | None, ...]
) -> dict[str, Any]:
    """v1.1 entities for a row: links from ``expanded_urls`` (photos and videos of the tweet's
    own status, of ``own_ids`` or by ``authors`` are media), mentions and hashtags from the text.
    Where the text's t.co links pair off one to one with the links, they are given as the links'
    short forms, so the text shows the links expanded and the media link taken out."""
    media: list[str] = []
    others: list[str] = []
    for url in urls:
        if _is_media(url, own_ids, authors):
            media.append(url)
        elif url not in others:
            others.append(url)
    del media[_MAX_MEDIA:]  # some copies list a photo's link more than once
    shorts: list[str | None] = [None] * len(others)
    media_shorts: list[str | None] = [None] * len(media)
    if not text.rstrip().endswith("…"):  # a retweet cut short: its links cannot be paired
        found = _TCO.findall(text)
        if len(found) == len(others):
            shorts = list(found)
        elif media and len(found) == len(others) + 1 and text.rstrip().endswith(found[-1]):
            shorts, media_shorts[0] = list(found[:-1]), found[-1]
    words = _URL_IN_TEXT.sub(" ", text)
    return {
        "urls": [
            {"url": short, "expanded_url": url} for short, url in zip(shorts, others, strict=True)
        ],
        "media": [{"url": short} for short in media_shorts],
        "user_mentions": [{"screen_name": name} for name in _MENTION.findall(words)],
        "hashtags": [{"text": tag} for tag in _HASHTAG.findall(words)],
    }


def _row_to_post(row: dict[str, str], source: Source, number: int, ctx: _Context) -> Post | None:
    """One tweets.csv row (record ``number`` of ``source``'s file) as a Post, ``None`` when
    Grailbird already gave it; ``ValueError`` with the reason when the row cannot be read."""
    post_id = _own_id(row, ctx)
    if post_id is None:
        return None
    created_at = _v11_time(row["timestamp"].strip())
    text = row["text"]
    parent = _parse_id(row.get("in_reply_to_status_id"), "in_reply_to_status_id")
    reply_user = _parse_id(row.get("in_reply_to_user_id"), "in_reply_to_user_id")
    reposted = _parse_id(row.get("retweeted_status_id"), "retweeted_status_id")
    reposted_user = _parse_id(row.get("retweeted_status_user_id"), "retweeted_status_user_id")
    owner = ctx.owner
    urls = _split_urls(row.get("expanded_urls"))

    reposted_id = reposted_name = None
    if reposted is not None:
        reposted_id = reposted.exact
        if reposted_id is None and reposted.approx is not None:
            linked = [match.group(2) for url in urls if (match := _STATUS.match(url))]
            reposted_id = ctx.resolve(reposted.approx, linked)
        retweet = _RT_NAME.match(text)
        if retweet:
            reposted_name = retweet.group(1)
        elif ctx.is_owner(reposted_user):
            reposted_name = owner.handle
    authors = (owner.handle_lower, reposted_name.lower() if reposted_name else None)
    tweet: dict[str, Any] = {
        "id_str": post_id,
        "created_at": created_at,
        "text": text,
        "source": row.get("source") or None,
        "entities": _entities(text, urls, (post_id, reposted_id), authors),
    }
    parent_id = None
    if parent is not None:
        parent_id = parent.exact
        if parent_id is None and parent.approx is not None:
            parent_id = ctx.resolve(parent.approx)
        to_owner = ctx.is_owner(reply_user)
        in_archive = parent_id is not None and (
            parent_id in ctx.archive_ids or parent_id in ctx.grailbird_ids
        )
        user_id = reply_user.exact if reply_user is not None else None
        # A parent id rounded past recovery still makes a reply; its rounded value gives the
        # parent's time, and is taken out of the post below.
        tweet["in_reply_to_status_id_str"] = parent_id or str(parent.approx or 0)
        tweet["in_reply_to_user_id_str"] = owner.id if to_owner else user_id
        tweet["in_reply_to_screen_name"] = owner.handle if to_owner or in_archive else None
    if reposted is not None:
        tweet["retweeted_status"] = {"id_str": reposted_id, "user": {"screen_name": reposted_name}}

    post = tweet_to_post(tweet, owner, source, number)
    ctx.csv_ids.add(post_id)
    changes: dict[str, Any] = {}
    if parent is not None and parent_id is None:
        changes["reply_to_id"] = None
        ctx.lost_parents += 1
    if post.kind is Kind.REPOST and reposted is None:
        changes["kind_guessed"] = True  # `RT @` text without a retweeted_status_id
    elif "in_reply_to_status_id" not in row and post.kind in (Kind.ORIGINAL, Kind.QUOTE):
        leading = _MENTION.match(text)  # no reply columns at all: the text is the only cue
        if leading:
            to = leading.group(1)
            kind = Kind.THREAD if to.lower() == owner.handle_lower else Kind.REPLY
            changes.update(kind=kind, kind_guessed=True, reply_to_account=to)
    return replace(post, **changes) if changes else post


def _csv_posts(
    bundle: Bundle, name: str, ctx: _Context, report: ReadReport, importer: str, version: str
) -> Iterator[Post]:
    where = bundle.where(name)
    report.files_read.append(where)
    source = Source(file=where, importer=importer, version=version)
    with bundle.open(name, report.progress) as stream:
        for number, row in _csv_rows(stream, where):
            if isinstance(row, str):
                report.skip_record(where, number, row)
                continue
            try:
                post = _row_to_post(row, source, number, ctx)
            except (ValueError, TypeError, OverflowError) as exc:
                report.skip_record(where, number, str(exc))
                continue
            if post is not None:
                yield post
    if ctx.lost_parents:
        replies = (
            "1 reply names its parent"
            if ctx.lost_parents == 1
            else f"{ctx.lost_parents} replies name their parent"
        )
        report.warn(
            f"{where}: {replies} by an id saved as a rounded number (like 8.9e+17) that "
            "matches no tweet in the archive; the parent's time is kept, its id is left out"
        )


# --- reading Grailbird files --------------------------------------------------------------


def _expect(name: str) -> str:
    match = re.search(r"(\d{4}_\d{2})\.js$", name)
    return f"Grailbird.data.tweets_{match.group(1) if match else 'YYYY_MM'} = ["


def _grailbird_posts(
    bundle: Bundle,
    name: str,
    owner: Owner,
    seen: set[str],
    report: ReadReport,
    importer: str,
    version: str,
) -> Iterator[Post]:
    where = bundle.where(name)
    report.files_read.append(where)
    source = Source(file=where, importer=importer, version=version)
    with bundle.open(name, report.progress) as stream:
        for number, element in enumerate(iter_js_array(stream, where, _expect(name)), 1):
            if isinstance(element, BadRecord):
                report.skip_record(where, number, element.reason)
                continue
            if not isinstance(element, dict):
                report.skip_record(where, number, "not a tweet object")
                continue
            try:
                post = tweet_to_post(element, owner, source, number)
            except (ValueError, TypeError, OverflowError) as exc:
                report.skip_record(where, number, f"unreadable value ({exc})")
                continue
            if post.id in seen:
                report.skip_record(where, number, f"tweet {post.id} was already read")
                continue
            seen.add(post.id)
            if post.kind is Kind.REPOST and element.get("retweeted_status") is None:
                post = replace(post, kind_guessed=True)
            yield post


def _grailbird_user(bundle: Bundle, months: list[str]) -> dict[str, Any] | None:
    """The ``user`` of the first Grailbird tweet that has one (the owner: Grailbird keeps the
    retweeted author inside ``retweeted_status``)."""
    for name in months[:3]:
        try:
            with bundle.open(name) as stream:
                for element in iter_js_array(stream, bundle.where(name), _expect(name)):
                    if isinstance(element, dict) and isinstance(element.get("user"), dict):
                        user: dict[str, Any] = element["user"]
                        return user
        except TwowayError:
            continue
    return None


# --- the archive as a whole ---------------------------------------------------------------


def _load_small(bundle: Bundle, name: str, report: ReadReport) -> Any:
    """``var user_details = {…}``: the object after the assignment, or ``None``."""
    where = bundle.where(name)
    raw = bundle.read_bytes(name)
    start = raw.find(b"{")
    try:
        data = orjson.loads(raw[start:].rstrip().rstrip(b";")) if start >= 0 else None
    except orjson.JSONDecodeError as exc:
        report.skip_file(where, f"invalid JSON ({exc})")
        return None
    if not isinstance(data, dict):
        report.skip_file(where, "no `{…}` object in it")
        return None
    report.files_read.append(where)
    return data


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _read_archive(
    bundle: Bundle,
    layout: _Layout,
    seen: set[str],
    report: ReadReport,
    importer: str,
    version: str,
) -> Iterator[Record]:
    owner_id = handle = display_name = None
    if layout.user_details is not None:
        details = _load_small(bundle, layout.user_details, report)
        if details is not None:
            owner_id = _text(details.get("id"))
            handle = _text(details.get("screen_name"))
            display_name = _text(details.get("full_name"))
    if (owner_id is None or handle is None) and layout.months:
        user = _grailbird_user(bundle, layout.months)
        if user is not None:
            owner_id = owner_id or _text(user.get("id_str")) or _text(user.get("id"))
            handle = handle or _text(user.get("screen_name"))
            display_name = display_name or _text(user.get("name"))
    scan = None
    if layout.csv is not None and (not layout.months or owner_id is None or handle is None):
        scan = _scan_csv(bundle, layout.csv)
        if owner_id is None or handle is None:
            inferred_id, inferred_handle = _infer_owner(scan)
            owner_id = owner_id or inferred_id
            handle = handle or inferred_handle
    where = bundle.where(layout.csv or layout.months[0])
    if handle is None:
        report.warn(
            f"{where}: the owner's handle is not in the archive (no user_details.js, no links to "
            "its own photos); posts are read without it"
        )
    if owner_id is None:
        report.warn(
            f"{where}: the owner's id is not in the archive and could not be inferred; replies "
            "to the owner's own tweets outside the archive count as replies, not threads"
        )
    owner = Owner(owner_id, handle, display_name)
    yield Account(platform="x", id=owner_id or "", handle=handle or "", display_name=display_name)

    count = 0
    for name in layout.months:
        try:
            for post in _grailbird_posts(bundle, name, owner, seen, report, importer, version):
                count += 1
                yield post
        except FormatError as exc:
            if layout.csv is None:
                raise
            reason = f"{exc.problem}; its tweets are read from tweets.csv"
            report.skip_file(bundle.where(name), reason)
    if layout.csv is not None:
        ctx = _Context(
            owner=owner, archive_ids=scan.ids if scan is not None else set(), grailbird_ids=seen
        )
        if owner_id is not None and _is_id(owner_id):
            ctx.owner_float = float(int(owner_id))
        for post in _csv_posts(bundle, layout.csv, ctx, report, importer, version):
            count += 1
            yield post
        seen.update(ctx.csv_ids)
    if layout.payload_details is not None:
        payload = _load_small(bundle, layout.payload_details, report)
        expected = payload.get("tweets") if payload is not None else None
        if isinstance(expected, int) and not isinstance(expected, bool) and expected != count:
            report.warn(
                f"{bundle.where(layout.payload_details)}: the archive says it holds {expected:,} "
                f"tweets; {count:,} were read"
            )


class XLegacyImporter:
    name = "x-legacy"
    platform = "x"
    version = "1"
    description = "Legacy X archive (to 2018): tweets.csv and data/js/tweets/YYYY_MM.js (Grailbird)"

    def detect(self, bundle: Bundle) -> bool:
        return bool(_layouts(bundle))

    def read(self, bundle: Bundle, report: ReadReport) -> Iterator[Record]:
        layouts = _layouts(bundle)
        if not layouts:
            raise FormatError(
                "no tweets.csv or data/js/tweets/YYYY_MM.js in it",
                file=bundle.label,
                hint="give the zip or folder of a Twitter archive made before 2019",
            )
        seen: set[str] = set()
        for layout in layouts:
            yield from _read_archive(bundle, layout, seen, report, self.name, self.version)


IMPORTER = XLegacyImporter()
