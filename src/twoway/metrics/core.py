"""How a metric is defined: the registry every metric joins, the data it reads, and the result.

A metric is a function of one account's :class:`AccountData` that returns a JSON-ready value
(numbers, strings, lists, dicts; times as ISO 8601 UTC strings ending in ``Z``), or a
:class:`Null` saying why the data cannot support it.  The :func:`metric` decorator registers it
under the function's own name, which is the name it has in the JSON report; a name can be
registered once only, and only with a docstring saying what it measures and when it is null.

The data is columnar: one table of the account's posts (a column per field and per label,
:data:`POST_COLUMNS`) and one of its inbound messages (:data:`INBOUND_COLUMNS`), both queried with
DuckDB as the tables ``posts`` and ``inbound``.  Times in them are UTC without a zone
(``TIMESTAMP``), so DuckDB's date functions read them as UTC whatever the machine's zone; the
posts table also holds each post's time on the wall clock of the audit's zone (``local_at``,
:mod:`twoway.metrics.zone`), which the metrics that count days, weeks or hours read.  One
account's tables are numpy arrays (:func:`post_columns`), which DuckDB reads where they are; the
tables of many accounts, made in worker processes and sent back, are Arrow tables
(:func:`posts_table`).  Both give DuckDB the same columns of the same types.

Many metrics are simple figures over plain aggregates (a share is a count over a count).  Those
aggregates are *tallies* (:func:`tally`), each defined once by its SQL and computed together in
one ``GROUP BY account`` query per table: both tables carry an ``account`` column, all 0 for one
account, so the very query that serves one account's metrics serves many accounts at once
(``twoway screen``, :func:`twoway.metrics.compute_tallied`).  A metric registered with
``@metric(tallied=True)`` reads only tallies (the :class:`Tallied` interface), never the tables,
so it can be computed from either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from itertools import repeat
from operator import attrgetter, is_not
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, overload

import duckdb
import numpy as np

from twoway.classifier.labels import PostLabels
from twoway.metrics.own_site import is_own_site
from twoway.metrics.zone import local_times
from twoway.model import Interaction, Kind, Link, Post

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "INBOUND_COLUMNS",
    "NO_INBOUND",
    "NO_POSTS",
    "POST_COLUMNS",
    "REGISTRY",
    "TALLIED",
    "TALLIES",
    "VIEWS",
    "AccountData",
    "Metrics",
    "Null",
    "Tables",
    "Tallied",
    "Tallies",
    "count_of",
    "inbound_columns",
    "inbound_table",
    "iso",
    "iso_date",
    "metric",
    "post_columns",
    "posts_table",
    "tally",
    "view",
]


@dataclass(frozen=True, slots=True)
class Null:
    """What a metric returns when the data cannot support it: the reason, in words a user reads
    (``no replies to others``)."""

    reason: str


NO_POSTS = Null("no posts")
"""The reason shared by every metric of an account without posts."""

NO_INBOUND = Null(
    "no inbound messages: mentions and replies from others come only with inputs that hold them "
    "(the customer-conversation CSV, live pulls)"
)
"""The reason shared by every metric of inbound messages when there are none."""


MetricFunction = Callable[["AccountData"], Any]

REGISTRY: dict[str, MetricFunction] = {}
"""Every metric, by name, in the order of the JSON report."""

TALLIED: set[str] = set()
"""The metrics that read tallies only (``@metric(tallied=True)``), so that they can be computed
for many accounts at once."""


_Function = TypeVar("_Function", bound=Callable[..., Any])


@overload
def metric(function: _Function, /) -> _Function: ...


@overload
def metric(*, tallied: bool = False) -> Callable[[_Function], _Function]: ...


def metric(
    function: _Function | None = None, /, *, tallied: bool = False
) -> _Function | Callable[[_Function], _Function]:
    """Register ``function`` as the metric named like it.  ``@metric(tallied=True)`` says that it
    reads only the :class:`Tallied` interface (tallies, ``count``, ``inbound_count``)."""

    def register(function: _Function) -> _Function:
        name = function.__name__
        if name in REGISTRY:
            raise ValueError(f"metric {name!r} is defined twice")
        if not (function.__doc__ or "").strip():
            raise ValueError(f"metric {name!r} has no docstring saying what it measures")
        REGISTRY[name] = function
        if tallied:
            TALLIED.add(name)
        return function

    return register if function is None else register(function)


# -- tallies ------------------------------------------------------------------------------------

TALLIES: dict[str, dict[str, str]] = {}
"""Every tally, by the table it aggregates (``posts``, ``inbound`` or a :data:`VIEWS` table), then
by name: a SQL aggregate over that table's rows of one account."""

