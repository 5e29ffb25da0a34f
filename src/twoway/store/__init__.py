"""The workspace: accounts, posts, labels, inbound messages and audits kept in one DuckDB file
(``twoway import PATH… --db``, ``twoway audit --db``, ``twoway history``; docs/workspace.md).

A :class:`Workspace` is a handle on the file, not an open connection: every operation opens the
file, does its work in ONE transaction and closes it again.  DuckDB lets one process at a time
open a file for writing, so an operation waits (up to ``wait`` seconds) while another process
holds it, then stops with :class:`~twoway.errors.WorkspaceBusyError`.  Work that needs no
workspace (reading exports, classifying, auditing) happens while the file is closed, which keeps
the time it is held short.

Everything is written in bulk (:mod:`twoway.store.writing`): records become Arrow tables
(:mod:`twoway.store.rows`; posts with :data:`twoway.export.POST_COLUMNS`) that DuckDB reads in
place, and only rows not already stored go in.  Posts are keyed by platform and id, inbound
messages by platform, account and id, accounts by platform and id (the handle when there is no
id).  Importing the same data again adds nothing; an import that fails, or a process killed
midway, leaves the workspace as it was, because nothing is visible before the transaction
commits.

Labels are stored with the posts so that audits reuse them, with the fingerprint of the
classifier that made them (:func:`~twoway.store.schema.model_fingerprint`): an account whose
labels came from another classifier is labelled again the next time it is read.  The classifier
judges an account's posts together (repeats and automation show across them), so when new posts
join an account all of its posts are labelled again, as one audit of all of them would be.

The file carries its schema version (:mod:`twoway.store.schema`): opening an older workspace runs
the migrations it lacks, a workspace from a newer twoway is refused, and a file that is not a
DuckDB database, or a damaged one, is reported with :class:`~twoway.errors.WorkspaceError` and
left as it is, never replaced.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import orjson

from twoway.audit import DEFAULT_ZONE
from twoway.errors import InputError, WorkspaceBusyError, WorkspaceError
from twoway.export import INTERACTION_COLUMNS, POST_COLUMNS
from twoway.export import table as records_table
from twoway.importers import ReadReport
from twoway.model import Account
from twoway.sources import shown_name
from twoway.store.reading import read, stored_accounts
from twoway.store.rows import (
    Key,
    accounts_table,
    audits_table,
    by_account,
    key_of,
    keys_table,
    labels_table,
    to_columns,
    utc,
)
from twoway.store.schema import MIGRATIONS, SCHEMA_VERSION, Migration, model_fingerprint
from twoway.store.writing import accounts_gaining, refresh_labels, store_new

if TYPE_CHECKING:
    from twoway.audit import AuditReport
    from twoway.dataset import Dataset
    from twoway.history import AccountHistory
    from twoway.sources import Progress

__all__ = [
    "DEFAULT_PATH",
    "DEFAULT_WAIT",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "ImportResult",
    "Migration",
    "Workspace",
]

DEFAULT_PATH = Path("twoway.duckdb")
"""The workspace used when ``--db`` names no file: in the current folder."""
DEFAULT_WAIT = 10.0
"""Seconds to wait for another process to finish with the workspace."""

PathArg = str | os.PathLike[str]


@dataclass(frozen=True, kw_only=True, slots=True)
class ImportResult:
    """What an import added to the workspace, and what was already there."""

    path: Path
    """The workspace."""
    inputs: tuple[str, ...]
    accounts: tuple[Key, ...]
    """The accounts read, as (platform, id or handle), in the order read."""
    accounts_added: int
    posts_added: int
    posts_present: int
    """Posts read that the workspace already held (left as they were)."""
    interactions_added: int
    interactions_present: int
    answers_added: int
    """Inbound messages already stored that the new data shows answered by more posts."""
    relabelled: int
    """Posts labelled: every post of each account that gained posts."""
    report: ReadReport = field(default_factory=ReadReport)


_ANSWER_LISTS = """
    SELECT p.platform, p.account, p.reply_to_id AS id, list(p.id ORDER BY p.created_at, p.id) AS ids
    FROM posts p SEMI JOIN pulled_handles h ON h.platform = p.platform AND h.key = p.account
    WHERE p.reply_to_id IS NOT NULL
    GROUP BY ALL
