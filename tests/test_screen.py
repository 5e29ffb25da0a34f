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

from support import FIXTURES
from support import run_cli as run
from timelines import account, reply, tweet, write_jsonl
from twoway import screening
from twoway.audit import audit
from twoway.reports.screening import SCREEN_COLUMNS, screening_json
from twoway.screening import BROADCASTER_SCORE, MIN_POSTS, is_broadcaster, screen

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
    "judged",
    "too_few_posts",
    "min_posts",
    "broadcasters",
    "broadcaster_share",
    "median_score",
    "archetypes",
    "broadcaster_definition",
    "skipped_records",
}


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
    report = screen_json(tmp_path, TIMELINES, CONVERSATIONS, "--min-posts", 1)
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
    result = screen(three_accounts(tmp_path / "many.jsonl"), jobs=1, min_posts=6)
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
    report = screen_json(tmp_path, CONVERSATIONS, "--min-posts", 1)
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


def test_accounts_with_too_few_posts_get_no_verdict(tmp_path: Path) -> None:
    """Six posts each, judged from seven posts up: nobody is judged; from six: everybody."""
    path = three_accounts(tmp_path / "many.jsonl")
    assert MIN_POSTS == 10
    unjudged = screen(path, jobs=1, min_posts=7)
    assert [item.rank for item in unjudged.accounts] == [None, None, None]
    assert {item.verdict for item in unjudged.accounts} == {"too few posts"}
    assert not any(item.broadcaster for item in unjudged.accounts)
    assert {item.verdict_basis for item in unjudged.accounts} == {"6 posts, under 7"}
    summary = unjudged.summary()
    assert (summary["accounts"], summary["judged"], summary["too_few_posts"]) == (3, 0, 3)
    assert summary["broadcaster_share"] is None
    assert summary["median_score"] is None
    assert sum(summary["archetypes"].values()) == 0
    judged = screen(path, jobs=1, min_posts=6)
    assert [item.rank for item in judged.accounts] == [1, 2, 3]
    assert judged.summary()["too_few_posts"] == 0


def test_unjudged_accounts_follow_the_ranked_ones(tmp_path: Path) -> None:
    """The conversation CSV's brands have 2 to 5 posts: with --min-posts 4 some are judged, and
    the share, the median and the archetypes count only those."""
    report = screen_json(tmp_path, CONVERSATIONS, "--min-posts", 4)
    entries = report["accounts"]
    judged = [e for e in entries if e["posts"] >= 4]
    unjudged = [e for e in entries if e["posts"] < 4]
    assert judged
    assert unjudged
    assert entries == judged + unjudged
    assert all(e["rank"] is not None for e in judged)
    assert all(e["rank"] is None and e["verdict"] == "too few posts" for e in unjudged)
    summary = report["summary"]
    assert summary["judged"] == len(judged)
    assert summary["too_few_posts"] == len(unjudged)
    assert summary["broadcasters"] == sum(e["broadcaster"] for e in judged)
    assert summary["broadcaster_share"] == pytest.approx(summary["broadcasters"] / len(judged))
    assert summary["median_score"] == statistics.median(e["score"] for e in judged)
    assert sum(summary["archetypes"].values()) == len(judged)


def test_terminal_says_how_many_were_not_judged(tmp_path: Path) -> None:
    result = run("screen", three_accounts(tmp_path / "many.jsonl"))
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "too few posts" in text
    assert "0 of 0 accounts with 10 posts or more (-) are one-way broadcasters" in text
    assert "3 account(s) with fewer than 10 posts were not judged" in text


def test_is_broadcaster() -> None:
    assert is_broadcaster(90, "Broadcaster")
    assert is_broadcaster(90, "Promoter")
    assert is_broadcaster(29, "Conversationalist")
    assert not is_broadcaster(30, "Curator")


# --- layouts --------------------------------------------------------------------------------------


def test_json_layout(tmp_path: Path) -> None:
    report = screen_json(tmp_path, TIMELINES, CONVERSATIONS, "--min-posts", 1)
    assert set(report) == {"schema_version", "generated_at", "inputs", "accounts", "summary"}
    assert report["schema_version"] == 2
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
    result = run("screen", CONVERSATIONS, "--csv", out, "--min-posts", 1)
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
    result = run("screen", TIMELINES, CONVERSATIONS, "--limit", "2", "--min-posts", 1)
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