VIEWS: dict[str, str] = {}
"""Intermediate tables made from ``posts`` and ``inbound`` on demand, by name: SQL that keeps
the ``account`` column, so that it serves one account or many alike."""

_BASE_TABLES = ("posts", "inbound")


def tally(name: str, sql: str, *, over: str = "posts") -> str:
    """Register the aggregate ``sql`` over the table ``over`` as the tally ``name``; returns the
    name.  A name is registered once only."""
    if any(name in named for named in TALLIES.values()):
        raise ValueError(f"tally {name!r} is defined twice")
    if over not in _BASE_TABLES and over not in VIEWS:
        raise ValueError(f"tally {name!r} is over {over!r}, which is no table or view")
    TALLIES.setdefault(over, {})[name] = sql
    return name


def count_of(name: str, condition: str, *, over: str = "posts") -> str:
    """Register the tally ``name``: how many rows of ``over`` meet the SQL ``condition``."""
    return tally(name, f"count(*) FILTER (WHERE {condition})", over=over)


def view(name: str, sql: str) -> str:
    """Register the intermediate table ``name`` made by ``sql``; returns the name."""
    if name in VIEWS or name in _BASE_TABLES:
        raise ValueError(f"view {name!r} is defined twice")
    VIEWS[name] = sql
    return name


class Tallied(Protocol):
    """What a tallied metric reads: how many posts and inbound messages, and the tallies."""

    count: int
    inbound_count: int

    def tally(self, name: str) -> Any:
        """The value of the tally ``name``."""
        ...

    def share_of(self, name: str) -> float | Null:
        """The tally ``name`` (a count of posts) as a share of all posts; :data:`NO_POSTS`
        without posts."""
        ...


class Tallies:
    """One account's tallies (the :class:`Tallied` interface), from the grouped queries."""

    __slots__ = ("count", "inbound_count", "values")

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.values = values
        self.count = int(values["posts"])
        self.inbound_count = int(values["messages"])

    def tally(self, name: str) -> Any:
        return self.values[name]

    def share_of(self, name: str) -> float | Null:
        if not self.count:
            return NO_POSTS
        return int(self.values[name]) / self.count


tally("posts", "count(*)")
tally("messages", "count(*)", over="inbound")


def iso(moment: datetime | None) -> str | None:
    """A UTC time (naive, as the tables hold it) as ``2023-07-05T07:05:27Z``."""
    if moment is None:
        return None
    return moment.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def iso_date(day: date) -> str:
    """A date as ``2023-07-03``."""
    return day.isoformat()


# -- the tables ---------------------------------------------------------------------------------

Read = Callable[[Sequence[PostLabels], list[Post]], Iterable[Any]]
Column = tuple[str, str, Read]
"""A column: its name, its DuckDB type, and how to read its values from the labels (a list, or
an iterator that gives them once)."""

Columns = dict[str, np.ndarray]
"""A table as numpy arrays by column name (:func:`post_columns`, :func:`inbound_columns`)."""


def _of_posts(name: str) -> Read:
    get = attrgetter(name)
    # An iterator, not a list: a column of strings is made from it in one pass (:func:`_numpy`).
    return lambda labels, posts: map(get, posts)


def _flag(name: str) -> Read:
    get = attrgetter(f"{name}.value")
    return lambda labels, posts: list(map(get, labels))


def _has_web_link(links: tuple[Link, ...]) -> bool:
    return any(link.post_id is None for link in links)


def _links_out(labels: Sequence[PostLabels], posts: Sequence[Post]) -> list[bool]:
    """For each post, whether it links to a web page off the account's own site
    (:mod:`twoway.metrics.own_site`)."""
    # Whether a domain is off an account's site, decided once per (account, domain): an
    # archive links to few sites many times, so a dict lookup replaces most of the work.
    elsewhere: dict[tuple[str, str], bool] = {}
    out = []
    for post in posts:
        found = False
        for link in post.links:
            if link.post_id is not None:
                continue
            key = (post.account, link.domain)
            off = elsewhere.get(key)
            if off is None:
                off = elsewhere[key] = not is_own_site(link.domain.lower(), post.account)
            if off:
                found = True
                break
        out.append(found)
    return out


