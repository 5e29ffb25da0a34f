"""Comparing accounts side by side (``twoway compare``), like a competitor view: each account's
social score and key figures, ranked, and where each stands against the others.

Every account is audited in full (:func:`twoway.audit.audit`, or
:meth:`twoway.store.Workspace.audit` for stored accounts), so the figures are exactly those of
its own audit.  Accounts are ranked by social score, highest first; accounts with the same score
share a rank (1, 2, 2, 4) and are listed by two-way share, then by handle.

For each key figure (:data:`FIGURES`) an account has

* its **rank** among the accounts that have the figure: 1 is the best (the highest two-way share,
  the lowest promotion share, the fastest replies); for posts per day, which is neither good nor
  bad, 1 is the most;
* where it stands against the **group median** (the median over the accounts that have the
  figure): ``above``, ``below`` or ``at``, and whether that is the better side (``better``: true
  or false; null at the median, without the figure, and for posts per day).

A figure an account cannot have (no inbound messages, so no response rate) is shown as not
available with its reason, and the account is left out of that figure's ranks and median.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from twoway.audit import AccountAudit
from twoway.errors import InputError
from twoway.importers import ReadReport
from twoway.reports.targets import format_minutes, format_share, metric_number, metric_reason
from twoway.sources import shown_name

if TYPE_CHECKING:
    from twoway.store import Workspace

__all__ = [
    "FIGURES",
    "SCHEMA_VERSION",
    "ComparedAccount",
    "Comparison",
    "Figure",
    "Standing",
    "compare",
    "compare_audits",
    "competition_ranks",
    "standings",
]

SCHEMA_VERSION = 1
"""Version of the comparison JSON's layout (``twoway compare --json``)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Figure:
    """A key figure: the metric ``metric`` (or its ``field``), shown as ``unit`` (``share``,
    ``minutes``, ``count``, ``per_post`` with two decimals, or one decimal for any other rate
    such as ``per_day``); ``better`` is ``higher``, ``lower`` or None (neither).  ``short`` is its
    label in a narrow column.  (:mod:`twoway.platform_fit` builds its platform table from these
    too.)"""

    name: str
    label: str
    short: str
    metric: str
    unit: str
    better: str | None
    field: str | None = None

    def as_json(self) -> dict[str, Any]:
        """How the JSON reports describe the figure."""
        return {
            "name": self.name,
            "label": self.label,
            "metric": self.metric,
            "field": self.field,
            "unit": self.unit,
            "better": self.better,
        }

    def value(self, metrics: Mapping[str, Any]) -> float | None:
        raw = metrics.get(self.metric)
        if self.field is not None:
            raw = raw.get(self.field) if isinstance(raw, Mapping) else None
        return metric_number(raw)

    def shown(self, value: float | None) -> str:
        if value is None:
            return "n/a"
        if self.unit == "share":
            return format_share(value)
        if self.unit == "minutes":
            return format_minutes(value)
        if self.unit == "count":
            return f"{value:.0f}"
        if self.unit == "per_post":
            return f"{value:.2f}"
        return f"{value:.1f}"


FIGURES: tuple[Figure, ...] = (
    Figure(
        name="two_way_share",
        label="Two-way posts",
        short="two-way",
        metric="two_way_share",
        unit="share",
        better="higher",
    ),
    Figure(
        name="question_share",
        label="Questions",
        short="questions",
        metric="question_share",
        unit="share",
        better="higher",
    ),
    Figure(
        name="promotion_share",
        label="Promotion",
        short="promotion",
        metric="promotion_share",
        unit="share",
        better="lower",
    ),
    Figure(
        name="link_only_share",
        label="Link-only posts",
        short="link-only",
        metric="link_only_share",
        unit="share",
        better="lower",
    ),
    Figure(
        name="response_rate_72h",
        label="Answered within 72 h",
        short="answered",
        metric="response_rate_72h",
        unit="share",
        better="higher",
    ),
    Figure(
        name="reply_latency",
        label="Typical reply time",
        short="reply time",
        metric="reply_latency_minutes",
        field="median",
        unit="minutes",
        better="lower",
    ),
    Figure(
        name="posts_per_day",
        label="Posts per day",
        short="posts/day",
        metric="posts_per_day",
        field="mean",
        unit="per_day",
        better=None,
    ),
)
"""The key figures compared, in the order shown."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Standing:
    """Where one account stands on one figure."""

    figure: Figure
    value: float | None
    shown: str
    reason: str | None
    """Why the value is not available."""
    rank: int | None
    """Among the accounts that have the figure; 1 is the best (the most, for a neutral one)."""
    ranked: int
    """How many accounts have the figure."""
    versus_median: str | None
    """``above``, ``below`` or ``at`` the group median; None without a value."""
    better: bool | None
    """Whether that is the better side of the median; None at it, without a value, or for a
    neutral figure."""


@dataclass(kw_only=True)
class ComparedAccount:
    """One account in the comparison."""

    audit: AccountAudit
    rank: int
    standings: list[Standing]
    score_versus_median: str

    @property
    def handle(self) -> str:
        return self.audit.account.handle or self.audit.account.id

    @property
    def score(self) -> int:
        return self.audit.score.value

    def standing(self, name: str) -> Standing:
        return next(s for s in self.standings if s.figure.name == name)


@dataclass(kw_only=True)
class Comparison:
    """The accounts, ranked, with the group's medians."""

    accounts: list[ComparedAccount]
    medians: dict[str, float | None]
    """Figure name -> the median over the accounts that have it."""
    median_score: float
    generated_at: datetime
    inputs: list[str]
    since: datetime | None = None
    until: datetime | None = None
    read_report: ReadReport = field(default_factory=ReadReport)


