"""Where a pull finds its secret: the environment variable, else the keyring; a keyring that
cannot be used is no secret, never an error."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import fail
from keyring.errors import KeyringLocked
from tests.pull.memory_keyring import MemoryKeyring

from twoway.pull.credentials import secret

ENV = "TWOWAY_MASTODON_TOKEN"
WHO = "cornerbakery@bakery.example"


def test_the_keyring_entry_twoway_platform_who(memory_keyring: MemoryKeyring) -> None:
    memory_keyring.set_password("twoway", f"mastodon:{WHO}", "from-the-keyring")
    assert secret("mastodon", WHO, env=ENV) == "from-the-keyring"
    assert secret("mastodon", "someone@else.example", env=ENV) is None
    assert secret("bluesky", WHO, env="TWOWAY_BLUESKY_APP_PASSWORD") is None


def test_the_environment_variable_wins(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    memory_keyring.set_password("twoway", f"mastodon:{WHO}", "from-the-keyring")
    monkeypatch.setenv(ENV, "  from-the-environment\n")
    assert secret("mastodon", WHO, env=ENV) == "from-the-environment"


def test_an_empty_variable_falls_back_to_the_keyring(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    memory_keyring.set_password("twoway", f"mastodon:{WHO}", "from-the-keyring")
    monkeypatch.setenv(ENV, "")
    assert secret("mastodon", WHO, env=ENV) == "from-the-keyring"


def test_set_through_keyrings_own_api(memory_keyring: MemoryKeyring) -> None:
    keyring.set_password("twoway", f"mastodon:{WHO}", "set-like-the-cli-does")
    assert memory_keyring.passwords == {("twoway", f"mastodon:{WHO}"): "set-like-the-cli-does"}
    assert secret("mastodon", WHO, env=ENV) == "set-like-the-cli-does"


class LockedKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("the keyring is locked")


class BrokenKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise OSError("D-Bus is not running")


@pytest.mark.parametrize(
    "backend", [fail.Keyring(), LockedKeyring(), BrokenKeyring()], ids=["none", "locked", "broken"]
)
def test_an_unusable_keyring_is_no_secret(backend: keyring.backend.KeyringBackend) -> None:
    keyring.set_keyring(backend)
    assert secret("mastodon", WHO, env=ENV) is None
