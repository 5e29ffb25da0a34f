"""Bad workspace files: not a database, damaged, missing, in a missing folder.  Each is reported
with the file's name and what to do, and left exactly as it was: never replaced or made anew."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.store.workspaces import EXAMPLE, run

from twoway.errors import WorkspaceError
from twoway.store import Workspace

NOT_A_WORKSPACE = (
    "is not a twoway workspace (not a DuckDB database); give the workspace file to --db "
    "(after the paths: twoway import PATH… --db FILE), or a new file name to start one"
)
DAMAGED_HINT = (
    "restore it from a backup, or start a new workspace with --db NEW_FILE; "
    "twoway leaves this file as it is"
)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of a real workspace holding the example and one audit."""
    path = tmp_path_factory.mktemp("made") / "w.duckdb"
    workspace = Workspace(path)
    workspace.import_paths(EXAMPLE)
    workspace.audit()
    return path.read_bytes()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


@pytest.mark.parametrize(
    "content",
    [b"", b"hello, this is not a database\n" * 200, b"PK\x03\x04" + bytes(5000)],
    ids=["empty", "text", "zip"],
)
def test_a_file_that_is_no_database_is_reported_and_left_alone(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "twoway.duckdb"
    path.write_bytes(content)
    with pytest.raises(WorkspaceError) as caught:
        Workspace(path).import_paths(EXAMPLE)
    assert str(caught.value) == f"{path}: {NOT_A_WORKSPACE}"
    assert _files(tmp_path) == {"twoway.duckdb": content}


@pytest.mark.parametrize("keep", [0.5, 0.1, 100], ids=["half", "tenth", "header-only"])
def test_a_truncated_workspace_is_reported_as_damaged(
    tmp_path: Path, made: bytes, keep: float
) -> None:
    size = int(len(made) * keep) if keep < 1 else int(keep)
    path = tmp_path / "w.duckdb"
    path.write_bytes(made[:size])
    for operation in (
        lambda: Workspace(path).import_paths(EXAMPLE),
        lambda: Workspace(path).audit(),
        lambda: Workspace(path, create=False).history("cornerbakeryco"),
    ):
        with pytest.raises(WorkspaceError) as caught:
            operation()
        message = str(caught.value)
        assert message.startswith(f"{path}: the workspace is damaged and cannot be read (")
        assert message.endswith(f"); {DAMAGED_HINT}")
        assert caught.value.file == str(path)
        assert _files(tmp_path) == {"w.duckdb": made[:size]}


def test_damage_found_while_reading_is_reported_too(tmp_path: Path, made: bytes) -> None:
    """Garbage over the data blocks: the file opens, and fails when the rows are read."""
    garbled = bytearray(made)
    start = len(made) // 4
    garbled[start : start + len(made) // 2] = b"\xa5" * (len(made) // 2)
    path = tmp_path / "w.duckdb"
    path.write_bytes(bytes(garbled))
    with pytest.raises(WorkspaceError, match="the workspace is damaged and cannot be read"):
        Workspace(path).audit()
    assert path.read_bytes() == bytes(garbled)


def test_the_command_says_it_in_one_line_and_exits_2(tmp_path: Path, made: bytes) -> None:
    path = tmp_path / "w.duckdb"
    path.write_bytes(made[: len(made) // 2])
    for args in (
        ("import", EXAMPLE, "--db", path),
        ("audit", "--db", path),
        ("history", "cornerbakeryco", "--db", path),
    ):
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert len(lines) == 1
        assert lines[0].startswith(f"twoway: error: {path}: the workspace is damaged")
        assert lines[0].endswith(DAMAGED_HINT)
    assert path.read_bytes() == made[: len(made) // 2]


def test_a_workspace_in_a_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "w.duckdb"
    with pytest.raises(WorkspaceError) as caught:
        Workspace(path).import_paths(EXAMPLE)
    message = str(caught.value)
    assert message.startswith(f"{path}: cannot make a workspace here (")
    assert message.endswith("; check that the folder exists and is writable")
    assert not (tmp_path / "nowhere").exists()


def test_a_folder_is_not_a_workspace(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError) as caught:
        Workspace(tmp_path).counts()
    assert str(caught.value) == (
        f"{tmp_path}: is a folder, not a workspace file; give a file name to --db"
    )


def test_reading_a_workspace_that_does_not_exist_makes_none(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    with pytest.raises(WorkspaceError) as caught:
        Workspace(path, create=False).history("anyone")
    assert str(caught.value) == (
        f"{path}: no workspace here; import into it first: twoway import PATH… --db FILE"
    )
    result = run("audit", "--db", path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"twoway: error: {path}: no workspace here; "
        "import into it first: twoway import PATH… --db FILE\n"
    )
    assert list(tmp_path.iterdir()) == []
