"""``twoway screen``: many accounts from one input, ranked, with the share of one-way
broadcasters; its JSON and CSV layouts; the same scores as a full audit, whether the posts are
labelled here or in forked workers (while reading, or after)."""

from __future__ import annotations

import csv
import io
import multiprocessing
import statistics
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner, Result

from support import FIXTURES
from timelines import account, reply, tweet, write_jsonl
from twoway import screening
from twoway.audit import audit
from twoway.cli import cli
from twoway.reports.screening import SCREEN_COLUMNS, screening_json
from twoway.screening import BROADCASTER_SCORE, is_broadcaster, screen

CONVERSATIONS = FIXTURES / "conversations" / "twcs.csv"
TIMELINES = FIXTURES / "twitter_api"

CHATTY = account("101", "chatty_cafe", "Chatty Café")
SHOP = account("102", "mega_shop", "Mega Shop")
NEWS = account("103", "town_news", "Town News")
FRIEND = account("900", "ana_reads")

ENTRY_KEYS = {
    "rank",
    "account",
    "account_id",
    "platform",
    "posts",
    "score",
    "archetype",
    "broadcaster",
    "verdict",
    "verdict_basis",
    "two_way_share",
    "question_share",
    "promotion_share",
    "link_only_share",
    "response_rate_72h",
    "people_replied_to",
    "reason",
}
SUMMARY_KEYS = {
    "accounts",
    "posts",
    "broadcasters",
    "broadcaster_share",
    "median_score",
    "archetypes",
    "broadcaster_definition",
    "skipped_records",
}


def run(*args: str | Path) -> Result:
    runner = CliRunner(env={"FORCE_COLOR": None, "TTY_COMPATIBLE": None, "COLUMNS": None})
    return runner.invoke(cli, [str(a) for a in args], prog_name="twoway")


def three_accounts(path: Path, *, interleaved: bool = False) -> Path:
    """A conversationalist, a promoter and a broadcaster, six posts each (one account after
    another, or ``interleaved`` post by post)."""
    posts = {
        "chatty": [
            reply(CHATTY, FRIEND, f"What did you think of loaf number {k}? Would you try it again?", 60 * k + 5, k)
            for k in range(6)
        ],
        "shop": [
            tweet(SHOP, f"Sale! 50% off every mug this weekend only. Shop now, use code MUG{k} at checkout", 60 * k + 7, 10 + k)
            for k in range(6)
        ],
        "news": [
            tweet(NEWS, f"Council update {k}: the library opening hours change from Monday, details on the website.", 60 * k + 9, 20 + k)
            for k in range(6)
        ],
    }  # fmt: skip
    if interleaved:
        ordered = [item for row in zip(*posts.values(), strict=True) for item in row]
    else:
        ordered = [item for group in posts.values() for item in group]
    return write_jsonl(path, ordered)


def screen_json(tmp_path: Path, *args: str | Path) -> dict[str, Any]:
    out = tmp_path / "screen.json"
    result = run("screen", *args, "--json", out)
    assert result.exit_code == 0, result.output
    return orjson.loads(out.read_bytes())  # type: ignore[no-any-return]


# --- ranking and the broadcaster share -----------------------------------------------------------


def test_accounts_are_ranked_by_score_with_shared_ranks(tmp_path: Path) -> None:
    report = screen_json(tmp_path, TIMELINES, CONVERSATIONS)
    entries = report["accounts"]
    scores = [e["score"] for e in entries]
    assert scores == sorted(scores, reverse=True)
    for position, entry in enumerate(entries, 1):
        first = scores.index(entry["score"]) + 1
        assert entry["rank"] == first <= position
    ties = [e for e in entries if e["score"] == entries[0]["score"]]
    assert [e["two_way_share"] for e in ties] == sorted(
        (e["two_way_share"] for e in ties), reverse=True
    )


