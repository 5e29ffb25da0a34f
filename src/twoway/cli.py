"""The ``twoway`` command.  Thin: each command parses its options, calls one library function
and formats the result.  Exit codes: 0 done, 1 findings when asked to fail on them, 2 bad input
or usage, 3 an internal error (a bug: please report it)."""

from __future__ import annotations

import errno
import gc
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console

from twoway import __version__
from twoway.errors import TwowayError
from twoway.sources import Progress

if TYPE_CHECKING:
    from twoway.importers import ReadReport

DEFAULT_DB = Path("twoway.duckdb")
"""The workspace file when --db names none (twoway.store.DEFAULT_PATH, without importing it)."""

PATHS = click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
ACCOUNT = click.option(
    "--account",
    metavar="HANDLE",
    help="Keep only this account of a many-account input (handle or id; @ optional).",
)


def _output(kind: str, help: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """The option ``--KIND FILE`` (html, json, csv) of a report file, given as ``KIND_out``."""
    return click.option(
        f"--{kind}", f"{kind}_out", type=click.Path(path_type=Path, dir_okay=False), help=help
    )


class Failure(click.ClickException):
    """A clean one-line error on stderr with exit code 2."""

    exit_code = 2

    def show(self, file: object = None) -> None:
        from twoway.reports.terminal import plain

        click.echo(f"twoway: error: {plain(self.message, one_line=True)}", err=True)


class InternalFailure(Failure):
    """A bug in twoway, shown as one line with exit code 3."""

    exit_code = 3


_NO_ARGS_IS_HELP: tuple[type[Exception], ...] = tuple(
    getattr(click.exceptions, name)
    for name in ("NoArgsIsHelpError",)
    if hasattr(click.exceptions, name)
)
"""Click 8.2's "usage error" that is a group's help, shown when it is run with no command."""


def _usage_failure(exc: click.UsageError) -> click.ClickException:
    """A usage error as one line, with where to read the command's options (the help itself
    when a group was run with no command)."""
    if isinstance(exc, _NO_ARGS_IS_HELP):
        return exc
    command = exc.ctx.command_path if exc.ctx is not None else "twoway"
    return Failure(f"{exc.format_message()} (see '{command} --help')")


class _Group(click.Group):
    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as exc:  # a bad option or argument of the group itself
            raise _usage_failure(exc) from None

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except TwowayError as exc:
            raise Failure(str(exc)) from None
        except click.UsageError as exc:  # a command's options, or a check of them
            raise _usage_failure(exc) from None
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            raise click.exceptions.Abort() from None
        except Exception as exc:
            if os.environ.get("TWOWAY_DEBUG"):
                raise
            raise InternalFailure(
                f"internal error ({type(exc).__name__}: {exc}); this is a bug in twoway: "
                "please report it with the command you ran (TWOWAY_DEBUG=1 shows the traceback)"
            ) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="twoway")
def cli() -> None:
    """twoway: am I having conversations, or just broadcasting?

    Reads a social media account's own export (X, Mastodon, Bluesky, Facebook, Instagram,
    Threads, LinkedIn, a Business Suite posts CSV, twarc, a customer care CSV) and shows how social
    it really is.  Everything runs locally; nothing is sent anywhere except by `twoway pull`,
    which fetches your own account from the one server you name.
    """


