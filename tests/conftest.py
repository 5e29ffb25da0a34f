"""Fixtures shared by every test folder (helpers to import are in support.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import make_zip, x_archive_members


@pytest.fixture
def x_archive_zip(tmp_path: Path) -> Path:
    """A complete small X archive: tweets in two parts, a long note-tweet, account and manifest."""
    return make_zip(
        tmp_path / "twitter-2023-01-01.zip",
        x_archive_members(
            "tweets.js", "tweets-part1.js", "note-tweet.js", "account.js", "manifest.js"
        ),
    )