"""
_NEW_ANSWERS = "list_filter(a.ids, lambda x: NOT list_contains(coalesce(t.answered_by, []), x))"
_ANSWERS_FROM_POSTS = f"""
    UPDATE interactions AS t
    SET answered_by = list_concat(coalesce(t.answered_by, []), {_NEW_ANSWERS})
    FROM ({_ANSWER_LISTS}) a
    WHERE t.platform = a.platform AND t.account = a.account AND t.id = a.id
      AND len({_NEW_ANSWERS}) > 0
"""
"""Add to each inbound message of the accounts in ``pulled_handles`` the stored posts of the
same account that reply to it and that its ``answered_by`` lacks; gives the messages changed."""

_LOCKED = ("Could not set lock", "Conflicting lock")
_NOT_DUCKDB = "not a valid DuckDB database file"


def _is_damage(exc: duckdb.Error) -> bool:
    """Whether an error from an open file means the file itself is bad (not a mistake in SQL)."""
    return isinstance(exc, duckdb.IOException | duckdb.SerializationException) or (
        "Corrupt database file" in str(exc)
    )


class Workspace:
    """The workspace file at ``path``, made at the first write if it does not exist (unless
    ``create`` is false).  ``wait`` is how many seconds an operation waits for another process to
    finish with the file.  ``migrations`` is the schema this twoway knows (tests give others)."""

    def __init__(
        self,
        path: PathArg = DEFAULT_PATH,
        *,
        wait: float = DEFAULT_WAIT,
        create: bool = True,
        migrations: Sequence[Migration] = MIGRATIONS,
    ) -> None:
        self.path = Path(path)
        self.wait = max(0.0, wait)
        self.create = create
        self.migrations = tuple(migrations)

    def __repr__(self) -> str:
        return f"Workspace({str(self.path)!r})"

    # -- opening ---------------------------------------------------------------------------------

    def _error(self, problem: str, hint: str) -> WorkspaceError:
        return WorkspaceError(problem, file=str(self.path), hint=hint)

    def _damaged(self, exc: duckdb.Error) -> WorkspaceError:
        return self._error(
            f"the workspace is damaged and cannot be read ({' '.join(str(exc).split())})",
            "restore it from a backup, or start a new workspace with --db NEW_FILE; "
            "twoway leaves this file as it is",
        )

    def _open(self) -> duckdb.DuckDBPyConnection:
        """Open the file, waiting while another process holds it."""
        existed = self.path.exists()
        if not existed and not self.create:
            raise self._error(
                "no workspace here", "import into it first: twoway import PATH… --db FILE"
            )
        if self.path.is_dir():
            raise self._error("is a folder, not a workspace file", "give a file name to --db")
        if shown_name(str(self.path)) != str(self.path):  # DuckDB takes UTF-8 paths only
            raise self._error(
                "the workspace's name is not UTF-8, and DuckDB cannot open it",
                "give a name in UTF-8 (plain letters and digits always work) to --db",
            )
        deadline = time.monotonic() + self.wait
        pause = 0.02
        while True:
            try:
                return duckdb.connect(str(self.path))
            except duckdb.Error as exc:
                message = str(exc)
                if any(mark in message for mark in _LOCKED):
                    left = deadline - time.monotonic()
                    if left <= 0:
                        holder = re.search(r"\(PID (\d+)\)", message)
                        raise WorkspaceBusyError(
                            str(self.path), self.wait, int(holder[1]) if holder else None
                        ) from None
                    time.sleep(min(pause, left))
                    pause = min(pause * 2, 0.25)
                    continue
                if _NOT_DUCKDB in message:
                    raise self._error(
                        "is not a twoway workspace (not a DuckDB database)",
                        "give the workspace file to --db (after the paths: "
                        "twoway import PATH… --db FILE), or a new file name to start one",
                    ) from None
                if not existed:
                    raise self._error(
                        f"cannot make a workspace here ({' '.join(message.split())})",
                        "check that the folder exists and is writable",
                    ) from None
                raise self._damaged(exc) from None

    def _upgrade(self, con: duckdb.DuckDBPyConnection) -> None:
        """Check the schema version; run the migrations the file lacks, in one transaction."""
        tables = {
            name
            for (name,) in con.execute(
                "SELECT table_name FROM duckdb_tables() "
                "WHERE database_name = current_database() AND schema_name = 'main'"
            ).fetchall()
        }
        known = len(self.migrations)
        version = 0
        if tables:
            rows = []
            if "meta" in tables:
                rows = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
            if not rows or not str(rows[0][0]).isdigit():
                raise self._error(
                    "is a DuckDB database but not a twoway workspace (no schema version in it)",
                    "give another --db file; twoway leaves this one as it is",
                )
            version = int(rows[0][0])
        if version > known:
            raise self._error(
                f"made by a newer twoway (schema {version}, this one reads up to {known})",
                "upgrade twoway",
            )
        if version == known:
            return
        con.begin()
        try:
            for migration in self.migrations[version:]:
                for step in migration.steps:
                    con.execute(step)
            con.execute(
                "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(known)]
            ).fetchall()
            con.commit()
        except BaseException:
            with suppress(duckdb.Error):
                con.rollback()
            raise

    @contextmanager
    def _transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The open, up-to-date workspace inside one transaction, committed when the block ends
        without an error and rolled back otherwise; the file is closed afterwards."""
        con = self._open()
        try:
            con.execute("SET TimeZone = 'UTC'")
            self._upgrade(con)
            con.begin()
            try:
                yield con
                con.commit()
            except BaseException:
                with suppress(duckdb.Error):  # the error that stopped the work is the one to tell
                    con.rollback()
                raise
        except duckdb.Error as exc:
            if _is_damage(exc):
                raise self._damaged(exc) from None
            raise
        finally:
            con.close()

    # -- what is stored --------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """How many rows each table holds."""
        with self._transaction() as con:
            return {
                table: int(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])
                for table in ("accounts", "posts", "labels", "interactions", "audits")
            }

    def schema_version(self) -> int:
        """The schema version of the file (after the migrations this twoway ran on it)."""
        with self._transaction() as con:
            rows = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
            return int(rows[0][0])

    def accounts(self) -> list[Account]:
        """Every stored account, by platform and handle."""
        with self._transaction() as con:
            return stored_accounts(con)

    # -- importing -------------------------------------------------------------------------------

    def import_paths(
        self,
        paths: PathArg | Sequence[PathArg],
        *,
        account: str | Sequence[str] | None = None,
        progress: Progress | None = None,
    ) -> ImportResult:
        """Read exports (as :func:`twoway.load` does) and store what is new in them."""
        from twoway.dataset import load

        data = load(paths, account=account, progress=progress)
        given = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
        return self.import_dataset(data, inputs=[str(p) for p in given])

    def import_dataset(self, data: Dataset, *, inputs: Sequence[str] = ()) -> ImportResult:
        """Store what is new in ``data``: accounts, posts with their labels, inbound messages
        (and new answers to those already stored), in one transaction."""
        from twoway.classifier import classify

        model = model_fingerprint()
        posts = records_table(data.posts, POST_COLUMNS)
        with self._transaction() as con:  # a first look: which accounts gain posts
            con.register("incoming_posts", posts)
            gaining = set(accounts_gaining(con))
        # Classified while the workspace is closed, so that it is held only to look and to write.
        # Should another process store posts of these accounts meanwhile, the writing labels
        # those accounts again from the workspace (store_new).
        groups = by_account(data.posts)
        labelled = [item for key in groups if key in gaining for item in classify(groups[key])]
        accounts = list(data.accounts)
        keys = [key_of(a) for a in accounts]
        for key, group in groups.items():
            if key not in keys:  # posts whose account the input never named
                keys.append(key)
                accounts.append(
                    Account(platform=key[0], id=group[0].account_id, handle=group[0].account)
                )
        incoming = {
            "incoming_accounts": accounts_table(accounts),
            "incoming_posts": posts,
            "incoming_labels": labels_table(labelled, model),
            "incoming_interactions": records_table(data.interactions, INTERACTION_COLUMNS),
        }
        with self._transaction() as con:
            for name, table in incoming.items():
                con.register(name, table)
            counts = store_new(con, model)
        return ImportResult(
            path=self.path,
            inputs=tuple(shown_name(name) for name in inputs),
            accounts=tuple(keys),
            posts_present=len(data.posts) - counts["posts_added"],
            interactions_present=len(data.interactions) - counts["interactions_added"],
            report=data.report,
            **counts,
        )

    # -- live pulls ------------------------------------------------------------------------------

    def pull_state(self, platform: str, account: str, stream: str) -> dict[str, Any] | None:
        """Where the live pull of ``stream`` (``"statuses"``, ``"mentions"``…) of ``account`` on
        ``platform`` stopped, as the pull saved it with :meth:`store_pulled`; ``None`` before the
        first pull.  Reading a workspace that does not exist yet gives ``None`` too (the first
        page stored makes it)."""
        if not self.path.exists():
            return None
        with self._transaction() as con:
            rows = con.execute(
                "SELECT state FROM pull_state WHERE platform = ? AND account = ? AND stream = ?",
                [platform, account, stream],
            ).fetchall()
        if not rows:
            return None
        state = orjson.loads(rows[0][0])
        return state if isinstance(state, dict) else None

    def store_pulled(
        self,
        data: Dataset,
        *,
        platform: str,
        account: str,
        stream: str,
        state: Mapping[str, Any],
        other_states: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> ImportResult:
        """Store one page of a live pull and where the pull now stands, in ONE transaction: the
        page's accounts, posts and inbound messages that are new (as :meth:`import_dataset`
        stores them), new answers to stored messages, and ``state`` as the pull state of
        ``stream`` (``other_states`` as that of other streams, by name).  A pull interrupted
        anywhere therefore loses at most the page in flight, and the next pull goes on from the
        saved state without storing anything twice.

        Inbound messages of the page's accounts gain as answers the stored posts of the same
        account that reply to them (``reply_to_id`` is the message's id), whichever of the two
        came first.  New posts are stored without labels: labelling all of an account's posts
        for every page would cost a classification of the account per page, so they are
        labelled once, by :meth:`refresh_labels` at the end of the pull, or when the account is
        next read (an audit labels any account with unlabelled posts first)."""
        model = model_fingerprint()
        accounts = list(data.accounts)
        keys = [key_of(a) for a in accounts]
        for key, group in by_account(data.posts).items():
            if key not in keys:
                keys.append(key)
                accounts.append(
                    Account(platform=key[0], id=group[0].account_id, handle=group[0].account)
                )
        handles = sorted(
            {(a.platform, a.handle) for a in accounts if a.handle}
            | {(i.platform, i.account) for i in data.interactions}
        )
        incoming = {
            "incoming_accounts": accounts_table(accounts),
            "incoming_posts": records_table(data.posts, POST_COLUMNS),
            "incoming_labels": labels_table([], model),
            "incoming_interactions": records_table(data.interactions, INTERACTION_COLUMNS),
            "pulled_handles": keys_table(handles),
        }
        now = datetime.now(UTC)
        states = {stream: dict(state), **{k: dict(v) for k, v in (other_states or {}).items()}}
        with self._transaction() as con:
            for name, table in incoming.items():
                con.register(name, table)
            counts = store_new(con, model, label=False)
            counts["answers_added"] += int(con.execute(_ANSWERS_FROM_POSTS).fetchall()[0][0])
            for name, value in states.items():
                con.execute(
                    "INSERT OR REPLACE INTO pull_state VALUES (?, ?, ?, ?, ?)",
                    [platform, account, name, orjson.dumps(value).decode(), now],
                ).fetchall()
        return ImportResult(
            path=self.path,
            inputs=tuple(
                sorted(
                    {p.provenance.file for p in data.posts}
                    | {i.provenance.file for i in data.interactions}
                )
            ),
            accounts=tuple(keys),
            posts_present=len(data.posts) - counts["posts_added"],
            interactions_present=len(data.interactions) - counts["interactions_added"],
            report=data.report,
            **counts,
        )

    def refresh_labels(self, keys: Sequence[Key]) -> int:
        """Label the stored accounts ``keys`` (``(platform, account id or handle)``) again when
        one of their posts has no label or one made by another classifier: after a live pull,
        whose pages are stored unlabelled.  Gives how many posts were labelled."""
        with self._transaction() as con:
            return refresh_labels(con, list(keys), model_fingerprint())

    # -- auditing --------------------------------------------------------------------------------

    def _choose(
        self,
        con: duckdb.DuckDBPyConnection,
        account: str | Sequence[str] | None,
        keys: Sequence[Key] | None,
    ) -> list[Account]:
        """The stored accounts among ``keys`` that ``account`` names (each when ``None``), with
        their labels brought up to date."""
        from twoway.dataset import pick_accounts

        stored = stored_accounts(con)
        if not stored:
            raise InputError(
                "the workspace holds no accounts yet",
                file=str(self.path),
                hint="import into it first: twoway import PATH… --db FILE",
            )
        chosen = stored
        if keys is not None:
            wanted = set(keys)
            chosen = [a for a in chosen if key_of(a) in wanted]
        if account is not None and account != ():
            chosen = pick_accounts(
                chosen,
                account,
                where="the workspace",
                listing="accounts stored",
                file=str(self.path),
            )
        refresh_labels(con, [key_of(a) for a in chosen], model_fingerprint())
        return chosen

    def audit(
        self,
        *,
        account: str | Sequence[str] | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        imported: ImportResult | None = None,
        keep: bool = True,
        tz: str = DEFAULT_ZONE,
    ) -> AuditReport:
        """Audit stored accounts from their stored posts, labels and inbound messages between
        ``since`` (inclusive) and ``until`` (exclusive): every account, those ``account`` names,
        or those of the import ``imported``; days, weeks and hours in the time zone ``tz`` (an
        IANA name, as for :func:`twoway.audit.audit`).  With ``keep``, each audit is stored with
        its time (:meth:`history` lists them).

        Labels are those of each account's whole stored history: a window does not change how
        its posts were judged."""
        from twoway.audit import AuditReport, audit_account
        from twoway.metrics.zone import time_zone

        time_zone(tz)  # an unknown zone fails before the workspace is opened
        with self._transaction() as con:
            chosen = self._choose(con, account, imported.accounts if imported else None)
            stored = read(con, chosen, since, until)
        report = AuditReport(
            accounts=[audit_account(s.account, s.labels, s.interactions, tz=tz) for s in stored],
            generated_at=datetime.now(UTC),
            inputs=list(imported.inputs) if imported else [str(self.path)],
            since=since,
            until=until,
            read_report=imported.report if imported else ReadReport(),
            time_zone=tz,
        )
        if keep and report.accounts:
            table = audits_table(report)
            with self._transaction() as con:
                con.register("incoming_audits", table)
                con.execute("INSERT INTO audits BY NAME SELECT * FROM incoming_audits").fetchall()
        return report

    def history(self, account: str, *, audit: bool = False) -> list[AccountHistory]:
        """Month by month, the score and key metrics of each stored account ``account`` names,
        with the audits kept of it; with ``audit``, also an audit of all its stored posts."""
        from twoway.audit import audit_account
        from twoway.history import AccountHistory, KeptAudit, monthly

        with self._transaction() as con:
            stored = read(con, self._choose(con, account, None), None, None)
            kept = to_columns(
                con.sql(
                    "SELECT platform, account_key, audited_at, window_since, window_until, posts, "
                    "score, archetype, CAST(metrics AS VARCHAR) AS metrics, "
                    "coalesce(time_zone, 'UTC') AS time_zone FROM audits "
                    "ORDER BY audited_at, account_key"
                ).to_arrow_table()
            )
        audits: dict[Key, list[KeptAudit]] = {}
        for row in zip(*kept.values(), strict=True):
            values = dict(zip(kept, row, strict=True))
            audits.setdefault((values["platform"], values["account_key"]), []).append(
                KeptAudit(
                    audited_at=values["audited_at"].replace(tzinfo=UTC),
                    since=utc(values["window_since"]),
                    until=utc(values["window_until"]),
                    posts=values["posts"],
                    score=values["score"],
                    archetype=values["archetype"],
                    metrics=orjson.loads(values["metrics"]),
                    time_zone=values["time_zone"],
                )
            )
        return [
            AccountHistory(
                account=s.account,
                months=monthly(s.labels, s.interactions),
                audits=audits.get(key_of(s.account), []),
                audit=audit_account(s.account, s.labels, s.interactions) if audit else None,
            )
            for s in stored
        ]
