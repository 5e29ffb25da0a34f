"""The HTML report (``twoway audit --html FILE``): one self-contained page.

The page loads nothing: its CSS is inline, its charts are inline SVG (:mod:`twoway.reports.charts`),
it has no script, and a Content-Security-Policy meta tag forbids scripts and every network load
in case anything slipped through.  Every text from the data is escaped by Jinja2's autoescape, and
control characters are dropped from it; a link becomes an ``<a href>`` only when its scheme is
http or https (anything else shows as text).  The same report renders to the same bytes.
"""

from __future__ import annotations

import heapq
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from twoway.audit import AccountAudit, AuditReport
from twoway.classifier.labels import INTENTS, PostLabels
from twoway.history import AccountHistory, KeptAudit
from twoway.platform_fit import (
    PLATFORM_FIGURES,
    PLATFORM_NAMES,
    TABLE,
    Advice,
    PlatformFit,
    platform_name,
    unavailable,
)
from twoway.reports import charts
from twoway.reports.charts import MONTHS
from twoway.reports.targets import (
    KEY_METRICS,
    KeyMetricValue,
    format_minutes,
    format_share,
    key_metrics,
    metric_number,
    metric_reason,
)

__all__ = ["CONTENT_SECURITY_POLICY", "close_bidi", "http_url", "render_html"]

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'"
)
"""No scripts, no loads from anywhere but inline styles (and data: images, which the report
does not use today)."""

EXAMPLES_PER_INTENT = 2
TEXT_LIMIT = 600
"""Post texts longer than this many characters are cut (with an ellipsis) in the report."""

PLATFORMS: Mapping[str, str] = PLATFORM_NAMES
ICA = (("information", 0.586), ("community", 0.258), ("action", 0.156))
"""Lovejoy & Saxton's shares for 73 large nonprofits (CODEBOOK.md section 4)."""
SERIES = frozenset({"weekly", "hour_weekday", "reply_latency_histogram"})
"""Metrics that are chart data, left out of the table of all figures."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def http_url(url: object) -> str | None:
    """``url`` when it is an absolute http or https address with a host and no whitespace or
    control characters in it, else None (the report then shows it as text, not as a link)."""
    if not isinstance(url, str) or not url:
        return None
    if any(ch.isspace() or ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


_EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e")
"""Left-to-right and right-to-left embeddings and overrides, closed by U+202C."""
_ISOLATES = frozenset("\u2066\u2067\u2068")
"""Left-to-right, right-to-left and first-strong isolates, closed by U+2069."""
_CLOSE = {"embedding": "\u202c", "isolate": "\u2069"}


def close_bidi(text: str) -> str:
    """``text`` with every bidirectional embedding, override and isolate it opens closed at its
    end, so that it cannot reverse what the page prints after it (a name ending in U+202E would
    otherwise show the handle beside it backwards).  Closed ones are kept: they are how
    right-to-left writers get their text right."""
    if not any("\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069" for ch in text):
        return text
    stack: list[str] = []
    for ch in text:
        if ch in _EMBEDDINGS:
            stack.append("embedding")
        elif ch in _ISOLATES:
            stack.append("isolate")
        elif ch == "\u202c" and stack and stack[-1] == "embedding":
            stack.pop()
        elif ch == "\u2069" and "isolate" in stack:
            # Closing an isolate closes the embeddings opened inside it too (UAX #9, X6a).
            while stack.pop() != "isolate":
                pass
    return text + "".join(_CLOSE[kind] for kind in reversed(stack))


def _finalize(value: object) -> object:
    """Applied to everything a template prints: data text loses its control characters and has
    its bidirectional controls closed (the charts' markup is already safe and passes
    unchanged)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return close_bidi(_CONTROL.sub("", value))
    return value


def _day(moment: object) -> str:
    if isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment)
        except ValueError:
            return str(moment)
    if not isinstance(moment, datetime):
        return "-"
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def _time(moment: object) -> str:
    if not isinstance(moment, datetime):
        return _day(moment)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return f"{_day(moment)}, {moment:%H:%M} UTC"


