"""An account month by month (``twoway history``): the social score, the archetype and the key
metrics of each calendar month, from the posts and inbound messages the workspace holds, beside
the audits kept of it (:meth:`twoway.store.Workspace.history`).

A month is audited as an account whose posts are that month's: the same metrics
(:func:`twoway.metrics.compute`) and the same score, from the labels stored with the posts.
Months are calendar months in UTC, from the first post or message to the last; a month without
posts has no score.  As with any window, a message answered in the next month counts as answered
but without a known answer time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from twoway.audit import AccountAudit, AuditReport
from twoway.classifier.labels import PostLabels
from twoway.model import Account, Interaction

__all__ = ["AccountHistory", "KeptAudit", "Month", "history_report", "monthly"]


@dataclass(frozen=True, kw_only=True, slots=True)
class Month:
    """One calendar month of an account."""

    month: date
    """Its first day."""
    posts: int
    inbound: int
    """Inbound messages that month."""
    score: int | None
    """The social score of the month's posts; ``None`` for a month without posts."""
    archetype: str | None
    metrics: dict[str, Any]
    """Every metric of the month (as in the JSON report); empty for a month without posts."""


@dataclass(frozen=True, kw_only=True, slots=True)
class KeptAudit:
    """An audit stored by ``twoway audit --db``: when, over which window, and what it found."""

    audited_at: datetime
    since: datetime | None
    until: datetime | None
    posts: int
    score: int
    archetype: str
    metrics: dict[str, Any]
    time_zone: str = "UTC"
    """The IANA zone whose days, weeks and hours the audit counted in (``--tz``); audits kept
    before workspaces recorded it were all in UTC."""


@dataclass(kw_only=True)
class AccountHistory:
    """One account's months, the audits kept of it, and (when asked) an audit of all its posts."""

    account: Account
    months: list[Month]
    audits: list[KeptAudit] = field(default_factory=list)
    audit: AccountAudit | None = None


def _month(moment: datetime) -> date:
    return date(moment.year, moment.month, 1)


def _next(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def monthly(labels: Sequence[PostLabels], interactions: Sequence[Interaction]) -> list[Month]:
    """The months from the first post or message to the last, each audited on its own."""
    from twoway.metrics import compute
    from twoway.score import archetype, social_score

    posts_of: dict[date, list[PostLabels]] = {}
    for item in labels:
        posts_of.setdefault(_month(item.post.created_at), []).append(item)
    inbound_of: dict[date, list[Interaction]] = {}
    for message in interactions:
        inbound_of.setdefault(_month(message.created_at), []).append(message)
    known = posts_of.keys() | inbound_of.keys()
    if not known:
        return []
    months = []
    month, last = min(known), max(known)
    while month <= last:
        posts, inbound = posts_of.get(month, []), inbound_of.get(month, [])
        if posts:
            metrics = compute(posts, inbound).as_json()
            score: int | None = social_score(metrics).value
            kind: str | None = archetype(metrics).name
        else:
            metrics, score, kind = {}, None, None
        months.append(
            Month(
                month=month,
                posts=len(posts),
                inbound=len(inbound),
                score=score,
                archetype=kind,
                metrics=metrics,
            )
        )
        month = _next(month)
    return months


def history_report(histories: Sequence[AccountHistory], inputs: Sequence[str]) -> AuditReport:
    """The audit report of the accounts whose histories were made with their audit, for the
    HTML report with its history sections."""
    from datetime import UTC

    return AuditReport(
        accounts=[h.audit for h in histories if h.audit is not None],
        generated_at=datetime.now(UTC),
        inputs=list(inputs),
    )