_KIND_NAMES = {kind: kind.value for kind in Kind}


def _reply_target(post: Post) -> str | None:
    if post.reply_to_account_id:
        return post.reply_to_account_id
    if post.reply_to_account:
        return post.reply_to_account.lower()
    return None


POST_COLUMNS: tuple[Column, ...] = (
    ("id", "VARCHAR", _of_posts("id")),
    ("created_at", "TIMESTAMP", _of_posts("created_at")),
    ("kind", "VARCHAR", lambda labels, posts: [_KIND_NAMES[p.kind] for p in posts]),
    (
        "intent",
        "VARCHAR",
        lambda labels, posts: [None if lab.intent is None else lab.intent.value for lab in labels],
    ),
    ("asks_question", "BOOLEAN", _flag("asks_question")),
    ("link_only", "BOOLEAN", _flag("link_only")),
    ("mentions_others", "BOOLEAN", _flag("mentions_others")),
    ("follow_begging", "BOOLEAN", _flag("follow_begging")),
    ("automated", "BOOLEAN", _flag("automated")),
    ("duplicate", "BOOLEAN", _flag("duplicate")),
    (
        "has_link",
        "BOOLEAN",
        lambda labels, posts: [_has_web_link(p.links) if p.links else False for p in posts],
    ),
    (
        "starts_with_mention",
        "BOOLEAN",
        lambda labels, posts: [p.text.lstrip().startswith("@") for p in posts],
    ),
    ("reply_to", "VARCHAR", lambda labels, posts: list(map(_reply_target, posts))),
    ("reply_to_id", "VARCHAR", _of_posts("reply_to_id")),
    ("reply_to_time", "TIMESTAMP", _of_posts("reply_to_time")),
    ("client", "VARCHAR", lambda labels, posts: [p.client or None for p in posts]),
    ("likes", "BIGINT", _of_posts("likes")),
    ("reposts", "BIGINT", _of_posts("reposts")),
    ("replies", "BIGINT", _of_posts("replies")),
    ("links_out", "BOOLEAN", _links_out),
)
"""The columns of the ``posts`` table after ``row`` (the post's position in the labels, to fetch
its text for examples) and ``account`` (which account, numbered from 0; all 0 for one account):
name, DuckDB type, and how to read them from the labels.  After them comes ``local_at``
(``TIMESTAMP``): ``created_at`` on the wall clock of the audit's zone, the time that days, weeks
and hours are counted in (``created_at`` itself in UTC).

``has_link`` is true for a link to a web page (a link that is not the address of another post),
``links_out`` for a link to a web page off the account's own site (:mod:`twoway.metrics.own_site`);
``starts_with_mention`` for a text that begins with ``@``; ``reply_to`` names the account a reply
answers (its id, or its handle in lower case when the id is unknown)."""

INBOUND_COLUMNS: tuple[tuple[str, str, Callable[[Interaction], Any]], ...] = (
    ("id", "VARCHAR", attrgetter("id")),
    ("author_id", "VARCHAR", attrgetter("author_id")),
    ("created_at", "TIMESTAMP", attrgetter("created_at")),
    ("in_reply_to", "VARCHAR", attrgetter("in_reply_to")),
    # None for no answer: DuckDB types a numpy column of lists from a sample of its rows, and a
    # sample of nothing but empty lists makes it a list of NULL, which a later name cannot be
    # cast to (an account with many unanswered messages).  The view reads None as [].
    ("answered_by", "VARCHAR[]", lambda i: list(i.answered_by) or None),
)
"""The columns of the ``inbound`` table (one row per inbound message), after ``row`` and
``account``."""

_NUMBERS = (("row", "BIGINT"), ("account", "BIGINT"))
_SCHEMAS: dict[str, tuple[tuple[str, str], ...]] = {
    "posts": (
        _NUMBERS
        + tuple((name, kind) for name, kind, _ in POST_COLUMNS)
        + (("local_at", "TIMESTAMP"),)
    ),
    "inbound": _NUMBERS + tuple((name, kind) for name, kind, _ in INBOUND_COLUMNS),
}
"""Each table's columns and their DuckDB types."""

AccountNumbers = int | Sequence[int] | np.ndarray