def _clip(text: object, limit: int = TEXT_LIMIT) -> str:
    value = str(text)
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def _points(value: object) -> str:
    number = metric_number(value)
    return "-" if number is None else f"{round(number, 1):g}"


def _width(value: object, maximum: object = 100) -> str:
    """A bar's CSS width, ``0%`` to ``100%``, from numbers only."""
    number, top = metric_number(value), metric_number(maximum)
    if number is None or not top:
        return "0%"
    return f"{max(0.0, min(100.0, number / top * 100)):.1f}%"


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("twoway.reports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        day=_day,
        time=_time,
        clip=_clip,
        points=_points,
        width=_width,
        http_url=http_url,
        share=lambda v: "-" if metric_number(v) is None else format_share(float(v)),
    )
    return env


@cache
def _template() -> Any:
    return _environment().get_template("report.html.j2")


@dataclass(frozen=True, kw_only=True, slots=True)
class _Figure:
    name: str
    shown: str
    available: bool


@dataclass(frozen=True, kw_only=True, slots=True)
class _Intent:
    name: str
    count: int
    examples: list[PostLabels]


@dataclass(frozen=True, kw_only=True, slots=True)
class _Ica:
    name: str
    shown: str
    benchmark: str


@dataclass(frozen=True, kw_only=True, slots=True)
class _ChartView:
    key: str
    title: str
    caption: str
    svg: Markup | None
    reason: str | None


@dataclass(frozen=True, kw_only=True, slots=True)
class _MonthRow:
    month: str
    posts: int
    score: str
    archetype: str
    figures: list[str]


@dataclass(frozen=True, kw_only=True, slots=True)
class _HistoryView:
    chart: _ChartView
    columns: list[str]
    months: list[_MonthRow]
    audits: list[KeptAudit]


@dataclass(frozen=True, kw_only=True, slots=True)
class _Cell:
    shown: str
    extra: str | None
    best: bool
    available: bool


@dataclass(frozen=True, kw_only=True, slots=True)
class _PlatformRowView:
    name: str
    accounts: str
    cells: list[_Cell]


@dataclass(frozen=True, kw_only=True, slots=True)
class _PlatformsView:
    anchor: str
    columns: list[str]
    rows: list[_PlatformRowView]
    missing: list[str]
    """One line per reason a figure is n/a: which figures, on which platforms, why."""
    advice: Advice
    chart: _ChartView


@dataclass(frozen=True, kw_only=True, slots=True)
class _AccountView:
    audit: AccountAudit
    anchor: str
    name: str
    handle: str
    platform: str
    period: str
    posts: str
    key_metrics: list[KeyMetricValue]
    ica: list[_Ica] | None
    ica_reason: str
    charts: list[_ChartView]
    intents: list[_Intent]
    figures: list[_Figure]
    history: _HistoryView | None = None
    platforms: _PlatformsView | None = None
    empty: bool = False
    """No posts in the window: the page says so instead of a score of 0 and an archetype."""


_SHARES = frozenset(
    {"answered_within", "clients", "followerwonk_engagement", "reply_concentration"}
)
"""Metrics whose values are shares (fractions of posts or messages) without ``_share`` in their
name (docs/metrics.md)."""


def _share_like(name: str) -> bool:
    return name.endswith("_share") or name.startswith("response_rate") or name in _SHARES


def _figure(name: str, value: object, *, share: bool, minutes: bool = False) -> str:
    """Any metric value as a short line of text: shares as percentages, minutes readable (the
    ``median`` and ``p90`` of a ``…_minutes`` metric too, its ``n`` stays a count), dicts and
    lists one level deep."""
    number = metric_number(value)
    if number is not None:
        if share:
            return format_share(number)
        if minutes or name.endswith("_minutes"):
            return format_minutes(number)
        return f"{round(number, 2):g}"
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        timed = name.endswith("_minutes")
        return ", ".join(
            f"{key} "
            + _figure(
                str(key),
                item,
                share=share or str(key).endswith("share"),
                minutes=timed and key != "n",
            )
            for key, item in value.items()
        )
    if isinstance(value, Sequence):
        return "; ".join(_figure(name, item, share=share) for item in value)
    return json.dumps(value, default=str)


