"""Live pulls: an account's posts and the messages people sent it, fetched from the platform's
API into a workspace (``twoway pull mastodon NAME@INSTANCE``, ``twoway pull bluesky HANDLE``;
docs/pull.md).

A pull stores what it fetches page by page, each page with the pull's state in ONE transaction
(:meth:`twoway.store.Workspace.store_pulled`), so that:

- the next pull fetches only what is new (each stream keeps the newest id it has stored);
- an interrupted pull (a dropped connection, a server that keeps failing, Ctrl-C) loses at most
  the page in flight, and the next pull goes on from where it stopped, storing nothing twice.

The pieces shared by the platforms: :mod:`twoway.pull.http` (requests, rate limits, tries again,
errors), :mod:`twoway.pull.credentials` (secrets from the environment or the keyring).  Each
platform module has a ``pull(who, workspace, *, base_url, transport, sleep, progress)`` that
gives a :class:`PullResult`; :func:`pull` picks the module and labels the pulled account's posts
at the end.

``progress``, when given, is called with a short line saying what the pull is doing (``statuses:
page 3, 120 posts``), for a status line; it is never given a secret.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING

from twoway.importers import ReadReport

if TYPE_CHECKING:
    import httpx

    from twoway.store import Workspace

__all__ = ["PLATFORMS", "PullProgress", "PullResult", "pull"]

PLATFORMS = ("bluesky", "mastodon")
"""The platforms :func:`pull` can pull from."""

PullProgress = Callable[[str], None]
"""Told, in a short line, what the pull is doing."""


@dataclass(frozen=True, kw_only=True, slots=True)
class PullResult:
    """What a pull added to the workspace."""

    platform: str
    account: str
    """The account pulled, as stored (``name@instance``, a Bluesky handle)."""
    posts_added: int
    interactions_added: int
    """Inbound messages (mentions, replies, quotes by others) added."""
    pages: int
    """Pages of results fetched."""
    requests: int
    """HTTP requests sent, tries again included."""
    account_key: tuple[str, str] | None = None
    """The account's key in the workspace, ``(platform, id or handle)``; when ``None``,
    :func:`pull` finds the stored accounts of ``platform`` whose handle is ``account``."""
    report: ReadReport = field(default_factory=ReadReport)
    """Records skipped (a status without a time, say) and warnings, as an import reports them."""

    @property
    def up_to_date(self) -> bool:
        """Whether the pull found nothing new."""
        return self.posts_added == 0 and self.interactions_added == 0


def pull(
    platform: str,
    who: str,
    workspace: Workspace,
    *,
    base_url: str | None = None,
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] = time.sleep,
    progress: PullProgress | None = None,
) -> PullResult:
    """Pull ``who`` from ``platform`` (one of :data:`PLATFORMS`) into ``workspace``: what is new
    since the last pull, or everything the first time; then label the account's new posts.

    ``base_url`` overrides the server (a Mastodon instance's address, a Bluesky PDS);
    ``transport`` and ``sleep`` replace the network and the waiting (tests).  Raises
    :class:`~twoway.errors.PullError` (or :class:`~twoway.errors.PullAuthError`) with one line
    saying what to do; what was stored before the error stays stored."""
    if platform not in PLATFORMS:
        from twoway.errors import InputError

        raise InputError(
            f"cannot pull from {platform!r}", hint=f"pull from one of: {', '.join(PLATFORMS)}"
        )
    module = import_module(f"twoway.pull.{platform}")
    result: PullResult = module.pull(
        who,
        workspace,
        base_url=base_url,
        transport=transport,
        sleep=sleep,
        progress=progress,
    )
    if result.account_key is not None:
        keys = [result.account_key]
    else:
        from twoway.store.rows import key_of

        keys = [
            key_of(a)
            for a in workspace.accounts()
            if a.platform == platform and a.handle == result.account
        ]
    if progress is not None:
        progress("labelling the posts")
    # Labels the pages stored unlabelled, by this pull or by one interrupted before it.
    workspace.refresh_labels(keys)
    return result
