"""The example archive in examples/: made by scripts/make_example.py, and read cleanly."""

from __future__ import annotations

import html
import importlib.util
import json
import sys
import zipfile
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from twoway import Account, load

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "make_example.py"
EXAMPLE = ROOT / "examples" / "corner-bakery-x-archive.zip"


@pytest.fixture(scope="module")
def make_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_example", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def test_committed_example_is_what_the_script_makes(
    make_example: ModuleType, tmp_path: Path
) -> None:
    made = make_example.write_example(tmp_path / "example.zip")
    assert made.read_bytes() == EXAMPLE.read_bytes(), (
        "examples/ is stale: run `python scripts/make_example.py` and commit the zip"
    )


def test_example_is_small_and_holds_the_current_layout() -> None:
    assert EXAMPLE.stat().st_size < 200_000
    with zipfile.ZipFile(EXAMPLE) as archive:
        assert archive.namelist() == ["data/account.js", "data/manifest.js", "data/tweets.js"]
        head = archive.read("data/tweets.js")[:60].decode()
    assert head.startswith('window.YTD.tweets.part0 = [\n  {\n    "tweet" : {\n')


def test_example_reads_with_nothing_skipped() -> None:
    data = load(EXAMPLE)
    assert data.accounts == [
        Account(
            platform="x",
            id="1128192416745644033",
            handle="cornerbakeryco",
            display_name="The Corner Bakery",
        )
    ]
    assert data.report.skipped_record_count == 0
    assert data.report.skipped_files == []
    assert data.report.warnings == []
    assert Counter(p.kind.value for p in data.posts) == {
        "original": 315,
        "repost": 50,
        "reply": 29,
        "thread": 13,
        "quote": 13,
    }
    assert Counter(p.client for p in data.posts) == {
        "Buffer": 188,
        "Twitter for iPhone": 144,
        "Twitter Web App": 56,
        "IFTTT": 32,
    }
    months = sorted({p.created_at.strftime("%Y-%m") for p in data.posts})
    assert (months[0], months[-1], len(months)) == ("2024-03", "2025-10", 20)


def test_example_entities_point_at_their_text() -> None:
    with zipfile.ZipFile(EXAMPLE) as archive:
        raw = archive.read("data/tweets.js").decode()
    for element in json.loads(raw[raw.index("[") :]):
        tweet = element["tweet"]
        text = html.unescape(tweet["full_text"])
        entities = tweet["entities"]
        for kind, shown in [
            ("hashtags", lambda e: "#" + e["text"]),
            ("user_mentions", lambda e: "@" + e["screen_name"]),
            ("urls", lambda e: e["url"]),
            ("media", lambda e: e["url"]),
        ]:
            for entity in entities.get(kind, []):
                start, end = (int(i) for i in entity["indices"])
                assert text[start:end] == shown(entity), (tweet["id_str"], kind)
