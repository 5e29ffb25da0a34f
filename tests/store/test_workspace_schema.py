"""The workspace's schema: its version, the migrations that make and upgrade it, workspaces
refused for being too new or not twoway's, and tables that match the records written into them."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from tests.store.workspaces import CONVERSATIONS, EXAMPLE, contents

from twoway.errors import WorkspaceError
from twoway.export import INTERACTION_COLUMNS, POST_COLUMNS
from twoway.store import MIGRATIONS, SCHEMA_VERSION, Migration, Workspace
from twoway.store.rows import labels_table
from twoway.store.schema import LABEL_COLUMNS


def _set_version(path: Path, version: str) -> None:
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [version]).fetchall()
    con.close()


def _arrow_schema(path: Path, table: str) -> pa.Schema:
    con = duckdb.connect(str(path), read_only=True)
    try:
        con.execute("SET TimeZone = 'UTC'")
        return con.sql(f"SELECT * FROM {table} LIMIT 0").to_arrow_table().schema
    finally:
        con.close()


def test_a_new_workspace_has_the_current_schema(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    workspace = Workspace(path)
    assert not path.exists()
    assert workspace.schema_version() == SCHEMA_VERSION == len(MIGRATIONS)
    assert contents(path)["meta"].to_pylist() == [
        {"key": "schema_version", "value": str(SCHEMA_VERSION)}
    ]


def test_migrations_are_numbered_in_order() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert all(m.description and m.steps for m in MIGRATIONS)


@pytest.mark.parametrize(
    ("table", "columns"),
    [("posts", POST_COLUMNS), ("interactions", INTERACTION_COLUMNS)],
)
def test_tables_hold_the_exported_columns(tmp_path: Path, table: str, columns: tuple) -> None:
    """A new post or interaction column needs a migration: this fails until it has one."""
    path = tmp_path / "w.duckdb"
    Workspace(path).counts()
    expected = pa.schema([(name, kind) for name, kind, _ in columns])
    assert _arrow_schema(path, table) == expected


def test_the_labels_table_holds_every_label(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    Workspace(path).counts()
    stored = _arrow_schema(path, "labels")
    written = labels_table([], "fingerprint").schema.remove(2)  # account_key is not stored
    assert stored.names == written.names == ["platform", "id", "model", *LABEL_COLUMNS]
    assert stored == written


def test_an_older_workspace_is_upgraded_and_keeps_its_data(tmp_path: Path) -> None:
    """A workspace made at schema 1 opened by a twoway that knows a schema 2."""
    path = tmp_path / "w.duckdb"
    Workspace(path, migrations=MIGRATIONS[:1]).import_paths(CONVERSATIONS)
    before = contents(path)
    second = Migration(
        2,
        "posts get a note; a table of tags",
        (
            "ALTER TABLE posts ADD COLUMN note VARCHAR",
            "CREATE TABLE tags (platform VARCHAR, id VARCHAR, tag VARCHAR)",
        ),
    )
    upgraded = Workspace(path, migrations=(*MIGRATIONS[:1], second))
    assert upgraded.schema_version() == 2
    after = contents(path)
    assert after["posts"].drop_columns(["note"]).equals(before["posts"])
    assert set(after["posts"].column("note").to_pylist()) == {None}
    assert all(after[t].equals(before[t]) for t in ("accounts", "labels", "interactions"))
    assert upgraded.import_paths(CONVERSATIONS).posts_added == 0
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT count(*) FROM tags").fetchall() == [(0,)]
    con.close()


def test_a_failing_migration_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    Workspace(path, migrations=MIGRATIONS[:1]).import_paths(CONVERSATIONS)
    before = contents(path)
    broken = Migration(
        2, "half a change", ("ALTER TABLE posts ADD COLUMN note VARCHAR", "NOT SQL AT ALL")
    )
    with pytest.raises(duckdb.ParserException):
        Workspace(path, migrations=(*MIGRATIONS[:1], broken)).counts()
    after = contents(path)
    assert all(after[table].equals(before[table]) for table in before)
    assert Workspace(path, migrations=MIGRATIONS[:1]).schema_version() == 1


def test_a_workspace_from_a_newer_twoway_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    Workspace(path).import_paths(EXAMPLE)
    _set_version(path, "7")
    before = path.read_bytes()
    with pytest.raises(WorkspaceError) as caught:
        Workspace(path).import_paths(CONVERSATIONS)
    assert str(caught.value) == (
        f"{path}: made by a newer twoway (schema 7, this one reads up to {SCHEMA_VERSION}); "
        "upgrade twoway"
    )
    assert caught.value.file == str(path)
    assert path.read_bytes() == before


def test_the_newer_message_names_both_versions(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    Workspace(path).counts()
    with pytest.raises(WorkspaceError, match=rf"schema {SCHEMA_VERSION}, this one reads up to 0\)"):
        Workspace(path, migrations=()).counts()


@pytest.mark.parametrize(
    "setup",
    [
        "CREATE TABLE notes (text VARCHAR)",
        "CREATE TABLE meta (key VARCHAR, value VARCHAR)",
        "CREATE TABLE meta (key VARCHAR, value VARCHAR); "
        "INSERT INTO meta VALUES ('schema_version', 'one')",
    ],
    ids=["other-tables", "meta-without-version", "version-not-a-number"],
)
def test_another_duckdb_database_is_refused_and_left_alone(tmp_path: Path, setup: str) -> None:
    path = tmp_path / "notes.duckdb"
    con = duckdb.connect(str(path))
    con.execute(setup)
    con.close()
    before = path.read_bytes()
    with pytest.raises(WorkspaceError) as caught:
        Workspace(path).import_paths(EXAMPLE)
    assert str(caught.value) == (
        f"{path}: is a DuckDB database but not a twoway workspace (no schema version in it); "
        "give another --db file; twoway leaves this one as it is"
    )
    assert path.read_bytes() == before


def test_an_empty_duckdb_database_becomes_a_workspace(tmp_path: Path) -> None:
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    assert Workspace(path).import_paths(EXAMPLE).posts_added == 420
