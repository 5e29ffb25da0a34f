"""How a metric is defined: the registry every metric joins, the data it reads, and the result.

A metric is a function of one account's :class:`AccountData` that returns a JSON-ready value
(numbers, strings, lists, dicts; times as ISO 8601 UTC strings ending in ``Z``), or a
:class:`Null` saying why the data cannot support it.  The :func:`metric` decorator registers it
under the function's own name, which is the name it has in the JSON report; a name can be
registered once only, and only with a docstring saying what it measures and when it is null.

The data is columnar: one Arrow table of the account's posts (a column per field and per label,
:data:`POST_COLUMNS`) and one of its inbound messages (:data:`INBOUND_COLUMNS`), both queried with
DuckDB as the tables ``posts`` and ``inbound``.  Times in them are UTC without a zone
(``TIMESTAMP``), so DuckDB's date functions read them as UTC whatever the machine's zone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import attrgetter
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from twoway.classifier.labels import PostLabels
from twoway.model import Interaction, Kind, Link, Post

__all__ = [
    "INBOUND_COLUMNS",
    "NO_INBOUND",
    "NO_POSTS",
    "POST_COLUMNS",
    "REGISTRY",
    "AccountData",
    "Metrics",
    "Null",
    "inbound_table",
    "iso",
    "iso_date",
    "metric",
    "posts_table",
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


def metric(function: MetricFunction) -> MetricFunction:
    """Register ``function`` as the metric named like it."""
    name = function.__name__
    if name in REGISTRY:
        raise ValueError(f"metric {name!r} is defined twice")
    if not (function.__doc__ or "").strip():
        raise ValueError(f"metric {name!r} has no docstring saying what it measures")
    REGISTRY[name] = function
    return function


def iso(moment: datetime | None) -> str | None:
    """A UTC time (naive, as the tables hold it) as ``2023-07-05T07:05:27Z``."""
    if moment is None:
        return None
    return moment.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def iso_date(day: date) -> str:
    """A date as ``2023-07-03``."""
    return day.isoformat()


# -- the tables ---------------------------------------------------------------------------------

_TIME = pa.timestamp("us")
_UTC = pa.timestamp("us", tz="UTC")

Column = tuple[str, pa.DataType, Callable[[Sequence[PostLabels], list[Post]], list[Any]]]


def _times(values: list[Any]) -> pa.Array:
    # Aware datetimes are converted to UTC, then the zone is dropped: DuckDB then reads them as UTC.
    return pa.array(values, type=_UTC).cast(_TIME)


def _of_posts(name: str) -> Callable[[Sequence[PostLabels], list[Post]], list[Any]]:
    get = attrgetter(name)
    return lambda labels, posts: list(map(get, posts))


def _flag(name: str) -> Callable[[Sequence[PostLabels], list[Post]], list[Any]]:
    get = attrgetter(f"{name}.value")
    return lambda labels, posts: list(map(get, labels))


def _has_web_link(links: tuple[Link, ...]) -> bool:
    return any(link.post_id is None for link in links)


_KIND_NAMES = {kind: kind.value for kind in Kind}


def _reply_target(post: Post) -> str | None:
    if post.reply_to_account_id:
        return post.reply_to_account_id
    if post.reply_to_account:
        return post.reply_to_account.lower()
    return None


POST_COLUMNS: tuple[Column, ...] = (
    ("id", pa.string(), _of_posts("id")),
    ("created_at", _TIME, _of_posts("created_at")),
    ("kind", pa.string(), lambda labels, posts: [_KIND_NAMES[p.kind] for p in posts]),
    (
        "intent",
        pa.string(),
        lambda labels, posts: [None if lab.intent is None else lab.intent.value for lab in labels],
    ),
    ("asks_question", pa.bool_(), _flag("asks_question")),
    ("link_only", pa.bool_(), _flag("link_only")),
    ("mentions_others", pa.bool_(), _flag("mentions_others")),
    ("follow_begging", pa.bool_(), _flag("follow_begging")),
    ("automated", pa.bool_(), _flag("automated")),
    ("duplicate", pa.bool_(), _flag("duplicate")),
    (
        "has_link",
        pa.bool_(),
        lambda labels, posts: [_has_web_link(p.links) if p.links else False for p in posts],
    ),
    (
        "starts_with_mention",
        pa.bool_(),
        lambda labels, posts: [p.text.lstrip().startswith("@") for p in posts],
    ),
    ("reply_to", pa.string(), lambda labels, posts: list(map(_reply_target, posts))),
    ("reply_to_id", pa.string(), _of_posts("reply_to_id")),
    ("reply_to_time", _TIME, _of_posts("reply_to_time")),
    ("client", pa.string(), lambda labels, posts: [p.client or None for p in posts]),
    ("likes", pa.int64(), _of_posts("likes")),
    ("reposts", pa.int64(), _of_posts("reposts")),
    ("replies", pa.int64(), _of_posts("replies")),
)
"""The columns of the ``posts`` table after ``row`` (the post's position in the labels, to fetch
its text for examples): name, Arrow type, and how to read them from the labels.

