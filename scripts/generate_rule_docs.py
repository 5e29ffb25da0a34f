"""Write docs/rules/ from the rule registry: one page per rule and an index.

    python scripts/generate_rule_docs.py          # write the pages that changed
    python scripts/generate_rule_docs.py --check  # exit 1, listing them, when docs/rules is stale

Edit the rule in src/twoway/rules/, never the generated pages.
"""

from __future__ import annotations

import sys
from pathlib import Path

from twoway.rules.docs import generate, pages

DOCS = Path(__file__).resolve().parents[1] / "docs" / "rules"


def stale(directory: Path) -> list[str]:
    """Names of the files in ``directory`` that differ from what the registry says."""
    wanted = pages()
    present = {path.name for path in directory.glob("*.md")} if directory.is_dir() else set()
    names = sorted(present | set(wanted))
    return [
        name
        for name in names
        if name not in wanted
        or name not in present
        or (directory / name).read_text(encoding="utf-8") != wanted[name]
    ]


def main(argv: list[str]) -> int:
    if argv == ["--check"]:
        names = stale(DOCS)
        for name in names:
            print(f"stale: docs/rules/{name}")
        if names:
            print("run `python scripts/generate_rule_docs.py` to regenerate docs/rules")
        return 1 if names else 0
    if argv:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    for path in generate(DOCS):
        print(
            f"wrote {path.relative_to(DOCS.parents[1])}"
            if path.exists()
            else f"removed {path.name}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
