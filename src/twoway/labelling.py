"""Every post of some inputs (or some bare texts) with its labels and the post rules it trips:
the library side of ``twoway classify``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from twoway.classifier import classify
from twoway.classifier.labels import PostLabels
from twoway.dataset import PathArg, load
from twoway.drafts import draft_post
from twoway.rules import Hit, check_post
from twoway.sources import Progress

__all__ = ["LabelledPost", "label_paths", "label_posts", "label_texts"]


@dataclass(frozen=True, slots=True)
class LabelledPost:
    """A post's labels and the post rules it trips."""

    labels: PostLabels
    hits: tuple[Hit, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(hit.code for hit in self.hits)


def label_posts(posts: Sequence[PostLabels] | Sequence[object]) -> list[LabelledPost]:
    """Classify posts (all of an account's together) and check them against the post rules."""
    return [LabelledPost(labels, tuple(check_post(labels))) for labels in classify(posts)]  # type: ignore[arg-type]


def label_paths(
    paths: PathArg | Sequence[PathArg],
    *,
    account: str | None = None,
    progress: Progress | None = None,
) -> list[LabelledPost]:
    """Every post of ``paths``, labelled."""
    return label_posts(load(paths, account=account, progress=progress).posts)


def label_texts(texts: Iterable[str], *, source: str = "<texts>") -> list[LabelledPost]:
    """Bare texts, one post each, numbered from 1 (the ``id``); a blank text is no post (it
    keeps its number, so ids stay the line numbers of a file)."""
    posts = [
        draft_post(text, id=str(number), source=source, record=number)
        for number, text in enumerate(texts, 1)
        if text.strip()
    ]
    return label_posts(posts)
