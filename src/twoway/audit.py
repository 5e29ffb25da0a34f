"""The audit: how social an account really is, and what to do next (``twoway audit``).

:func:`audit` reads exports, classifies every post, and for each account computes its metrics
(:mod:`twoway.metrics`), its social score and archetype (:mod:`twoway.score`), the account rules it
trips (:mod:`twoway.rules`), and the coaching (:mod:`twoway.coach`): recommendations, cue cards and
missed conversations.  The result is plain data that every report (terminal, HTML, JSON, CSV)
renders.

The metrics that count days, weeks or hours (posts per day, busiest hours, the weekly and
hour-by-weekday series) count them in the audit's time zone, ``tz``: UTC unless it names another
(``Europe/Amsterdam``), so that a business reads its hours off its own clock.  Times themselves
stay UTC.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from twoway.classifier.labels import PostLabels
from twoway.importers import ReadReport
from twoway.model import Account, Interaction, Post
from twoway.sources import shown_name

__all__ = [
    "AccountAudit",
    "Archetype",
    "AuditReport",
    "CueCard",
    "Evidence",
    "Finding",
    "MissedConversation",
    "Recommendation",
    "Score",
    "ScorePart",
]

DEFAULT_ZONE = "UTC"
"""The time zone of an audit that names none (:data:`twoway.metrics.zone.DEFAULT_ZONE`; named
here too so that importing the audit's data classes does not import the metrics)."""

SCHEMA_VERSION = 1
"""Version of the JSON report's layout (docs/report-json.md); bumped on any incompatible change."""


@dataclass(frozen=True, kw_only=True, slots=True)
class ScorePart:
    """One part of the social score: ``two-way share 12% -> 13 of 55 points``."""

    name: str
    """Metric it reads, e.g. ``two_way_share``."""
    label: str
    """How the report names it, e.g. ``two-way share``."""
    value: float | None
    """The metric's value (None when the data cannot support it)."""
    shown: str
    """The value as shown, e.g. ``12%``."""
    points: float
    max_points: float

    @property
    def text(self) -> str:
        return f"{self.label} {self.shown} -> {self.points:g} of {self.max_points:g} points"


@dataclass(frozen=True, kw_only=True, slots=True)
class Score:
    """The social score, 0-100, and the parts it adds up from."""

    value: int
    parts: tuple[ScorePart, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class Archetype:
    """Broadcaster, Promoter, Curator, Responder, Conversationalist or Community builder."""

    name: str
    reason: str
    """One sentence saying why."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Evidence:
    """One of the account's own posts, cited as evidence."""

    post_id: str
    created_at: datetime
    text: str
    url: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Finding:
    """An account rule that fired, with the figures behind it."""

    code: str
    name: str
    level: str
    message: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class Recommendation:
    """One change that matters, most impactful first: the rule behind it, the evidence (figures
    and a few of the account's own posts) and one concrete next action."""

    code: str
    """The rule behind it."""
    title: str
    why: str
    """The figures, in a sentence."""
    action: str
    """One concrete next action."""
    evidence: tuple[Evidence, ...] = ()
    impact: float = 0.0
    """Score points it could win; orders the recommendations."""


@dataclass(frozen=True, kw_only=True, slots=True)
class CueCard:
    """A conversation starter written for the account from its own topics."""

    kind: str
    """``question``, ``poll``, ``behind-the-scenes``, ``shout-out`` or ``personal``."""
    text: str
    based_on: str
    """What in the account's posts it comes from (``#sourdough, used in 23 posts``)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class MissedConversation:
    """An inbound message the account never answered."""

    id: str
    author: str
    created_at: datetime
    text: str
    type: str
    in_reply_to: str | None = None
    url: str | None = None


@dataclass(kw_only=True)
class AccountAudit:
    """Everything the audit says about one account."""

    account: Account
    metrics: dict[str, Any]
    """Metric name -> JSON-ready value; ``None`` where the data cannot support it, with the reason
    under ``<name>_reason`` (docs/metrics.md)."""
    score: Score
    archetype: Archetype
    findings: list[Finding] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    cue_cards: list[CueCard] = field(default_factory=list)
    missed_conversations: list[MissedConversation] = field(default_factory=list)
    labels: list[PostLabels] = field(default_factory=list)
    """Every post's labels (for the CSV report and examples)."""
    interactions: list[Interaction] = field(default_factory=list)

    @property
    def posts(self) -> list[Post]:
        return [labels.post for labels in self.labels]

    @property
    def caveat(self) -> str | None:
        """Why the score and archetype are only a first impression (too few posts), or
        ``None`` (:func:`twoway.score.caveat`)."""
        from twoway.score import caveat

        return caveat(self.metrics)


@dataclass(kw_only=True)
class AuditReport:
    """The audit of every account in the inputs."""

    accounts: list[AccountAudit]
    generated_at: datetime
    inputs: Sequence[str]
    since: datetime | None = None
    until: datetime | None = None
    read_report: ReadReport = field(default_factory=ReadReport)
    time_zone: str = DEFAULT_ZONE
    """The IANA name of the zone whose days, weeks and hours the metrics count in."""


def _in_window(moment: datetime, since: datetime | None, until: datetime | None) -> bool:
    return (since is None or moment >= since) and (until is None or moment < until)


def audit(
    paths: Any,
    *,
    account: str | Sequence[str] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    progress: Any = None,
    tz: str = DEFAULT_ZONE,
) -> AuditReport:
    """Read ``paths``, classify every post and audit each account (one entry per account of a
    many-account input; ``account`` keeps one, or a list of them).  ``since``/``until`` keep the
    posts and inbound messages from ``since`` (inclusive) to ``until`` (exclusive).  Days, weeks
    and hours are those of the time zone ``tz``, an IANA name such as ``Europe/Amsterdam``
    (:class:`~twoway.errors.InputError` for an unknown one, before anything is read)."""
    from twoway.dataset import load
    from twoway.metrics.zone import time_zone

    time_zone(tz)
    data = load(paths, account=account, progress=progress)
    return audit_dataset(data, paths=paths, since=since, until=until, tz=tz)


def audit_dataset(
    data: Any,
    *,
    paths: Any = (),
    since: datetime | None = None,
    until: datetime | None = None,
    tz: str = DEFAULT_ZONE,
) -> AuditReport:
    """Audit an already loaded :class:`~twoway.dataset.Dataset`, days, weeks and hours in the
    time zone ``tz``."""
    from twoway.classifier import classify
    from twoway.metrics.zone import time_zone

    time_zone(tz)

    posts = [p for p in data.posts if _in_window(p.created_at, since, until)]
    inbound = [i for i in data.interactions if _in_window(i.created_at, since, until)]
    by_account: dict[tuple[str, str], list[Post]] = {}
    for post in posts:
        by_account.setdefault((post.platform, post.account_id or post.account), []).append(post)
    inbound_of: dict[tuple[str, str], list[Interaction]] = {}
    for item in inbound:
        inbound_of.setdefault((item.platform, item.account), []).append(item)
    audits = []
    for account in data.accounts:
        key = (account.platform, account.id or account.handle)
        own = by_account.pop(key, [])
        own.sort(key=lambda p: p.created_at)
        messages = inbound_of.get((account.platform, account.handle), [])
        audits.append(audit_account(account, classify(own), messages, tz=tz))
    for (platform, name), own in by_account.items():  # posts whose account the input never named
        own.sort(key=lambda p: p.created_at)
        stray = Account(platform=platform, id=own[0].account_id, handle=own[0].account or name)
        audits.append(audit_account(stray, classify(own), [], tz=tz))
    inputs = [shown_name(str(p)) for p in (paths if isinstance(paths, list | tuple) else [paths])]
    return AuditReport(
        accounts=audits,
        generated_at=datetime.now(UTC),
        inputs=inputs,
        since=since,
        until=until,
        read_report=data.report,
        time_zone=tz,
    )


def audit_account(
    account: Account,
    labels: Sequence[PostLabels],
    interactions: Sequence[Interaction],
    *,
    tz: str = DEFAULT_ZONE,
) -> AccountAudit:
    """The audit of one account from its labelled posts and inbound messages, days, weeks and
    hours in the time zone ``tz``."""
    from twoway.coach.cue_cards import cue_cards
    from twoway.coach.missed import missed_conversations
    from twoway.coach.recommendations import recommend
    from twoway.metrics import compute
    from twoway.metrics.zone import time_zone
    from twoway.rules import check_account
    from twoway.score import archetype, social_score

    metrics = compute(labels, interactions, tz=tz).as_json()
    score = social_score(metrics)
    posts = [item.post for item in labels]
    findings = [
        Finding(code=hit.code, name=hit.name, level=hit.level, message=hit.message)
        for hit in check_account(metrics)
    ]
    return AccountAudit(
        account=account,
        metrics=metrics,
        score=score,
        archetype=archetype(metrics),
        findings=findings,
        recommendations=recommend(findings, metrics, labels, score, zone=time_zone(tz)),
        cue_cards=cue_cards(labels, metrics),
        missed_conversations=missed_conversations(interactions, posts),
        labels=list(labels),
        interactions=list(interactions),
    )
