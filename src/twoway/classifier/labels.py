"""What the classifier says about a post: each label with its confidence and its cues."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from itertools import repeat
from typing import Any, TypeVar

from twoway.model import Kind, Post, _fast_init

__all__ = ["FLAGS", "INTENTS", "Label", "PostLabels"]

_T = TypeVar("_T")

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


@_fast_init  # classify makes one or two per post
@dataclass(frozen=True, slots=True)
class Label:
    """One decision: its value, the confidence in it (0 to 1), and the cues that decided it in
    words a user can read (``replies to @ana``, ``link and page title only``)."""

    value: str | bool
    confidence: float
    cues: tuple[str, ...] = ()

    @classmethod
    def many(cls, **columns: Sequence[Any]) -> list[Label]:
        """One ``Label`` per item of ``columns`` (``value``, ``confidence`` and ``cues``, a value
        each), made as :meth:`PostLabels.many` makes them: classify makes one per post."""
        return _many(cls, columns)


@_fast_init  # classify makes one per post
@dataclass(frozen=True, kw_only=True, slots=True)
class PostLabels:
    """Every label of one post (CODEBOOK.md): kind, intent (``None`` for a bare repost) and the
    six flags; and what of its words the rules cite, which equality ignores."""

    post: Post
    kind: Label
    intent: Label | None
    asks_question: Label
    link_only: Label
    mentions_others: Label
    follow_begging: Label
    automated: Label
    duplicate: Label
    phrases: Mapping[str, str] | None = field(default=None, compare=False, repr=False)
    """The cue phrases of :mod:`twoway.classifier.lexicon` the post says, by cue (``promo`` ->
    ``order now``), as the classifier found them; ``None`` where not known (labels read back
    from a workspace).  Rules cite them."""
    own_words: int | None = field(default=None, compare=False, repr=False)
    """How many words of its own the post has (not links, mentions, hashtags or numbers), as the
    classifier counted them; ``None`` where not known."""

    @classmethod
    def many(cls, **columns: Sequence[Any]) -> list[PostLabels]:
        """One ``PostLabels`` per post, from ``columns``: each field (all of them) with its value
        for each post.  Made field by field: ``map`` stores a field's values through its slot
        (as the ``__init__`` of ``_fast_init`` does), in C, which is twice as fast as an
        ``__init__`` call per post with eleven keywords (classify makes one per post)."""
        return _many(cls, columns)

    @property
    def is_repost(self) -> bool:
        return self.post.kind is Kind.REPOST

    def flag(self, name: str) -> bool:
        """The value of the flag called ``name``."""
        return bool(getattr(self, name).value)


def _many(cls: type[_T], columns: dict[str, Sequence[Any]]) -> list[_T]:
    """One ``cls`` (a frozen slotted dataclass) per item of ``columns``: each field (all of
    them) with its values, stored through the fields' slots by ``map``."""
    names = [spec.name for spec in fields(cls)]  # type: ignore[arg-type]
    if sorted(columns) != sorted(names):
        raise TypeError(f"{cls.__name__}.many needs exactly the fields {names}")
    made = list(map(object.__new__, repeat(cls, len(next(iter(columns.values()))))))
    for name, values in columns.items():
        if len(values) != len(made):
            raise ValueError(
                f"{cls.__name__}.many: {name} has {len(values)} values, not {len(made)}"
            )
        deque(map(cls.__dict__[name].__set__, made, values), maxlen=0)  # (runs the map)
    return made
