"""Importing into a workspace: what is stored, that importing again adds nothing, that labels are
those one audit of all of an account's posts would make, and that a failed import changes
nothing."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from tests.store.workspaces import CONVERSATIONS, EXAMPLE, contents, cut, example

from support import make_zip, x_archive_members
from twoway.audit import audit, audit_dataset
from twoway.classifier import classify
from twoway.dataset import load
from twoway.errors import FormatError, InputError
from twoway.importers import x_archive
from twoway.reports.json import report_json
from twoway.store import Workspace
from twoway.store.schema import model_fingerprint


def _comparable(report: Any) -> list[dict[str, Any]]:
    """The accounts of a JSON report (what a file audit and a workspace audit should share)."""
    return report_json(report)["accounts"]  # type: ignore[no-any-return]


def test_import_stores_accounts_posts_labels_and_messages(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "w.duckdb")
    result = workspace.import_paths(CONVERSATIONS)
    data = load(CONVERSATIONS)
    assert (result.posts_added, result.posts_present) == (len(data.posts), 0)
    assert (result.interactions_added, result.interactions_present) == (len(data.interactions), 0)
    assert result.accounts_added == len(data.accounts) == 3
    assert result.relabelled == len(data.posts)
    assert result.inputs == (str(CONVERSATIONS),)
    assert workspace.counts() == {
        "accounts": 3,
        "posts": len(data.posts),
        "labels": len(data.posts),
        "interactions": len(data.interactions),
        "audits": 0,
    }
    assert [a.handle for a in workspace.accounts()] == [
        "NimbusMobileHelp",
        "OakridgeRail",
        "PennyPostCares",
    ]


def test_importing_the_same_data_again_adds_nothing(tmp_path: Path, x_archive_zip: Path) -> None:
    path = tmp_path / "w.duckdb"
    workspace = Workspace(path)
    first = workspace.import_paths([x_archive_zip, CONVERSATIONS])
    before = contents(path)
    again = workspace.import_paths([CONVERSATIONS, x_archive_zip])
    assert (again.posts_added, again.posts_present) == (0, first.posts_added)
    assert (again.interactions_added, again.interactions_present) == (
        0,
        first.interactions_added,
    )
    assert (again.accounts_added, again.answers_added, again.relabelled) == (0, 0, 0)
    after = contents(path)
    assert all(after[table].equals(before[table]) for table in before)


def test_one_input_read_twice_in_one_import_is_stored_once(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "w.duckdb")
    result = workspace.import_paths([EXAMPLE, EXAMPLE])
    assert (result.posts_added, result.posts_present) == (420, 0)
    assert workspace.counts()["posts"] == 420


def test_stored_posts_and_labels_come_back_as_they_were(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "w.duckdb")
    workspace.import_paths(EXAMPLE)
    (stored,) = workspace.audit(keep=False).accounts
    posts = sorted(load(EXAMPLE).posts, key=lambda p: (p.created_at, p.id))
    assert [item.post for item in stored.labels] == posts
    assert stored.labels == classify(posts)


@pytest.mark.parametrize("path", [EXAMPLE, CONVERSATIONS], ids=["example", "conversations"])
def test_an_audit_of_the_workspace_is_the_audit_of_the_files(tmp_path: Path, path: Path) -> None:
    workspace = Workspace(tmp_path / "w.duckdb")
    workspace.import_paths(path)
    assert _comparable(workspace.audit(keep=False)) == _comparable(audit(path))


def test_a_workspace_audit_counts_hours_in_its_time_zone(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "w.duckdb")
    workspace.import_paths(EXAMPLE)
    report = workspace.audit(keep=False, tz="America/New_York")
    assert report.time_zone == "America/New_York"
    assert _comparable(report) == _comparable(audit(EXAMPLE, tz="America/New_York"))
    utc = workspace.audit(keep=False)
    assert utc.time_zone == "UTC"
    hours = [row["hour"] for row in report.accounts[0].metrics["busiest_hours"]]
    assert hours != [row["hour"] for row in utc.accounts[0].metrics["busiest_hours"]]
    with pytest.raises(InputError, match="unknown time zone 'Mars/Olympus'"):
        workspace.audit(tz="Mars/Olympus")
    assert workspace.counts()["audits"] == 0


def test_a_window_keeps_the_posts_and_messages_inside_it(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    since, until = datetime(2024, 6, 1, tzinfo=UTC), datetime(2025, 1, 1, tzinfo=UTC)
    workspace = Workspace(tmp_path / "w.duckdb")
    workspace.import_paths(EXAMPLE)
    (stored,) = workspace.audit(since=since, until=until, keep=False).accounts
    expected = [p for p in load(EXAMPLE).posts if since <= p.created_at < until]
    assert sorted(p.id for p in stored.posts) == sorted(p.id for p in expected)
    assert stored.metrics["posts"]["count"] == len(expected)


def test_new_posts_relabel_their_whole_account(tmp_path: Path) -> None:
    """An earlier export, then a later one: the labels are those of all the posts judged
    together, as an audit of the later export labels them."""
    data = example()
    workspace = Workspace(tmp_path / "w.duckdb")
    first = workspace.import_dataset(cut(data, 300))
    assert (first.posts_added, first.relabelled) == (300, 300)
    later = workspace.import_dataset(data)
    assert (later.posts_added, later.posts_present, later.relabelled) == (120, 300, 420)
    (stored,) = workspace.audit(keep=False).accounts
    assert stored.labels == classify(sorted(data.posts, key=lambda p: (p.created_at, p.id)))


def test_an_export_missing_stored_posts_relabels_from_the_workspace(tmp_path: Path) -> None:
    """The later import holds only new posts: the account is labelled again from everything
    stored, not from the import alone."""
    data = example()
    posts = sorted(data.posts, key=lambda p: (p.created_at, p.id))
    workspace = Workspace(tmp_path / "w.duckdb")
    workspace.import_dataset(dataclasses.replace(data, posts=posts[:300]))
    later = workspace.import_dataset(dataclasses.replace(data, posts=posts[300:]))
    assert (later.posts_added, later.posts_present, later.relabelled) == (120, 0, 420)
    (stored,) = workspace.audit(keep=False).accounts
    assert stored.labels == classify(posts)


def test_a_later_export_adds_answers_to_stored_messages(tmp_path: Path) -> None:
    data = load(CONVERSATIONS)
    answered = [i for i in data.interactions if i.answered_by]
    target = answered[0]
    earlier = dataclasses.replace(
        data,
        interactions=[
            dataclasses.replace(i, answered_by=()) if i == target else i for i in data.interactions
        ],
    )
    workspace = Workspace(tmp_path / "w.duckdb")
    workspace.import_dataset(earlier)
    result = workspace.import_dataset(data)
    assert (result.answers_added, result.interactions_added) == (1, 0)
    again = workspace.import_dataset(data)
    assert again.answers_added == 0
    audited = workspace.audit(keep=False)
    stored = {i.id: i for item in audited.accounts for i in item.interactions}
    assert stored[target.id].answered_by == target.answered_by


def test_account_keeps_one_account_of_a_many_account_input(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "w.duckdb")
    result = workspace.import_paths(CONVERSATIONS, account="OakridgeRail")
    assert result.accounts == (("x", "OakridgeRail"),)
    assert [a.handle for a in workspace.accounts()] == ["OakridgeRail"]


def test_labels_of_another_classifier_are_made_again(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    workspace = Workspace(path)
    workspace.import_paths(EXAMPLE)
    fresh = contents(path)["labels"]
    con = duckdb.connect(str(path))
    con.execute(
        "UPDATE labels SET model = 'an older classifier', intent = 'personal', "
        "intent_confidence = 0.5"
    ).fetchall()
    con.close()
    (stored,) = workspace.audit(keep=False).accounts
    assert {item.intent.value for item in stored.labels if item.intent} != {"personal"}
    assert contents(path)["labels"].equals(fresh)
    assert set(fresh.column("model").to_pylist()) == {model_fingerprint()}


def test_posts_without_labels_are_labelled_when_read(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    workspace = Workspace(path)
    workspace.import_paths(EXAMPLE)
    fresh = contents(path)["labels"]
    con = duckdb.connect(str(path))
    con.execute("DELETE FROM labels WHERE id IN (SELECT id FROM labels LIMIT 7)").fetchall()
    con.close()
    assert workspace.counts()["labels"] == 420 - 7
    assert len(workspace.audit(keep=False).accounts[0].labels) == 420
    assert contents(path)["labels"].equals(fresh)


# --- a failed import changes nothing --------------------------------------------------------------


def test_an_importer_that_fails_midway_leaves_the_workspace_as_it_was(
    tmp_path: Path, x_archive_zip: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "w.duckdb"
    Workspace(path).import_paths(CONVERSATIONS)
    before = contents(path)
    read = x_archive.IMPORTER.read

    def failing(bundle: Any, report: Any) -> Iterator[Any]:
        for number, record in enumerate(read(bundle, report)):
            if number == 3:
                raise FormatError("broken after three records", file="tweets.js", record=4)
            yield record

    monkeypatch.setattr(x_archive.IMPORTER, "read", failing)
    with pytest.raises(FormatError, match="broken after three records"):
        Workspace(path).import_paths([x_archive_zip])
    after = contents(path)
    assert all(after[table].equals(before[table]) for table in before)


@pytest.mark.parametrize("step", ["_delete_labels", "relabel"])
def test_an_error_inside_the_transaction_rolls_everything_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    """The posts are already inserted when labelling fails: they must go too."""
    from twoway.store import writing

    data = example()
    path = tmp_path / "w.duckdb"
    workspace = Workspace(path)
    workspace.import_dataset(cut(data, 100) if step == "relabel" else load(CONVERSATIONS))
    before = contents(path)

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the disk fell off")

    monkeypatch.setattr(writing, step, boom)
    newer = sorted(data.posts, key=lambda p: (p.created_at, p.id))[100:]
    later = dataclasses.replace(data, posts=newer) if step == "relabel" else data
    with pytest.raises(RuntimeError, match="the disk fell off"):
        workspace.import_dataset(later)
    after = contents(path)
    assert all(after[table].equals(before[table]) for table in before)
    monkeypatch.undo()
    assert workspace.import_dataset(later).posts_added > 0


def test_a_folder_of_exports_and_a_zip_of_the_same_tweets_store_once(
    tmp_path: Path, x_archive_zip: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    make_zip(folder / "one.zip", x_archive_members("tweets.js", "account.js"))
    workspace = Workspace(tmp_path / "w.duckdb")
    first = workspace.import_paths(folder)
    second = workspace.import_paths(x_archive_zip)
    assert second.posts_present == first.posts_added
    assert workspace.counts()["posts"] == len(load(x_archive_zip).posts)


def test_audit_dataset_and_the_workspace_agree_on_stray_posts(tmp_path: Path) -> None:
    """Posts whose account the input never named get an account of their own, as in a file
    audit."""
    data = load(CONVERSATIONS)
    strays = dataclasses.replace(data, accounts=[])
    workspace = Workspace(tmp_path / "w.duckdb")
    workspace.import_dataset(strays)
    stored = sorted(a.account.handle for a in workspace.audit(keep=False).accounts)
    assert stored == sorted(a.account.handle for a in audit_dataset(strays).accounts)
