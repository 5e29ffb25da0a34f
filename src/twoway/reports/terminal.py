"""Terminal output with Rich.  Text from the data never reaches the terminal raw: control
characters (which could move the cursor or change colours) are dropped and Rich markup is escaped
(:func:`safe`)."""

from __future__ import annotations

import re

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from twoway.inspection import Inspection

__all__ = ["plain", "render_inspection", "safe"]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def plain(text: object, *, one_line: bool = False) -> str:
    """``text`` fit for a terminal: control and bidi-override characters removed; with
    ``one_line``, line breaks become spaces."""
    value = _CONTROL.sub("", str(text))
    if one_line:
        value = " ".join(value.split())
    return value


def safe(text: object, *, one_line: bool = False) -> str:
    """:func:`plain`, with Rich markup escaped too, for text printed through Rich."""
    return escape(plain(text, one_line=one_line))


def _day(moment: object) -> str:
    return moment.strftime("%Y-%m-%d") if moment is not None else "-"  # type: ignore[attr-defined]


def render_inspection(inspection: Inspection, console: Console) -> None:
    """Print what ``twoway inspect`` found."""
    report = inspection.report
    for path, importer in report.inputs:
        console.print(f"[bold]{safe(path)}[/]: read as {safe(importer)}")
    if not inspection.accounts:
        console.print("No accounts found.")
    table = Table(title="Accounts", title_justify="left")
    for column in ("account", "platform", "first", "last", "posts"):
        table.add_column(column, justify="right" if column == "posts" else "left")
    for column in ("original", "reply", "thread", "repost", "quote", "inbound", "answered"):
        table.add_column(column, justify="right")
    for summary in inspection.accounts:
        account = summary.account
        name = account.handle or account.id
        if account.display_name and account.display_name != account.handle:
            name += f" ({account.display_name})"
        table.add_row(
            safe(name, one_line=True),
            safe(account.platform),
            _day(summary.first),
            _day(summary.last),
            str(summary.posts),
            *(str(summary.kinds[k]) for k in ("original", "reply", "thread", "repost", "quote")),
            str(summary.interactions),
            str(summary.answered),
        )
    if inspection.accounts:
        console.print(table)
    guessed = sum(s.kinds_guessed for s in inspection.accounts)
    if guessed:
        console.print(f"{guessed} post kinds were guessed from text (the source has no reply or repost metadata).")
    for message in report.warnings:
        console.print(f"[yellow]warning:[/] {safe(message)}")
    for file, reason in report.skipped_files:
        console.print(f"skipped file {safe(file)}: {safe(reason)}")
    if report.skipped_record_count:
        console.print(f"[yellow]{report.skipped_record_count} record(s) skipped:[/]")
        for skipped in report.skipped_records[:20]:
            console.print(f"  {safe(skipped)}")
        if report.skipped_record_count > 20:
            console.print(f"  … and {report.skipped_record_count - 20} more")
    else:
        console.print("No records skipped.")
