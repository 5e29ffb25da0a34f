"""The HTML report's charts, drawn by matplotlib as SVG to embed inline.

Each function takes the account's metrics (the JSON-ready dict of
:class:`twoway.audit.AccountAudit`) and returns a :class:`Chart`: the SVG markup, or the reason
the chart cannot be drawn.  Charts never carry text from the data: their labels are the
codebook's fixed names (kinds, intents), dates, hours and numbers.  matplotlib writes through its
SVG backend only (no Agg, no pyplot, no global backend switch), with a fixed hash salt and no date
stamp, so the same metrics give the same bytes; text stays text (``svg.fonttype: none``), which
keeps the files small.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, cast

from twoway.audit import DEFAULT_ZONE
from twoway.classifier.labels import INTENTS
from twoway.model import Kind
from twoway.reports.targets import format_minutes, format_share, metric_number, metric_reason

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "Chart",
    "history_chart",
    "hour_weekday_chart",
    "mix_chart",
    "moving_two_way_share",
    "reply_latency_chart",
    "weekly_chart",
]

KINDS: tuple[str, ...] = tuple(kind.value for kind in Kind)
WEEKDAYS: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS: tuple[str, ...] = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)

INK = "#1f2937"
MUTED = "#6b7280"
GRID = "#e5e7eb"
ACCENT = "#0f766e"
TARGET = "#b45309"
KIND_COLOURS: Mapping[str, str] = {
    "original": "#475569",
    "reply": "#0f766e",
    "thread": "#0891b2",
    "repost": "#94a3b8",
    "quote": "#7c3aed",
}
INTENT_COLOURS: Mapping[str, str] = {
    "conversation": "#0f766e",
    "community": "#15803d",
    "promotion": "#b45309",
    "quote": "#7c3aed",
    "personal": "#be185d",
    "information": "#475569",
}

TWO_WAY_TARGET = 1 / 3
"""The dashed line on the weekly chart: a third of posts talking with people (rule of thirds)."""

AVERAGE_WEEKS = 4
"""The weekly chart's moving average spans this many weeks: the week and the three before it."""

_MARKED_WEEKS = 104
"""The weekly chart marks each week's point up to this many weeks."""

_RC: dict[str, Any] = {
    "svg.hashsalt": "twoway",
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 11,
    "axes.edgecolor": GRID,
    "axes.labelcolor": INK,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.titlecolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "xtick.labelcolor": INK,
    "ytick.labelcolor": INK,
    "figure.dpi": 72,
}
_METADATA: Mapping[str, None] = {"Date": None, "Creator": None, "Format": None, "Type": None}


@dataclass(frozen=True, kw_only=True, slots=True)
class Chart:
    """One chart: ``svg`` (inline markup without the XML prologue) or, when the data cannot
    support it, ``reason``."""

    key: str
    title: str
    caption: str
    svg: str | None = None
    reason: str | None = None


def _shares(value: object, names: Sequence[str]) -> list[float] | None:
    """The shares under ``names`` (missing ones count as 0), or None when ``value`` is no dict
    of numbers."""
    if not isinstance(value, Mapping):
        return None
    shares = [metric_number(value.get(name, 0)) for name in names]
    if any(share is None for share in shares):
        return None
    return [share for share in shares if share is not None]


def _minutes(value: float) -> str:
    """``90`` -> ``1.5h``, ``2880`` -> ``2d``: a latency edge in few characters."""
    if value < 60:
        return f"{value:g}m"
    if value < 1440:
        return f"{value / 60:g}h"
    if value < 10080 or value % 10080:
        return f"{value / 1440:g}d"
    return f"{value / 10080:g}w"


def _span(low: float, high: float) -> str:
    """A latency bin's label: ``5-15m``, ``1-4h``, ``15m-1h``."""
    first, last = _minutes(low), _minutes(high)
    if first[-1] == last[-1]:
        return f"{first[:-1]}-{last}"
    return f"{first}-{last}"


def _referenced_ids(svg: str) -> set[str]:
    found: set[str] = set()
    for a, b in re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', svg):
        found.add(a or b)
    return found


