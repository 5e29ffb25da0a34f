"""The comparison's reports (``twoway compare``): a terminal table, JSON, and an HTML page with a
bar chart of the scores and small multiples of the key figures.

The HTML page is built like the audit report (:mod:`twoway.reports.html`): the same CSS, no
script, nothing loaded from anywhere (Content-Security-Policy), every text from the data escaped
by Jinja2's autoescape.  The charts carry no text from the data: accounts are labelled by their
rank (``#1``), which the table beside them pairs with the handle.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

import orjson
from markupsafe import Markup
from rich.console import Console
from rich.table import Table

from twoway.compare import FIGURES, SCHEMA_VERSION, ComparedAccount, Comparison, Figure
from twoway.output import write_text
from twoway.reports.charts import ACCENT, GRID, INK, MUTED, TARGET, Chart, _render
from twoway.reports.targets import format_minutes, format_share
from twoway.reports.terminal import safe

if TYPE_CHECKING:
    from matplotlib.figure import Figure as PlotFigure

__all__ = [
    "comparison_json",
    "figures_chart",
    "render_comparison",
    "render_comparison_html",
    "scores_chart",
    "write_comparison_json",
]

BETTER = "#15803d"
WORSE = "#b91c1c"
NEUTRAL = "#94a3b8"

_ARROWS = {"above": "▲", "below": "▼", "at": "="}


# -- terminal ---------------------------------------------------------------------------------------


def _cell(standing: Any) -> str:
    if standing.value is None:
        return "[dim]n/a[/]"
    arrow = _ARROWS[standing.versus_median]
    colour = {True: "green", False: "red", None: "default"}[standing.better]
    return f"{safe(standing.shown)} [{colour}]{arrow}[/][dim]#{standing.rank}[/]"


def _median(figure: Figure, value: float | None) -> str:
    return figure.shown(value)


def render_comparison(comparison: Comparison, console: Console) -> None:
    """Print the accounts ranked by score, each figure with the account's rank on it and an
    arrow saying where it stands against the group median."""
    table = Table(title="Accounts compared, by social score", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("account", min_width=12, overflow="fold")
    table.add_column("score", justify="right")
    table.add_column("archetype", min_width=11)
    for figure in FIGURES:
        table.add_column(figure.short, justify="right")
    for item in comparison.accounts:
        account = item.audit.account
        name = safe(item.handle, one_line=True)
        if account.platform != "x":
            name += f" [dim]({safe(account.platform)})[/]"
        score_colour = {"above": "green", "below": "red", "at": "default"}[item.score_versus_median]
        table.add_row(
            str(item.rank),
            name,
            f"[bold {score_colour}]{item.score}[/]",
            safe(item.audit.archetype.name),
            *(_cell(standing) for standing in item.standings),
        )
    table.add_section()
    table.add_row(
        "",
        "[dim]group median[/]",
        f"[dim]{comparison.median_score:g}[/]",
        "",
        *(f"[dim]{_median(f, comparison.medians[f.name])}[/]" for f in FIGURES),
    )
    console.print(table)
    console.print(
        "▲ above and ▼ below the group's median ([green]green[/] is the better side, "
        "[red]red[/] the worse); #n: the account's rank on that figure (1 is the best; for "
        "posts per day, the most); n/a: the data cannot give it.  answered: inbound messages "
        "answered within 72 hours; reply time: the median time to reply to others."
    )
    console.print()
    for item in comparison.accounts:
        console.print(
            f"{item.rank}. [bold]{safe(item.handle, one_line=True)}[/] "
            f"{safe(item.audit.archetype.name)}: {safe(item.audit.archetype.reason)}"
        )


# -- JSON -------------------------------------------------------------------------------------------


def _account_json(item: ComparedAccount) -> dict[str, Any]:
    account = item.audit.account
    posts = item.audit.metrics.get("posts")
    return {
        "rank": item.rank,
        "account": item.handle,
        "account_id": account.id,
        "display_name": account.display_name,
        "platform": account.platform,
        "posts": posts.get("count") if isinstance(posts, dict) else None,
        "score": item.score,
        "score_vs_median": item.score_versus_median,
        "archetype": {"name": item.audit.archetype.name, "reason": item.audit.archetype.reason},
        "figures": {
            s.figure.name: {
                "value": s.value,
                "shown": s.shown,
                "rank": s.rank,
                "ranked": s.ranked,
                "vs_median": s.versus_median,
                "better": s.better,
                "reason": s.reason,
            }
            for s in item.standings
        },
    }


def comparison_json(comparison: Comparison) -> dict[str, Any]:
    """``{schema_version, generated_at, inputs, window, figures: [{name, label, metric, field,
    unit, better, median}], median_score, accounts: [{rank, account, account_id, display_name,
    platform, posts, score, score_vs_median, archetype: {name, reason}, figures: {name: {value,
    shown, rank, ranked, vs_median, better, reason}}}]}``, accounts ranked."""
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": comparison.generated_at,
        "inputs": list(comparison.inputs),
        "window": {"since": comparison.since, "until": comparison.until},
        "figures": [{**f.as_json(), "median": comparison.medians[f.name]} for f in FIGURES],
        "median_score": comparison.median_score,
        "accounts": [_account_json(item) for item in comparison.accounts],
    }


def write_comparison_json(comparison: Comparison, path: str | os.PathLike[str]) -> None:
    """Write :func:`comparison_json` to ``path`` (indented UTF-8, times in UTC)."""
    data = orjson.dumps(
        comparison_json(comparison),
        option=orjson.OPT_INDENT_2 | orjson.OPT_UTC_Z | orjson.OPT_NAIVE_UTC,
    )
    write_text(path, data + b"\n")


# -- charts -----------------------------------------------------------------------------------------


def _labels(comparison: Comparison) -> list[str]:
    return [f"#{item.rank}" for item in comparison.accounts]


def scores_chart(comparison: Comparison, *, key: str = "scores") -> Chart:
    """The social scores as horizontal bars, best first, with the group median dashed."""
    title = "Social score"
    caption = (
        "Each account's social score (0-100), labelled by its rank in the table; the dashed "
        f"line is the group median ({comparison.median_score:g})."
    )
    labels = _labels(comparison)
    scores = [float(item.score) for item in comparison.accounts]
    colours = [
        {"above": BETTER, "below": WORSE, "at": NEUTRAL}[item.score_versus_median]
        for item in comparison.accounts
    ]

    def draw(figure: PlotFigure) -> None:
        ax = figure.subplots()
        rows = list(range(len(scores)))[::-1]
        ax.barh(rows, scores, color=colours, height=0.65)
        ax.set_yticks(rows, labels)
        ax.set_xlim(0, 100)
        ax.axvline(comparison.median_score, color=TARGET, linestyle="--", linewidth=1.2)
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="x", color=GRID, linewidth=0.8)
        ax.set_axisbelow(True)
        for row, score in zip(rows, scores, strict=True):
            ax.text(score + 1, row, f"{score:g}", va="center", fontsize=10, color=INK)

    summary = "Scores by rank: " + ", ".join(
        f"{label} {score:g}" for label, score in zip(labels, scores, strict=True)
    )
    height = 0.9 + 0.32 * len(scores)
    return Chart(
        key=key, title=title, caption=caption, svg=_render(key, (5.4, height), draw, summary)
    )


def _axis(figure: Figure, values: Sequence[float]) -> tuple[float, list[float], list[str]]:
    """The x limit, ticks and tick labels of one figure's panel."""
    top = max(values, default=0.0)
    if figure.unit == "share":
        limit = 1.0 if top <= 0.95 else top * 1.05
        ticks = [0.0, 0.5, 1.0]
        return limit, ticks, [format_share(t) for t in ticks]
    limit = top * 1.15 if top > 0 else 1.0
    ticks = [0.0, limit / 2, limit]
    if figure.unit == "minutes":
        return limit, ticks, [format_minutes(t) for t in ticks]
    return limit, ticks, [f"{t:.1f}" for t in ticks]


