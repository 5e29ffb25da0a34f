"""The workspace side of live pulls: the ``pull_state`` table (migration 2), pages stored with
their state in one transaction, answers joined whichever came first, labels made once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest

import twoway.store
from twoway.dataset import Dataset
from twoway.model import Account, Interaction, Kind, Post, Provenance
from twoway.store import MIGRATIONS, SCHEMA_VERSION, Workspace

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
HANDLE = "cornerbakery@bakery.example"
ACTOR = "https://bakery.example/users/cornerbakery"
ACCOUNT = Account(platform="mastodon", id=ACTOR, handle=HANDLE)
SOURCE = Provenance(
    file="https://bakery.example/api/v1/x", record=1, importer="mastodon-api", version="1"
)


def _post(n: int, *, reply_to: str | None = None) -> Post:
    return Post(
        platform="mastodon",
        account=HANDLE,
        account_id=ACTOR,
        id=f"{ACTOR}/statuses/{n}",
        created_at=T0 + timedelta(hours=n),
        text=f"post {n}",
        kind=Kind.REPLY if reply_to else Kind.ORIGINAL,
        provenance=SOURCE,
        reply_to_id=reply_to,
    )


def _message(n: int) -> Interaction:
    return Interaction(
        platform="mastodon",
        account=HANDLE,
        id=f"https://remote.example/users/ana/statuses/{n}",
        author="ana@remote.example",
        author_id="https://remote.example/users/ana",
        created_at=T0 + timedelta(hours=n),
        text=f"message {n}",
        type="mention",
        provenance=SOURCE,
    )


def _page(posts: Sequence[Post] = (), messages: Sequence[Interaction] = ()) -> Dataset:
    return Dataset(accounts=[ACCOUNT], posts=list(posts), interactions=list(messages))


def _store(workspace: Workspace, data: Dataset, state: dict[str, Any], **others: Any) -> Any:
    return workspace.store_pulled(
        data, platform="mastodon", account=HANDLE, stream="statuses", state=state, **others
    )


def _rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_new_workspace_has_the_pull_state_table(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "w.duckdb")
    assert workspace.pull_state("mastodon", HANDLE, "statuses") is None
    assert not workspace.path.exists()  # looking makes no workspace
    _store(workspace, _page(), {"newest": None})
    assert workspace.schema_version() == SCHEMA_VERSION == 3
    columns = _rows(
        workspace.path,
        "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
        "WHERE table_name = 'pull_state' ORDER BY ordinal_position",
    )
    assert columns == [
        ("platform", "VARCHAR", "NO"),
        ("account", "VARCHAR", "NO"),
        ("stream", "VARCHAR", "NO"),
        ("state", "VARCHAR", "NO"),
        ("updated_at", "TIMESTAMP WITH TIME ZONE", "NO"),
    ]


def test_a_schema_1_workspace_gains_the_table(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    old = Workspace(path, migrations=MIGRATIONS[:1])
    old.import_dataset(_page([_post(1)]))
    assert old.schema_version() == 1
    upgraded = Workspace(path)
    assert upgraded.pull_state("mastodon", HANDLE, "statuses") is None
    assert upgraded.schema_version() == SCHEMA_VERSION
    assert upgraded.counts()["posts"] == 1


def test_state_is_saved_with_the_page_and_replaced_by_the_next(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "w.duckdb")
    first = _store(
        workspace,
        _page([_post(1), _post(2)], [_message(3)]),
        {"newest": None, "top": "9", "cursor": "5"},
        other_states={"ids": {"uris": {"3": _message(3).id}}},
    )
    assert (first.posts_added, first.interactions_added, first.relabelled) == (2, 1, 0)
    assert first.inputs == ("https://bakery.example/api/v1/x",)
    assert workspace.pull_state("mastodon", HANDLE, "statuses") == {
        "newest": None,
        "top": "9",
        "cursor": "5",
    }
    assert workspace.pull_state("mastodon", HANDLE, "ids") == {"uris": {"3": _message(3).id}}
    assert workspace.pull_state("mastodon", "someone@else.example", "statuses") is None
    assert workspace.pull_state("bluesky", HANDLE, "statuses") is None

    again = _store(workspace, _page([_post(2), _post(4)]), {"newest": "9"})
    assert (again.posts_added, again.posts_present) == (1, 1)
    assert workspace.pull_state("mastodon", HANDLE, "statuses") == {"newest": "9"}
    assert _rows(workspace.path, "SELECT count(*) FROM pull_state") == [(2,)]


def test_a_page_that_fails_to_store_leaves_records_and_state_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = Workspace(tmp_path / "w.duckdb")
    _store(workspace, _page([_post(1)]), {"cursor": "1"})
    real = twoway.store.store_new

    def store_then_fail(con: duckdb.DuckDBPyConnection, model: str, **kwargs: Any) -> Any:
        real(con, model, **kwargs)
        raise KeyboardInterrupt  # the pull is stopped after the rows went in, before the commit

    monkeypatch.setattr(twoway.store, "store_new", store_then_fail)
    with pytest.raises(KeyboardInterrupt):
        _store(workspace, _page([_post(2)], [_message(3)]), {"cursor": "2"})
    monkeypatch.undo()
    assert workspace.pull_state("mastodon", HANDLE, "statuses") == {"cursor": "1"}
    assert workspace.counts()["posts"] == 1
    assert workspace.counts()["interactions"] == 0


@pytest.mark.parametrize("message_first", [True, False], ids=["message-first", "answer-first"])
def test_a_stored_answer_answers_a_message_whichever_came_first(
    tmp_path: Path, message_first: bool
) -> None:
    workspace = Workspace(tmp_path / "w.duckdb")
    message = _message(1)
    answer = _post(2, reply_to=message.id)
    pages = [_page(messages=[message]), _page([answer])]
    for page in pages if message_first else reversed(pages):
        _store(workspace, page, {})
    assert _rows(workspace.path, "SELECT id, answered_by FROM interactions") == [
        (message.id, [answer.id])
    ]
    # Stored again, the answer is not added twice.
    result = _store(workspace, _page([answer], [message]), {})
    assert result.answers_added == 0
    assert _rows(workspace.path, "SELECT answered_by FROM interactions") == [([answer.id],)]


def test_answers_of_other_accounts_do_not_count(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "w.duckdb")
    message = _message(1)
    other = Post(
        platform="mastodon",
        account="someone@else.example",
        account_id="https://else.example/users/someone",
        id="https://else.example/users/someone/statuses/2",
        created_at=T0 + timedelta(hours=2),
        text="not the account's",
        kind=Kind.REPLY,
        provenance=SOURCE,
        reply_to_id=message.id,
    )
    _store(workspace, _page([other], [message]), {})
    assert _rows(workspace.path, "SELECT answered_by FROM interactions") == [([],)]


def test_pages_are_labelled_once_at_the_end(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "w.duckdb")
    _store(workspace, _page([_post(1), _post(2)]), {})
    _store(workspace, _page([_post(3)]), {})
    assert workspace.counts()["labels"] == 0
    assert workspace.refresh_labels([("mastodon", ACTOR)]) == 3
    assert workspace.counts()["labels"] == 3
    assert workspace.refresh_labels([("mastodon", ACTOR)]) == 0


def test_an_audit_labels_what_a_stopped_pull_left_unlabelled(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "w.duckdb")
    _store(workspace, _page([_post(1), _post(2)], [_message(3)]), {"cursor": "2"})
    report = workspace.audit(keep=False)
    (audited,) = report.accounts
    assert len(audited.labels) == 2
    assert workspace.counts()["labels"] == 2