def _inline(svg: str, *, prefix: str, label: str) -> str:
    """matplotlib's SVG made fit to sit inside HTML: no XML prologue or DOCTYPE, ids that are
    referenced get ``prefix`` (several charts share one document), unreferenced ids go, and the
    root scales with its container."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    used = _referenced_ids(svg)

    def rename(match: re.Match[str]) -> str:
        name = match.group(1)
        return f' id="{prefix}-{name}"' if name in used else ""

    svg = re.sub(r' id="([^"]+)"', rename, svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m.group(1)}"', svg)
    # Smaller without visible change: two decimals are a hundredth of a point, and whitespace
    # between tags and inside path data means nothing in SVG.
    svg = re.sub(r"(\d\.\d\d)\d+", r"\1", svg)
    svg = re.sub(r'd="([^"]*)"', lambda m: 'd="' + " ".join(m.group(1).split()) + '"', svg)
    svg = re.sub(r">\s+<", "><", svg)
    root_end = svg.index(">")
    root = svg[:root_end]
    root = re.sub(r' (width|height)="[^"]*"', "", root)
    label = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    root += (
        f' class="chart-svg" role="img" aria-label="{label}" preserveAspectRatio="xMidYMid meet"'
    )
    return root + svg[root_end:].rstrip() + "\n"


def _render(key: str, size: tuple[float, float], draw: Callable[[Figure], None], label: str) -> str:
    import matplotlib as mpl
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    # cast: matplotlib's stubs want the keys as a Literal of every rcParam name.
    with mpl.rc_context(cast(Any, _RC)):
        figure = Figure(figsize=size, layout="constrained")
        FigureCanvasSVG(figure)
        draw(figure)
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata=_METADATA)
    return _inline(out.getvalue(), prefix=key, label=label)


def mix_chart(metrics: Mapping[str, Any], *, key: str = "mix") -> Chart:
    """Kinds (shares of all posts) above intents (shares of posts that are not reposts)."""
    title = "What the posts are, and what they do"
    caption = (
        "Kinds are shares of all posts; intents are shares of the posts that are not bare reposts."
    )
    panels: list[tuple[str, Sequence[str], list[float], Mapping[str, str]]] = []
    reasons = []
    for name, heading, names, colours in (
        ("kind_share", "Kinds", KINDS, KIND_COLOURS),
        ("intent_share", "Intents", INTENTS, INTENT_COLOURS),
    ):
        shares = _shares(metrics.get(name), names)
        if shares is None:
            reasons.append(f"{name.replace('_', ' ')}: {metric_reason(metrics, name)}")
        else:
            panels.append((heading, names, shares, colours))
    if not panels:
        return Chart(key=key, title=title, caption=caption, reason="; ".join(reasons))
    if reasons:
        caption += " Not available: " + "; ".join(reasons) + "."

    def draw(figure: Figure) -> None:
        axes = figure.subplots(len(panels), 1, squeeze=False)[:, 0]
        for ax, (heading, names, shares, colours) in zip(axes, panels, strict=True):
            rows = list(range(len(names)))[::-1]
            ax.barh(rows, shares, color=[colours[n] for n in names], height=0.7)
            ax.set_yticks(rows, list(names))
            ax.set_xlim(0, max(1.0, max(shares) * 1.15) if max(shares) > 0.85 else 1.0)
            ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0%", "25%", "50%", "75%", "100%"])
            ax.tick_params(axis="y", length=0)
            ax.grid(axis="x", color=GRID, linewidth=0.8)
            ax.set_axisbelow(True)
            ax.set_title(heading)
            for row, share in zip(rows, shares, strict=True):
                ax.text(share + 0.01, row, format_share(share), va="center", fontsize=10, color=INK)

    height = 0.9 + 0.3 * sum(len(p[1]) for p in panels) + 0.5 * len(panels)
    summary = ". ".join(
        f"{heading}: "
        + ", ".join(f"{n} {format_share(s)}" for n, s in zip(names, shares, strict=True))
        for heading, names, shares, _ in panels
    )
    return Chart(
        key=key, title=title, caption=caption, svg=_render(key, (5.4, height), draw, summary)
    )


Week = tuple[date, float, float | None]
"""A row of the weekly series: the Monday, how many posts, their two-way share."""


def _weeks(value: object) -> list[Week] | None:
    if not isinstance(value, Sequence) or isinstance(value, str) or not value:
        return None
    weeks = []
    for row in value:
        if not isinstance(row, Mapping):
            return None
        try:
            week = date.fromisoformat(str(row.get("week")))
        except ValueError:
            return None
        posts = metric_number(row.get("posts"))
        share = metric_number(row.get("two_way_share"))
        weeks.append((week, posts or 0.0, share))
    weeks.sort()
    return weeks


def _moving(weeks: Sequence[Week], span: int = AVERAGE_WEEKS) -> list[float | None]:
    """For each week of ``weeks`` (sorted), the two-way share of the posts of that week and the
    ``span - 1`` weeks before it: their two-way posts over their posts, so a week of 2 posts
    weighs as 2 posts, not as a week (a mean of weekly shares would let it swing the line as far
    as a week of 50).  Weeks missing from the series, those before the first among them, hold no
    posts.  None where the span holds no posts."""
    if span < 1:
        raise ValueError(f"a moving average spans a week or more, not {span}")
    # Two-way posts back from the share: a share is a count over ``posts``, so this is exact.
    counts = [(week, posts, round((share or 0.0) * posts)) for week, posts, share in weeks]
    out: list[float | None] = []
    # A window sliding over the sorted weeks: each week enters once and leaves once.
    first = 0
    posts_in = two_way_in = 0.0
    for week, posts, two_way in counts:
        posts_in, two_way_in = posts_in + posts, two_way_in + two_way
        while counts[first][0] <= week - timedelta(weeks=span):
            posts_in, two_way_in = posts_in - counts[first][1], two_way_in - counts[first][2]
            first += 1
        out.append(two_way_in / posts_in if posts_in else None)
    return out


def moving_two_way_share(
    weekly: object, span: int = AVERAGE_WEEKS
) -> list[tuple[date, float | None]] | None:
    """The weekly chart's moving average: for each week of the ``weekly`` metric (``[{week,
    posts, two_way_share}, …]``), in order, its Monday and the two-way share of the posts of the
    ``span`` weeks ending with it (two-way posts over posts, not a mean of weekly shares; None
    where those weeks hold no posts).  None when the series is empty or malformed."""
    weeks = _weeks(weekly)
    if weeks is None:
        return None
    return list(zip((week for week, _, _ in weeks), _moving(weeks, span), strict=True))


def _month_ticks(start: date, end: date) -> tuple[list[float], list[str]]:
    """Ticks at the first of the months between ``start`` and ``end``, in weeks from ``start``,
    at most eight of them, the year shown under January and under the first tick."""
    months = []
    year, month = start.year, start.month
    while True:
        month += 1
        if month == 13:
            year, month = year + 1, 1
        first_day = date(year, month, 1)
        if first_day > end:
            break
        months.append(first_day)
    step = max(1, math.ceil(len(months) / 8))
    months = [m for m in months if (m.year * 12 + m.month - 1) % step == 0]
    ticks, labels = [], []
    for i, first_day in enumerate(months):
        ticks.append((first_day - start).days / 7)
        name = MONTHS[first_day.month - 1]
        labels.append(f"{name}\n{first_day.year}" if i == 0 or first_day.month <= step else name)
    return ticks, labels


def weekly_chart(
    metrics: Mapping[str, Any], *, key: str = "weekly", zone: str = DEFAULT_ZONE
) -> Chart:
    """Two-way share per week (points on a thin line, left axis) and its moving average over
    :data:`AVERAGE_WEEKS` weeks (a thick line) over posts per week (bars, right axis); weeks start
    on Monday in the time zone ``zone``."""
    title = "Two-way share, week by week"
    caption = (
        "The thin line is the share of each week's posts that talk with people (replies to "
        "others, conversation and community); the thick line is its "
        f"{AVERAGE_WEEKS}-week moving average, the two-way posts of the week and the "
        f"{AVERAGE_WEEKS - 1} before over all their posts, steadier where weeks hold few posts; "
        f"the dashed line is the target of {format_share(TWO_WAY_TARGET)}. "
        f"Grey bars are posts per week. Weeks start on Monday, {zone} time."
    )
    weeks = _weeks(metrics.get("weekly"))
    if weeks is None:
        reason = (
            metric_reason(metrics, "weekly")
            if metrics.get("weekly") is None
            else "the weekly series is empty or malformed"
        )
        return Chart(key=key, title=title, caption=caption, reason=reason)

    first = weeks[0][0]
    positions = [(week - first).days / 7 for week, _, _ in weeks]
    ticks, labels = _month_ticks(first, weeks[-1][0] + timedelta(days=6))
    average = _moving(weeks)

    def draw(figure: Figure) -> None:
        from matplotlib.collections import PolyCollection
        from matplotlib.ticker import MaxNLocator

        ax = figure.subplots()
        bars = ax.twinx()
        # One collection of bars rather than a Rectangle artist per week: drawn and written
        # to SVG three times as fast for an archive of 400 weeks, and the same picture.
        counts = [posts for _, posts, _ in weeks]
        corners = [
            [(x, 0), (x, n), (x + 0.85, n), (x + 0.85, 0)]
            for x, n in zip(positions, counts, strict=True)
        ]
        bars.add_collection(PolyCollection(corners, facecolors=GRID, edgecolors="none"))
        bars.set_ylim(0, max(counts) * 1.05 or 1)  # as bar() scales: 5% above the highest
        bars.set_ylabel("posts per week", color=MUTED)
        bars.spines["right"].set_visible(True)
        bars.tick_params(axis="y", colors=MUTED)
        bars.yaxis.set_major_locator(MaxNLocator(integer=True))
        shares = [math.nan if share is None else share for _, _, share in weeks]
        middles = [x + 0.5 for x in positions]
        ax.plot(
            middles,
            shares,
            color=ACCENT,
            alpha=0.5,
            linewidth=1,
            # Past two years the points would bury the average under them.
            marker="o" if len(weeks) <= _MARKED_WEEKS else None,
            markersize=3,
            label="each week",
        )
        ax.plot(
            middles,
            [math.nan if share is None else share for share in average],
            color=ACCENT,
            linewidth=2.5,
            label=f"{AVERAGE_WEEKS}-week average",
        )
        ax.axhline(
            TWO_WAY_TARGET,
            color=TARGET,
            linestyle="--",
            linewidth=1.2,
            label=f"target {format_share(TWO_WAY_TARGET)}",
        )
        # Above the plot, where it hides no week.
        ax.legend(
            loc="lower left",
            bbox_to_anchor=(0, 1.0),
            ncols=3,
            frameon=False,
            fontsize=9,
            borderaxespad=0.2,
            handlelength=1.6,
            columnspacing=1.2,
        )
        # A little room beyond 0% and 100%, so that a line along either is not cut in half.
        ax.set_ylim(-0.03, 1.03)
        ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0], ["0%", "25%", "50%", "75%", "100%"])
        ax.set_ylabel("two-way share", color=ACCENT)
        ax.set_zorder(bars.get_zorder() + 1)
        ax.patch.set_visible(False)
        ax.set_xlim(-0.5, positions[-1] + 1.5)
        ax.set_xticks(ticks, labels)
        ax.grid(axis="y", color=GRID, linewidth=0.8)

    known = [share for _, _, share in weeks if share is not None]
    smooth = [share for share in average if share is not None]
    summary = f"{len(weeks)} weeks from {weeks[0][0].isoformat()} to {weeks[-1][0].isoformat()}" + (
        f"; two-way share from {format_share(min(known))} to {format_share(max(known))}; "
        f"{AVERAGE_WEEKS}-week average from {format_share(min(smooth))} to "
        f"{format_share(max(smooth))}, last {format_share(smooth[-1])}"
        if known
        else ""
    )
    return Chart(key=key, title=title, caption=caption, svg=_render(key, (5.4, 3.6), draw, summary))


def _table(value: object) -> list[list[float]] | None:
    if not isinstance(value, Sequence) or isinstance(value, str) or len(value) != 7:
        return None
    table = []
    for row in value:
        if not isinstance(row, Sequence) or isinstance(row, str) or len(row) != 24:
            return None
        numbers = [metric_number(cell) for cell in row]
        if any(n is None for n in numbers):
            return None
        table.append([n or 0.0 for n in numbers])
    return table


def hour_weekday_chart(
    metrics: Mapping[str, Any], *, key: str = "hours", zone: str = DEFAULT_ZONE
) -> Chart:
    """Posts by weekday (rows, Monday first) and hour (columns), in the time zone ``zone``."""
    title = "When the account posts"
    caption = f"Posts by weekday and hour of the day, in {zone} time; darker is more."
    table = _table(metrics.get("hour_weekday"))
    if table is None:
        reason = (
            metric_reason(metrics, "hour_weekday")
            if metrics.get("hour_weekday") is None
            else "the hour-by-weekday table is not 7 rows of 24 numbers"
        )
        return Chart(key=key, title=title, caption=caption, reason=reason)

    top = max(max(row) for row in table)

    def draw(figure: Figure) -> None:
        from matplotlib.colors import BoundaryNorm
        from matplotlib.ticker import MaxNLocator

        # A few levels, zero on its own: easier to read than a gradient, and a colour bar of
        # few levels stays vector (matplotlib draws a smooth one as an embedded PNG).
        ticks = MaxNLocator(nbins=5, integer=True).tick_values(0, top + 1)
        bounds = sorted({0.0, 1.0, *(float(t) for t in ticks if t > 1)})
        if bounds[-1] <= top:
            bounds.append(top + 1)
        norm = BoundaryNorm(bounds, ncolors=256)
        ax = figure.subplots()
        mesh = ax.pcolormesh(table, cmap="YlGnBu", norm=norm, edgecolors="white", linewidth=0.5)
        mesh.set_clip_on(False)
        ax.set_ylim(7, 0)
        ax.set_yticks([i + 0.5 for i in range(7)], list(WEEKDAYS))
        ax.set_xticks([h + 0.5 for h in range(0, 24, 3)], [f"{h:02d}" for h in range(0, 24, 3)])
        ax.set_xlabel(f"hour ({zone})")
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        bar = figure.colorbar(mesh, ax=ax, fraction=0.04, pad=0.02, ticks=bounds)
        bar.set_label("posts")
        bar.outline.set_visible(False)

    day, hour = max(((d, h) for d in range(7) for h in range(24)), key=lambda c: table[c[0]][c[1]])
    total = sum(sum(row) for row in table)
    summary = f"{total:g} posts; the busiest slot is {WEEKDAYS[day]} {hour:02d}:00 {zone} time"
    return Chart(key=key, title=title, caption=caption, svg=_render(key, (5.4, 2.9), draw, summary))


def reply_latency_chart(metrics: Mapping[str, Any], *, key: str = "latency") -> Chart:
    """How long the account took to reply to others: counts per latency bin."""
    title = "How fast the account replies"
    caption = "Time from the other person's post to the account's reply, for replies to others."
    latency = metrics.get("reply_latency_minutes")
    if isinstance(latency, Mapping):
        median, p90 = metric_number(latency.get("median")), metric_number(latency.get("p90"))
        if median is not None and p90 is not None:
            caption += f" Median {format_minutes(median)}, 90% within {format_minutes(p90)}."
    histogram = metrics.get("reply_latency_histogram")
    if not isinstance(histogram, Mapping):
        reason = metric_reason(metrics, "reply_latency_histogram")
        if histogram is None and "reply_latency_histogram_reason" not in metrics:
            reason = metric_reason(metrics, "reply_latency_minutes")
        return Chart(key=key, title=title, caption=caption, reason=reason)
    raw_edges, raw_counts = histogram.get("edges"), histogram.get("counts")
    edges = [metric_number(e) for e in raw_edges] if isinstance(raw_edges, Sequence) else [None]
    counts = [metric_number(c) for c in raw_counts] if isinstance(raw_counts, Sequence) else [None]
    if (
        any(e is None for e in edges)
        or any(c is None for c in counts)
        or len(edges) not in (len(counts), len(counts) + 1)
        or not counts
    ):
        return Chart(
            key=key,
            title=title,
            caption=caption,
            reason="the latency histogram's edges and counts do not match",
        )
    if not any(counts):
        return Chart(key=key, title=title, caption=caption, reason="no replies to others to time")
    bins = []
    for i in range(len(counts)):
        low = edges[i] or 0.0
        high = edges[i + 1] if i + 1 < len(edges) else None
        if high is None:
            bins.append(f"{_minutes(low)}+")
        elif low == 0:
            bins.append(f"<{_minutes(high)}")
        else:
            bins.append(_span(low, high))
    heights = [c or 0.0 for c in counts]

    def draw(figure: Figure) -> None:
        ax = figure.subplots()
        positions = list(range(len(heights)))
        ax.bar(positions, heights, color=ACCENT, width=0.75)
        ax.set_xticks(positions, bins)
        ax.set_ylabel("replies")
        ax.tick_params(axis="x", length=0)
        ax.grid(axis="y", color=GRID, linewidth=0.8)
        ax.set_axisbelow(True)
        ax.set_ylim(0, max(heights) * 1.15)
        for x, height in zip(positions, heights, strict=True):
            if height:
                ax.text(x, height, f"{height:g}", ha="center", va="bottom", fontsize=10, color=INK)
        if len(bins) > 6:
            ax.tick_params(axis="x", labelsize=9)

    summary = ", ".join(f"{b}: {h:g}" for b, h in zip(bins, heights, strict=True))
    return Chart(key=key, title=title, caption=caption, svg=_render(key, (5.4, 3.0), draw, summary))


def _months(value: object) -> list[tuple[date, float, float | None, float | None]] | None:
    """``[{month, posts, score, two_way_share}, …]`` as sorted tuples, or None if malformed."""
    if not isinstance(value, Sequence) or isinstance(value, str) or not value:
        return None
    months = []
    for row in value:
        if not isinstance(row, Mapping):
            return None
        try:
            month = date.fromisoformat(str(row.get("month")))
        except ValueError:
            return None
        score = metric_number(row.get("score"))
        share = metric_number(row.get("two_way_share"))
        months.append((month, metric_number(row.get("posts")) or 0.0, score, share))
    months.sort()
    return months


def history_chart(months: Sequence[Mapping[str, Any]], *, key: str = "history") -> Chart:
    """The social score and the two-way share month by month (lines, 0-100) over posts per
    month (bars, right axis).  ``months`` are ``{month, posts, score, two_way_share}`` rows,
    ``month`` the first day as ``2024-03-01``; a month without posts has no score."""
    title = "Score and two-way share, month by month"
    caption = (
        "The solid line is each calendar month's social score (0-100), the dashed line the "
        "share of its posts that talk with people (%); grey bars are posts per month."
    )
    rows = _months(months)
    if rows is None:
        return Chart(key=key, title=title, caption=caption, reason="no months to show")
    known = [score for _, _, score, _ in rows if score is not None]
    if not known:
        return Chart(key=key, title=title, caption=caption, reason="no month has posts")
    first = rows[0][0]
    positions = [(m.year - first.year) * 12 + m.month - first.month for m, _, _, _ in rows]
    step = max(1, math.ceil((positions[-1] + 1) / 8))
    ticks: list[float] = []
    labels: list[str] = []
    for position, (month, _, _, _) in zip(positions, rows, strict=True):
        if position % step == 0:
            name = MONTHS[month.month - 1]
            labels.append(f"{name}\n{month.year}" if not ticks or month.month <= step else name)
            ticks.append(position)

    def draw(figure: Figure) -> None:
        from matplotlib.ticker import MaxNLocator

        ax = figure.subplots()
        bars = ax.twinx()
        bars.bar(positions, [posts for _, posts, _, _ in rows], width=0.8, color=GRID)
        bars.set_ylabel("posts per month", color=MUTED)
        bars.spines["right"].set_visible(True)
        bars.tick_params(axis="y", colors=MUTED)
        bars.yaxis.set_major_locator(MaxNLocator(integer=True))
        scores = [math.nan if score is None else score for _, _, score, _ in rows]
        shares = [math.nan if share is None else share * 100 for _, _, _, share in rows]
        ax.plot(positions, scores, color=ACCENT, linewidth=2, marker="o", markersize=3)
        ax.plot(positions, shares, color=TARGET, linewidth=1.4, linestyle="--")
        ax.set_ylim(0, 100)
        ax.set_yticks([0, 25, 50, 75, 100])
        ax.set_ylabel("score, two-way %", color=ACCENT)
        ax.set_zorder(bars.get_zorder() + 1)
        ax.patch.set_visible(False)
        ax.set_xlim(-0.6, positions[-1] + 0.6)
        ax.set_xticks(ticks, labels)
        ax.grid(axis="y", color=GRID, linewidth=0.8)

    summary = (
        f"{len(rows)} months from {first:%Y-%m} to {rows[-1][0]:%Y-%m}; "
        f"score from {min(known):g} to {max(known):g}, last {known[-1]:g}"
    )
    return Chart(key=key, title=title, caption=caption, svg=_render(key, (5.4, 3.4), draw, summary))