def _account_numbers(account: AccountNumbers, size: int) -> np.ndarray:
    if isinstance(account, int):
        return np.full(size, account, dtype=np.int64)
    numbers = np.asarray(account, dtype=np.int64)
    if numbers.shape != (size,):
        raise ValueError(f"{numbers.size} account numbers for {size} rows")
    return numbers


# -- one account's tables, as numpy arrays

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_NAT = np.iinfo(np.int64).min
"""numpy's "not a time" as an int64: DuckDB reads it as NULL."""


def _microseconds(moment: datetime) -> int:
    """Microseconds since the epoch, UTC (a naive time is taken as UTC, as Arrow takes it)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - _EPOCH) // _MICROSECOND


def _times(values: list[Any]) -> np.ndarray:
    """Times (``None`` for null) as ``datetime64[us]``, UTC, ``NaT`` for null."""
    try:  # exact integer arithmetic, no float rounding; aware times, as every importer gives
        micros = [_NAT if m is None else (m - _EPOCH) // _MICROSECOND for m in values]
    except TypeError:  # a naive time
        micros = [_NAT if m is None else _microseconds(m) for m in values]
    return np.array(micros, dtype=np.int64).view("datetime64[us]")


def _numpy(values: Iterable[Any], kind: str, size: int) -> np.ndarray:
    """The ``size`` values ``values`` as the numpy array DuckDB reads as a column of type
    ``kind``: times as ``datetime64[us]`` (UTC; ``NaT`` for null), booleans and integers as
    ``bool`` and ``int64`` arrays (masked where null), strings and lists as an object array that
    holds the values themselves (no copy)."""
    if kind in ("VARCHAR", "VARCHAR[]"):
        # fromiter takes the values straight from an iterator (no list in between), and never
        # reads a list value as a nested sequence, as np.array would.
        return np.fromiter(values, dtype=object, count=size)
    values = values if isinstance(values, list) else list(values)
    if kind == "TIMESTAMP":
        return _times(values)
    dtype = np.bool_ if kind == "BOOLEAN" else np.int64
    if None not in values:
        return np.array(values, dtype=dtype)
    # map over an operator function with repeat: the test runs in C, no Python code per value.
    present = np.fromiter(map(is_not, values, repeat(None)), dtype=np.bool_, count=size)
    known: np.ndarray = np.zeros(size, dtype=dtype)
    if present.any():  # a source gives a count for every post or none (X: no reply counts)
        known[present] = np.array([value for value in values if value is not None], dtype=dtype)
    return np.ma.MaskedArray(known, mask=~present)


def post_columns(
    labels: Sequence[PostLabels], account: AccountNumbers = 0, *, zone: tzinfo = UTC
) -> Columns:
    """Labelled posts as numpy arrays: ``row``, ``account``, :data:`POST_COLUMNS` and
    ``local_at`` (the times in ``zone``), for :class:`Tables`.  ``account`` numbers the account
    of every post (one number for all of them, or one per post)."""
    posts = [lab.post for lab in labels]
    columns = {
        "row": np.arange(len(posts), dtype=np.int64),
        "account": _account_numbers(account, len(posts)),
    }
    for name, kind, read in POST_COLUMNS:
        columns[name] = _numpy(read(labels, posts), kind, len(posts))
    # In UTC the very array of created_at: DuckDB reads it twice, no memory is added.
    columns["local_at"] = local_times(columns["created_at"], zone)
    return columns


def inbound_columns(interactions: Sequence[Interaction], account: AccountNumbers = 0) -> Columns:
    """Inbound messages as numpy arrays: ``row``, ``account`` and :data:`INBOUND_COLUMNS`
    (``account`` as in :func:`post_columns`)."""
    columns = {
        "row": np.arange(len(interactions), dtype=np.int64),
        "account": _account_numbers(account, len(interactions)),
    }
    for name, kind, read in INBOUND_COLUMNS:
        columns[name] = _numpy(map(read, interactions), kind, len(interactions))
    return columns


# -- many accounts' tables, as Arrow tables (pyarrow is imported only for them)


def _arrow(values: Iterable[Any], kind: str) -> pa.Array:
    import pyarrow as pa

    values = values if isinstance(values, list) else list(values)

    if kind == "TIMESTAMP":
        # Aware datetimes are converted to UTC, then the zone is dropped: DuckDB reads them as UTC.
        return pa.array(values, type=pa.timestamp("us", tz="UTC")).cast(pa.timestamp("us"))
    types = {
        "VARCHAR": pa.string(),
        "BOOLEAN": pa.bool_(),
        "BIGINT": pa.int64(),
        "VARCHAR[]": pa.list_(pa.string()),
    }
    return pa.array(values, type=types[kind])


def posts_table(labels: Sequence[PostLabels], account: AccountNumbers = 0) -> pa.Table:
    """Labelled posts as an Arrow table with the columns of :func:`post_columns`, for many
    accounts' posts made in one process and queried in another (:func:`compute_tallied`).  Days
    and hours are UTC: ``local_at`` is ``created_at``."""
    import pyarrow as pa

    posts = [lab.post for lab in labels]
    columns = {
        "row": pa.array(np.arange(len(posts), dtype=np.int64)),
        "account": pa.array(_account_numbers(account, len(posts))),
    }
    for name, kind, read in POST_COLUMNS:
        columns[name] = _arrow(read(labels, posts), kind)
    columns["local_at"] = columns["created_at"]
    return pa.table(columns)


def inbound_table(interactions: Sequence[Interaction], account: AccountNumbers = 0) -> pa.Table:
    """Inbound messages as an Arrow table with the columns of :func:`inbound_columns`."""
    import pyarrow as pa

    columns = {
        "row": pa.array(np.arange(len(interactions), dtype=np.int64)),
        "account": pa.array(_account_numbers(account, len(interactions))),
    }
    for name, kind, read in INBOUND_COLUMNS:
        columns[name] = _arrow(list(map(read, interactions)), kind)
    return pa.table(columns)


class Tables:
    """A posts and an inbound table (of one account or of many, told apart by ``account``) that
    DuckDB queries as ``posts`` and ``inbound``, with the intermediate tables made on demand.
    Each is numpy arrays by column (:func:`post_columns`) or an Arrow table (:func:`posts_table`);
    ``threads`` caps DuckDB's threads (by default one per core)."""

    def __init__(
        self,
        posts: pa.Table | Columns,
        inbound: pa.Table | Columns,
        *,
        threads: int | None = None,
    ) -> None:
        self._db = duckdb.connect(config={} if threads is None else {"threads": threads})
        for name, data in (("posts", posts), ("inbound", inbound)):
            # DuckDB reads the arrays or the Arrow table where they are, without a copy; the view
            # gives every column its type even where the data cannot tell it (a numpy column of
            # nothing but nulls, an empty table).
            self._db.register(f"{name}_data", data)
            typed = ", ".join(
                f"coalesce(CAST({column} AS {kind}), []) AS {column}"
                if kind.endswith("[]")
                else f"CAST({column} AS {kind}) AS {column}"
                for column, kind in _SCHEMAS[name]
            )
            self._db.execute(f"CREATE TEMP VIEW {name} AS SELECT {typed} FROM {name}_data")
        self._made: set[str] = set()

    def close(self) -> None:
        self._db.close()

    def table(self, name: str, sql: str | None = None) -> str:
        """``name``, a temporary table made from ``sql`` (by default the :data:`VIEWS` entry of
        that name) the first time it is asked for, so the metrics that share an intermediate
        result compute it once."""
        if name not in self._made:
            self._db.execute(f"CREATE TEMP TABLE {name} AS {sql or VIEWS[name]}")
            self._made.add(name)
        return name

    def tallies(self) -> tuple[dict[int, dict[str, Any]], dict[str, Any]]:
        """Every tally of every account (by its number), and the tallies of an account without
        rows (0 for a count, null for most other aggregates): one query per table."""
        by_account: dict[int, dict[str, Any]] = {}
        empty: dict[str, Any] = {}
        for over, named in TALLIES.items():
            source = over if over in _BASE_TABLES else self.table(over)
            columns = ", ".join(f"{sql} AS {name}" for name, sql in named.items())
            names = list(named)
            for account, *values in self.rows(
                f"SELECT account, {columns} FROM {source} GROUP BY account"
            ):
                by_account.setdefault(int(account), {}).update(zip(names, values, strict=True))
            empty.update(
                zip(names, self.one(f"SELECT {columns} FROM {source} WHERE FALSE"), strict=True)
            )
        return by_account, empty

    def tallies_of(self, accounts: int) -> list[Tallies]:
        """The tallies of accounts ``0`` to ``accounts - 1``."""
        by_account, empty = self.tallies()
        return [Tallies(empty | by_account.get(number, {})) for number in range(accounts)]

    def rows(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        """Every row ``sql`` returns."""
        return self._db.execute(sql, params).fetchall()

    def one(self, sql: str, params: Sequence[Any] | None = None) -> tuple[Any, ...]:
        """The one row ``sql`` returns."""
        row = self._db.execute(sql, params).fetchone()
        assert row is not None, sql
        return row

    def columns(self, sql: str, params: Sequence[Any] | None = None) -> dict[str, np.ndarray]:
        """What ``sql`` returns, column by column as numpy arrays."""
        return {
            name: np.asarray(values)
            for name, values in self._db.execute(sql, params).fetchnumpy().items()
        }


class AccountData(Tables):
    """What every metric reads: one account's posts and inbound messages, as numpy arrays that
    DuckDB queries as ``posts`` and ``inbound``, and their tallies (the :class:`Tallied`
    interface).  Days, weeks and hours are those of ``zone`` (the posts' ``local_at``)."""

    def __init__(
        self,
        labels: Sequence[PostLabels],
        interactions: Sequence[Interaction] = (),
        *,
        zone: tzinfo = UTC,
    ) -> None:
        # One thread: one account's tables are small, and each DuckDB thread holds memory of its
        # own for the queries.
        super().__init__(post_columns(labels, zone=zone), inbound_columns(interactions), threads=1)
        self.labels = labels
        self.count = len(labels)
        """How many posts."""
        self.inbound_count = len(interactions)
        """How many inbound messages."""
        self._tallies: Tallies | None = None

    def _own(self) -> Tallies:
        if self._tallies is None:
            self._tallies = Tallies(self._tallied())
        return self._tallies

    def _tallied(self) -> dict[str, Any]:
        """Every tally of this account: one query per table.  Unlike :meth:`Tables.tallies` it
        aggregates without ``GROUP BY account`` (every row is this account's), which is faster
        and, over a table without rows, gives the very values of an account without rows, so
        no second query is needed for them."""
        values: dict[str, Any] = {}
        for over, named in TALLIES.items():
            source = over if over in _BASE_TABLES else self.table(over)
            columns = ", ".join(f"{sql} AS {name}" for name, sql in named.items())
            values.update(zip(named, self.one(f"SELECT {columns} FROM {source}"), strict=True))
        return values

    def tally(self, name: str) -> Any:
        """The value of the tally ``name`` for this account."""
        return self._own().tally(name)

    def share_of(self, name: str) -> float | Null:
        """The tally ``name`` as a share of all posts; :data:`NO_POSTS` without posts."""
        return self._own().share_of(name)

    def count_where(self, condition: str, *, among: str = "TRUE") -> tuple[int, int]:
        """How many posts meet ``condition`` among those meeting ``among``, and how many meet
        ``among`` (SQL conditions over the ``posts`` columns)."""
        hits, total = self.one(
            f"SELECT count(*) FILTER (WHERE {condition}), count(*) FROM posts WHERE {among}"
        )
        return int(hits), int(total)

    def share(self, condition: str) -> float | Null:
        """The share of all posts that meet ``condition``; :data:`NO_POSTS` without posts."""
        if not self.count:
            return NO_POSTS
        hits, total = self.count_where(condition)
        return hits / total


@dataclass(frozen=True, slots=True)
class Metrics:
    """One account's metrics: each value by name (``None`` where the data cannot support it), and
    for each ``None`` the reason."""

    values: dict[str, Any]
    reasons: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def __contains__(self, name: object) -> bool:
        return name in self.values

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

    def get(self, name: str, default: Any = None) -> Any:
        value = self.values.get(name)
        return default if value is None else value

    def reason(self, name: str) -> str | None:
        """Why ``name`` is null, or ``None`` when it is not."""
        return self.reasons.get(name)

    def as_json(self) -> dict[str, Any]:
        """One dict, metrics in registry order; a null metric has its reason beside it under
        ``<name>_reason``."""
        out: dict[str, Any] = {}
        for name, value in self.values.items():
            out[name] = value
            if value is None:
                out[f"{name}_reason"] = self.reasons.get(name, "not computed")
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Metrics:
        """Back from :meth:`as_json` (reports keep the dict; the score reads either)."""
        values = {k: v for k, v in data.items() if not k.endswith("_reason")}
        reasons = {k.removesuffix("_reason"): v for k, v in data.items() if k.endswith("_reason")}
        return cls(values, reasons)
