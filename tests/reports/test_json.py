"""The JSON report is documented: every key it writes is in docs/report-json.md, and the
document's example has the report's shape and version."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from tests.reports.sample import sample_report

from twoway.audit import SCHEMA_VERSION
from twoway.reports.json import dumps, report_json

DOCS = Path(__file__).resolve().parents[2] / "docs" / "report-json.md"


def key_paths(value: Any, prefix: str = "") -> Iterator[str]:
    """Every key path of a JSON value (list items as ``[]``), not going into ``metrics`` (whose
    keys docs/metrics.md documents)."""
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            yield path
            if key != "metrics":
                yield from key_paths(item, path)
    elif isinstance(value, list):
        for item in value:
            yield from key_paths(item, f"{prefix}[]")


def written() -> dict[str, Any]:
    return orjson.loads(dumps(sample_report()))  # type: ignore[no-any-return]


def documented_example() -> dict[str, Any]:
    blocks = re.findall(r"^```json\n(.*?)^```", DOCS.read_text(encoding="utf-8"), re.M | re.S)
    return orjson.loads(blocks[-1])  # type: ignore[no-any-return]


def test_the_sample_fills_every_list_so_every_key_is_written() -> None:
    report = written()
    assert report["accounts"]
    account = report["accounts"][0]
    for key in ("findings", "recommendations", "cue_cards", "missed_conversations"):
        assert account[key], key
    assert account["findings"][0]["evidence"]
    assert account["recommendations"][0]["evidence"]


def test_every_top_level_and_account_key_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    report = report_json(sample_report())
    assert set(report) == {
        "schema_version", "generated_at", "inputs", "window", "time_zone", "accounts",
    }  # fmt: skip
    keys = {path.rsplit(".", 1)[-1] for path in key_paths(written())}
    missing = sorted(key for key in keys if f"`{key}`" not in text)
    assert missing == []


def test_the_documented_example_has_the_shape_of_the_report() -> None:
    example = set(key_paths(documented_example()))
    report = set(key_paths(written()))
    assert example <= report
    # A finding's evidence has a recommendation's shape; the example leaves it empty, as the
    # audit does.
    assert {path for path in report if ".findings[].evidence[]" not in path} <= example


def test_the_documented_example_is_of_the_current_version() -> None:
    example = documented_example()
    assert example["schema_version"] == SCHEMA_VERSION
    account = example["accounts"][0]
    assert sum(part["points"] for part in account["score"]["parts"]) == account["score"]["value"]
    rows = re.findall(r"^\| (\d+) \|", DOCS.read_text(encoding="utf-8"), re.M)
    assert rows[-1] == str(SCHEMA_VERSION), "the compatibility table does not name this version"


def test_the_caveat_of_a_thin_account() -> None:
    report = sample_report()
    assert report_json(report)["accounts"][0]["caveat"] is None
    account = report.accounts[0]
    account.metrics = {**account.metrics, "posts": {"count": 2}}
    assert report_json(report)["accounts"][0]["caveat"] == (
        "Only 2 posts: too few to judge habits (the account rules need 20), so read the score and the "
        "archetype as a first impression, not a verdict."
    )