def _hours(value: object, zone: str) -> str:
    """``[{hour: 9, posts: 14}, …]`` as ``09:00 UTC (14 posts), …`` (the hours of the time zone
    ``zone``); empty if it is not that."""
    if not isinstance(value, list) or not all(isinstance(row, Mapping) for row in value):
        return ""
    shown = []
    for row in value:
        hour, posts = metric_number(row.get("hour")), metric_number(row.get("posts"))
        if hour is None or posts is None:
            return ""
        shown.append(f"{hour:02.0f}:00 {zone} ({posts:g} post{'' if posts == 1 else 's'})")
    return ", ".join(shown)


def _rule_of_thumb(value: object) -> str:
    """A rule of thumb's ``{pass, by, detail, …}`` as a sentence: ``kept: promotion is 16% of
    posts: the rule allows at most 20%``; empty if it is not that."""
    if not isinstance(value, Mapping) or not isinstance(value.get("pass"), bool):
        return ""
    detail = value.get("detail")
    if not isinstance(detail, str) or not detail:
        return ""
    return f"{'kept' if value['pass'] else 'not kept'}: {detail}"


def _figures(metrics: Mapping[str, Any], zone: str) -> list[_Figure]:
    figures = []
    for name, value in metrics.items():
        if name.endswith("_reason") or name in SERIES:
            continue
        if value is None:
            shown = f"not available: {metric_reason(metrics, name)}"
        elif name == "busiest_hours" and _hours(value, zone):
            shown = _hours(value, zone)
        elif _rule_of_thumb(value):
            shown = _clip(_rule_of_thumb(value), 400)
        else:
            shown = _clip(_figure(name, value, share=_share_like(name)), 400)
        figures.append(_Figure(name=name, shown=shown, available=value is not None))
    return figures


def _ica(metrics: Mapping[str, Any]) -> list[_Ica] | None:
    value = metrics.get("ica_share")
    if not isinstance(value, Mapping):
        return None
    rows = []
    for name, benchmark in ICA:
        share = metric_number(value.get(name))
        rows.append(
            _Ica(
                name=name,
                shown="-" if share is None else format_share(share),
                benchmark=f"{benchmark * 100:.1f}%",
            )
        )
    return rows


def _period(report: AuditReport, audit: AccountAudit) -> str:
    """The window's days, or where it names none those of the first and last post in the
    report's time zone."""
    from twoway.metrics.zone import local_time

    def local(moment: object) -> object:
        return local_time(moment, report.time_zone) or moment

    posts = audit.metrics.get("posts")
    first: object = report.since
    last: object = report.until
    if isinstance(posts, Mapping):
        first = first or local(posts.get("first"))
        last = last or local(posts.get("last"))
    if (first is None or last is None) and audit.labels:
        times = [labels.post.created_at for labels in audit.labels]
        first, last = first or local(min(times)), last or local(max(times))
    if first is None and last is None:
        return "no posts"
    if last is None:
        return f"from {_day(first)}"
    if first is None:
        return f"until {_day(last)}"
    return f"{_day(first)} – {_day(last)}"


def _empty(audit: AccountAudit) -> bool:
    """Whether the account has no posts in the audit's window: nothing to score or coach."""
    posts = audit.metrics.get("posts")
    count = metric_number(posts.get("count")) if isinstance(posts, Mapping) else None
    return not audit.labels and not count


def _posts(audit: AccountAudit) -> str:
    posts = audit.metrics.get("posts")
    count = metric_number(posts.get("count")) if isinstance(posts, Mapping) else None
    if count is None:
        count = float(len(audit.labels))
    text = f"{count:.0f} post" + ("" if count == 1 else "s")
    per_day = metric_number(posts.get("per_active_day")) if isinstance(posts, Mapping) else None
    if per_day is not None:
        text += f", {per_day:.1f} per active day"
    return text