``has_link`` is true for a link to a web page (a link that is not the address of another post);
``starts_with_mention`` for a text that begins with ``@``; ``reply_to`` names the account a reply
answers (its id, or its handle in lower case when the id is unknown)."""

INBOUND_COLUMNS: tuple[tuple[str, pa.DataType, Callable[[Interaction], Any]], ...] = (
    ("id", pa.string(), attrgetter("id")),
    ("author_id", pa.string(), attrgetter("author_id")),
    ("created_at", _TIME, attrgetter("created_at")),
    ("in_reply_to", pa.string(), attrgetter("in_reply_to")),
    ("answered_by", pa.list_(pa.string()), lambda i: list(i.answered_by)),
)
"""The columns of the ``inbound`` table (one row per inbound message), plus ``row``."""


def posts_table(labels: Sequence[PostLabels]) -> pa.Table:
    """One account's labelled posts as an Arrow table with :data:`POST_COLUMNS`."""
    posts = [lab.post for lab in labels]
    columns = {"row": pa.array(np.arange(len(posts), dtype=np.int64))}
    for name, kind, read in POST_COLUMNS:
        values = read(labels, posts)
        columns[name] = _times(values) if kind == _TIME else pa.array(values, type=kind)
    return pa.table(columns)


def inbound_table(interactions: Sequence[Interaction]) -> pa.Table:
    """One account's inbound messages as an Arrow table with :data:`INBOUND_COLUMNS`."""
    columns = {"row": pa.array(np.arange(len(interactions), dtype=np.int64))}
    for name, kind, read in INBOUND_COLUMNS:
        values = list(map(read, interactions))
        columns[name] = _times(values) if kind == _TIME else pa.array(values, type=kind)
    return pa.table(columns)


class AccountData:
    """What every metric reads: one account's posts and inbound messages, as Arrow tables that
    DuckDB queries as ``posts`` and ``inbound``."""

    def __init__(
        self, labels: Sequence[PostLabels], interactions: Sequence[Interaction] = ()
    ) -> None:
        self.labels = labels
        self.posts = posts_table(labels)
        self.inbound = inbound_table(interactions)
        self.count = self.posts.num_rows
        """How many posts."""
        self.inbound_count = self.inbound.num_rows
        """How many inbound messages."""
        self._db = duckdb.connect()
        self._db.register("posts", self.posts)
        self._db.register("inbound", self.inbound)
        self._made: set[str] = set()

    def close(self) -> None:
        self._db.close()

    def table(self, name: str, sql: str) -> str:
        """``name``, a temporary table made from ``sql`` the first time it is asked for, so the
        metrics that share an intermediate result compute it once."""
        if name not in self._made:
            self._db.execute(f"CREATE TEMP TABLE {name} AS {sql}")
            self._made.add(name)
        return name

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
