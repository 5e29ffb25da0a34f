"""docs/rules/ is generated from the registry and must not go stale."""

from __future__ import annotations

from pathlib import Path

from twoway.rules import REGISTRY
from twoway.rules.docs import generate, rule_page

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules"
FIX = "docs/rules is stale: run `python scripts/generate_rule_docs.py` and commit the result"


def test_docs_rules_is_up_to_date(tmp_path: Path) -> None:
    generate(tmp_path)
    expected = {path.name: path.read_text(encoding="utf-8") for path in tmp_path.iterdir()}
    present = (
        {path.name: path.read_text(encoding="utf-8") for path in DOCS.glob("*")}
        if DOCS.is_dir()
        else {}
    )
    assert sorted(present) == sorted(expected), FIX
    for name, text in expected.items():
        assert present[name] == text, f"{name}: {FIX}"


def test_generate_writes_one_page_per_rule_and_an_index(tmp_path: Path) -> None:
    (tmp_path / "TW199-gone-rule.md").write_text("old", encoding="utf-8")
    generate(tmp_path)
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == sorted(["README.md", *(f"{rule.code}-{rule.name}.md" for rule in REGISTRY)])
    assert "TW101-link-only-post.md" in names
    index = (tmp_path / "README.md").read_text(encoding="utf-8")
    for rule in REGISTRY:
        assert (
            f"| {rule.code} | [{rule.name}]({rule.code}-{rule.name}.md) | {rule.level} |" in index
        )
    assert generate(tmp_path) == []


def test_a_rule_page_has_the_fixed_headings_in_order() -> None:
    page = rule_page(REGISTRY.get("TW107"))
    assert page.startswith("# hashtag-stuffing (TW107)\n")
    headings = [line for line in page.splitlines() if line.startswith("## ")]
    assert headings == [
        "## What it flags",
        "## Why it matters",
        "## Example",
        "## Instead",
        "## Known problems",
    ]