def _intents(audit: AccountAudit) -> list[_Intent]:
    by_intent: dict[str, list[PostLabels]] = {intent: [] for intent in INTENTS}
    for labels in audit.labels:
        if labels.intent is not None and str(labels.intent.value) in by_intent:
            by_intent[str(labels.intent.value)].append(labels)
    intents = []
    for intent, members in by_intent.items():
        chosen = heapq.nsmallest(  # = sorted(...)[:EXAMPLES_PER_INTENT], without the sort
            EXAMPLES_PER_INTENT,
            members,
            key=lambda la: (
                -la.intent.confidence if la.intent else 0.0,
                la.post.created_at,
                la.post.id,
            ),
        )
        intents.append(_Intent(name=intent, count=len(members), examples=chosen))
    return intents


def _chart_view(chart: charts.Chart) -> _ChartView:
    return _ChartView(
        key=chart.key,
        title=chart.title,
        caption=chart.caption,
        # matplotlib's own SVG: labels are fixed names, dates and numbers, never data text.
        svg=Markup(chart.svg) if chart.svg is not None else None,
        reason=chart.reason,
    )


def _charts(metrics: Mapping[str, Any], anchor: str, zone: str) -> list[_ChartView]:
    made = (
        charts.mix_chart(metrics, key=f"{anchor}-mix"),
        charts.weekly_chart(metrics, key=f"{anchor}-weekly", zone=zone),
        charts.hour_weekday_chart(metrics, key=f"{anchor}-hours", zone=zone),
        charts.reply_latency_chart(metrics, key=f"{anchor}-latency"),
    )
    return [_chart_view(chart) for chart in made]


def _history(history: AccountHistory, anchor: str) -> _HistoryView:
    """The history section: the trend chart, a row per month, and the audits kept."""
    rows = [
        {
            "month": month.month.isoformat(),
            "posts": month.posts,
            "score": month.score,
            "two_way_share": month.metrics.get("two_way_share"),
        }
        for month in history.months
    ]
    months = []
    for month in history.months:
        figures = ["-"] * len(KEY_METRICS)
        if month.score is not None:
            figures = [
                "-" if value.value is None else value.shown for value in key_metrics(month.metrics)
            ]
        months.append(
            _MonthRow(
                month=f"{MONTHS[month.month.month - 1]} {month.month.year}",
                posts=month.posts,
                score="-" if month.score is None else str(month.score),
                archetype=month.archetype or "-",
                figures=figures,
            )
        )
    return _HistoryView(
        chart=_chart_view(charts.history_chart(rows, key=f"{anchor}-history")),
        columns=[metric.short for metric in KEY_METRICS],
        months=months,
        audits=list(history.audits),
    )


def platforms_chart(fit: PlatformFit, *, key: str = "platforms") -> charts.Chart:
    """Per platform, two bars: its share of the owner's posts and its share of what came back
    (n/a where the data does not count it).  Labels are platform names and numbers only."""
    title = "Where you post, and where they talk back"
    caption = (
        "Grey: the platform's share of all your posts. Green: its share of the messages and "
        "replies that came back on the platforms that count them; n/a where the data does not."
    )
    rows = list(fit.platforms)
    if not any(row.posts for row in rows):
        return charts.Chart(key=key, title=title, caption=caption, reason="no posts")
    names = [row.name for row in rows]

    def draw(figure: Any) -> None:
        ax = figure.subplots()
        places = list(range(len(rows)))[::-1]
        for place, row in zip(places, rows, strict=True):
            posts = row.post_share or 0.0
            ax.barh(place + 0.18, posts, height=0.34, color=charts.MUTED)
            ax.text(posts + 0.01, place + 0.18, format_share(posts), va="center", fontsize=9)
            if row.heard_share is None:
                ax.text(0.01, place - 0.18, "n/a", va="center", fontsize=9, color=charts.MUTED)
            else:
                ax.barh(place - 0.18, row.heard_share, height=0.34, color=charts.ACCENT)
                ax.text(
                    row.heard_share + 0.01,
                    place - 0.18,
                    format_share(row.heard_share),
                    va="center",
                    fontsize=9,
                )
        ax.set_yticks(places, names)
        # Each platform's band holds both bars (or a bar and n/a), whatever was drawn in it.
        ax.set_ylim(-0.5, len(rows) - 0.5)
        ax.set_xlim(0, 1.12)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0%", "25%", "50%", "75%", "100%"])
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="x", color=charts.GRID, linewidth=0.8)
        ax.set_axisbelow(True)

    summary = "; ".join(
        f"{row.name}: {format_share(row.post_share or 0.0)} of posts, "
        + ("n/a" if row.heard_share is None else format_share(row.heard_share))
        + " of what came back"
        for row in rows
    )
    height = 0.8 + 0.6 * len(rows)
    svg = charts._render(key, (5.4, height), draw, summary)
    return charts.Chart(key=key, title=title, caption=caption, svg=svg)


