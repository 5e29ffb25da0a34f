"""What the classifier says about a post: each label with its confidence and its cues."""

from __future__ import annotations

from dataclasses import dataclass

from twoway.model import Kind, Post

__all__ = ["FLAGS", "INTENTS", "Label", "PostLabels"]

INTENTS: tuple[str, ...] = (
    "conversation",
    "community",
    "promotion",
    "quote",
    "personal",
    "information",
)
"""CODEBOOK.md section 2, in its tie-break order."""

FLAGS: tuple[str, ...] = (
    "asks_question",
    "link_only",
    "mentions_others",
    "follow_begging",
    "automated",
    "duplicate",
)
"""CODEBOOK.md section 3."""


@dataclass(frozen=True, slots=True)
class Label:
    """One decision: its value, the confidence in it (0 to 1), and the cues that decided it in
    words a user can read (``replies to @ana``, ``link and page title only``)."""

    value: str | bool
    confidence: float
    cues: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class PostLabels:
    """Every label of one post (CODEBOOK.md): kind, intent (``None`` for a bare repost) and the
    six flags."""

    post: Post
    kind: Label
    intent: Label | None
    asks_question: Label
    link_only: Label
    mentions_others: Label
    follow_begging: Label
    automated: Label
    duplicate: Label

    @property
    def is_repost(self) -> bool:
        return self.post.kind is Kind.REPOST

    def flag(self, name: str) -> bool:
        """The value of the flag called ``name``."""
        return bool(getattr(self, name).value)
