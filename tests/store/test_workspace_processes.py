"""Real processes on one workspace: an import killed with SIGKILL in the middle of its
transaction, two imports at once, and a workspace held by another process for a while."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.store.workspaces import CONVERSATIONS, EXAMPLE, PYTHON, contents, run

from support import make_zip, x_archive_members
from twoway.classifier import classify
from twoway.dataset import load
from twoway.store import Workspace

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and POSIX locks")

KILLED_INSIDE = textwrap.dedent(
    """
    import sys, time
    import twoway.store
    from twoway.store import writing

    workspace, path, where = sys.argv[1:4]
    module = twoway.store if where == "store_new" else writing
    original = getattr(module, where)

    def pause(*args, **kwargs):
        if where == "store_new":
            original(*args, **kwargs)  # every row written, not committed
        print("inside", flush=True)
        time.sleep(120)

    setattr(module, where, pause)
    twoway.store.Workspace(workspace).import_paths(path)
    """
)

HOLDER = textwrap.dedent(
    """
    import sys, duckdb
    con = duckdb.connect(sys.argv[1])
    print("holding", flush=True)
    sys.stdin.readline()
    con.close()
    """
)


def _twoway(*args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [PYTHON, "-m", "twoway", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize(
    "where",
    ["_delete_labels", "store_new"],
    ids=["after-the-posts", "before-the-commit"],
)
def test_an_import_killed_inside_its_transaction_changes_nothing(
    tmp_path: Path, where: str
) -> None:
    path = tmp_path / "w.duckdb"
    workspace = Workspace(path)
    workspace.import_paths(CONVERSATIONS)
    before = contents(path)
    child = subprocess.Popen(
        [PYTHON, "-c", KILLED_INSIDE, str(path), str(EXAMPLE), where],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "inside\n", child.stderr.read() if child.stderr else ""
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
        assert child.stdout is not None
        assert child.stderr is not None
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    after = contents(path)
    assert all(after[table].equals(before[table]) for table in before)
    result = workspace.import_paths(EXAMPLE)
    assert (result.posts_added, result.posts_present) == (420, 0)
    assert workspace.counts()["labels"] == workspace.counts()["posts"]


def test_two_imports_at_once_both_succeed(tmp_path: Path, x_archive_zip: Path) -> None:
    path = tmp_path / "w.duckdb"
    children = [_twoway("import", source, "--db", path) for source in (EXAMPLE, CONVERSATIONS)]
    outputs = [child.communicate(timeout=120) for child in children]
    assert [child.returncode for child in children] == [0, 0], outputs
    expected = len(load(EXAMPLE).posts) + len(load(CONVERSATIONS).posts)
    counts = Workspace(path).counts()
    assert counts["posts"] == counts["labels"] == expected
    assert counts["interactions"] == len(load(CONVERSATIONS).interactions)


def test_the_same_import_twice_at_once_stores_each_post_once(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    children = [_twoway("import", EXAMPLE, "--db", path) for _ in range(2)]
    outputs = [child.communicate(timeout=120) for child in children]
    assert [child.returncode for child in children] == [0, 0], outputs
    added = sorted(out.split(" new posts")[0].rsplit(" ", 1)[-1] for out, _ in outputs)
    assert added == ["0", "420"]
    assert Workspace(path).counts()["posts"] == 420


@pytest.fixture
def held(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    """A workspace that another process holds open until told to let go (a line on stdin)."""
    path = tmp_path / "w.duckdb"
    Workspace(path).import_paths(CONVERSATIONS)
    holder = subprocess.Popen(
        [PYTHON, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline() == "holding\n"
    yield path, holder
    if holder.poll() is None:
        holder.communicate("go\n", timeout=30)


def test_a_workspace_in_use_stops_with_a_clear_message(
    held: tuple[Path, subprocess.Popen[str]], tmp_path: Path
) -> None:
    path, holder = held
    before = time.monotonic()
    result = run("import", EXAMPLE, "--db", path, "--wait", "0.5")
    assert time.monotonic() - before >= 0.5
    assert result.exit_code == 2
    assert result.stderr == (
        f"twoway: error: {path}: is in use by another twoway process (process {holder.pid}); "
        "waited 0.5 s; try again when it finishes, or wait longer with --wait SECONDS\n"
    )
    holder.communicate("go\n", timeout=30)
    assert Workspace(path).counts()["posts"] == len(load(CONVERSATIONS).posts)


def test_a_second_process_waits_for_the_first(held: tuple[Path, subprocess.Popen[str]]) -> None:
    path, holder = held
    waiting = _twoway("import", EXAMPLE, "--db", path, "--wait", "60")
    time.sleep(1.5)
    assert waiting.poll() is None  # still waiting for the workspace
    holder.communicate("go\n", timeout=30)
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert "420 new posts (0 already there)" in out
    assert Workspace(path).counts()["posts"] == 420 + len(load(CONVERSATIONS).posts)


def test_a_folder_of_exports_imported_by_two_processes(tmp_path: Path) -> None:
    """Several archives of one account, imported from two processes at once: each post once,
    every post labelled."""
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    make_zip(first / "one.zip", x_archive_members("tweets.js", "account.js"))
    make_zip(second / "two.zip", x_archive_members("tweets-part1.js", "account.js"))
    path = tmp_path / "w.duckdb"
    children = [_twoway("import", folder, "--db", path) for folder in (first, second)]
    outputs = [child.communicate(timeout=120) for child in children]
    assert [child.returncode for child in children] == [0, 0], outputs
    workspace = Workspace(path)
    counts = workspace.counts()
    posts = sorted(load([first, second]).posts, key=lambda p: (p.created_at, p.id))
    assert counts["posts"] == counts["labels"] == len(posts)
    assert counts["accounts"] == 1
    (stored,) = workspace.audit(keep=False).accounts
    assert stored.labels == classify(posts)
