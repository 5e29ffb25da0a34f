"""Fixtures of the live pull tests: every test runs with an empty in-memory keyring (a real
keyring backend, so that no test reads or writes the machine's keyring) and without the secrets'
environment variables."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from tests.pull.memory_keyring import MemoryKeyring


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    """An empty in-memory keyring in place of the system's, and no secrets in the environment."""
    for name in ("TWOWAY_MASTODON_TOKEN", "TWOWAY_BLUESKY_APP_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(before)


@pytest.fixture
def waits() -> list[float]:
    """Collects the waits a pull asks for (pass ``sleep=waits.append``): nothing really sleeps."""
    return []
