"""Where a live pull finds its secret: an environment variable, else the system keyring.

The variable wins, so that a script or a CI job can pass a secret without touching the keyring:
``TWOWAY_MASTODON_TOKEN`` (an access token with read scope), ``TWOWAY_BLUESKY_APP_PASSWORD``
(an app password).  Otherwise the keyring entry of service ``twoway`` and user
``PLATFORM:WHO`` is read (``python -m keyring set twoway mastodon:name@example.social``).  A
machine without a usable keyring (no backend, a locked or unreachable one) simply has no secret
there: the caller says which variable to set, and no keyring error ever reaches the user.

A secret is only returned, never logged, printed or stored.
"""

from __future__ import annotations

import os

__all__ = ["KEYRING_SERVICE", "keyring_user", "secret"]

KEYRING_SERVICE = "twoway"
"""The keyring service name twoway's secrets are stored under."""


def keyring_user(platform: str, who: str) -> str:
    """The keyring user name of ``who`` on ``platform``: ``mastodon:name@example.social``."""
    return f"{platform}:{who}"


def secret(platform: str, who: str, *, env: str) -> str | None:
    """The secret for ``who`` on ``platform``: the environment variable ``env`` when it is set
    (and not empty), else the system keyring's entry ``twoway`` / ``PLATFORM:WHO``, else
    ``None``."""
    value = os.environ.get(env, "").strip()
    if value:
        return value
    try:
        import keyring

        stored = keyring.get_password(KEYRING_SERVICE, keyring_user(platform, who))
    except Exception:  # no backend, a locked or broken keyring: no secret there
        return None
    if isinstance(stored, str) and stored.strip():
        return stored.strip()
    return None
