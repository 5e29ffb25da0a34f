"""The lines of a CSV file for :mod:`csv`, decoded one by one, for the importers of CSV exports.

``csv.reader`` wants text lines as ``open(newline="")`` gives them.  Decoding line by line (rather
than wrapping the stream in a text decoder) lets a bad byte be reported with its line number, and
keeps a stream from a zip or tar member the only thing in memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from twoway.errors import FormatError

__all__ = ["text_lines"]

_LONE_CR = re.compile(r"(?<=\r)(?!\n)")


def text_lines(
    stream: BinaryIO, where: str, *, hint: str, backslash_quotes: bool = False
) -> Iterator[str]:
    """The lines of the UTF-8 file ``stream``, ends kept, as ``open(newline="")`` gives them (a
    lone CR ends a line too); a byte-order mark at the start is dropped.

    With ``backslash_quotes``, ``\\"`` inside a line becomes ``""`` (LinkedIn escapes quotes the
    backslash way).  A line that is not UTF-8 raises :class:`~twoway.errors.FormatError` naming
    ``where`` and the line, with ``hint`` saying what to do.
    """
    number = 0
    for raw in stream:
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise FormatError(
                f"not UTF-8 text (line {number + 1})", file=where, hint=hint
            ) from None
        if number == 0 and line.startswith("\ufeff"):
            line = line[1:]
        if backslash_quotes and '\\"' in line:
            line = line.replace('\\"', '""')
        if "\r" not in line or (line.endswith("\r\n") and line.count("\r") == 1):
            number += 1
            yield line
        else:
            for part in _LONE_CR.split(line):
                if part:
                    number += 1
                    yield part
