"""``twoway pull mastodon``: one summary line, one error line with exit code 2, the token never
printed, and an audit of the workspace that sees the conversations pulled."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from tests.pull.mastodon_api import HANDLE, OWNER, TOKEN, FakeMastodon, fail, story
from tests.pull.replay import ReplayServer, closed_port

import twoway.pull
from twoway.cli import cli


def run(*args: str | Path, token: str | None = TOKEN) -> Result:
    env = {"FORCE_COLOR": None, "TTY_COMPATIBLE": None, "COLUMNS": None}
    if token is not None:
        env["TWOWAY_MASTODON_TOKEN"] = token
    runner = CliRunner(env=env)
    return runner.invoke(cli, [str(a) for a in args], prog_name="twoway")


@pytest.fixture
def replay() -> Iterator[tuple[FakeMastodon, ReplayServer]]:
    server = story()
    with ReplayServer(server) as replaying:
        yield server, replaying


def test_a_pull_says_what_it_added_then_that_all_is_up_to_date(
    replay: tuple[FakeMastodon, ReplayServer], tmp_path: Path
) -> None:
    _, server = replay
    db = tmp_path / "clients.duckdb"
    first = run("pull", "mastodon", HANDLE, "--db", db, "--server", server.url)
    assert first.exit_code == 0, first.output
    assert first.stdout == (
        f"{db}: mastodon {HANDLE}: 6 new posts, 4 new inbound messages (5 pages, 9 requests)\n"
    )
    assert first.stderr == ""
    again = run("pull", "mastodon", HANDLE, "--db", db, "--server", server.url)
    assert again.exit_code == 0, again.output
    assert again.stdout == (
        f"{db}: mastodon {HANDLE} is up to date (nothing new; 2 pages, 4 requests)\n"
    )


def test_the_workspace_defaults_to_twoway_duckdb_here(
    replay: tuple[FakeMastodon, ReplayServer], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, server = replay
    monkeypatch.chdir(tmp_path)
    result = run("pull", "mastodon", HANDLE, "--server", server.url)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"twoway.duckdb: mastodon {HANDLE}: 6 new posts")
    assert (tmp_path / "twoway.duckdb").is_file()


def test_an_audit_after_the_pull_sees_the_conversations(
    replay: tuple[FakeMastodon, ReplayServer], tmp_path: Path
) -> None:
    mastodon, server = replay
    db = tmp_path / "w.duckdb"
    assert run("pull", "mastodon", HANDLE, "--db", db, "--server", server.url).exit_code == 0
    report = tmp_path / "audit.json"
    audit = run("audit", "--db", db, "--json", report)
    assert audit.exit_code == 0, audit.output
    assert "2 people wrote in and got no answer" in audit.stdout
    (account,) = json.loads(report.read_text())["accounts"]
    assert account["account"] == HANDLE
    metrics = account["metrics"]
    assert metrics["response_rate_72h"] == 0.5  # ana and bob answered; carl and dora not
    assert metrics["answered_within"] == {"10m": 0.25, "1h": 0.5, "24h": 0.5}
    missed = account["missed_conversations"]
    carl, dora = mastodon.notifications[2]["status"], mastodon.notifications[3]["status"]
    assert [(m["id"], m["author"], m["type"], m["url"]) for m in missed] == [
        (carl["uri"], "carl@remote.example", "mention", carl["uri"]),
        (dora["uri"], "dora@remote.example", "quote", dora["uri"]),
    ]
    assert missed[0]["text"] == "Best bakery in town, @cornerbakery are you open late?"


def test_a_refused_token_is_one_line_and_exit_2(
    replay: tuple[FakeMastodon, ReplayServer], tmp_path: Path
) -> None:
    _, server = replay
    wrong = "wrong-token-0123456789"
    result = run(
        "pull",
        "mastodon",
        HANDLE,
        "--db",
        tmp_path / "w.duckdb",
        "--server",
        server.url,
        token=wrong,
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"twoway: error: the Mastodon token was refused by {server.host} (401: The access token "
        "is invalid); create a new token with read scope and set TWOWAY_MASTODON_TOKEN\n"
    )
    assert wrong not in result.output
    assert TOKEN not in result.output
    assert server.requests[0].headers["authorization"] == f"Bearer {wrong}"
    assert not (tmp_path / "w.duckdb").exists()


def test_an_unreachable_server_is_one_line_and_exit_2(tmp_path: Path) -> None:
    address = closed_port()
    result = run("pull", "mastodon", HANDLE, "--db", tmp_path / "w.duckdb", "--server", address)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    host = address.removeprefix("http://")
    assert lines[0].startswith(f"twoway: error: cannot reach {host} (ConnectError: ")
    assert lines[0].endswith("); check the address and your connection")
    assert TOKEN not in result.output


def test_no_token_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run("pull", "mastodon", HANDLE, "--db", tmp_path / "w.duckdb", token=None)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"twoway: error: no Mastodon token for {HANDLE}; create a")
    assert len(result.stderr.splitlines()) == 1


def test_an_account_without_instance_is_refused(tmp_path: Path) -> None:
    result = run("pull", "mastodon", "cornerbakery", "--db", tmp_path / "w.duckdb")
    assert result.exit_code == 2
    assert result.stderr == (
        "twoway: error: 'cornerbakery' is not a Mastodon account; give it as NAME@INSTANCE, "
        "e.g. cornerbakery@mastodon.social\n"
    )


def test_a_server_that_keeps_failing_stops_with_exit_2_and_keeps_what_was_pulled(
    replay: tuple[FakeMastodon, ReplayServer],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    waits: list[float],
) -> None:
    mastodon, server = replay
    # The command waits for real between tries; here the waits are only noted.
    monkeypatch.setitem(twoway.pull.pull.__kwdefaults__, "sleep", waits.append)
    path = f"/api/v1/accounts/{OWNER['id']}/statuses"
    mastodon.faults.append(fail(path, 503, after=1))
    db = tmp_path / "w.duckdb"
    result = run("pull", "mastodon", HANDLE, "--db", db, "--server", server.url)
    assert result.exit_code == 2
    assert result.stderr == (
        f"twoway: error: {server.host} kept failing (503 Service Unavailable) on {path} after 6 "
        "tries; pull again later; what was pulled so far is kept and the next pull goes on from "
        "there\n"
    )
    assert waits == [1.0, 2.0, 4.0, 8.0, 16.0]
    mastodon.faults.clear()
    resumed = run("pull", "mastodon", HANDLE, "--db", db, "--server", server.url)
    assert resumed.exit_code == 0, resumed.output
    assert resumed.stdout.startswith(f"{db}: mastodon {HANDLE}: 3 new posts, 0 new inbound")
