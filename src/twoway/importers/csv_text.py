"""What the importers of CSV exports share: the files of an input that are theirs (known by
their header), and the lines of a CSV file for :mod:`csv`, decoded one by one.

``csv.reader`` wants text lines as ``open(newline="")`` gives them.  Decoding line by line (rather
than wrapping the stream in a text decoder) lets a bad byte be reported with its line number, and
keeps a stream from a zip or tar member the only thing in memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from twoway.errors import FormatError
from twoway.sources import Bundle, DirBundle, FileBundle

__all__ = ["CsvExport", "text_lines"]

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