def test_the_three_kinds_of_account(tmp_path: Path) -> None:
    result = screen(three_accounts(tmp_path / "many.jsonl"), jobs=1)
    by_handle = {item.handle: item for item in result.accounts}
    assert result.accounts[0].handle == "chatty_cafe"
    assert by_handle["chatty_cafe"].archetype.name == "Conversationalist"
    assert not by_handle["chatty_cafe"].broadcaster
    assert by_handle["mega_shop"].archetype.name == "Promoter"
    assert by_handle["mega_shop"].broadcaster
    assert by_handle["mega_shop"].verdict_basis.startswith("archetype Promoter")
    assert by_handle["town_news"].broadcaster
    summary = result.summary()
    assert summary["broadcasters"] == 2
    assert summary["broadcaster_share"] == pytest.approx(2 / 3)
    assert summary["archetypes"]["Conversationalist"] == 1


def test_broadcaster_share_follows_the_definition(tmp_path: Path) -> None:
    report = screen_json(tmp_path, CONVERSATIONS)
    entries = {e["account"]: e for e in report["accounts"]}
    assert set(entries) == {"NimbusMobileHelp", "OakridgeRail", "PennyPostCares"}
    for entry in entries.values():
        assert entry["broadcaster"] == is_broadcaster(entry["score"], entry["archetype"])
        assert entry["verdict"] == ("one-way" if entry["broadcaster"] else "two-way")
    # PennyPostCares only shares: a Curator, but its score is under 30.
    assert entries["PennyPostCares"]["archetype"] == "Curator"
    assert entries["PennyPostCares"]["score"] < BROADCASTER_SCORE
    assert entries["PennyPostCares"]["verdict_basis"] == (
        f"score {entries['PennyPostCares']['score']} under 30 (Curator)"
    )
    summary = report["summary"]
    assert summary["broadcasters"] == sum(e["broadcaster"] for e in entries.values()) == 1
    assert summary["broadcaster_share"] == pytest.approx(1 / 3)
    assert summary["accounts"] == 3


def test_is_broadcaster() -> None:
    assert is_broadcaster(90, "Broadcaster")
    assert is_broadcaster(90, "Promoter")
    assert is_broadcaster(29, "Conversationalist")
    assert not is_broadcaster(30, "Curator")


# --- layouts --------------------------------------------------------------------------------------


def test_json_layout(tmp_path: Path) -> None:
    report = screen_json(tmp_path, TIMELINES, CONVERSATIONS)
    assert set(report) == {"schema_version", "generated_at", "inputs", "accounts", "summary"}
    assert report["schema_version"] == 1
    assert report["generated_at"].endswith("Z")
    assert report["inputs"] == [str(TIMELINES), str(CONVERSATIONS)]
    for entry in report["accounts"]:
        assert set(entry) == ENTRY_KEYS
        assert entry["reason"].endswith(".")
    summary = report["summary"]
    assert set(summary) == SUMMARY_KEYS
    assert summary["accounts"] == len(report["accounts"]) == 8
    assert summary["skipped_records"] == 5  # broken_lines.jsonl
    assert summary["median_score"] == statistics.median(e["score"] for e in report["accounts"])
    assert report["accounts"][0]["platform"] == "x"


def test_csv_layout(tmp_path: Path) -> None:
    out = tmp_path / "screen.csv"
    result = run("screen", CONVERSATIONS, "--csv", out)
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert rows[0] == list(SCREEN_COLUMNS)
    assert len(rows) == 4
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["rank"] == "1"
    assert first["broadcaster"] in ("true", "false")
    assert first["two_way_share"].count(".") == 1


def test_csv_cells_are_neutralised(tmp_path: Path) -> None:
    hostile = account("666", '=HYPERLINK("http://evil.example")', "@SUM(1+1)")
    path = write_jsonl(
        tmp_path / "hostile.jsonl",
        [tweet(hostile, "+1 great news -- call us", k * 30, k) for k in range(3)],
    )
    out = tmp_path / "screen.csv"
    result = run("screen", path, "--csv", out)
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    entry = dict(zip(rows[0], rows[1], strict=True))
    assert entry["account"] == '\'=HYPERLINK("http://evil.example")'
    for cell in rows[1]:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_terminal_table_lists_the_top_accounts(tmp_path: Path) -> None:
    result = run("screen", TIMELINES, CONVERSATIONS, "--limit", "2")
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "top 2 of 8" in text
    assert "… and 6 more" in text
    assert "of 8 accounts" in text
    assert "are one-way broadcasters" in text
    assert "Archetypes:" in text
    # no progress bar when stderr is no terminal: only the skipped records
    assert all("skipped" in line for line in result.stderr.splitlines())


