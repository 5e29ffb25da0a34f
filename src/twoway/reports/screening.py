"""The screening's reports (``twoway screen``): a terminal table of the top accounts, CSV (one row
per account, cells a spreadsheet would run as a formula neutralised) and JSON.

JSON: ``{"schema_version": 2, "generated_at", "inputs", "accounts": [{"rank", "account",
"account_id", "platform", "posts", "score", "archetype", "broadcaster", "verdict",
"verdict_basis", "two_way_share", "question_share", "promotion_share", "link_only_share",
"response_rate_72h", "people_replied_to", "reason"}], "summary": {"accounts", "posts", "judged",
"too_few_posts", "min_posts", "broadcasters", "broadcaster_share", "median_score", "archetypes",
"broadcaster_definition", "skipped_records"}}``, accounts ranked; a share is a fraction from 0 to
1, null where the data cannot give it.  An account with fewer than ``min_posts`` posts has
``rank`` null, ``verdict`` ``"too few posts"`` and ``broadcaster`` false, and is left out of the
share, the median and the archetype counts.
"""

from __future__ import annotations

import csv
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson
from rich.console import Console
from rich.table import Table

from twoway.output import atomic_output, write_text
from twoway.reports.csv import neutralise
from twoway.reports.targets import format_share
from twoway.reports.terminal import safe
from twoway.screening import SCHEMA_VERSION, ProgressCallback, Screened, Screening

__all__ = [
    "SCREEN_COLUMNS",
    "render_screening",
    "screened_json",
    "screening_json",
    "stage_bar",
    "write_screening_csv",
    "write_screening_json",
]

FIGURES = (
    "two_way_share",
    "question_share",
    "promotion_share",
    "link_only_share",
    "response_rate_72h",
    "people_replied_to",
)
"""The figures each account's entry carries (metrics of the same names)."""

SCREEN_COLUMNS: tuple[str, ...] = (
    "rank",
    "account",
    "account_id",
    "platform",
    "posts",
    "score",
    "archetype",
    "broadcaster",
    "verdict_basis",
    *FIGURES,
    "reason",
)
"""The columns of ``twoway screen --csv``."""


def screened_json(item: Screened) -> dict[str, Any]:
    """One account's entry."""
    entry: dict[str, Any] = {
        "rank": item.rank,
        "account": item.handle,
        "account_id": item.account.id,
        "platform": item.account.platform,
        "posts": item.posts,
        "score": item.score.value,
        "archetype": item.archetype.name,
        "broadcaster": item.broadcaster,
        "verdict": item.verdict,
        "verdict_basis": item.verdict_basis,
    }
    for name in FIGURES:
        entry[name] = item.metrics.get(name)
    entry["reason"] = item.archetype.reason
    return entry


def screening_json(screening: Screening) -> dict[str, Any]:
    """The whole screening as a JSON-ready dict (module docstring)."""
    summary = screening.summary()
    summary["skipped_records"] = screening.read_report.skipped_record_count
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": screening.generated_at,
        "inputs": list(screening.inputs),
        "accounts": [screened_json(item) for item in screening.accounts],
        "summary": summary,
    }


def write_screening_json(screening: Screening, path: str | os.PathLike[str]) -> None:
    """Write :func:`screening_json` to ``path`` (indented UTF-8, times in UTC)."""
    data = orjson.dumps(
        screening_json(screening),
        option=orjson.OPT_INDENT_2 | orjson.OPT_UTC_Z | orjson.OPT_NAIVE_UTC,
    )
    write_text(path, data + b"\n")


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        value = f"{value:.4f}"
    return neutralise(value)


def write_screening_csv(screening: Screening, path: str | os.PathLike[str]) -> int:
    """Write one row per account, ranked, with :data:`SCREEN_COLUMNS`; returns the row count."""
    count = 0
    with atomic_output(path) as partial, partial.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(SCREEN_COLUMNS)
        for item in screening.accounts:
            entry = screened_json(item)
            writer.writerow([_csv_cell(entry[column]) for column in SCREEN_COLUMNS])
            count += 1
    return count


def _share(value: Any) -> str:
    return "-" if not isinstance(value, int | float) else format_share(float(value))


