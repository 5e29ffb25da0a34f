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

__all__ = ["iter_js_array", "iter_js_batches"]

# Read and parsed 64 KB at a time: the bytes, the records decoded from them and the posts made
# of those stay in the processor's cache; 4 MB batches made reading an X archive 20% slower.
_CHUNK = 64 << 10
_HEAD = 4 << 20  # how far into a file its opening `… = [` is looked for
# msgspec reports bytes that are not UTF-8 and nesting past its depth limit with these, not with
# DecodeError; to a reader of export files they are all "invalid JSON".
_INVALID = (msgspec.DecodeError, UnicodeDecodeError, RecursionError)
_BOM = b"\xef\xbb\xbf"
_OPEN, _CLOSE = ord("["), ord("]")
_FIRST_ELEMENT = re.compile(rb"\s*?\n([ \t]*)\{")
_PREFIX = re.compile(
    rb"^\s*(?:(?:window\.)?[A-Za-z_$][\w$]*(?:\.[\w$]+)*\s*=|module\.exports\s*=|var\s+[\w$]+\s*=)?\s*\["
)


_ELEMENTS = msgspec.json.Decoder(list[msgspec.Raw])
"""An array's elements as they are written, unparsed."""


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
        self.many = msgspec.json.Decoder(list[element_type], strict=False)


def _parse_each(pieces: list[bytes], decoders: _Decoders) -> list[Any]:
    values: list[Any] = []
    for piece in pieces:
        try:
            values.append(decoders.one.decode(piece))
            continue
        except msgspec.ValidationError as exc:
            reason = f"unexpected content ({exc})"
        except _INVALID as exc:
            reason = _invalid(piece, exc)
        # A piece is cut at the `},` that ends an object: an element that is no object (`5,`)
        # shares its piece with the element after it.  Apart, each is read or reported.
        try:
            parts = _ELEMENTS.decode(b"[" + piece + b"]")
        except _INVALID:
            parts = []
        if len(parts) > 1:
            values += _parse_each([bytes(part) for part in parts], decoders)
        else:
            values.append(BadRecord(reason))
    return values


def _invalid(piece: bytes, exc: Exception) -> str:
    """Why a record is not valid JSON: where its bytes stop being UTF-8 (msgspec counts from
    the string it was decoding, which tells the reader nothing), else the parser's words."""
    try:
        piece.decode("utf-8")
    except UnicodeDecodeError as bad:
        return f"not UTF-8 text (byte {bad.start} of the record)"
    return f"invalid JSON ({exc})"


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
    for batch in iter_js_batches(stream, where, expect, element_type):
        yield from batch


def iter_js_batches(
    stream: BinaryIO, where: str, expect: str, element_type: Any = Any
) -> Iterator[list[Any]]:
    """The elements :func:`iter_js_array` yields, as the lists they are decoded in (about 64 KB
    of the file each), for callers that go through millions of elements: a loop over a list
    costs less per element than resuming a generator."""
    decoders = _Decoders(element_type)
    head = stream.read(_CHUNK)
    if _PREFIX.match(head.removeprefix(_BOM)) is None:  # the opening may come after much space
        head += stream.read(_HEAD - len(head))
    head = head.removeprefix(_BOM)
    match = _PREFIX.match(head)
    if match is None:
        raise FormatError(
            f"expected `{expect}` at the start",
            file=where,
            hint="is this a file from an X archive? Give twoway the archive zip or its folder",
        )
    # The bytes not parsed yet, after the `[` that opens the array, which is kept in front: each
    # batch is parsed where it lies, as `[` + its elements + `]` (the `,` after its last element
    # overwritten), so no byte is copied again once read.  Dropping a parsed batch from the
    # front of a bytearray moves its start, not its contents.
    buffer = bytearray(head[match.end() - 1 :])
    sep = _separator(buffer)
    searched = 1  # buffer[:searched] holds no separator: the search for the last one starts there
    while True:
        if sep is not None:
            cut = buffer.rfind(sep, max(1, searched - len(sep) + 1))
            searched = len(buffer)
            if cut > 1:
                end = cut + len(sep) - 1  # the `,` after the last whole element
                buffer[end] = _CLOSE
                yield _parse_batch(buffer, end, sep, decoders)
                del buffer[:end]
                buffer[0] = _OPEN
                searched = len(buffer)
        more = stream.read(_CHUNK)
        if not more:
            break
        buffer += more
        if sep is None:
            sep = _separator(buffer)
    with memoryview(buffer) as rest:
        tail = _parse_tail(bytes(rest[1:]), sep, where, decoders)
    if tail:
        yield tail


def _separator(buffer: bytearray) -> bytes | None:
    """``\\n`` + the indentation of the first element + ``},``: the end of every element but the
    last in a pretty-printed array, or ``None`` when there is no such structure (yet)."""
    match = _FIRST_ELEMENT.match(buffer, 1)
    if match is None:
        return None
    return b"\n" + match.group(1) + b"},"


def _split(body: bytes, sep: bytes) -> list[bytes]:
    pieces = body.split(sep)
    return [p + b"}" for p in pieces[:-1]] + [pieces[-1]]


def _parse_batch(buffer: bytearray, end: int, sep: bytes, decoders: _Decoders) -> list[Any]:
    """Parse ``buffer[: end + 1]``: ``[``, whole elements, ``]``.  The values decoded hold
    copies (an element type must not use ``msgspec.Raw``, which would point into the buffer)."""
    with memoryview(buffer) as whole, whole[: end + 1] as batch:
        try:
            values: list[Any] = decoders.many.decode(batch)
        except _INVALID:
            return _parse_each(_split(bytes(batch[1:-1]), sep), decoders)
    return values


def _parse_tail(buffer: bytes, sep: bytes | None, where: str, decoders: _Decoders) -> list[Any]:
    tail = buffer.rstrip()
    if tail.endswith(b";"):
        tail = tail[:-1].rstrip()
    if tail.endswith(b"]"):
        body = tail[:-1]
        if not body.strip():
            return []
        whole = b"[" + body + b"]"
        try:
            values: list[Any] = decoders.many.decode(whole)
        except _INVALID as exc:
            if sep is not None:
                return _parse_each(_split(body, sep), decoders)
            # No line structure to cut at: the array is cut into its elements by msgspec, which
            # skips over them unchecked (bytes that are not UTF-8 included), so a record of the
            # wrong shape is skipped on its own.  Only JSON that is broken between the elements
            # leaves no way to tell them apart.
            try:
                elements = _ELEMENTS.decode(whole)
            except _INVALID:
                raise FormatError(
                    f"invalid JSON ({exc})",
                    file=where,
                    hint="the file is damaged; export or copy it again",
                ) from None
            return _parse_each([bytes(element) for element in elements], decoders)
        return values
    # No closing bracket: the file was cut off.  Keep every whole record before the cut.
    if sep is None:
        raise FormatError(
            "the file ends before its closing `]`",
            file=where,
            hint="the file is truncated; export or copy it again",
        )
    pieces = _split(tail, sep)
    values = _parse_each(pieces[:-1], decoders)
    try:
        values.append(decoders.one.decode(pieces[-1]))
    except _INVALID:
        values.append(
            BadRecord("the file ends inside this record (truncated); export or copy it again")
        )
        return values
    # The cut fell just after a whole record: keep it, and still report that the rest is missing.
    values.append(
        BadRecord("the file ends here, before its closing `]` (truncated); export or copy it again")
    )
    return values
