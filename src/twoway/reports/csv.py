"""Per-post labels as CSV (``twoway classify --out``, ``twoway audit --csv``).

Cells that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return) are neutralised with a leading apostrophe, so a post's text can never run
as a formula when the file is opened (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Sequence

from twoway.classifier.labels import FLAGS, PostLabels
from twoway.output import atomic_output

__all__ = ["LABEL_COLUMNS", "neutralise", "write_labels"]

LABEL_COLUMNS: tuple[str, ...] = (
    "platform",
    "account",
    "id",
    "kind",
    "intent",
    "intent_confidence",
    *FLAGS,
    "rules",
)
"""The columns of ``twoway classify --out``; the audit's CSV adds ``created_at``, ``url`` and
``text`` after them."""

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """``value`` as a CSV cell that no spreadsheet evaluates."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def _row(labels: PostLabels, rules: Sequence[str], extra: bool) -> list[str]:
    post = labels.post
    intent = labels.intent
    row = [
        post.platform,
        post.account,
        post.id,
        str(labels.kind.value),
        "" if intent is None else str(intent.value),
        "" if intent is None else f"{intent.confidence:.3f}",
        *("true" if labels.flag(name) else "false" for name in FLAGS),
        " ".join(rules),
    ]
    if extra:
        row += [post.created_at.isoformat().replace("+00:00", "Z"), post.url or "", post.text]
    return [neutralise(cell) for cell in row]


def write_labels(
    rows: Iterable[tuple[PostLabels, Sequence[str]]],
    path: str | os.PathLike[str],
    *,
    with_text: bool = False,
) -> int:
    """Write one row per post: its labels and the codes of the post rules it trips.
    ``with_text`` adds ``created_at``, ``url`` and ``text``.  Returns the row count."""
    header = list(LABEL_COLUMNS) + (["created_at", "url", "text"] if with_text else [])
    count = 0
    with atomic_output(path) as partial, partial.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        for labels, codes in rows:
            writer.writerow(_row(labels, codes, with_text))
            count += 1
    return count
