"""Hand-made posts, labels and inbound messages for the coaching tests.

Labels are built directly (not by the classifier) so each test states what every post is.  The
account is ``millbakes`` on X; times count in hours from :data:`T0`, a Monday at 09:00 UTC.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.metrics.builders import labelled

from twoway.links import make_link
from twoway.model import Interaction, Kind, Post, Provenance

__all__ = ["HANDLE", "T0", "hours", "labelled", "message", "post"]

HANDLE = "millbakes"
T0 = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)
_PROVENANCE = Provenance(file="<test>", record=1, importer="test", version="1")


def hours(n: float) -> datetime:
    """``n`` hours after :data:`T0`."""
    return T0 + timedelta(hours=n)


def post(
    id: str,
    text: str = "Fresh bread today",
    *,
    kind: Kind = Kind.ORIGINAL,
    at: datetime | None = None,
    links: Sequence[str] = (),
    hashtags: Sequence[str] = (),
    mentions: Sequence[str] = (),
    **fields: Any,
) -> Post:
    """A post of ``millbakes``, dated ``int(id)`` hours after :data:`T0` unless ``at`` is given,
    with a web address as X gives it."""
    return Post(
        platform="x",
        account=HANDLE,
        account_id="m1",
        id=id,
        created_at=at if at is not None else hours(int(id)),
        text=text,
        kind=kind,
        provenance=_PROVENANCE,
        url=f"https://x.com/{HANDLE}/status/{id}",
        links=tuple(make_link(url) for url in links),
        hashtags=tuple(hashtags),
        mentions=tuple(mentions),
        **fields,
    )


def message(
    id: str,
    at: datetime,
    *,
    answered_by: Sequence[str] = (),
    in_reply_to: str | None = None,
    author: str = "ana",
    platform: str = "x",
    text: str = "@millbakes are you open on Sunday?",
) -> Interaction:
    """An inbound message to ``millbakes``."""
    return Interaction(
        platform=platform,
        account=HANDLE,
        id=id,
        author=author,
        author_id=f"id-{author}",
        created_at=at,
        text=text,
        type="reply" if in_reply_to else "mention",
        provenance=_PROVENANCE,
        in_reply_to=in_reply_to,
        answered_by=tuple(answered_by),
    )
