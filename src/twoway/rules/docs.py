"""The rules' documentation as Markdown: one page per rule (``twoway rule TW101`` prints it), and
an index.  ``docs/rules/`` is written from here by ``python scripts/generate_rule_docs.py``; a
test fails when the files there differ from what the registry says.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from twoway.rules import REGISTRY, Registry, Rule

__all__ = ["GENERATED", "generate", "index_page", "page_name", "pages", "rule_page"]

GENERATED = (
    "<!-- Generated from src/twoway/rules by `python scripts/generate_rule_docs.py`; "
    "edit the rule, not this file. -->"
)
_APPLIES = {"post": "each post", "account": "the whole account"}


def page_name(rule: Rule[Any]) -> str:
    """``TW101-link-only-post.md``."""
    return f"{rule.code}-{rule.name}.md"


def rule_page(rule: Rule[Any]) -> str:
    """A rule's documentation: what it is, then its sections under the fixed headings."""
    lines = [
        f"# {rule.name} ({rule.code})",
        "",
        f"{rule.summary}.",
        "",
        f"- Category: {rule.category}",
        f"- Level: {rule.level}",
        f"- Status: {rule.status}",
        f"- Applies to: {_APPLIES[rule.scope]}",
        f"- Message: `{rule.message}`",
        f"- Suggestion: {rule.suggestion}",
    ]
    for heading, text in rule.docs.sections():
        lines += ["", f"## {heading}", "", text.strip()]
    return "\n".join(lines) + "\n"


def index_page(registry: Registry = REGISTRY) -> str:
    """The list of every rule, linking to its page."""
    lines = [
        GENERATED,
        "",
        "# Rules",
        "",
        'Each rule has a code that never changes and a name read as "allow <name>".  Levels, from '
        "least to most serious: hint, warning, error.  `twoway rule` lists them; `twoway rule "
        "CODE` prints one.  Post rules have codes TW1xx, account rules TW2xx.",
        "",
        "| Code | Name | Level | Status | Summary |",
        "|---|---|---|---|---|",
    ]
    for rule in registry:
        link = f"[{rule.name}]({page_name(rule)})"
        lines.append(f"| {rule.code} | {link} | {rule.level} | {rule.status} | {rule.summary} |")
    return "\n".join(lines) + "\n"


def pages(registry: Registry = REGISTRY) -> dict[str, str]:
    """Every file of ``docs/rules/``, by name."""
    files = {"README.md": index_page(registry)}
    for rule in registry:
        files[page_name(rule)] = f"{GENERATED}\n\n{rule_page(rule)}"
    return files


def generate(directory: Path, registry: Registry = REGISTRY) -> list[Path]:
    """Write ``docs/rules/`` into ``directory``, removing pages of rules that no longer exist;
    the paths written or removed, in order, for files that changed."""
    directory.mkdir(parents=True, exist_ok=True)
    wanted = pages(registry)
    changed = []
    for stale in sorted(directory.glob("TW*.md")):
        if stale.name not in wanted:
            stale.unlink()
            changed.append(stale)
    for name, text in wanted.items():
        path = directory / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
            changed.append(path)
    return changed
