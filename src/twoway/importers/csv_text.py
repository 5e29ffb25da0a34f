"""What the importers of CSV exports share: the files of an input that are theirs (known by
their header), and the lines of a CSV file for :mod:`csv`, decoded one by one.

``csv.reader`` wants text lines as ``open(newline="")`` gives them.  Decoding line by line (rather
than wrapping the stream in a text decoder) lets a bad byte be reported with its line number, and
keeps a stream from a zip or tar member the only thing in memory.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from twoway.errors import FormatError
from twoway.sources import Bundle, DirBundle, FileBundle

__all__ = ["CsvExport", "CsvLines", "csv_rows"]

_LONE_CR = re.compile(r"(?<=\r)(?!\n)")


class CsvLines:
    """The lines of the UTF-8 file ``stream``, ends kept, as ``open(newline="")`` gives them (a
    lone CR ends a line too), for ``csv.reader``; a byte-order mark at the start is dropped.

    With ``backslash_quotes``, ``\\"`` inside a line becomes ``""`` (LinkedIn escapes quotes the
    backslash way).  A line that is not UTF-8 is given with U+FFFD in place of its bad bytes, so
    the rows around it read as they should, and its number is kept: :func:`csv_rows` reports the
    row that holds it, and only that row is skipped.
    """

    def __init__(self, stream: BinaryIO, *, backslash_quotes: bool = False) -> None:
        self._stream = stream
        self._backslash_quotes = backslash_quotes
        self.not_utf8: list[int] = []
        """The numbers of the lines read so far that are not UTF-8, in order."""

    def __iter__(self) -> Iterator[str]:
        number = 0
        for raw in self._stream:
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                line = raw.decode("utf-8", "replace")
                self.not_utf8.append(number + 1)
            if number == 0 and line.startswith("\ufeff"):
                line = line[1:]
            if self._backslash_quotes and '\\"' in line:
                line = line.replace('\\"', '""')
            if "\r" not in line or (line.endswith("\r\n") and line.count("\r") == 1):
                number += 1
                yield line
            else:
                for part in _LONE_CR.split(line):
                    if part:
                        number += 1
                        yield part


def csv_rows(reader: Any, lines: CsvLines) -> Iterator[tuple[int, int, list[str] | str]]:
    """The rows ``reader`` (a ``csv.reader`` over ``lines``) has left, each as (first line, last
    line, fields).  A row that cannot be read is given with the reason in place of its fields,
    and reading goes on at the next line: a row with bytes that are not UTF-8, or with a field
    past :func:`csv.field_size_limit` (128 KB, far beyond any post: a quote left open)."""
    end = reader.line_num
    not_utf8 = lines.not_utf8  # the list itself: it grows as the lines are read
    while True:
        # A for loop over the reader, resumed after an error, rather than a try and a next() per
        # row: this runs for each of millions of rows, and a for loop's step costs less.
        try:
            for fields in reader:
                start, end = end + 1, reader.line_num
                if not_utf8 and not_utf8[-1] >= start:
                    bad = next(number for number in not_utf8 if number >= start)
                    yield start, end, f"line {bad} is not UTF-8 text; save the file as UTF-8"
                else:
                    yield start, end, fields
            return
        except csv.Error as exc:
            start, end = end + 1, reader.line_num
            yield start, end, f"unreadable CSV ({exc}; a quote left open?)"


class CsvExport:
    """The part of an importer of a CSV export that finds its files: CSV members whose header
    :meth:`header_fits`.  ``what`` names the export in messages; ``hint`` says what to do."""

    what: str
    hint: str

    def header_fits(self, bundle: Bundle, name: str) -> bool:
        raise NotImplementedError

    def csv_files(self, bundle: Bundle) -> list[str]:
        """The members that are CSVs of this export (by their header)."""
        return [name for name in bundle.files(".csv") if self.header_fits(bundle, name)]

    def detect(self, bundle: Bundle) -> bool:
        # A folder is read file by file by the registry, so each CSV in it is found on its own.
        if isinstance(bundle, DirBundle):
            return False
        return bool(self.csv_files(bundle))

    def files_to_read(self, bundle: Bundle) -> list[str]:
        """The files to read: a lone file as given, else the CSV members of this export; none
        raises :class:`~twoway.errors.FormatError`."""
        files = bundle.names() if isinstance(bundle, FileBundle) else self.csv_files(bundle)
        if not files:
            raise FormatError(f"no {self.what} in it", file=bundle.label, hint=self.hint)
        return files
