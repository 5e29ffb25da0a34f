"""Terminal output with Rich.  Text from the data never reaches the terminal raw: control
characters (which could move the cursor or change colours) are dropped and Rich markup is escaped
(:func:`safe`)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from twoway.audit import DEFAULT_ZONE, AccountAudit, AuditReport
from twoway.inspection import Inspection
from twoway.reports.targets import KEY_METRICS, key_metrics

if TYPE_CHECKING:
    from twoway.compare import Standing
    from twoway.history import AccountHistory
    from twoway.platform_fit import PlatformFit
    from twoway.store import ImportResult

__all__ = [
    "plain",
    "render_audit",
    "render_history",
    "render_import",
    "render_inspection",
    "render_platform_fit",
    "safe",
]

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


def _excerpt(text: object, length: int = 100) -> str:
    """The start of a text from the data on one line, cut before it is escaped (a cut escape
    would show its backslash and swallow the markup after it)."""
    return escape(plain(text, one_line=True)[:length])


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
        console.print(
            f"{guessed} post kinds were guessed from text (the source has no reply or repost metadata)."
        )
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


def _period(first: object, last: object, zone: str) -> str:
    """The days of the first and the last post (ISO 8601 times) in the time zone ``zone``,
    which is named when it is not UTC."""
    from twoway.metrics.zone import local_time

    if not first or not last:
        return "no posts"

    def day(moment: object) -> str:
        local = local_time(moment, zone)
        return str(moment)[:10] if local is None else f"{local:%Y-%m-%d}"

    period = f"{day(first)} to {day(last)}"
    return period if zone == DEFAULT_ZONE else f"{period}; days and hours in {zone}"


def _platform(platform: str) -> str:
    """An account's platform as given (``x``), an owner's several by name (``Mastodon and X``)."""
    if "+" not in platform:
        return platform
    from twoway.platform_fit import platform_name

    return platform_name(platform)


def render_audit(
    report: AuditReport,
    console: Console,
    *,
    cards: int = 3,
    platform_fit: PlatformFit | None = None,
) -> None:
    """Print the audit: per account, the score and archetype, the key metrics beside their
    targets, and the top recommendations.  With ``platform_fit`` (``--as``), the owner's combined
    audit also gets its platforms side by side and where its audience talks back."""
    for item in report.accounts:
        account = item.account
        posts = item.metrics.get("posts") or {}
        title = safe(account.handle or account.id, one_line=True)
        console.rule(f"[bold]{title}[/] on {safe(_platform(account.platform))}")
        count = posts.get("count", 0)
        if not count and not item.labels:
            _render_empty(report, item, console)
            continue
        period = _period(posts.get("first"), posts.get("last"), report.time_zone)
        console.print(f"{_plural(count, 'post')}, {period}")
        console.print(
            f"\n[bold]Social score {item.score.value}/100[/]  ·  [bold]{safe(item.archetype.name)}[/]: "
            f"{safe(item.archetype.reason)}"
        )
        if item.caveat:
            console.print(f"[yellow]{safe(item.caveat)}[/]")
        parts = Table(show_header=False, box=None, padding=(0, 2))
        for part in item.score.parts:
            parts.add_row(
                safe(part.label), safe(part.shown), f"{part.points:g} of {part.max_points:g} points"
            )
        console.print(parts)
        figures = Table(title="Key figures", title_justify="left")
        for column in ("", "this account", "target", ""):
            figures.add_column(column)
        for value in key_metrics(item.metrics):
            mark = {True: "[green]ok[/]", False: "[red]off target[/]", None: "-"}[value.met]
            shown = value.shown if value.reason is None else f"n/a: {value.reason.split(':')[0]}"
            figures.add_row(safe(value.metric.label), safe(shown), safe(value.target), mark)
        console.print(figures)
        if platform_fit is not None and item is platform_fit.audit:
            render_platform_fit(platform_fit, console)
        if item.recommendations:
            console.print("\n[bold]What to change first[/]")
            for number, rec in enumerate(item.recommendations, 1):
                console.print(f"{number}. [bold]{safe(rec.title)}[/] ({safe(rec.code)})")
                console.print(f"   {safe(rec.why)}")
                console.print(f"   [green]Next:[/] {safe(rec.action)}")
                for evidence in rec.evidence[:2]:
                    text = _excerpt(evidence.text)
                    console.print(f"   [dim]e.g. {evidence.created_at:%Y-%m-%d}: {text}[/]")
        if item.cue_cards:
            console.print("\n[bold]Conversation starters[/]")
            for card in item.cue_cards[:cards]:
                console.print(f"- {escape('[' + card.kind + ']')} {safe(card.text, one_line=True)}")
        if item.missed_conversations:
            console.print(_missed(item))
        console.print()


def _render_empty(report: AuditReport, item: AccountAudit, console: Console) -> None:
    """An account without posts in the window: no score of 0 and no archetype, which would
    read as a verdict on the account, but the people who wrote to it, if any."""
    since = _day(report.since) if report.since else "the start"
    until = _day(report.until) if report.until else "the end"
    console.print(
        f"no posts between {since} and {until}: nothing to score or coach; choose a window that "
        "holds posts (`twoway inspect` shows the dates of an export)"
    )
    if item.missed_conversations:
        console.print(_missed(item))
    console.print()


def _missed(item: AccountAudit) -> str:
    """The missed conversations in a line: how many people got no answer (and how many messages,
    when some wrote more than once), and the oldest message."""
    missed = item.missed_conversations
    people = len({message.author for message in missed})
    who = "1 person" if people == 1 else f"{people} people"
    messages = "" if len(missed) == people else f" ({_plural(len(missed), 'message')})"
    oldest = missed[0]
    return (
        f"\n[yellow]{who} wrote in and got no answer{messages}[/]; "
        f"the oldest, from {safe(oldest.author)} on {oldest.created_at:%Y-%m-%d}: "
        f"{_excerpt(oldest.text)}"
    )


def _platform_cell(standing: Standing, beside: Standing | None, best: bool) -> str:
    """A figure, ``n/a`` without it, in bold when ``best``; the figure beside it in brackets."""
    if standing.value is None:
        return "[dim]n/a[/]"
    text = f"[bold]{safe(standing.shown)}[/]" if best else safe(standing.shown)
    if beside is not None and beside.value is not None:
        extra = f"from {beside.shown} people" if beside.figure.name == "people_in" else beside.shown
        text += f" [dim]({safe(extra)})[/]"
    return text


def render_platform_fit(fit: PlatformFit, console: Console) -> None:
    """Print an owner's platforms side by side, with the reason for every figure the data cannot
    give, then where its audience talks back and what to shift."""
    from twoway.platform_fit import PLATFORM_FIGURES, TABLE, platform_name, unavailable

    short = {figure.name: figure.short for figure in PLATFORM_FIGURES}
    table = Table(title="Platforms", title_justify="left")
    table.add_column("platform", overflow="fold")
    for name, _ in TABLE:
        table.add_column(short[name], justify="right")
    for row in fit.platforms:
        table.add_row(
            f"{safe(row.name)} [dim]{safe(', '.join(row.accounts), one_line=True)}[/]",
            *(
                _platform_cell(
                    row.standing(name),
                    row.standing(extra) if extra else None,
                    row.platform in fit.leads(name),
                )
                for name, extra in TABLE
            ),
        )
    console.print(table)
    console.print(
        "[dim]posts: with their share of all your posts; answered: messages from others answered "
        "within 72 hours; messages in: messages from others; replies/post: replies your own "
        "posts received; came back: the larger of the two, with its share of all that came "
        "back.  Bold: the best platform on that figure.[/]"
    )
    for missing in unavailable(fit):
        names = ", ".join(short[name] for name in missing.figures)
        where = platform_name(missing.platforms)
        console.print(f"[dim]n/a {safe(names)} on {safe(where)}: {safe(missing.reason)}[/]")
    advice = fit.advice
    console.print("\n[bold]Where your audience talks back[/]")
    console.print(safe(advice.summary))
    if advice.action:
        console.print(f"[green]Next:[/] {safe(advice.action)}")
    for note in advice.notes:
        console.print(f"- {safe(note)}")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def render_import(result: ImportResult, console: Console) -> None:
    """Print what an import added to the workspace, and what it already held."""
    console.print(
        f"{safe(result.path)}: {_plural(result.posts_added, 'new post')} "
        f"({result.posts_present} already there), "
        f"{_plural(result.accounts_added, 'new account')}, "
        f"{_plural(result.interactions_added, 'new inbound message')} "
        f"({result.interactions_present} already there)",
        soft_wrap=True,
    )
    again = result.relabelled - result.posts_added
    if again > 0:
        console.print(
            f"{_plural(again, 'stored post')} labelled again with their accounts' new posts"
        )
    if result.answers_added:
        console.print(
            f"{_plural(result.answers_added, 'stored inbound message')} now answered by more posts"
        )


def render_history(history: AccountHistory, console: Console) -> None:
    """Print an account month by month, then the audits kept of it."""
    account = history.account
    title = safe(account.handle or account.id, one_line=True)
    console.rule(f"[bold]{title}[/] on {safe(account.platform)}, month by month")
    if not history.months:
        console.print("No posts or inbound messages stored for this account.")
    else:
        table = Table(title_justify="left")
        table.add_column("month")
        table.add_column("posts", justify="right")
        table.add_column("score", justify="right")
        table.add_column("archetype")
        for metric in KEY_METRICS:
            table.add_column(metric.short, justify="right")
        for month in history.months:
            if month.score is None:
                table.add_row(f"{month.month:%Y-%m}", "0", "-", "-", *("-" for _ in KEY_METRICS))
                continue
            table.add_row(
                f"{month.month:%Y-%m}",
                str(month.posts),
                str(month.score),
                safe(month.archetype or "-"),
                *("-" if v.value is None else v.shown for v in key_metrics(month.metrics)),
            )
        console.print(table)
    if not history.audits:
        console.print("No audits kept yet: `twoway audit --db` keeps one each time it runs.")
        return
    audits = Table(title="Audits kept", title_justify="left")
    for column in ("audited", "window", "posts", "score", "archetype", "two-way", "time zone"):
        audits.add_column(column, justify="right" if column in ("posts", "score") else "left")
    for kept in history.audits:
        window = (
            f"{_day(kept.since) if kept.since else 'start'} to "
            f"{_day(kept.until) if kept.until else 'end'}"
        )
        two_way = next(v for v in key_metrics(kept.metrics) if v.metric.name == "two_way_share")
        audits.add_row(
            f"{kept.audited_at:%Y-%m-%d %H:%M} UTC",
            window,
            str(kept.posts),
            str(kept.score),
            safe(kept.archetype),
            "-" if two_way.value is None else two_way.shown,
            safe(kept.time_zone),
        )
    console.print(audits)
