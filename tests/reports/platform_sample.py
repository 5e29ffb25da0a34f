"""Hand-made accounts of one owner on several platforms, for the platform-fit tests
(tests/test_platform_fit.py) and its reports, and a sample with hostile names and handles.

Posts and messages come from tests/metrics/builders.py, moved to the platform wanted; times count
from its :data:`~tests.metrics.builders.T0`, a Monday at 09:00 UTC.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from tests.metrics.builders import T0, inbound, labelled, post

from twoway.audit import AccountAudit, audit_account
from twoway.model import Account, Interaction
from twoway.platform_fit import PlatformFit, platform_fit

__all__ = ["EVIL_HANDLE", "EVIL_OWNER", "owner_account", "sample_fit"]

EVIL_OWNER = '<img src=x onerror="window.__pwned=1"> [bold red]Bakery[/]'
"""An owner's name that HTML or Rich markup would run or style, were it not escaped."""
EVIL_HANDLE = "<script>window.__pwned=1</script>[link=file:///etc]x[/]"


def owner_account(
    platform: str,
    handle: str,
    *,
    posts: int,
    two_way: int = 0,
    replies: int | None = None,
    messages: int = 0,
    answered: int = 0,
    people: int | None = None,
    every: timedelta = timedelta(days=1),
) -> AccountAudit:
    """An account of the owner on ``platform``: ``posts`` posts, one per ``every`` from T0, the
    first ``two_way`` of them conversations, each with ``replies`` replies received (None: the
    source gives no count); ``messages`` inbound messages from ``people`` authors (one each by
    default), the first ``answered`` of them answered an hour later by the post of the same
    number."""
    ident = f"{platform}-{handle}"
    labels = []
    for n in range(posts):
        made = post(
            f"{ident}-{n}", at=T0 + n * every, text=f"Fresh bread, day {n}", replies=replies
        )
        made = replace(made, platform=platform, account=handle, account_id=ident)
        labels.append(labelled(made, "conversation" if n < two_way else "information"))
    authors = people or messages or 1
    letters: list[Interaction] = []
    for n in range(messages):
        answer = [f"{ident}-{n}"] if n < answered else []
        at = T0 + n * every - timedelta(hours=1) if n < answered else T0 + timedelta(minutes=n)
        message = inbound(f"{ident}-m{n}", at, answered_by=answer, author=f"fan{n % authors}")
        letters.append(replace(message, platform=platform, account=handle))
    owned = Account(platform=platform, id=ident, handle=handle)
    return audit_account(owned, labels, letters)


def sample_fit() -> PlatformFit:
    """An owner whose audience talks back on Mastodon while most posts go to X, with a Bluesky
    account that gives no figures, and hostile names everywhere a name is shown."""
    return platform_fit(
        [
            owner_account("x", EVIL_HANDLE, posts=40, messages=3),
            owner_account("mastodon", "bakery@social.example", posts=8, messages=41, people=30),
            owner_account("bluesky", "bakery.bsky.social", posts=6),
        ],
        EVIL_OWNER,
    )