def _side(value: float, median: float) -> str:
    if value > median:
        return "above"
    if value < median:
        return "below"
    return "at"


def competition_ranks(values: Sequence[float | None], higher_first: bool) -> list[int | None]:
    """Competition ranks (1, 2, 2, 4) of the values that are not None."""
    known = sorted((v for v in values if v is not None), reverse=higher_first)
    first: dict[float, int] = {}
    for position, value in enumerate(known, 1):
        first.setdefault(value, position)
    return [None if v is None else first[v] for v in values]


def _order_key(item: AccountAudit) -> tuple[Any, ...]:
    two_way = metric_number(item.metrics.get("two_way_share")) or 0.0
    handle = item.account.handle or item.account.id
    return (-item.score.value, -two_way, handle.lower(), item.account.platform, item.account.id)


def standings(
    figures: Sequence[Figure], metrics: Sequence[Mapping[str, Any]], *, against_median: bool = True
) -> tuple[dict[str, list[Standing]], dict[str, float | None]]:
    """For each figure (by name), each member's standing on it, the members given by their
    metrics (the ``as_json()`` dicts of :func:`twoway.metrics.compute`): value, rank among the
    members that have the figure, the reason where the data cannot give it, and, with
    ``against_median``, its side of the group's median; and the medians by figure (``None``
    where no member has the figure, or without ``against_median``)."""
    columns: dict[str, list[Standing]] = {}
    medians: dict[str, float | None] = {}
    for figure in figures:
        values = [figure.value(item) for item in metrics]
        known = sum(value is not None for value in values)
        median = None
        if against_median and known:
            median = statistics.median(value for value in values if value is not None)
        medians[figure.name] = median
        ranks = competition_ranks(values, higher_first=figure.better != "lower")
        column = []
        for item, value, rank in zip(metrics, values, ranks, strict=True):
            side = None if value is None or median is None else _side(value, median)
            better = None
            if side in ("above", "below") and figure.better is not None:
                better = (side == "above") == (figure.better == "higher")
            column.append(
                Standing(
                    figure=figure,
                    value=value,
                    shown=figure.shown(value),
                    reason=None if value is not None else metric_reason(item, figure.metric),
                    rank=rank,
                    ranked=known,
                    versus_median=side,
                    better=better,
                )
            )
        columns[figure.name] = column
    return columns, medians


def compare_audits(
    audits: Sequence[AccountAudit],
    *,
    inputs: Sequence[str] = (),
    since: datetime | None = None,
    until: datetime | None = None,
    read_report: ReadReport | None = None,
) -> Comparison:
    """Rank audited accounts and place each against the others on every key figure."""
    ordered = sorted(audits, key=_order_key)
    score_ranks = competition_ranks([float(a.score.value) for a in ordered], higher_first=True)
    median_score = float(statistics.median(a.score.value for a in ordered)) if ordered else 0.0
    columns, medians = standings(FIGURES, [a.metrics for a in ordered])
    accounts = [
        ComparedAccount(
            audit=item,
            rank=rank or 0,
            standings=[columns[figure.name][number] for figure in FIGURES],
            score_versus_median=_side(float(item.score.value), median_score),
        )
        for number, (item, rank) in enumerate(zip(ordered, score_ranks, strict=True))
    ]
    return Comparison(
        accounts=accounts,
        medians=medians,
        median_score=median_score,
        generated_at=datetime.now(UTC),
        inputs=list(inputs),
        since=since,
        until=until,
        read_report=read_report or ReadReport(),
    )


def compare(
    sources: Sequence[str | Path],
    *,
    workspace: Workspace | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    progress: Any = None,
) -> Comparison:
    """Audit and compare the accounts ``sources`` name: each is an export's path (every account
    in it is compared) or, with a ``workspace``, the handle of a stored account.  At least two
    accounts are needed; the same account named twice is compared once."""
    from twoway.audit import audit

    paths = [Path(s) for s in sources if Path(s).exists()]
    handles = [str(s) for s in sources if not Path(s).exists()]
    if handles and workspace is None:
        raise InputError(
            "no such file",
            file=handles[0],
            hint="give an export's path, or compare accounts stored in a workspace with --db FILE",
        )
    audits: list[AccountAudit] = []
    report = ReadReport()
    if paths:
        result = audit(paths, since=since, until=until, progress=progress)
        audits += result.accounts
        report = result.read_report
    if workspace is not None:
        for handle in handles:
            audits += workspace.audit(account=handle, since=since, until=until, keep=False).accounts
    seen: set[tuple[str, str]] = set()
    unique = []
    for item in audits:
        key = (item.account.platform, item.account.id or item.account.handle)
        if key not in seen:
            seen.add(key)
            unique.append(item)
    if len(unique) < 2:
        found = ", ".join(a.account.handle or a.account.id for a in unique) or "none"
        raise InputError(
            f"compare needs at least two accounts, and the inputs hold {len(unique)} ({found})",
            hint="give more exports or handles (an input of many accounts compares them all)",
        )
    inputs = [shown_name(str(p)) for p in paths] + (
        [f"{workspace.path}:{h}" for h in handles] if workspace is not None else []
    )
    return compare_audits(unique, inputs=inputs, since=since, until=until, read_report=report)
