"""Every post of some inputs (or some bare texts) with its labels and the post rules it trips:
the library side of ``twoway classify``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from twoway.classifier import classify
from twoway.classifier.labels import PostLabels
from twoway.dataset import PathArg, load
from twoway.drafts import draft_post
from twoway.errors import InputError
from twoway.importers import ReadReport
from twoway.rules import Hit, check_post
from twoway.sources import Progress

__all__ = ["LabelledPost", "label_paths", "label_posts", "label_texts", "read_texts"]


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


_TEXTS_HINT = "give a UTF-8 text file with one post per line"


def read_texts(path: Path, report: ReadReport) -> list[str]:
    """The lines of a file of bare texts, for :func:`label_texts`: line n is text n.

    Lines end at a line feed, a carriage return or both (``bytes.splitlines``), never inside a
    text at another Unicode line separator, so the numbers are the line numbers an editor shows.
    A line that is not UTF-8 is reported in ``report`` and given as blank (no post; the numbers
    of the rest stay).  A file that holds no text, or is binary (a NUL byte), or whose every
    line is not UTF-8, raises :class:`~twoway.errors.InputError`.
    """
    where = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", file=where) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("is UTF-16 text", file=where, hint="save it as UTF-8")
    if b"\0" in raw:
        raise InputError("is a binary file, not text", file=where, hint=_TEXTS_HINT)
    texts: list[str] = []
    bad = 0
    for number, line in enumerate(raw.removeprefix(b"\xef\xbb\xbf").splitlines(), 1):
        try:
            texts.append(line.decode("utf-8"))
        except UnicodeDecodeError as exc:
            report.skip_record(where, number, f"line {number} is not UTF-8 text (byte {exc.start})")
            texts.append("")
            bad += 1
    if not any(text.strip() for text in texts):
        problem = "is not UTF-8 text" if bad else "holds no text"
        raise InputError(problem, file=where, hint=_TEXTS_HINT)
    return texts