def test_hostile_handle_and_text_reach_the_terminal_safely(tmp_path: Path) -> None:
    hostile = account("667", "[bold red]x[/]\x1b[2J", "Evil")
    path = write_jsonl(tmp_path / "hostile.jsonl", [tweet(hostile, "\x1b]0;title\x07hello", 1)])
    result = run("screen", path)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    assert "[bold red]x[/]" in result.stdout


# --- exit codes ------------------------------------------------------------------------------------


def test_missing_input_is_bad_input(tmp_path: Path) -> None:
    result = run("screen", tmp_path / "nothing.jsonl")
    assert result.exit_code == 2
    assert result.stderr.startswith("twoway: error: ")


def test_an_input_without_posts_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text('{"id": "1", "text": "hi", "created_at": "2024-01-01T00:00:00.000Z"}\n')
    result = run("screen", path)
    assert result.exit_code == 2
    assert "no accounts to screen" in result.stderr


def test_outputs_may_not_overwrite_inputs(tmp_path: Path) -> None:
    path = three_accounts(tmp_path / "many.jsonl")
    before = path.read_bytes()
    result = run("screen", path, "--json", path)
    assert result.exit_code == 2
    assert path.read_bytes() == before


# --- the same scores as the audit ------------------------------------------------------------------


def assert_same_as_audit(result: screening.Screening, inputs: Any) -> None:
    audits = {(a.account.platform, a.account.id): a for a in audit(inputs).accounts}
    assert len(audits) == len(result.accounts)
    for item in result.accounts:
        full = audits[(item.account.platform, item.account.id)]
        assert item.score == full.score
        assert item.archetype == full.archetype
        assert item.posts == full.metrics["posts"]["count"]
        for name, value in item.metrics.items():
            assert full.metrics[name] == value, (item.handle, name)


@pytest.mark.parametrize(
    "inputs",
    [[TIMELINES, CONVERSATIONS], [CONVERSATIONS], [FIXTURES / "x_archive"]],
    ids=["timelines-and-brands", "brands", "x-archive-folder"],
)
def test_an_accounts_screen_score_is_its_audit_score(inputs: list[Path]) -> None:
    assert_same_as_audit(screen(inputs, jobs=1), inputs)


fork_only = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="workers need fork"
)


@fork_only
@pytest.mark.parametrize("interleaved", [False, True], ids=["one-after-another", "interleaved"])
def test_workers_label_as_this_process_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, interleaved: bool
) -> None:
    """Tiny thresholds force the workers: accounts go to them while reading, and an account
    whose posts turn up again is labelled again with all of them."""
    monkeypatch.setattr(screening, "PARALLEL_MIN_POSTS", 0)
    monkeypatch.setattr(screening, "SPECULATIVE_POSTS", 1)
    monkeypatch.setattr(screening, "CHUNK_POSTS", 1)
    path = three_accounts(tmp_path / "many.jsonl", interleaved=interleaved)
    result = screen([path, CONVERSATIONS], jobs=2)
    assert result.jobs == 2
    assert_same_as_audit(result, [path, CONVERSATIONS])
    alone = screen([path, CONVERSATIONS], jobs=1)
    assert alone.jobs == 1
    assert screening_json(result)["accounts"] == screening_json(alone)["accounts"]


@fork_only
def test_a_failing_worker_stops_the_screening(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(groups: Any) -> Any:
        raise ValueError("the labeller broke")

    monkeypatch.setattr(screening, "PARALLEL_MIN_POSTS", 0)
    monkeypatch.setattr(screening, "SPECULATIVE_POSTS", 1)
    monkeypatch.setattr(screening, "_label_groups", broken)
    with pytest.raises(RuntimeError, match="labelling failed in a worker") as caught:
        screen(three_accounts(tmp_path / "many.jsonl"), jobs=2)
    assert "ValueError: the labeller broke" in str(caught.value)
