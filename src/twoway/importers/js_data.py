"""Reading the JavaScript data files of X archives as a stream of records.

An X archive stores each data set as ``window.YTD.tweets.part0 = [ {…}, {…} ]`` (older archives:
``Grailbird.data.tweets_2012_01 = [ … ]``; tweetback keeps it as ``module.exports = [ … ]``).
Files reach hundreds of megabytes, so they are not parsed whole: the pretty-printed array is cut
into batches at element boundaries and each batch is parsed whole.  A JSON string cannot hold
a raw newline, so a line holding just the element indentation and ``},`` is always structural;
every batch is parsed (by msgspec, into the element type the caller names) and so checked, and a batch that fails is parsed element by element so a
single broken record is skipped and reported while the rest is kept.  A file with no line
structure (minified) is parsed whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, BinaryIO

import msgspec

from twoway.errors import FormatError

__all__ = ["iter_js_array"]

_CHUNK = 4 << 20
# msgspec reports bytes that are not UTF-8 and nesting past its depth limit with these, not with
# DecodeError; to a reader of export files they are all "invalid JSON".
_INVALID = (msgspec.DecodeError, UnicodeDecodeError, RecursionError)
_PREFIX = re.compile(
    rb"^\s*(?:(?:window\.)?[A-Za-z_$][\w$]*(?:\.[\w$]+)*\s*=|module\.exports\s*=|var\s+[\w$]+\s*=)?\s*\["
)


class BadRecord:
    """A record that could not be parsed; ``reason`` says why."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


class _Decoders:
    __slots__ = ("many", "one")

    def __init__(self, element_type: Any) -> None:
        # strict=False: numbers written as strings (as X archives do) decode into int fields.
        self.one = msgspec.json.Decoder(element_type, strict=False)
        self.many = msgspec.json.Decoder(list[element_type], strict=False)  # type: ignore[valid-type]


def _parse_each(pieces: list[bytes], decoders: _Decoders) -> Iterator[Any]:
    for piece in pieces:
        try:
            yield decoders.one.decode(piece)
        except msgspec.ValidationError as exc:
            yield BadRecord(f"unexpected content ({exc})")
        except _INVALID as exc:
            yield BadRecord(f"invalid JSON ({exc})")


def iter_js_array(
    stream: BinaryIO, where: str, expect: str, element_type: Any = Any
) -> Iterator[Any]:
    """Yield each element of the JavaScript/JSON array in ``stream``, in order, decoded as
    ``element_type`` (a msgspec-compatible type; ``Any`` gives plain dicts and lists).

    An element that is not valid JSON, or not of ``element_type``, is yielded as a
    :class:`BadRecord` so the caller can report it with its number and go on.  ``expect`` names
    the expected start in the error raised when the file does not start like a data file
    (``window.YTD.tweets.part0 = [``).
    """
    decoders = _Decoders(element_type)
    head = stream.read(_CHUNK)
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    match = _PREFIX.match(head)
    if match is None:
        raise FormatError(
            f"expected `{expect}` at the start",
            file=where,
            hint="is this a file from an X archive? Give twoway the archive zip or its folder",
        )
    buffer = head[match.end() :]
    sep = _separator(buffer)
    while True:
        if sep is not None:
            cut = buffer.rfind(sep)
            if cut > 0:
                batch, buffer = buffer[: cut + len(sep) - 1], buffer[cut + len(sep) :]
                yield from _parse_batch(batch, sep, decoders)
        more = stream.read(_CHUNK)
        if not more:
            break
        buffer += more
        if sep is None:
            sep = _separator(buffer)
    yield from _parse_tail(buffer, sep, where, decoders)


def _separator(buffer: bytes) -> bytes | None:
    """``\\n`` + the indentation of the first element + ``},``: the end of every element but the
    last in a pretty-printed array, or ``None`` when there is no such structure (yet)."""
    match = re.match(rb"\s*?\n([ \t]*)\{", buffer)
    if match is None:
        return None
    return b"\n" + match.group(1) + b"},"


def _split(body: bytes, sep: bytes) -> list[bytes]:
    pieces = body.split(sep)
    return [p + b"}" for p in pieces[:-1]] + [pieces[-1]]


def _parse_batch(batch: bytes, sep: bytes, decoders: _Decoders) -> Iterator[Any]:
    try:
        values = decoders.many.decode(b"[" + batch + b"]")
    except _INVALID:
        yield from _parse_each(_split(batch, sep), decoders)
        return
    yield from values


def _parse_tail(
    buffer: bytes, sep: bytes | None, where: str, decoders: _Decoders
) -> Iterator[Any]:
    tail = buffer.rstrip()
    if tail.endswith(b";"):
        tail = tail[:-1].rstrip()
    if tail.endswith(b"]"):
        body = tail[:-1]
        if not body.strip():
            return
        try:
            values = decoders.many.decode(b"[" + body + b"]")
        except _INVALID as exc:
            if sep is None:
                raise FormatError(
                    f"invalid JSON ({exc})",
                    file=where,
                    hint="the file is damaged; export or copy it again",
                ) from None
            yield from _parse_each(_split(body, sep), decoders)
            return
        yield from values
        return
    # No closing bracket: the file was cut off.  Keep every whole record before the cut.
    if sep is None:
        raise FormatError(
            "the file ends before its closing `]`",
            file=where,
            hint="the file is truncated; export or copy it again",
        )
    pieces = _split(tail, sep)
    yield from _parse_each(pieces[:-1], decoders)
    try:
        last = decoders.one.decode(pieces[-1])
    except _INVALID:
        yield BadRecord("the file ends inside this record (truncated); export or copy it again")
        return
    # The cut fell just after a whole record: keep it, and still report that the rest is missing.
    yield last
    yield BadRecord(
        "the file ends here, before its closing `]` (truncated); export or copy it again"
    )
