"""``twoway check`` (a draft against the post rules) and ``twoway rule`` (the rules' docs), run
through the real command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import run_cli as run
from twoway.rules import REGISTRY, get
from twoway.rules.docs import rule_page

LINK_ONLY = "How to Keep Bread Fresh | Riverside Bakery https://example.com/blog/keep-bread-fresh"
"""A warning (TW101) and a hint (TW104)."""
ONE_WAY = "Our summer fair is on 14 June in the market square"
"""Only a hint (TW104)."""
CLEAN = "Which flavour should we bring back in May?"


# --- twoway check -------------------------------------------------------------------------


def test_check_prints_each_hit_and_its_suggestion() -> None:
    result = run("check", LINK_ONLY)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "TW101 link-only-post warning: link and page title only: "
        "https://example.com/blog/keep-bread-fresh\n"
        f"  suggestion: {get('TW101').suggestion}\n"
        "TW104 no-invitation hint: one-way information: "
        "it asks no question, names no one and invites no reply\n"
        f"  suggestion: {get('TW104').suggestion}\n"
        "Found 2 problem(s).\n"
    )
    assert (
        "Add your own take on this link, or ask your followers what they think of it"
        in result.stdout
    )


def test_a_clean_draft() -> None:
    result = run("check", CLEAN)
    assert result.exit_code == 0
    assert result.stdout == "No problems found.\n"


@pytest.mark.parametrize(
    ("text", "fail_on", "code"),
    [
        (LINK_ONLY, None, 0),
        (LINK_ONLY, "hint", 1),
        (LINK_ONLY, "warning", 1),
        (LINK_ONLY, "error", 0),
        (ONE_WAY, "hint", 1),
        (ONE_WAY, "warning", 0),
        (CLEAN, "hint", 0),
    ],
)
def test_fail_on_exits_1_only_for_a_hit_at_that_level_or_above(
    text: str, fail_on: str | None, code: int
) -> None:
    result = run("check", text, *(("--fail-on", fail_on) if fail_on else ()))
    assert result.exit_code == code, result.output
    assert result.stderr == ""


def test_json_is_a_list_of_hits() -> None:
    result = run(
        "check",
        "--format",
        "json",
        "Follow us for tips! #bread #cake #bakery #baking",
        "--fail-on",
        "warning",
    )
    assert result.exit_code == 1
    hits = json.loads(result.stdout)
    assert [hit["code"] for hit in hits] == ["TW104", "TW106", "TW107"]
    assert hits[2] == {
        "code": "TW107",
        "name": "hashtag-stuffing",
        "level": "warning",
        "category": "pushy",
        "message": "4 hashtags in 8 words: #bread #cake #bakery #baking",
        "suggestion": get("TW107").suggestion,
        "evidence": {"count": 4, "words": 8, "tags": "#bread #cake #bakery #baking"},
    }


def test_json_of_a_clean_draft_is_an_empty_list() -> None:
    result = run("check", CLEAN, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_stdin() -> None:
    result = run("check", "--stdin", input=LINK_ONLY + "\n")
    assert result.exit_code == 0
    assert result.stdout.startswith("TW101 link-only-post warning: ")


def test_file(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(ONE_WAY, encoding="utf-8")
    result = run("check", "--file", draft, "--fail-on", "hint")
    assert result.exit_code == 1
    assert result.stdout.startswith("TW104 no-invitation hint: one-way information")


def test_a_file_that_is_not_utf8_is_one_line_and_exit_2(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_bytes(b"Caf\xe9 open today")
    result = run("check", "--file", draft)
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"twoway: error: {draft}: is not UTF-8 text (byte 3); save the draft as UTF-8\n"
    )


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        ((), "twoway: error: give the draft to check: TEXT, --stdin or --file FILE"),
        (
            ("text", "--stdin"),
            "twoway: error: give only one of TEXT and --stdin: TEXT, --stdin or --file FILE",
        ),
        (
            ("text", "--file", "setup.cfg", "--stdin"),
            "twoway: error: give only one of TEXT and --stdin and --file",
        ),
        (("text", "--fail-on", "fatal"), "Invalid value for '--fail-on'"),
        (("text", "--format", "xml"), "Invalid value for '--format'"),
        (("--file", "missing.txt"), "Invalid value for '--file'"),
    ],
)
def test_bad_usage_exits_2(args: tuple[str, ...], problem: str, tmp_path: Path) -> None:
    args = tuple(str(tmp_path / a) if a.endswith((".cfg", ".txt")) else a for a in args)
    (tmp_path / "setup.cfg").write_text("x", encoding="utf-8")
    result = run("check", *args)
    assert result.exit_code == 2
    assert problem in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("text", ["", "  \n "])
def test_an_empty_draft_exits_2(text: str) -> None:
    result = run("check", text)
    assert result.exit_code == 2
    assert (
        result.stderr
        == "twoway: error: <text>: the draft is empty; give the text of a post to check\n"
    )
    result = run("check", "--stdin", input=text)
    assert (
        result.stderr
        == "twoway: error: <stdin>: the draft is empty; give the text of a post to check\n"
    )


HOSTILE = (
    '"\x1b[2J[bold red]Be yourself[/bold red]\u202e; everyone else is taken." - Oscar Wilde \x9b31m'
)


def test_a_draft_never_reaches_the_terminal_raw() -> None:
    result = run("check", HOSTILE)
    assert result.exit_code == 0, result.output
    for raw in ("\x1b", "\u202e", "\x9b"):
        assert raw not in result.output
    # Markup is shown as written, not obeyed.
    assert (
        "TW103 quote-post hint: a quotation instead of your own words: "
        '"[2J[bold red]Be yourself[/bold red]' in result.stdout
    )


def test_json_escapes_what_a_terminal_would_obey() -> None:
    result = run("check", HOSTILE, "--format", "json")
    assert result.exit_code == 0
    for raw in ("\x1b", "\u202e", "\x9b"):
        assert raw not in result.stdout
    hit = json.loads(result.stdout)[0]
    assert hit["evidence"]["quote"].startswith('"\x1b[2J[bold red]Be yourself[/bold red]\u202e;')
    link = json.loads(run("check", "https://example.com/\x9bx", "--format", "json").stdout)[0]
    assert link["message"] == "only a link: https://example.com/\x9bx"


def test_links_with_markup_are_shown_as_written() -> None:
    result = run("check", "https://example.com/\x1b[31m[bold]x")
    assert result.stdout.startswith(
        "TW101 link-only-post warning: only a link: https://example.com/[31m[bold]x\n"
    )


# --- twoway rule --------------------------------------------------------------------------


def test_rule_lists_every_rule() -> None:
    result = run("rule")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == len(REGISTRY)
    assert lines[0].split(None, 3) == ["TW101", "link-only-post", "warning", get("TW101").summary]
    assert [line.split()[0] for line in lines] == [rule.code for rule in REGISTRY]


@pytest.mark.parametrize("asked", ["TW101", "tw101", "link-only-post"])
def test_rule_prints_a_rules_docs(asked: str) -> None:
    result = run("rule", asked)
    assert result.exit_code == 0
    assert result.stdout == rule_page(get("TW101"))
    assert result.stdout.startswith("# link-only-post (TW101)\n")
    for heading in ("What it flags", "Why it matters", "Example", "Instead", "Known problems"):
        assert f"\n## {heading}\n" in result.stdout


def test_an_unknown_rule_is_one_line_and_exit_2() -> None:
    result = run("rule", "TW9\x1b[31m99")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert (
        result.stderr
        == "twoway: error: no rule is called 'TW9\\x1b[31m99'; `twoway rule` lists the rules\n"
    )


def test_stdin_that_is_not_utf8_is_one_line_and_exit_2() -> None:
    """Bytes that are not UTF-8 on standard input were checked as they came: exit 0."""
    result = run("check", "--stdin", input=b"Caf\xe9 open today")
    assert result.exit_code == 2
    assert (
        result.stderr
        == "twoway: error: <stdin>: is not UTF-8 text (byte 3); save the draft as UTF-8\n"
    )


def test_an_argument_that_is_not_utf8_is_one_line_and_exit_2() -> None:
    # How Python hands over an argument's bytes that are not UTF-8: as lone surrogates.
    result = run("check", "Caf\udce9 open today")
    assert result.exit_code == 2
    assert (
        result.stderr
        == "twoway: error: <text>: is not UTF-8 text (byte 3); save the draft as UTF-8\n"
    )
