"""Shared helpers for the workspace tests: the real command, what a workspace file holds (read
with DuckDB directly, not through twoway), and small datasets cut from the bundled example."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import duckdb
import pyarrow as pa
from click.testing import CliRunner, Result

from twoway.cli import cli
from twoway.dataset import Dataset, load

__all__ = [
    "CONVERSATIONS",
    "EXAMPLE",
    "PYTHON",
    "TABLES",
    "contents",
    "cut",
    "run",
]

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "corner-bakery-x-archive.zip"
"""420 posts of one account over 20 months."""
CONVERSATIONS = ROOT / "tests" / "fixtures" / "conversations" / "twcs.csv"
"""Three brands, their replies and the customers' messages (inbound)."""
PYTHON = sys.executable
TABLES = ("meta", "accounts", "posts", "labels", "interactions", "audits")
_ORDER = {
    "meta": "key",
    "accounts": "platform, id, handle",
    "posts": "platform, id",
    "labels": "platform, id",
    "interactions": "platform, account, id",
    "audits": "audited_at, platform, account_key",
}


def run(*args: str | Path) -> Result:
    """The real ``twoway`` command, in this process."""
    runner = CliRunner(env={"FORCE_COLOR": None, "TTY_COMPATIBLE": None, "COLUMNS": None})
    return runner.invoke(cli, [str(a) for a in args], prog_name="twoway")


def contents(path: Path) -> dict[str, pa.Table]:
    """Every row of every table of the workspace at ``path``, in key order, read with DuckDB
    itself (read-only): two equal results mean two workspaces hold exactly the same."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        con.execute("SET TimeZone = 'UTC'")
        return {
            table: con.sql(f"SELECT * FROM {table} ORDER BY {_ORDER[table]}").to_arrow_table()
            for table in TABLES
        }
    finally:
        con.close()


def cut(data: Dataset, keep: int) -> Dataset:
    """``data`` with only its first ``keep`` posts (in time order) and the inbound messages
    before the last of them: an earlier export of the same account."""
    posts = sorted(data.posts, key=lambda p: (p.created_at, p.id))[:keep]
    last = posts[-1].created_at
    return dataclasses.replace(
        data,
        posts=posts,
        interactions=[i for i in data.interactions if i.created_at <= last],
    )


def example() -> Dataset:
    return load(EXAMPLE)