def figures_chart(comparison: Comparison, *, key: str = "figures") -> Chart:
    """Small multiples: one panel per key figure, a bar per account (labelled by rank), green on
    the better side of the group median, red on the worse, grey for a neutral figure; the median
    dashed; accounts without the figure marked n/a."""
    title = "Key figures, account by account"
    caption = (
        "One panel per figure, accounts in rank order; the dashed line is the group median. "
        "Green bars are on the better side of it, red on the worse, grey where neither applies "
        "(posts per day); n/a: the data cannot give the figure."
    )
    labels = _labels(comparison)
    count = len(labels)
    columns = 3
    panels = len(FIGURES)
    rows_of_panels = (panels + columns - 1) // columns

    def draw(figure: PlotFigure) -> None:
        axes = figure.subplots(rows_of_panels, columns, squeeze=False)
        for number, shown in enumerate(FIGURES):
            ax = axes[number // columns][number % columns]
            standings = [item.standings[number] for item in comparison.accounts]
            values = [s.value for s in standings]
            known = [v for v in values if v is not None]
            limit, ticks, tick_labels = _axis(shown, known)
            rows = list(range(count))[::-1]
            for row, standing in zip(rows, standings, strict=True):
                if standing.value is None:
                    ax.text(0, row, " n/a", va="center", fontsize=9, color=MUTED)
                    continue
                colour = {True: BETTER, False: WORSE, None: NEUTRAL}[standing.better]
                if shown.better is None:
                    colour = ACCENT
                ax.barh(row, standing.value, color=colour, height=0.65)
            median = comparison.medians[shown.name]
            if median is not None:
                ax.axvline(median, color=TARGET, linestyle="--", linewidth=1.1)
            ax.set_yticks(rows, labels)
            ax.set_xlim(0, limit)
            ax.set_ylim(-0.6, count - 0.4)
            ax.set_xticks(ticks, tick_labels)
            ax.tick_params(axis="y", length=0, labelsize=9)
            ax.tick_params(axis="x", labelsize=9)
            ax.grid(axis="x", color=GRID, linewidth=0.8)
            ax.set_axisbelow(True)
            better = {"higher": "\nhigher is better", "lower": "\nlower is better"}
            ax.set_title(shown.label + better.get(shown.better or "", "\n"), fontsize=10)
        for number in range(panels, rows_of_panels * columns):
            axes[number // columns][number % columns].set_visible(False)

    summary = "; ".join(
        f"{f.label}: "
        + ", ".join(
            f"{label} {item.standings[n].shown}"
            for label, item in zip(labels, comparison.accounts, strict=True)
        )
        for n, f in enumerate(FIGURES)
    )
    height = rows_of_panels * (1.0 + 0.28 * count)
    return Chart(
        key=key, title=title, caption=caption, svg=_render(key, (9.0, height), draw, summary)
    )


# -- HTML -------------------------------------------------------------------------------------------


@cache
def _template() -> Any:
    from twoway.reports.html import _environment

    return _environment().get_template("comparison.html.j2")


def _chart_view(chart: Chart, *, wide: bool = False) -> dict[str, Any]:
    # matplotlib's own SVG: its labels are ranks, fixed names and numbers, never data text.
    return {
        "wide": wide,
        "key": chart.key,
        "title": chart.title,
        "caption": chart.caption,
        "svg": Markup(chart.svg) if chart.svg is not None else None,
        "reason": chart.reason,
    }


def render_comparison_html(comparison: Comparison) -> str:
    """The comparison as one HTML document that loads nothing from anywhere."""
    from twoway.reports.html import CONTENT_SECURITY_POLICY, PLATFORMS, _time

    return str(
        _template().render(
            comparison=comparison,
            figures=FIGURES,
            platforms=PLATFORMS,
            charts=[
                _chart_view(scores_chart(comparison)),
                _chart_view(figures_chart(comparison), wide=True),
            ],
            csp=CONTENT_SECURITY_POLICY,
            generated=_time(comparison.generated_at),
        )
    )
