"""Hand-made labelled posts and inbound messages for the metrics tests.

Labels are built directly (not by the classifier) so each test states exactly what every post is.
Times are UTC, from :data:`T0`, a Monday at 09:00.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from twoway.classifier.labels import Label, PostLabels
from twoway.model import Interaction, Kind, Link, Post, Provenance

__all__ = ["T0", "inbound", "labelled", "minutes", "post", "web_link"]

T0 = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)
"""Monday 4 March 2024, 09:00 UTC."""

_PROVENANCE = Provenance(file="<test>", record=1, importer="test", version="1")


def minutes(n: float) -> datetime:
    """``n`` minutes after :data:`T0`."""
    return T0 + timedelta(minutes=n)


def web_link(url: str = "https://example.org/page") -> Link:
    return Link(url=url, domain="example.org")


def post(
    id: str,
    *,
    kind: Kind = Kind.ORIGINAL,
    at: datetime = T0,
    text: str = "Fresh bread today",
    **fields: Any,
) -> Post:
    """A post of the account ``bakery`` (id ``b1``) on X."""
    return Post(
        platform="x",
        account="bakery",
        account_id="b1",
        id=id,
        created_at=at,
        text=text,
        kind=kind,
        provenance=_PROVENANCE,
        **fields,
    )


def labelled(
    the_post: Post,
    intent: str | None = "information",
    *,
    question: bool = False,
    link_only: bool = False,
    mentions_others: bool | None = None,
    follow_begging: bool = False,
    automated: bool = False,
    duplicate: bool = False,
) -> PostLabels:
    """``the_post`` with the labels given (a repost gets no intent whatever ``intent`` says);
    ``mentions_others`` is, unless given, whether the post names anyone."""
    if the_post.kind is Kind.REPOST:
        intent = None
    return PostLabels(
        post=the_post,
        kind=Label(the_post.kind.value, 1.0),
        intent=None if intent is None else Label(intent, 1.0),
        asks_question=Label(question, 1.0),
        link_only=Label(link_only, 1.0),
        mentions_others=Label(
            bool(the_post.mentions) if mentions_others is None else mentions_others, 1.0
        ),
        follow_begging=Label(follow_begging, 1.0),
        automated=Label(automated, 1.0),
        duplicate=Label(duplicate, 1.0),
    )


def inbound(
    id: str,
    at: datetime,
    *,
    answered_by: Sequence[str] = (),
    in_reply_to: str | None = None,
    author: str = "customer",
) -> Interaction:
    """A mention of ``bakery`` by ``author``."""
    return Interaction(
        platform="x",
        account="bakery",
        id=id,
        author=author,
        author_id=f"id-{author}",
        created_at=at,
        text="@bakery are you open today?",
        type="mention",
        provenance=_PROVENANCE,
        in_reply_to=in_reply_to,
        answered_by=tuple(answered_by),
    )
