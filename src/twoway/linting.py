"""Linting a draft before it is posted (``twoway check``): the draft as a post
(:func:`~twoway.drafts.draft_post`), its labels (:func:`~twoway.classifier.classify`), and the
post rules' hits (:func:`~twoway.rules.check_post`), each with its rewrite suggestion.

A draft has no account around it, so the rules that need an account's history
(``automated-post``, ``duplicate-post``) never fire here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from twoway.classifier import classify
from twoway.drafts import draft_post
from twoway.errors import InputError
from twoway.rules import Hit, at_least, check_post

__all__ = ["decode_draft", "fails", "hit_record", "hits_json", "lint", "read_draft"]


def lint(text: str, *, source: str = "<text>", lang: str | None = None) -> list[Hit]:
    """The post rules ``text`` breaks, by code.  An empty draft is an :class:`InputError`."""
    if not text.strip():
        raise InputError("the draft is empty", file=source, hint="give the text of a post to check")
    labels = classify([draft_post(text, source=source, lang=lang)])[0]
    return check_post(labels)


def fails(hits: list[Hit], threshold: str) -> bool:
    """Whether any hit is at ``threshold`` level or above."""
    return any(at_least(hit.level, threshold) for hit in hits)


def hit_record(hit: Hit) -> dict[str, object]:
    """A hit as plain data (``twoway check --format json``)."""
    return {
        "code": hit.code,
        "name": hit.name,
        "level": hit.level,
        "category": hit.rule.category,
        "message": hit.message,
        "suggestion": hit.suggestion,
        "evidence": hit.evidence,
    }


_UNSAFE_IN_JSON = re.compile(r"[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def hits_json(hits: list[Hit]) -> str:
    """The hits as a JSON list.  Besides the control characters JSON always escapes, C1 controls
    and bidi overrides from the draft are written as ``\\uXXXX`` escapes, so the text is safe to
    print on a terminal and reads back the same."""
    text = json.dumps([hit_record(hit) for hit in hits], ensure_ascii=False, indent=2)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def decode_draft(raw: bytes, source: str) -> str:
    """A draft's bytes (a file, standard input, an argument) as text: UTF-8, a byte-order mark
    dropped.  Bytes that are not UTF-8 are an :class:`InputError`, never checked as they came."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"is not UTF-8 text (byte {exc.start})", file=source, hint="save the draft as UTF-8"
        ) from None


def read_draft(path: Path) -> str:
    """The text of a draft saved in a file (UTF-8)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror})", file=str(path)) from None
    return decode_draft(raw, str(path))