def _platforms(fit: PlatformFit, anchor: str) -> _PlatformsView:
    """The Platforms section: the table, why figures are n/a, the advice and the chart."""
    label = {figure.name: figure.label for figure in PLATFORM_FIGURES}
    rows = []
    for row in fit.platforms:
        cells = []
        for name, extra in TABLE:
            standing = row.standing(name)
            beside = row.standing(extra) if extra else None
            shown_beside = None
            if beside is not None and beside.value is not None:
                shown_beside = beside.shown
                if extra == "people_in":
                    shown_beside = f"from {beside.shown} people"
            cells.append(
                _Cell(
                    shown=standing.shown,
                    extra=shown_beside,
                    best=row.platform in fit.leads(name),
                    available=standing.value is not None,
                )
            )
        rows.append(_PlatformRowView(name=row.name, accounts=", ".join(row.accounts), cells=cells))
    missing = [
        f"{', '.join(label[name] for name in item.figures)} on "
        f"{platform_name(item.platforms)}: {item.reason}"
        for item in unavailable(fit)
    ]
    return _PlatformsView(
        anchor=f"{anchor}-platforms",
        columns=[label[name] for name, _ in TABLE],
        rows=rows,
        missing=missing,
        advice=fit.advice,
        chart=_chart_view(platforms_chart(fit, key=f"{anchor}-platform-chart")),
    )


def _account(
    report: AuditReport,
    audit: AccountAudit,
    number: int,
    history: AccountHistory | None,
    platform_fit: PlatformFit | None = None,
) -> _AccountView:
    account = audit.account
    anchor = f"account-{number}"
    metrics = audit.metrics if isinstance(audit.metrics, Mapping) else {}
    handle = account.handle or account.id
    fit = platform_fit if platform_fit is not None and platform_fit.audit is audit else None
    return _AccountView(
        audit=audit,
        anchor=anchor,
        name=account.display_name or handle,
        handle=handle,
        platform=platform_name(account.platform),
        period=_period(report, audit),
        posts=_posts(audit),
        key_metrics=key_metrics(metrics),
        ica=_ica(metrics),
        ica_reason=metric_reason(metrics, "ica_share"),
        charts=_charts(metrics, anchor, report.time_zone),
        intents=_intents(audit),
        figures=_figures(metrics, report.time_zone),
        history=_history(history, anchor) if history is not None else None,
        platforms=_platforms(fit, anchor) if fit is not None else None,
        empty=_empty(audit),
    )


def render_html(
    report: AuditReport,
    *,
    history: Sequence[AccountHistory] = (),
    platform_fit: PlatformFit | None = None,
) -> str:
    """The whole report as one HTML document that loads nothing from anywhere.  An account with
    a ``history`` (:meth:`twoway.store.Workspace.history`) gets a section with its months; the
    owner's combined audit of a ``platform_fit`` (``--as``) a section with its platforms side by
    side and where its audience talks back."""
    histories = {h.account: h for h in history}
    accounts = [
        _account(report, audit, n, histories.get(audit.account), platform_fit)
        for n, audit in enumerate(report.accounts, 1)
    ]
    return str(
        _template().render(
            report=report,
            accounts=accounts,
            csp=CONTENT_SECURITY_POLICY,
            generated=_time(report.generated_at),
        )
    )