def render_screening(screening: Screening, console: Console, *, limit: int = 20) -> None:
    """Print the top ``limit`` accounts (every one with 0) and the summary: how many are one-way
    broadcasters, by what definition, and the archetypes."""
    summary = screening.summary()
    shown = screening.accounts if limit <= 0 else screening.accounts[:limit]
    title = f"Accounts by social score (top {len(shown)} of {summary['accounts']})"
    table = Table(title=title, title_justify="left")
    for column, justify in (
        ("#", "right"),
        ("account", "left"),
        ("posts", "right"),
        ("score", "right"),
        ("archetype", "left"),
        ("two-way", "right"),
        ("verdict", "left"),
        ("why", "left"),
    ):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for item in shown:
        name = safe(item.handle, one_line=True)
        if item.account.platform != "x":
            name += f" [dim]({safe(item.account.platform)})[/]"
        verdict = (
            "[dim]too few posts[/]"
            if not item.judged
            else "[red]one-way[/]"
            if item.broadcaster
            else "[green]two-way[/]"
        )
        table.add_row(
            "-" if item.rank is None else str(item.rank),
            name,
            str(item.posts),
            str(item.score.value),
            safe(item.archetype.name),
            _share(item.metrics.get("two_way_share")),
            verdict,
            safe(item.archetype.reason if item.judged else item.verdict_basis, one_line=True),
        )
    if shown:
        console.print(table)
        if len(shown) < summary["accounts"]:
            console.print(
                f"… and {summary['accounts'] - len(shown)} more (--limit 0 lists every account; "
                "--csv and --json write them all)"
            )
    share = summary["broadcaster_share"]
    median = summary["median_score"]
    judged = (
        f"{summary['judged']} accounts with {summary['min_posts']} posts or more"
        if summary["too_few_posts"]
        else f"{summary['accounts']} accounts"
    )
    console.print(
        f"\n[bold]{summary['broadcasters']} of {judged} "
        f"({format_share(share) if share is not None else '-'}) are one-way broadcasters[/] "
        f"({safe(summary['broadcaster_definition'])}); median score "
        f"{'-' if median is None else f'{median:g}'}."
    )
    if summary["too_few_posts"]:
        console.print(
            f"{summary['too_few_posts']} account(s) with fewer than {summary['min_posts']} posts "
            "were not judged (--min-posts sets the threshold)."
        )
    found = ", ".join(f"{safe(name)} {n}" for name, n in summary["archetypes"].items() if n)
    console.print(f"Archetypes: {found}.")


class _StageBar:
    """Follows :data:`twoway.screening.ProgressCallback` on a Rich progress bar."""

    def __init__(self, bar: Any) -> None:
        self.bar = bar
        self.task = bar.add_task("reading", total=None)
        self.read = 0
        self.labelled = 0
        self.total: int | None = None
        self.stage = "reading"
        self.shown = 0.0

    def __call__(self, stage: str, amount: int, total: int | None) -> None:
        if stage == "reading":
            self.read += amount
        elif stage == "labelling":
            self.labelled += amount
            if total is not None:
                self.total, self.stage = total, "labelling"
        else:
            self.stage = stage
        if self.stage == "reading":
            text = f"reading {self.read / 1e6:,.0f} MB"
            if self.labelled:
                text += f", {self.labelled:,} posts labelled"
            self.bar.update(self.task, description=text)
        elif self.stage == "labelling" and self.total is not None:
            self.bar.update(
                self.task,
                description=f"labelling {self.labelled:,} of {self.total:,} posts",
                completed=self.labelled,
                total=self.total,
            )
        else:
            self.bar.update(self.task, description=stage)
        now = time.monotonic()
        if now - self.shown >= 0.1 or stage != "reading":
            self.shown = now
            self.bar.refresh()


@contextmanager
def stage_bar(console: Console) -> Iterator[ProgressCallback | None]:
    """A progress bar of the screening's stages (reading, labelling, scoring) on ``console``,
    only when its file is a terminal (whatever FORCE_COLOR says).  It redraws from this thread only (no refresh thread), so that
    the workers forked while it runs inherit no lock another thread holds."""
    isatty = getattr(console.file, "isatty", None)
    if isatty is None or not isatty():
        yield None
        return
    from rich.progress import BarColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bar

    with Bar(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        auto_refresh=False,
    ) as bar:
        yield _StageBar(bar)
