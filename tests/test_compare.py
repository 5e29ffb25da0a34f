"""``twoway compare``: accounts ranked side by side, each figure placed against the group median,
the JSON layout, the HTML page (escaped, self-contained), stored accounts, and exit codes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import orjson
import pytest
from markupsafe import escape

from support import FIXTURES
from support import run_cli as run
from timelines import account, reply, tweet, write_jsonl
from twoway.audit import audit
from twoway.compare import FIGURES, compare, compare_audits, competition_ranks
from twoway.reports.comparison import render_comparison_html
from twoway.reports.html import CONTENT_SECURITY_POLICY

CONVERSATIONS = FIXTURES / "conversations" / "twcs.csv"
TIMELINES = FIXTURES / "twitter_api" / "timelines.jsonl"


def compare_json(tmp_path: Path, *args: str | Path) -> dict[str, Any]:
    out = tmp_path / "compare.json"
    result = run("compare", *args, "--json", out)
    assert result.exit_code == 0, result.output
    return orjson.loads(out.read_bytes())  # type: ignore[no-any-return]


# --- ranking and standings -------------------------------------------------------------------------


def test_accounts_are_ranked_by_score(tmp_path: Path) -> None:
    report = compare_json(tmp_path, TIMELINES, CONVERSATIONS)
    entries = report["accounts"]
    assert len(entries) == 5
    scores = [e["score"] for e in entries]
    assert scores == sorted(scores, reverse=True)
    assert [e["rank"] for e in entries] == [scores.index(s) + 1 for s in scores]
    audits = {a.account.handle: a for a in audit([TIMELINES, CONVERSATIONS]).accounts}
    for entry in entries:  # the figures are those of the account's own audit
        assert entry["score"] == audits[entry["account"]].score.value
        assert entry["archetype"]["name"] == audits[entry["account"]].archetype.name


def test_each_figure_against_the_median(tmp_path: Path) -> None:
    report = compare_json(tmp_path, TIMELINES, CONVERSATIONS)
    medians = {f["name"]: f["median"] for f in report["figures"]}
    for figure in report["figures"]:
        values = [
            e["figures"][figure["name"]]["value"]
            for e in report["accounts"]
            if e["figures"][figure["name"]]["value"] is not None
        ]
        for entry in report["accounts"]:
            standing = entry["figures"][figure["name"]]
            if standing["value"] is None:
                assert standing["rank"] is None
                assert standing["vs_median"] is None
                assert standing["reason"]
                continue
            assert standing["ranked"] == len(values)
            expected = (
                "above"
                if standing["value"] > medians[figure["name"]]
                else "below"
                if standing["value"] < medians[figure["name"]]
                else "at"
            )
            assert standing["vs_median"] == expected
            if figure["better"] is None or expected == "at":
                assert standing["better"] is None
            else:
                assert standing["better"] == (
                    (expected == "above") == (figure["better"] == "higher")
                )
            better_first = sorted(values, reverse=figure["better"] != "lower")
            assert standing["rank"] == better_first.index(standing["value"]) + 1


def test_lower_is_better_for_promotion(tmp_path: Path) -> None:
    report = compare_json(tmp_path, TIMELINES, CONVERSATIONS)
    promotion = {e["account"]: e["figures"]["promotion_share"] for e in report["accounts"]}
    worst = max(promotion.values(), key=lambda s: s["value"])
    assert worst["rank"] == 5
    assert worst["vs_median"] == "above"
    assert worst["better"] is False


def test_a_figure_the_data_cannot_give_is_left_out_of_its_ranks(tmp_path: Path) -> None:
    report = compare_json(tmp_path, TIMELINES, CONVERSATIONS)
    rates = {e["account"]: e["figures"]["response_rate_72h"] for e in report["accounts"]}
    assert rates["harbourbakery"]["value"] is None
    assert rates["harbourbakery"]["reason"].startswith("no inbound messages")
    assert rates["NimbusMobileHelp"]["ranked"] == 3  # the three brands of the CSV


def test_ranks_share_ties() -> None:
    assert competition_ranks([0.5, None, 0.9, 0.5, 0.1], higher_first=True) == [2, None, 1, 2, 4]
    assert competition_ranks([0.5, 0.9, 0.5, 0.1], higher_first=False) == [2, 4, 2, 1]


def test_posts_per_day_is_neither_better_nor_worse() -> None:
    comparison = compare_audits(audit([TIMELINES, CONVERSATIONS]).accounts)
    for item in comparison.accounts:
        standing = item.standing("posts_per_day")
        assert standing.better is None
    busiest = max(comparison.accounts, key=lambda a: a.standing("posts_per_day").value or 0)
    assert busiest.standing("posts_per_day").rank == 1


# --- outputs ---------------------------------------------------------------------------------------


def test_json_layout(tmp_path: Path) -> None:
    report = compare_json(tmp_path, TIMELINES, CONVERSATIONS)
    assert set(report) == {
        "schema_version",
        "generated_at",
        "inputs",
        "window",
        "figures",
        "median_score",
        "accounts",
    }
    assert [f["name"] for f in report["figures"]] == [f.name for f in FIGURES]
    assert set(report["figures"][0]) == {
        "name",
        "label",
        "metric",
        "field",
        "unit",
        "better",
        "median",
    }
    entry = report["accounts"][0]
    assert set(entry) == {
        "rank",
        "account",
        "account_id",
        "display_name",
        "platform",
        "posts",
        "score",
        "score_vs_median",
        "archetype",
        "figures",
    }
    assert set(entry["figures"]) == {f.name for f in FIGURES}
    assert set(entry["figures"]["two_way_share"]) == {
        "value",
        "shown",
        "rank",
        "ranked",
        "vs_median",
        "better",
        "reason",
    }
    assert report["inputs"] == [str(TIMELINES), str(CONVERSATIONS)]


def test_terminal_table(tmp_path: Path) -> None:
    result = run("compare", TIMELINES, CONVERSATIONS)
    assert result.exit_code == 0, result.output
    assert "Accounts compared, by social score" in result.stdout
    assert "group median" in result.stdout
    lines = [line for line in result.stdout.splitlines() if "NimbusMobileHelp" in line]
    assert lines[0].startswith("│ 1 │ NimbusMobileHelp")
    assert result.stderr == ""


def hostile_pair(tmp_path: Path) -> Path:
    evil = account("666", "<img src=x onerror=alert(1)>", "</td><script>alert('name')</script>")
    plain = account("667", "plain_cafe", "Plain & Simple")
    friend = account("900", "ana_reads")
    return write_jsonl(
        tmp_path / "pair.jsonl",
        [
            tweet(evil, "<script>alert('text')</script> Sale! 50% off, shop now", 1, 1),
            tweet(evil, "Sale! <b>bold</b> 40% off today only, buy now", 30, 2),
            reply(plain, friend, "Thanks for coming! What should we bake next?", 40, 3),
            reply(plain, friend, "Lovely to see you, how was the walk?", 90, 5),
        ],
    )


def test_html_escapes_hostile_handles_and_texts(tmp_path: Path) -> None:
    page = tmp_path / "compare.html"
    result = run("compare", hostile_pair(tmp_path), "--html", page)
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;/td&gt;&lt;script&gt;" in html
    assert "Plain &amp; Simple" in html


def test_html_is_self_contained(tmp_path: Path) -> None:
    comparison = compare([TIMELINES, CONVERSATIONS])
    html = render_comparison_html(comparison)
    assert html.startswith("<!DOCTYPE html>")
    assert (
        f'http-equiv="Content-Security-Policy" content="{escape(CONTENT_SECURITY_POLICY)}"' in html
    )
    assert not re.search(r"<(script|link|iframe|object|embed)\b", html, re.IGNORECASE)
    assert not re.search(r"\b(src|href)=\"?(https?:)?//", html, re.IGNORECASE)
    assert not re.search(r"url\((?!#)", html)  # only references inside the page's own SVG
    assert html.count("<svg") == 2  # the scores and the small multiples
    for item in comparison.accounts:
        assert item.handle in html
    # the charts name accounts by rank only
    for svg in re.findall(r"<svg.*?</svg>", html, re.DOTALL):
        for item in comparison.accounts:
            assert item.handle not in svg


def test_the_same_comparison_renders_the_same_page() -> None:
    comparison = compare([TIMELINES, CONVERSATIONS])
    assert render_comparison_html(comparison) == render_comparison_html(comparison)


# --- exit codes and bad input ----------------------------------------------------------------------


def test_one_account_is_not_enough(tmp_path: Path) -> None:
    result = run("compare", FIXTURES / "conversations" / "twcs-indexed.csv")
    assert result.exit_code == 2
    assert result.stderr == (
        "twoway: error: compare needs at least two accounts, and the inputs hold 1 "
        "(KettleCoSupport); give more exports or handles (an input of many accounts compares "
        "them all)\n"
    )


def test_a_missing_path_is_bad_input(tmp_path: Path) -> None:
    result = run("compare", TIMELINES, tmp_path / "missing.jsonl")
    assert result.exit_code == 2
    assert "missing.jsonl: no such file; give an export's path" in result.stderr
    assert "--db FILE" in result.stderr


def test_since_must_be_before_until() -> None:
    result = run(
        "compare", TIMELINES, CONVERSATIONS, "--since", "2024-02-01", "--until", "2024-01-01"
    )
    assert result.exit_code == 2
    assert "--since must be before --until" in result.output


def test_outputs_may_not_overwrite_inputs(tmp_path: Path) -> None:
    copy = tmp_path / "timelines.jsonl"
    copy.write_bytes(TIMELINES.read_bytes())
    result = run("compare", copy, CONVERSATIONS, "--html", copy)
    assert result.exit_code == 2
    assert copy.read_bytes() == TIMELINES.read_bytes()


# --- stored accounts --------------------------------------------------------------------------------


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    db = tmp_path / "work.duckdb"
    result = run("import", TIMELINES, CONVERSATIONS, "--db", db)
    assert result.exit_code == 0, result.output
    return db


def test_stored_accounts_by_handle(tmp_path: Path, workspace: Path) -> None:
    report = compare_json(tmp_path, "harbourbakery", "@NimbusMobileHelp", "--db", workspace)
    assert [e["account"] for e in report["accounts"]] == ["NimbusMobileHelp", "harbourbakery"]
    direct = compare_json(tmp_path, TIMELINES, CONVERSATIONS)
    scores = {e["account"]: e["score"] for e in direct["accounts"]}
    assert [e["score"] for e in report["accounts"]] == [
        scores["NimbusMobileHelp"],
        scores["harbourbakery"],
    ]


def test_stored_accounts_and_paths_together(tmp_path: Path, workspace: Path) -> None:
    flattened = FIXTURES / "twitter_api" / "flattened.jsonl"
    report = compare_json(tmp_path, "harbourbakery", flattened, "--db", workspace)
    assert {e["account"] for e in report["accounts"]} == {
        "harbourbakery",
        "millstreetcafe",
        "ana_reads",
    }


def test_an_unknown_stored_account(workspace: Path) -> None:
    result = run("compare", "harbourbakery", "nobody", "--db", workspace)
    assert result.exit_code == 2
    assert "no account 'nobody' in the workspace" in result.stderr
