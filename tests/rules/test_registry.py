"""The rule registry: one record per rule, codes and names unique, retired codes never reused,
every rule fully documented."""

from __future__ import annotations

import dataclasses
import re

import pytest

from twoway.classifier import classify_texts
from twoway.errors import UnknownRuleError
from twoway.rules import (
    HEADINGS,
    LEVELS,
    REGISTRY,
    RETIRED,
    STATUSES,
    Docs,
    Registry,
    Rule,
    at_least,
    check_post,
    get,
    post_rule,
    post_rules,
    posts,
)

RULES = list(REGISTRY)
DOCS = Docs(what="w", why="y", example="e", instead="i", known_problems="k")


def make_rule(code: str = "TW190", name: str = "test-rule", **changes: object) -> Rule[object]:
    fields: dict[str, object] = {
        "code": code,
        "name": name,
        "category": "test",
        "level": "hint",
        "status": "stable",
        "scope": "post",
        "summary": "A rule for tests",
        "message": "found {thing}",
        "suggestion": "Do something else",
        "docs": DOCS,
        "detect": lambda labels: {"thing": "it"},
    }
    fields.update(changes)
    return Rule(**fields)  # type: ignore[arg-type]


# --- the registry -------------------------------------------------------------------------


def test_a_duplicate_code_is_rejected() -> None:
    with pytest.raises(
        ValueError, match=r"^TW190 is taken by first-rule; give second-rule a new code$"
    ):
        Registry([make_rule(name="first-rule"), make_rule(name="second-rule")])


def test_a_duplicate_name_is_rejected() -> None:
    with pytest.raises(ValueError, match=r"^the name same-name is taken by TW190$"):
        Registry([make_rule("TW190", "same-name"), make_rule("TW191", "same-name")])


def test_a_retired_code_is_never_reused() -> None:
    with pytest.raises(
        ValueError, match=r"^TW150 is a retired code and is never reused; give test-rule a new one$"
    ):
        Registry([make_rule("TW150")], retired={"TW150"})


def test_the_real_registry_checks_retired_codes() -> None:
    assert REGISTRY.retired == RETIRED
    assert not RETIRED & {rule.code for rule in RULES}


def test_asking_for_a_retired_code_says_it_was_retired() -> None:
    registry = Registry([make_rule()], retired={"TW150"})
    with pytest.raises(
        UnknownRuleError, match=r"^rule TW150 was retired and is no longer checked$"
    ):
        registry.get("tw150")


def test_get_by_code_in_any_case_or_by_name() -> None:
    rule = get("TW101")
    assert rule.name == "link-only-post"
    assert get("tw101") is rule
    assert get("link-only-post") is rule
    assert get(" Link-Only-Post ") is rule


def test_an_unknown_rule() -> None:
    with pytest.raises(
        UnknownRuleError, match=r"^no rule is called 'TW999'; `twoway rule` lists the rules$"
    ):
        get("TW999")


def test_rules_are_listed_by_code() -> None:
    codes = [rule.code for rule in RULES]
    assert codes == sorted(codes)
    assert post_rules() == [rule for rule in RULES if rule.scope == "post"]
    assert [rule.code for rule in post_rules()] == [rule.code for rule in posts.RULES]


def test_levels_are_ordered() -> None:
    assert LEVELS == ("hint", "warning", "error")
    assert at_least("error", "warning")
    assert at_least("warning", "warning")
    assert not at_least("hint", "warning")


# --- each rule ----------------------------------------------------------------------------


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_every_rule_is_a_complete_record(rule: Rule[object]) -> None:
    assert re.fullmatch(r"TW\d{3}", rule.code)
    assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", rule.name)
    assert rule.level in LEVELS
    assert rule.status in STATUSES
    assert rule.code.startswith({"post": "TW1", "account": "TW2"}[rule.scope])
    for text in (rule.category, rule.summary, rule.message, rule.suggestion):
        assert text.strip()
    assert not rule.summary.endswith("."), "the summary is a phrase; pages add the full stop"
    assert rule.placeholders, "the message names its evidence"


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_every_rule_has_every_doc_section(rule: Rule[object]) -> None:
    sections = rule.docs.sections()
    assert [heading for heading, _ in sections] == [
        "What it flags",
        "Why it matters",
        "Example",
        "Instead",
        "Known problems",
    ]
    assert list(HEADINGS.values()) == [heading for heading, _ in sections]
    for heading, text in sections:
        assert text.strip(), f"{rule.code}: {heading} is empty"


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"code": "TW12"}, "code 'TW12' is not TW followed by three digits"),
        ({"code": "TW201"}, "a post rule's code must start with TW1"),
        ({"name": "Link_Only"}, "name 'Link_Only' is not kebab-case"),
        ({"level": "fatal"}, "level 'fatal' is not one of hint, warning, error"),
        ({"status": "beta"}, "status 'beta' is not one of stable, preview, deprecated"),
        ({"suggestion": " "}, "suggestion is empty"),
        (
            {"docs": dataclasses.replace(DOCS, known_problems="")},
            "docs section 'Known problems' is empty",
        ),
    ],
)
def test_an_incomplete_rule_is_refused(changes: dict[str, object], problem: str) -> None:
    with pytest.raises(ValueError, match=re.escape(problem)):
        make_rule(**changes)


def test_post_rule_makes_a_post_rule_whose_check_fills_the_message() -> None:
    @post_rule(
        code="TW199",
        name="says-bread",
        category="test",
        level="hint",
        summary="Says bread",
        message="says {word!r}",
        suggestion="Say cake",
        docs=DOCS,
    )
    def says_bread(labels):  # type: ignore[no-untyped-def]
        return {"word": "bread"} if "bread" in labels.post.text else None

    assert says_bread.scope == "post"
    bread, cake = classify_texts(["Fresh bread today", "Fresh cake today"])
    hit = says_bread.check(bread)
    assert hit is not None
    assert (hit.code, hit.name, hit.level, hit.message) == (
        "TW199",
        "says-bread",
        "hint",
        "says 'bread'",
    )
    assert hit.evidence == {"word": "bread"}
    assert hit.suggestion == "Say cake"
    assert says_bread.check(cake) is None


def test_preview_rules_run_only_when_asked() -> None:
    registry = Registry(
        [make_rule("TW190", "stable-rule"), make_rule("TW191", "preview-rule", status="preview")]
    )
    labels = classify_texts(["Hello"])[0]
    assert [hit.name for hit in check_post(labels, registry=registry)] == ["stable-rule"]
    assert [hit.name for hit in check_post(labels, registry=registry, preview=True)] == [
        "stable-rule",
        "preview-rule",
    ]
