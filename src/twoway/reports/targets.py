"""The key metrics a report shows first, each beside its target.

Defined once here for every report (terminal, HTML).  A target is a rule of thumb with its source
named, not a law: the rule of thirds (a third of posts are personal interactions), the 80/20
rule (at most a fifth promotes), answering people within the hour.  A metric that is missing or
``None`` shows as not available, with the reason its ``<name>_reason`` sibling gives.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "KEY_METRICS",
    "KeyMetric",
    "KeyMetricValue",
    "format_minutes",
    "format_share",
    "key_metrics",
    "metric_number",
    "metric_reason",
]


@dataclass(frozen=True, kw_only=True, slots=True)
class KeyMetric:
    """A metric (``name``, or the ``field`` inside it) and its target: at least or at most
    ``target``.  ``unit`` is ``share`` (0 to 1) or ``minutes``."""

    name: str
    label: str
    short: str
    """The label in a few words, for a table's column."""
    unit: str
    target: float
    at_least: bool
    source: str
    """Where the target comes from, in a few words."""
    field: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class KeyMetricValue:
    """One key metric of one account: its value as shown, the target as shown, and whether the
    account meets it (``None`` when the value is not available)."""

    metric: KeyMetric
    value: float | None
    shown: str
    target: str
    met: bool | None
    reason: str | None = None
    """Why the value is not available."""


KEY_METRICS: tuple[KeyMetric, ...] = (
    KeyMetric(
        name="two_way_share",
        label="Two-way posts",
        short="two-way",
        unit="share",
        target=1 / 3,
        at_least=True,
        source="rule of thirds: a third of posts talk with people",
    ),
    KeyMetric(
        name="question_share",
        label="Posts that ask something",
        short="asks",
        unit="share",
        target=0.1,
        at_least=True,
        source="ask your audience in one post in ten",
    ),
    KeyMetric(
        name="promotion_share",
        label="Promotional posts",
        short="promotes",
        unit="share",
        target=0.2,
        at_least=False,
        source="80/20 rule: at most a fifth promotes",
    ),
    KeyMetric(
        name="link_only_share",
        label="Links with no words of your own",
        short="link only",
        unit="share",
        target=0.2,
        at_least=False,
        source="say why you share a link",
    ),
    KeyMetric(
        name="response_rate_72h",
        label="Messages answered within 72 hours",
        short="answered in 72h",
        unit="share",
        target=0.8,
        at_least=True,
        source="answer most people who write to you",
    ),
    KeyMetric(
        name="reply_latency_minutes",
        field="median",
        label="Typical time to reply",
        short="reply time",
        unit="minutes",
        target=60,
        at_least=False,
        source="people expect an answer within the hour",
    ),
)


def format_share(value: float) -> str:
    """``0.123`` -> ``12%``; a small non-zero share is ``<1%``, never ``0%``."""
    if 0 < value < 0.005:
        return "<1%"
    return f"{value * 100:.0f}%"


def format_minutes(value: float) -> str:
    """``45`` -> ``45 min``, ``150`` -> ``2.5 h``, ``4320`` -> ``3 days``."""
    if value < 60:
        return f"{value:.0f} min"
    if value < 48 * 60:
        return f"{value / 60:.1f} h".replace(".0 h", " h")
    return f"{value / 1440:.1f} days".replace(".0 days", " days")


def _format(metric: KeyMetric, value: float) -> str:
    return format_share(value) if metric.unit == "share" else format_minutes(value)


def _shown(metric: KeyMetric, value: float, met: bool) -> str:
    """``value`` as shown beside its target.  A value that misses the target never reads as the
    target itself: a time is then shown in minutes (62.6 minutes is ``63 min``, not ``1 h``,
    beside "at most 1 h"), and a share as ``just under 33%`` or ``just over 20%`` (not ``33%``
    beside "at least 33%")."""
    shown = _format(metric, value)
    target = _format(metric, metric.target)
    if met or shown != target:
        return shown
    if metric.unit == "minutes" and round(value) != round(metric.target):
        return f"{round(value)} min"
    return f"just {'under' if metric.at_least else 'over'} {target}"


def metric_number(value: object) -> float | None:
    """``value`` as a float when it is a finite number (not a bool), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def metric_reason(metrics: Mapping[str, Any], name: str) -> str:
    """Why the metric ``name`` has no value: its ``<name>_reason`` sibling, or a plain default."""
    reason = metrics.get(f"{name}_reason")
    if isinstance(reason, str) and reason.strip():
        return reason.strip()
    return "not computed for this account" if name not in metrics else "no reason given"


def key_metrics(metrics: Mapping[str, Any]) -> list[KeyMetricValue]:
    """Every :data:`KEY_METRICS` entry read from one account's ``metrics``."""
    values = []
    for metric in KEY_METRICS:
        target = ("at least " if metric.at_least else "at most ") + _format(metric, metric.target)
        raw = metrics.get(metric.name)
        if metric.field is not None and isinstance(raw, Mapping):
            raw = raw.get(metric.field)
        value = metric_number(raw)
        if value is None:
            reason = metric_reason(metrics, metric.name)
            if raw is not None and metrics.get(metric.name) is not None:
                reason = f"unexpected value {raw!r}"[:120]
            values.append(
                KeyMetricValue(
                    metric=metric,
                    value=None,
                    shown="not available",
                    target=target,
                    met=None,
                    reason=reason,
                )
            )
            continue
        met = value >= metric.target if metric.at_least else value <= metric.target
        values.append(
            KeyMetricValue(
                metric=metric,
                value=value,
                shown=_shown(metric, value, met),
                target=target,
                met=met,
            )
        )
    return values
