"""The Mastodon pull against a local server that answers as Mastodon's API documentation says:
a first pull, later pulls that fetch only what is new, an interrupted pull that resumes without
duplicates, rate limits, and errors."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest
from tests.pull.mastodon_api import (
    ACTOR,
    ANA,
    CARL,
    HANDLE,
    OWNER,
    T0,
    TOKEN,
    FakeMastodon,
    account,
    drop,
    fail,
    notification,
    snowflake,
    status,
    story,
)
from tests.pull.memory_keyring import MemoryKeyring
from tests.pull.replay import Recorded, ReplayServer, Reply

from twoway.errors import PullAuthError, PullError
from twoway.pull import PullResult, pull
from twoway.store import Workspace

STATUSES = f"/api/v1/accounts/{OWNER['id']}/statuses"
NOTIFICATIONS = "/api/v1/notifications"


@pytest.fixture
def token(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("TWOWAY_MASTODON_TOKEN", TOKEN)
    return TOKEN


@pytest.fixture
def mastodon() -> Iterator[tuple[FakeMastodon, ReplayServer]]:
    server = story()
    with ReplayServer(server) as replay:
        yield server, replay


def _pull(
    replay: ReplayServer, workspace: Workspace, waits: list[float] | None = None
) -> PullResult:
    return pull(
        "mastodon",
        HANDLE,
        workspace,
        base_url=replay.url,
        sleep=(waits if waits is not None else []).append,
    )


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _post_ids(path: Path) -> list[str]:
    return [row[0] for row in _rows(path, "SELECT id FROM posts ORDER BY id")]


def _post_id(entity: dict[str, Any]) -> str:
    """The id of the post a status becomes (a boost's ``uri`` ends in ``/activity``)."""
    return str(entity["uri"]).removesuffix("/activity")


def _paging(requests: list[Recorded]) -> list[dict[str, str]]:
    return [
        {k: r.param(k) for k in ("max_id", "since_id", "min_id") if r.param(k) is not None}
        for r in requests
    ]


def test_a_first_pull_stores_posts_and_inbound_messages(
    mastodon: tuple[FakeMastodon, ReplayServer], tmp_path: Path, token: str
) -> None:
    server, replay = mastodon
    path = tmp_path / "w.duckdb"
    result = _pull(replay, Workspace(path))
    assert result == PullResult(
        platform="mastodon",
        account=HANDLE,
        posts_added=6,
        interactions_added=4,
        pages=5,
        requests=9,
        account_key=("mastodon", ACTOR),
        report=result.report,
    )
    assert not result.up_to_date
    assert result.report.skipped_record_count == 0
    assert [r.path for r in replay.requests] == [
        "/api/v1/accounts/verify_credentials",
        "/api/v1/accounts/lookup",
        NOTIFICATIONS,
        NOTIFICATIONS,
        STATUSES,
        f"/api/v1/statuses/{server.statuses[4]['id']}/context",
        STATUSES,
        f"/api/v1/statuses/{server.statuses[0]['id']}/context",
        STATUSES,
    ]
    assert all(r.headers["authorization"] == f"Bearer {TOKEN}" for r in replay.requests)
    assert replay.asked(NOTIFICATIONS)[0].query["types[]"] == ["mention", "quote"]
    assert _paging(replay.asked(STATUSES)) == [
        {},
        {"max_id": server.statuses[3]["id"]},
        {"max_id": server.statuses[0]["id"]},
    ]
    assert _rows(path, "SELECT platform, id, handle, display_name FROM accounts") == [
        ("mastodon", ACTOR, HANDLE, "Cornerbakery")
    ]
    kinds = _rows(path, "SELECT kind, count(*) FROM posts GROUP BY kind ORDER BY kind")
    assert kinds == [("original", 1), ("quote", 1), ("reply", 2), ("repost", 1), ("thread", 1)]
    assert _rows(path, "SELECT count(*) FROM labels") == [(6,)]  # labelled at the end
    messages = _rows(
        path,
        "SELECT author, type, in_reply_to, answered_by, importer FROM interactions "
        "ORDER BY created_at",
    )
    s1, answer, _, _, quote_post, bob_answer = (s["uri"] for s in server.statuses)
    assert messages == [
        ("ana@remote.example", "reply", s1, [answer], "mastodon-api"),
        ("carl@remote.example", "mention", None, [], "mastodon-api"),
        ("bob@bakery.example", "reply", quote_post, [bob_answer], "mastodon-api"),
        ("dora@remote.example", "quote", s1, [], "mastodon-api"),
    ]
    provenance = _rows(path, "SELECT DISTINCT source_file FROM posts ORDER BY 1")
    assert provenance == [
        (f"{replay.url}{STATUSES}?limit=40",),
        (f"{replay.url}{STATUSES}?limit=40&max_id={server.statuses[3]['id']}",),
    ]
    assert Workspace(path).pull_state("mastodon", HANDLE, "statuses") == {
        "newest": server.statuses[-1]["id"],
        "top": None,
        "cursor": None,
    }
    assert Workspace(path).pull_state("mastodon", HANDLE, "mentions") == {
        "newest": "504",
        "top": None,
        "cursor": None,
    }


def test_the_next_pull_fetches_only_what_is_new(
    mastodon: tuple[FakeMastodon, ReplayServer], tmp_path: Path, token: str
) -> None:
    server, replay = mastodon
    workspace = Workspace(tmp_path / "w.duckdb")
    _pull(replay, workspace)
    newest_status, newest_mention = server.statuses[-1]["id"], "504"
    first = len(replay.requests)

    later = T0 + timedelta(days=1)
    eve = account("2007", "frank", "remote.example")
    question = status(snowflake(later, 1), eve, later, "<p>Gluten free?</p>", mentions=(OWNER,))
    server.notifications.append(notification("505", "mention", question))
    server.statuses.append(status(snowflake(later, 2), OWNER, later, "<p>New bread</p>"))
    result = _pull(replay, workspace)

    assert (result.posts_added, result.interactions_added, result.up_to_date) == (1, 1, False)
    again = replay.requests[first:]
    assert _paging([r for r in again if r.path == NOTIFICATIONS]) == [
        {"min_id": newest_mention},
        {"min_id": "505"},
    ]
    assert _paging([r for r in again if r.path == STATUSES]) == [
        {"min_id": newest_status},
        {"min_id": server.statuses[-1]["id"]},
    ]
    assert not any(r.path.endswith("/context") for r in again)  # the new post has no replies

    third = _pull(replay, workspace)
    assert (third.posts_added, third.interactions_added, third.up_to_date) == (0, 0, True)
    assert third.requests == 4  # credentials, lookup, one empty page of each stream


def test_an_answer_in_a_later_pull_answers_a_message_of_an_earlier_one(
    mastodon: tuple[FakeMastodon, ReplayServer], tmp_path: Path, token: str
) -> None:
    server, replay = mastodon
    path = tmp_path / "w.duckdb"
    _pull(replay, Workspace(path))
    carl = server.notifications[2]["status"]
    later = T0 + timedelta(days=2)
    reply = status(
        snowflake(later, 3), OWNER, later, "<p>until 7</p>", reply_to=carl, mentions=(CARL,)
    )
    server.statuses.append(reply)
    _pull(replay, Workspace(path))
    assert _rows(
        path, "SELECT answered_by FROM interactions WHERE author = 'carl@remote.example'"
    ) == [([reply["uri"]],)]
    assert _rows(path, f"SELECT reply_to_id FROM posts WHERE id = '{reply['uri']}'") == [
        (carl["uri"],)
    ]


@pytest.mark.parametrize(
    "fault",
    [fail(STATUSES, 500, after=1), drop(STATUSES, after=1)],
    ids=["500s", "dropped-connection"],
)
def test_an_interrupted_pull_resumes_without_duplicates(
    mastodon: tuple[FakeMastodon, ReplayServer],
    tmp_path: Path,
    token: str,
    waits: list[float],
    fault: object,
) -> None:
    server, replay = mastodon
    path = tmp_path / "w.duckdb"
    server.faults.append(fault)  # type: ignore[arg-type]
    with pytest.raises(PullError) as caught:
        _pull(replay, Workspace(path), waits)
    assert waits == [1.0, 2.0, 4.0, 8.0, 16.0]  # five tries again, then it stops
    assert not isinstance(caught.value, PullAuthError)
    assert "\n" not in str(caught.value)
    first_page = [_post_id(s) for s in server.statuses[3:]]
    assert _post_ids(path) == sorted(first_page)  # page 1 was stored, with its state
    state = Workspace(path).pull_state("mastodon", HANDLE, "statuses")
    assert state == {
        "newest": None,
        "top": server.statuses[-1]["id"],
        "cursor": server.statuses[3]["id"],
    }

    server.faults.clear()
    before = len(replay.requests)
    result = _pull(replay, Workspace(path), waits)
    resumed = [r for r in replay.requests[before:] if r.path == STATUSES]
    assert _paging(resumed) == [
        {"max_id": server.statuses[3]["id"]},
        {"max_id": server.statuses[0]["id"]},
    ]
    assert result.posts_added == 3
    assert _post_ids(path) == sorted(_post_id(s) for s in server.statuses)
    assert _rows(path, "SELECT count(*), count(DISTINCT id) FROM posts") == [(6, 6)]
    assert _rows(path, "SELECT count(*), count(DISTINCT id) FROM interactions") == [(4, 4)]
    assert Workspace(path).pull_state("mastodon", HANDLE, "statuses") == {
        "newest": server.statuses[-1]["id"],
        "top": None,
        "cursor": None,
    }
    assert _rows(path, "SELECT count(*) FROM labels") == [(6,)]


def test_429_is_honoured(
    mastodon: tuple[FakeMastodon, ReplayServer], tmp_path: Path, token: str, waits: list[float]
) -> None:
    server, replay = mastodon
    limited = fail(STATUSES, 429, after=1, times=1)
    limited.reply.headers.update(
        {"Retry-After": "1", "X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0"}
    )
    server.faults.append(limited)
    result = _pull(replay, Workspace(tmp_path / "w.duckdb"), waits)
    assert waits == [1.0]
    assert result.posts_added == 6
    pages = _paging(replay.asked(STATUSES))
    assert pages[1] == pages[2] == {"max_id": server.statuses[3]["id"]}  # the same page again


def test_a_token_of_another_account_is_refused(
    mastodon: tuple[FakeMastodon, ReplayServer], tmp_path: Path, token: str
) -> None:
    server, replay = mastodon
    server.owner = ANA
    with pytest.raises(PullError) as caught:
        _pull(replay, Workspace(tmp_path / "w.duckdb"))
    assert str(caught.value) == (
        f"the token belongs to ana@remote.example, not to {HANDLE}; create the token while "
        "logged in as cornerbakery, or pull ana@remote.example"
    )
    assert not (tmp_path / "w.duckdb").exists()


def test_an_unknown_account(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWOWAY_MASTODON_TOKEN", TOKEN)
    with ReplayServer(story()) as replay, pytest.raises(PullError) as caught:
        pull("mastodon", "nobody@bakery.example", Workspace(tmp_path / "w"), base_url=replay.url)
    assert str(caught.value) == (
        "no account 'nobody' on bakery.example; check the name (NAME@INSTANCE, as in the "
        "account's address)"
    )


def test_no_token_says_where_to_put_one(tmp_path: Path) -> None:
    with pytest.raises(PullAuthError) as caught:
        pull("mastodon", HANDLE, Workspace(tmp_path / "w"), base_url="http://127.0.0.1:9")
    assert str(caught.value) == (
        f"no Mastodon token for {HANDLE}; create a token (Preferences > Development > New "
        "application, read scope) and set TWOWAY_MASTODON_TOKEN, or store it with: python -m "
        f"keyring set twoway mastodon:{HANDLE}"
    )


def test_the_token_from_the_keyring(
    mastodon: tuple[FakeMastodon, ReplayServer], tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    _, replay = mastodon
    memory_keyring.set_password("twoway", f"mastodon:{HANDLE}", TOKEN)
    result = _pull(replay, Workspace(tmp_path / "w.duckdb"))
    assert result.posts_added == 6
    assert replay.requests[0].headers["authorization"] == f"Bearer {TOKEN}"


def test_a_server_without_the_api(tmp_path: Path, token: str) -> None:
    with (
        ReplayServer(lambda request: Reply(404, b"<html>")) as replay,
        pytest.raises(PullError) as caught,
    ):
        _pull(replay, Workspace(tmp_path / "w"))
    assert str(caught.value) == (
        f"{replay.host} has no Mastodon API (404 on /api/v1/accounts/verify_credentials); check "
        "the instance name, or give the server's address with --server URL"
    )


def test_a_page_that_is_no_list(tmp_path: Path, token: str) -> None:
    server = story()
    with ReplayServer(server) as replay:
        server.faults.append(
            fail(NOTIFICATIONS, 200)  # 200 with {"error": …}: a proxy's idea of an answer
        )
        with pytest.raises(PullError) as caught:
            _pull(replay, Workspace(tmp_path / "w"))
    assert str(caught.value) == (
        f"{replay.host} answered /api/v1/notifications with something that is not a list; "
        "check that --server names a Mastodon server"
    )


def test_an_unreadable_status_is_skipped_and_reported(
    mastodon: tuple[FakeMastodon, ReplayServer], tmp_path: Path, token: str
) -> None:
    server, replay = mastodon
    server.statuses[3]["created_at"] = "not a time"  # the boost, on the first page
    result = _pull(replay, Workspace(tmp_path / "w.duckdb"))
    assert result.posts_added == 5
    assert result.report.skipped_record_count == 1
    skipped = result.report.skipped_records[0]
    assert skipped.reason == "created_at is not an ISO time ('not a time')"
    assert skipped.file == f"{replay.url}{STATUSES}?limit=40"


def test_a_server_before_mastodon_4_2_gives_no_actor_uri(
    mastodon: tuple[FakeMastodon, ReplayServer], tmp_path: Path, token: str
) -> None:
    server, replay = mastodon
    server.owner = {k: v for k, v in OWNER.items() if k != "uri"}
    result = _pull(replay, Workspace(tmp_path / "w.duckdb"))
    assert result.account_key == ("mastodon", ACTOR)  # made from the web address's host
    assert result.account == HANDLE