@contextmanager
def _progress(label: str) -> Iterator[Progress | None]:
    """A byte-count progress bar on stderr, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import (
        DownloadColumn,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TransferSpeedColumn,
    )
    from rich.progress import (
        Progress as Bar,
    )

    columns = (
        SpinnerColumn(),
        TextColumn(label),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeElapsedColumn(),
    )
    with Bar(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda n: bar.advance(task, n)


def _stdout() -> Console:
    """Rich console on stdout; when piped (no terminal width to go by), wide enough for tables."""
    return Console(highlight=False, width=None if sys.stdout.isatty() else 160)


def _report_skips(report: ReadReport, console: Console) -> None:
    from twoway.reports.terminal import safe

    for message in report.warnings:
        console.print(f"warning: {safe(message)}")
    for file, reason in report.skipped_files:
        console.print(f"skipped file {safe(file)}: {safe(reason)}")
    for skipped in report.skipped_records[:20]:
        console.print(safe(skipped))
    count = report.skipped_record_count
    if count > 20:
        console.print(f"… and {count - 20} more skipped records")


def _refuse_overwrite(paths: tuple[Path, ...], *outputs: tuple[str, Path | None]) -> None:
    """Inputs are only ever read: an output that is one of them, or a file that already exists
    inside an input folder (it may be one of the export's files), or two outputs one file, is
    refused before anything is written.  ``outputs`` are (option, path) pairs."""
    from twoway.errors import InputError

    inputs = {p.resolve() for p in paths}
    folders = [p for p in inputs if p.is_dir()]
    seen: dict[Path, str] = {}
    for option, target in outputs:
        if target is None:
            continue
        resolved = target.resolve()
        if resolved in inputs or (
            resolved.exists() and any(resolved.is_relative_to(f) for f in folders)
        ):
            raise InputError(
                "is also an input, and writing there would destroy it",
                file=str(target),
                hint="write to another file",
            )
        if resolved in seen:
            raise InputError(
                f"given for both {seen[resolved]} and {option}",
                file=str(target),
                hint=f"write {option} to another file",
            )
        seen[resolved] = option
    _can_write(*outputs)


def _can_write(*outputs: tuple[str, Path | None]) -> None:
    """Each output file's folder exists and can be written to, checked before anything is read:
    a long run must not end with the reports lost for want of a folder.  The message is the one
    :func:`twoway.output.atomic_output` gives when the write itself fails."""
    from twoway.errors import InputError

    for _option, target in outputs:
        if target is None:
            continue
        folder = target.parent
        if not folder.is_dir():
            code = errno.ENOTDIR if folder.exists() else errno.ENOENT
        elif not os.access(folder, os.W_OK | os.X_OK):
            code = errno.EROFS if _read_only(folder) else errno.EACCES
        else:
            continue
        raise InputError(
            f"cannot write ({os.strerror(code)})",
            file=str(target),
            hint="check the folder exists and is writable",
        )


def _read_only(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False


DB = click.option(
    "--db",
    "db",
    is_flag=False,
    flag_value=str(DEFAULT_DB),
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="[FILE]",
    help=f"The workspace: a DuckDB file (default {DEFAULT_DB} in the current folder). "
    "Put it after the paths, or give its FILE.",
)
WAIT = click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=10.0,
    show_default=True,
    metavar="SECONDS",
    help="How long to wait while another twoway process is using the workspace.",
)


def _own_file(db: Path | None, *outputs: tuple[str, Path | None]) -> None:
    """The workspace may not be one of the output files."""
    for option, target in outputs:
        if db is not None and target is not None and db.resolve() == target.resolve():
            raise click.UsageError(f"--db and {option} name the same file; give each its own")


@cli.command("import")
@PATHS
@click.option(
    "--out",
    "-o",
    "out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the posts here: .jsonl (JSON lines) or .parquet.",
)
@click.option(
    "--interactions",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write inbound messages (mentions, replies to the account) here: .jsonl or .parquet.",
)
@DB
@WAIT
@ACCOUNT
def import_command(
    paths: tuple[Path, ...],
    out: Path | None,
    interactions: Path | None,
    db: Path | None,
    wait: float,
    account: str | None,
) -> None:
    """Read exports and write their posts in one normalised form (--out), or store them in a
    workspace (--db) for audits and history.

    PATHS are exports: an X archive (zip or folder), a legacy X tweets.csv or Grailbird folder,
    a Mastodon export (zip, tar.gz or folder), a Bluesky repository (.car), a Facebook,
    Instagram or Threads export (JSON), a LinkedIn export, a Business Suite posts CSV, a twarc
    JSONL file, or a CSV of customer conversations.  The format is recognised automatically
    (`twoway inspect PATH` says what it found).  A workspace keeps each post once: importing the
    same export again adds nothing.
    """
    from twoway.dataset import load
    from twoway.export import INTERACTION_COLUMNS, POST_COLUMNS, output_format, write
    from twoway.reports.terminal import render_import, safe

    if out is None and db is None:
        raise click.UsageError("give --out FILE to write the posts, or --db [FILE] to store them")
    if out is not None:
        output_format(out)
    if interactions is not None:
        output_format(interactions)
    _refuse_overwrite(paths, ("--out", out), ("--interactions", interactions))
    _own_file(db, ("--out", out), ("--interactions", interactions))
    if db is not None and not db.exists():
        _can_write(("--db", db))
    with _progress("reading") as progress:
        data = load(paths, account=account, progress=progress)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    _report_skips(data.report, err)
    console = _stdout()
    if out is not None:
        written = write(data.posts, out, POST_COLUMNS)
        accounts = len({(p.platform, p.account_id or p.account) for p in data.posts})
        console.print(f"wrote {written} posts of {accounts} account(s) to {safe(out)}")
    if interactions is not None:
        count = write(data.interactions, interactions, INTERACTION_COLUMNS)
        console.print(f"wrote {count} interactions to {safe(interactions)}")
    if db is not None:
        from twoway.store import Workspace

        result = Workspace(db, wait=wait).import_dataset(data, inputs=[str(p) for p in paths])
        render_import(result, console)
    if data.report.skipped_record_count:
        console.print(
            f"{data.report.skipped_record_count} bad record(s) skipped (listed on stderr)"
        )


@cli.command("inspect")
@PATHS
@ACCOUNT
def inspect_command(paths: tuple[Path, ...], account: str | None) -> None:
    """Show what exports hold: platform, accounts, date range, posts by kind, inbound messages,
    and files or records that were skipped and why."""
    from twoway.inspection import inspect
    from twoway.reports.terminal import render_inspection

    with _progress("reading") as progress:
        result = inspect(paths, account=account, progress=progress)
    render_inspection(result, _stdout())


@cli.command("rule")
@click.argument("code_or_name", required=False, metavar="[CODE_OR_NAME]")
def rule_command(code_or_name: str | None) -> None:
    """List the rules, or show one rule's documentation.

    Without an argument, lists every rule: code, name, level and summary.  With a code (TW101)
    or a name (link-only-post), prints that rule's documentation.
    """
    from twoway.rules import REGISTRY
    from twoway.rules.docs import rule_page

    if code_or_name is None:
        width = max(len(rule.name) for rule in REGISTRY)
        for rule in REGISTRY:
            click.echo(f"{rule.code}  {rule.name:<{width}}  {rule.level:<7}  {rule.summary}")
        return
    click.echo(rule_page(REGISTRY.get(code_or_name)), nl=False)


_LEVEL_STYLE = {"hint": "cyan", "warning": "yellow", "error": "bold red"}


@cli.command("check")
@click.argument("text", required=False)
@click.option("--stdin", "from_stdin", is_flag=True, help="Read the draft from standard input.")
@click.option(
    "--file",
    "file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Read the draft from this file (UTF-8).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Print the findings as text or as a JSON list.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["hint", "warning", "error"]),
    help="Exit with code 1 when a rule at this level or a more serious one fires.",
)
def check_command(
    text: str | None, from_stdin: bool, file: Path | None, output_format: str, fail_on: str | None
) -> None:
    """Check a draft post before posting it: which rules it breaks, and how to rewrite it.

    Give the draft as TEXT, on standard input (--stdin) or in a file (--file): one of them.
    Exit codes: 0 checked, 1 a finding at the --fail-on level or above, 2 bad input.
    """
    from twoway.linting import decode_draft, fails, hits_json, lint, read_draft
    from twoway.reports.terminal import safe

    sources = (("TEXT", text is not None), ("--stdin", from_stdin), ("--file", file is not None))
    given = [name for name, on in sources if on]
    if len(given) != 1:
        problem = f"give only one of {' and '.join(given)}" if given else "give the draft to check"
        raise click.UsageError(f"{problem}: TEXT, --stdin or --file FILE")
    if file is not None:
        draft, source = read_draft(file), str(file)
    elif from_stdin:
        draft, source = decode_draft(sys.stdin.buffer.read(), "<stdin>"), "<stdin>"
    else:  # bytes of the argument that are not UTF-8 reach Python as lone surrogates, which
        # "surrogatepass" keeps as bytes that are not UTF-8 either: decode_draft refuses them
        source = "<text>"
        draft = decode_draft((text or "").encode("utf-8", "surrogatepass"), source)
    hits = lint(draft, source=source)
    if output_format == "json":
        click.echo(hits_json(hits))
    else:
        console = _stdout()
        for hit in hits:
            level = f"[{_LEVEL_STYLE[hit.level]}]{hit.level}[/]"
            message = safe(hit.message, one_line=True)
            console.print(f"[bold]{hit.code}[/] {hit.name} {level}: {message}", soft_wrap=True)
            console.print(f"  suggestion: {safe(hit.suggestion)}", soft_wrap=True)
        console.print(f"Found {len(hits)} problem(s)." if hits else "No problems found.")
    if fail_on is not None and fails(hits, fail_on):
        click.get_current_context().exit(1)


_DATE = click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"])


SINCE = click.option(
    "--since",
    type=_DATE,
    metavar="DATE",
    help="Only posts and messages from this date on (UTC): 2025-01-01, or 2025-01-01T09:30.",
)
UNTIL = click.option(
    "--until",
    type=_DATE,
    metavar="DATE",
    help="Only posts and messages before this date (UTC): 2025-07-01, or 2025-07-01T09:30.",
)


def _utc(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.replace(tzinfo=UTC)


@cli.command("audit")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--account",
    "accounts",
    metavar="HANDLE",
    multiple=True,
    help="Keep only this account of a many-account input or workspace (handle or id; @ "
    "optional).  Give it once per account to keep several, e.g. an owner's accounts for --as.",
)
@SINCE
@UNTIL
@_output("html", "Write a self-contained HTML report (charts, recommendations, cue cards) here.")
@_output("json", "Write the audit as JSON here (docs/report-json.md).")
@_output("csv", "Write one row per post with its labels and rule hits here.")
@click.option(
    "--as",
    "owner",
    metavar="NAME",
    help="Audit all the accounts read as one owner called NAME (its exports on several "
    "platforms), and compare the platforms side by side: volume, two-way share, response rate, "
    "conversation rate, and where the audience actually talks back.",
)
@click.option(
    "--tz",
    metavar="ZONE",
    default="UTC",
    show_default=True,
    help="Count days, weeks and hours of the day (busiest hours, the heatmap, posts per day, "
    "the weekly series) in this time zone: an IANA name such as Europe/Amsterdam, with summer "
    "time as it applied on each post's date.  Times in the JSON, --since and --until stay UTC.",
)
@DB
@WAIT
def audit_command(
    paths: tuple[Path, ...],
    accounts: tuple[str, ...],
    since: datetime | None,
    until: datetime | None,
    html_out: Path | None,
    json_out: Path | None,
    csv_out: Path | None,
    owner: str | None,
    tz: str,
    db: Path | None,
    wait: float,
) -> None:
    """Audit accounts: how social they are, and what to change first.

    Reads the exports, labels every post, and prints per account the social score (0-100) and
    its parts, the archetype, the key figures beside their targets and the top
    recommendations.  --html, --json and --csv write fuller reports.

    With --db, audits the accounts stored in the workspace (no PATHS needed), or with PATHS
    imports them first and audits their accounts; each audit is kept with its time for
    `twoway history`.

    With --as NAME, the accounts read (two or more: the owner's exports on several platforms,
    or the accounts named with --account, e.g. in a workspace that also holds competitors) are
    audited as one owner, with a table of the platforms side by side and a recommendation on
    where the owner's audience talks back.

    With --tz ZONE, days, weeks and hours are those of the account's own clock: a post at 23:30
    UTC in July counts at 01:30 the next day in Europe/Amsterdam.
    """
    from twoway.audit import audit
    from twoway.errors import InputError
    from twoway.metrics.zone import time_zone
    from twoway.reports.terminal import render_audit, render_import

    try:
        time_zone(tz)
    except InputError as exc:
        raise click.UsageError(f"--tz: {exc}") from None
    if since is not None and until is not None and since >= until:
        raise click.UsageError("--since must be before --until")
    if owner is not None and not owner.strip():
        raise click.UsageError("--as needs the owner's name, e.g. --as 'Corner Bakery'")
    if not paths and db is None:
        raise click.UsageError("give the exports to audit as PATHS, or a workspace with --db")
    _refuse_overwrite(paths, ("--html", html_out), ("--json", json_out), ("--csv", csv_out))
    _own_file(db, ("--html", html_out), ("--json", json_out), ("--csv", csv_out))
    console = _stdout()
    since, until = _utc(since), _utc(until)
    if db is None:
        with _progress("reading") as progress:
            report = audit(
                paths, account=accounts, since=since, until=until, progress=progress, tz=tz
            )
    else:
        from twoway.store import Workspace

        workspace = Workspace(db, wait=wait, create=bool(paths))
        imported = None
        if paths:
            with _progress("reading") as progress:
                imported = workspace.import_paths(paths, account=accounts, progress=progress)
            render_import(imported, console)
        report = workspace.audit(
            account=accounts, since=since, until=until, imported=imported, tz=tz
        )
    _report_skips(report.read_report, Console(stderr=True, highlight=False, soft_wrap=True))
    shown, fit = report, None
    if owner is not None:
        from twoway.platform_fit import owner_report
        from twoway.reports.terminal import plain

        if len(report.accounts) < 2:
            held = ", ".join(
                plain(f"{a.account.handle or a.account.id} on {a.account.platform}", one_line=True)
                for a in report.accounts
            )
            raise click.UsageError(
                f"--as combines two accounts or more of one owner, and the inputs hold "
                f"{len(report.accounts)}{f' ({held})' if held else ''}; give the owner's exports "
                "from its other platforms too"
            )
        shown, fit = owner_report(report, owner)
    render_audit(shown, console, platform_fit=fit)
    if db is not None:
        console.print(
            f"kept {len(report.accounts)} audit(s) in {safe_path(db)}; "
            "`twoway history ACCOUNT` shows them month by month"
        )
    if html_out is not None:
        from twoway.output import write_text
        from twoway.reports.html import render_html

        write_text(html_out, render_html(shown, platform_fit=fit))
        console.print(f"wrote the HTML report to {safe_path(html_out)}")
    if json_out is not None:
        from twoway.reports.json import write_json

        write_json(shown, json_out, platform_fit=fit)
        console.print(f"wrote the JSON report to {safe_path(json_out)}")
    if csv_out is not None:
        from twoway.reports.csv import write_labels
        from twoway.rules import check_post

        rows = [
            (labels, [hit.code for hit in check_post(labels)])
            for item in report.accounts
            for labels in item.labels
        ]
        count = write_labels(rows, csv_out, with_text=True)
        console.print(f"wrote {count} labelled posts to {safe_path(csv_out)}")


def safe_path(path: Path) -> str:
    from twoway.reports.terminal import safe

    return safe(path)


@cli.command("classify")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--texts",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Label bare texts instead: one post per line of this UTF-8 file (id = line number; "
    "blank lines are skipped).",
)
@click.option(
    "--out",
    "-o",
    "out",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the labels here as CSV.",
)
@ACCOUNT
def classify_command(
    paths: tuple[Path, ...], texts: Path | None, out: Path, account: str | None
) -> None:
    """Label every post: kind, intent with its confidence, the six flags, and the post rules
    it trips (docs/codebook.md).

    Give exports as PATHS, or a file of bare texts with --texts (one per line).  The CSV has
    one row per post: platform, account, id, kind, intent, intent_confidence, asks_question,
    link_only, mentions_others, follow_begging, automated, duplicate, rules.
    """
    from twoway.labelling import label_paths, label_texts, read_texts
    from twoway.reports.csv import write_labels

    if bool(paths) == (texts is not None):
        raise click.UsageError("give either PATHS or --texts FILE")
    _refuse_overwrite((*paths, *([texts] if texts else [])), ("--out", out))
    if texts is not None:
        from twoway.importers import ReadReport

        report = ReadReport()
        lines = read_texts(texts, report)
        _report_skips(report, Console(stderr=True, highlight=False, soft_wrap=True))
        labelled = label_texts(lines, source=str(texts))
    else:
        with _progress("reading") as progress:
            labelled = label_paths(paths, account=account, progress=progress)
    count = write_labels(((item.labels, item.codes) for item in labelled), out)
    _stdout().print(f"wrote labels of {count} posts to {safe_path(out)}")


@cli.command("eval")
@click.argument("labels", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--against",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="LABELS2",
    help="Compare LABELS with a second labeller's file instead of twoway (no PATHS): how far "
    "two people agree, with Cohen's kappa.",
)
def eval_command(labels: Path, paths: tuple[Path, ...], against: Path | None) -> None:
    """Compare twoway's labels with hand labels.

    LABELS is a CSV with the columns ref,intent,asks_question, where ref is <name>:<post id>
    (the name is the account's handle or the input file's name).  Prints accuracy, macro-F1,
    Cohen's kappa, per-intent precision, recall and F1, the confusion matrix, asks_question F1
    and the Lovejoy & Saxton Information/Community/Action accuracy.  With --against, the same
    figures for two labels files of the same posts (LABELS read as the reference).
    """
    from twoway.errors import InputError
    from twoway.evaluation import agreement, evaluate, read_labels
    from twoway.importers import ReadReport

    if bool(paths) == (against is not None):
        raise click.UsageError("give either PATHS or --against LABELS2")
    report = ReadReport()
    gold = read_labels(labels, report)
    second = read_labels(against, report) if against is not None else None
    _report_skips(report, Console(stderr=True, highlight=False, soft_wrap=True))
    if second is not None:
        result = agreement(gold, second)
        if result.n == 0:
            raise InputError(
                f"none of the {len(gold)} refs is in {against}",
                file=str(labels),
                hint="both files must label the same posts by the same refs",
            )
        click.echo(result.render())
        return
    from twoway.dataset import load

    with _progress("reading") as progress:
        data = load(paths, progress=progress)
    result = evaluate(gold, data.posts)
    if result.n == 0:
        raise InputError(
            f"none of the {len(gold)} refs names a post in the inputs",
            file=str(labels),
            hint="refs are <account handle or file name>:<post id>",
        )
    click.echo(result.render())


@cli.command("history")
@click.argument("account", metavar="ACCOUNT")
@click.option(
    "--db",
    "db",
    type=click.Path(path_type=Path, dir_okay=False),
    default=str(DEFAULT_DB),
    show_default=True,
    metavar="FILE",
    help="The workspace to read.",
)
@_output(
    "html",
    "Write the account's HTML report here: an audit of all its stored posts, with its "
    "history and a trend chart.",
)
@WAIT
def history_command(account: str, db: Path, html_out: Path | None, wait: float) -> None:
    """Show a stored account month by month: the social score, archetype and key figures of
    each calendar month of its posts, and the audits kept of it by `twoway audit --db`.

    ACCOUNT is a handle or id (@ optional), as stored by `twoway import PATH… --db`.
    """
    from twoway.reports.terminal import render_history
    from twoway.store import Workspace

    _own_file(db, ("--html", html_out))
    _can_write(("--html", html_out))
    workspace = Workspace(db, wait=wait, create=False)
    histories = workspace.history(account, audit=html_out is not None)
    console = _stdout()
    for item in histories:
        render_history(item, console)
    if html_out is not None:
        from twoway.history import history_report
        from twoway.output import write_text
        from twoway.reports.html import render_html

        report = history_report(histories, [str(db)])
        write_text(html_out, render_html(report, history=histories))
        console.print(f"wrote the HTML report to {safe_path(html_out)}")


@cli.command("compare")
@click.argument("sources", nargs=-1, required=True, metavar="ACCOUNT_OR_PATH...")
@DB
@WAIT
@SINCE
@UNTIL
@_output("html", "Write a self-contained comparison page (table, score chart, key figures) here.")
@_output("json", "Write the comparison as JSON here.")
def compare_command(
    sources: tuple[str, ...],
    db: Path | None,
    wait: float,
    since: datetime | None,
    until: datetime | None,
    html_out: Path | None,
    json_out: Path | None,
) -> None:
    """Compare accounts side by side: ranked by social score, with their key figures and where
    each stands against the others.

    Each ACCOUNT_OR_PATH is an export (every account in it is compared) or, with --db, the
    handle of an account stored in the workspace.  At least two accounts are needed.  For each
    figure the table shows the account's value, whether it is above or below the group median
    (green on the better side, red on the worse) and its rank on that figure.
    """
    from twoway.compare import compare
    from twoway.reports.comparison import render_comparison

    if since is not None and until is not None and since >= until:
        raise click.UsageError("--since must be before --until")
    paths = tuple(Path(s) for s in sources if Path(s).exists())
    _refuse_overwrite(paths, ("--html", html_out), ("--json", json_out))
    _own_file(db, ("--html", html_out), ("--json", json_out))
    workspace = None
    if db is not None:
        from twoway.store import Workspace

        workspace = Workspace(db, wait=wait, create=False)
    with _progress("reading") as progress:
        comparison = compare(
            sources, workspace=workspace, since=_utc(since), until=_utc(until), progress=progress
        )
    _report_skips(comparison.read_report, Console(stderr=True, highlight=False, soft_wrap=True))
    console = _stdout()
    render_comparison(comparison, console)
    if html_out is not None:
        from twoway.output import write_text
        from twoway.reports.comparison import render_comparison_html

        write_text(html_out, render_comparison_html(comparison))
        console.print(f"wrote the comparison page to {safe_path(html_out)}")
    if json_out is not None:
        from twoway.reports.comparison import write_comparison_json

        write_comparison_json(comparison, json_out)
        console.print(f"wrote the comparison as JSON to {safe_path(json_out)}")


@cli.command("screen")
@PATHS
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="How many of the top accounts the table lists (0: every account).",
)
@_output("csv", "Write one row per account, ranked, here.")
@_output("json", "Write every account and the summary as JSON here.")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    help="Processes that label posts (default: one per usable core; 1 labels in this process).",
)
@click.option(
    "--min-posts",
    type=click.IntRange(min=1),
    default=10,  # twoway.screening.MIN_POSTS (not imported here: it loads numpy and pyarrow)
    show_default=True,
    help="Accounts with fewer posts get no verdict and are left out of the shares.",
)
def screen_command(
    paths: tuple[Path, ...],
    limit: int,
    csv_out: Path | None,
    json_out: Path | None,
    jobs: int | None,
    min_posts: int,
) -> None:
    """Screen many accounts at once: the social score, archetype and verdict of every account
    in the input, ranked, and the share that only broadcast.

    PATHS hold many accounts: a twarc2 JSONL of many users' timelines, a folder of exports, or
    a CSV of customer conversations with many brands.  An account only broadcasts (a one way
    broadcaster) when its archetype is Broadcaster or Promoter, or its social score is under
    30; the reason shown is its archetype's.  Scores are those a full `twoway audit` gives.
    Accounts with fewer than --min-posts posts are listed as "too few posts", unranked.
    """
    from twoway.reports.screening import render_screening, stage_bar
    from twoway.screening import screen

    _refuse_overwrite(paths, ("--csv", csv_out), ("--json", json_out))
    with stage_bar(Console(stderr=True)) as progress:
        screening = screen(paths, jobs=jobs, progress=progress, min_posts=min_posts)
    _report_skips(screening.read_report, Console(stderr=True, highlight=False, soft_wrap=True))
    console = _stdout()
    render_screening(screening, console, limit=limit)
    if csv_out is not None:
        from twoway.reports.screening import write_screening_csv

        count = write_screening_csv(screening, csv_out)
        console.print(f"wrote {count} accounts to {safe_path(csv_out)}")
    if json_out is not None:
        from twoway.reports.screening import write_screening_json

        write_screening_json(screening, json_out)
        console.print(f"wrote the screening as JSON to {safe_path(json_out)}")


@cli.group("pull")
def pull_group() -> None:
    """Fetch an account's posts and the messages people sent it from the platform's API into a
    workspace, so that audits see its conversations (response rate, missed conversations).

    The first pull fetches everything the API gives; each later pull only what is new.  An
    interrupted pull goes on from where it stopped at the next pull.  Secrets come from an
    environment variable or the system keyring and are never printed or stored (docs/pull.md).
    """


def _pull_options(default_server: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    def decorate(function: Callable[..., None]) -> Callable[..., None]:
        function = click.option(
            "--server",
            metavar="URL",
            help=f"The API server's address (default {default_server}).",
        )(function)
        function = WAIT(function)
        return click.option(
            "--db",
            "db",
            is_flag=False,
            flag_value=str(DEFAULT_DB),
            default=str(DEFAULT_DB),
            type=click.Path(path_type=Path, dir_okay=False),
            metavar="[FILE]",
            help=f"The workspace to pull into (default {DEFAULT_DB} in the current folder).",
        )(function)

    return decorate


@contextmanager
def _pull_status() -> Iterator[Callable[[str], None] | None]:
    """A one-line status of the pull on stderr, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from twoway.reports.terminal import safe

    console = Console(stderr=True)
    with console.status("pulling") as status:
        yield lambda message: status.update(safe(message, one_line=True))


def _run_pull(platform: str, who: str, db: Path, wait: float, server: str | None) -> None:
    from twoway.pull import pull
    from twoway.reports.terminal import safe
    from twoway.store import Workspace

    workspace = Workspace(db, wait=wait)
    with _pull_status() as progress:
        result = pull(platform, who, workspace, base_url=server, progress=progress)
    _report_skips(result.report, Console(stderr=True, highlight=False, soft_wrap=True))
    where = f"{safe(db)}: {platform} {safe(result.account)}"
    counts = f"{result.pages} pages, {result.requests} requests"
    if result.up_to_date:
        line = f"{where} is up to date (nothing new; {counts})"
    else:
        line = (
            f"{where}: {result.posts_added} new posts, {result.interactions_added} new inbound "
            f"messages ({counts})"
        )
    _stdout().print(line, soft_wrap=True)


@pull_group.command("mastodon")
@click.argument("account", metavar="ACCOUNT@INSTANCE")
@_pull_options("https://INSTANCE")
def pull_mastodon_command(account: str, db: Path, wait: float, server: str | None) -> None:
    """Pull a Mastodon account: its statuses (boosts included), the mentions, replies and quotes
    of it (notifications), and the replies to its posts (status contexts).

    Needs an access token of the account with read scope, in TWOWAY_MASTODON_TOKEN or in the
    keyring (python -m keyring set twoway mastodon:ACCOUNT@INSTANCE).  Create one under
    Preferences > Development > New application.
    """
    _run_pull("mastodon", account, db, wait, server)


@pull_group.command("bluesky")
@click.argument("handle", metavar="HANDLE")
@_pull_options("https://bsky.social")
def pull_bluesky_command(handle: str, db: Path, wait: float, server: str | None) -> None:
    """Pull a Bluesky account: its posts and the mentions, replies and quotes of it.

    Needs an app password of the account, in TWOWAY_BLUESKY_APP_PASSWORD or in the keyring
    (python -m keyring set twoway bluesky:HANDLE).  The account's server is found from its
    handle; --server logs in to the server given instead (a PDS bsky.social cannot resolve).
    """
    _run_pull("bluesky", handle, db, wait, server)


def main() -> None:
    """Entry point of the ``twoway`` console script.

    A command is one short process over hundreds of thousands of records that hold no reference
    cycles: the cyclic garbage collector only slows it down (full passes over every live post),
    so it is switched off; reference counting still frees everything as usual.
    """
    gc.disable()
    cli(prog_name="twoway")
