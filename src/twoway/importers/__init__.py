"""Importers: one module per export format, and the registry that picks one for a path.

Each importer is an object with ``name``, ``platform``, ``version``, ``description``, a
``detect(bundle) -> bool`` that looks only at member names and a few bytes, and a
``read(bundle, report)`` generator that yields :class:`~twoway.model.Account`,
:class:`~twoway.model.Post` and :class:`~twoway.model.Interaction` records as it streams through
the files.  A bad record is handed to ``report.skip_record`` and reading goes on; a file that
cannot be read at all raises :class:`~twoway.errors.InputError`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from twoway.errors import UnknownFormatError
from twoway.model import Account, Interaction, Post
from twoway.sources import Bundle, DirBundle, Progress, open_bundle, shown_name

__all__ = [
    "IMPORTERS",
    "Importer",
    "ReadReport",
    "Record",
    "SkippedRecord",
    "detect",
    "read",
]

Record = Account | Post | Interaction


@dataclass(frozen=True, slots=True)
class SkippedRecord:
    """A record that could not be read: where, which (1-based), and why."""

    file: str
    record: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file} record {self.record}: {self.reason}; skipped"


@dataclass
class ReadReport:
    """What happened while reading: files used and skipped, records skipped, and warnings.

    ``progress``, when set, is called with byte counts as the big files are read.
    """

    progress: Progress | None = None
    inputs: list[tuple[str, str]] = field(default_factory=list)
    """(input path, importer name) for every input read."""
    files_read: list[str] = field(default_factory=list)
    skipped_files: list[tuple[str, str]] = field(default_factory=list)
    skipped_records: list[SkippedRecord] = field(default_factory=list)
    skipped_record_count: int = 0
    warnings: list[str] = field(default_factory=list)

    MAX_KEPT = 1000
    """Skipped records beyond this many are counted but not kept one by one."""

    def skip_record(self, file: str, record: int, reason: str) -> None:
        """Note a record that is skipped, and go on."""
        self.skipped_record_count += 1
        if len(self.skipped_records) < self.MAX_KEPT:
            self.skipped_records.append(SkippedRecord(file, record, reason))

    def skip_file(self, file: str, reason: str) -> None:
        """Note a file that is not read, and why."""
        self.skipped_files.append((file, reason))

    def warn(self, message: str) -> None:
        """Note something the user should know that does not stop the read."""
        if message not in self.warnings:
            self.warnings.append(message)


class Importer(Protocol):
    """What every importer module provides (as a module-level ``IMPORTER`` object)."""

    name: str
    platform: str
    version: str
    description: str

    def detect(self, bundle: Bundle) -> bool:
        """Whether this importer can read ``bundle``; looks at names and a few bytes only."""
        ...

    def read(self, bundle: Bundle, report: ReadReport) -> Iterator[Record]:
        """Yield the records of ``bundle``, streaming."""
        ...


def _registry() -> tuple[Importer, ...]:
    from twoway.importers import (
        bluesky,
        business_suite,
        conversations,
        linkedin,
        mastodon,
        meta,
        twitter_api,
        x_archive,
        x_legacy,
    )

    return (
        x_archive.IMPORTER,
        x_legacy.IMPORTER,
        mastodon.IMPORTER,
        bluesky.IMPORTER,
        meta.IMPORTER,
        linkedin.IMPORTER,
        business_suite.IMPORTER,
        twitter_api.IMPORTER,
        conversations.IMPORTER,
    )


IMPORTERS: tuple[Importer, ...] = _registry()
"""Every importer, in the order ``detect`` tries them."""


def detect(bundle: Bundle) -> Importer | None:
    """The first importer that recognises ``bundle``, or ``None``."""
    for importer in IMPORTERS:
        if importer.detect(bundle):
            return importer
    return None


def _note_unsafe(bundle: Bundle, report: ReadReport) -> None:
    for name, reason in bundle.skipped:
        report.skip_file(bundle.where(name), reason)


def read(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    report: ReadReport | None = None,
) -> Iterator[Record]:
    """Yield every record from ``paths`` (files, folders, zip or tar.gz archives), each read by
    the importer that recognises it.

    A folder no importer recognises as a whole is read as a collection: each file or folder in it
    is tried on its own (a folder of exports).  A path nothing recognises raises
    :class:`~twoway.errors.UnknownFormatError`.
    """
    report = report if report is not None else ReadReport()
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    for path in paths:
        yield from _read_one(Path(path), report, top=True)


def _empty_file(path: Path) -> UnknownFormatError:
    return UnknownFormatError(
        "is empty (0 bytes)",
        file=str(path),
        hint="the download or copy did not finish: download or copy the export again",
    )


def _read_one(path: Path, report: ReadReport, *, top: bool) -> Iterator[Record]:
    empty = path.is_file() and path.stat().st_size == 0
    if empty and path.suffix.lower() == ".zip":
        raise _empty_file(path)  # not "is not a zip archive": there is nothing in it at all
    bundle = open_bundle(path)
    importer = detect(bundle)
    if importer is None and empty:
        raise _empty_file(path)
    if importer is None and isinstance(bundle, DirBundle):
        children = sorted(p for p in path.iterdir() if not p.name.startswith("."))
        if not children and top:
            raise UnknownFormatError(
                "is an empty folder",
                file=str(path),
                hint="give the folder the export was unpacked into, or the export's zip",
            )
        found = False
        for child in children:
            if child.is_symlink():
                report.skip_file(str(child), "symbolic link, not followed")
                continue
            try:
                records = _read_one(child, report, top=False)
                first = next(records, None)
            except UnknownFormatError as exc:
                report.skip_file(str(child), exc.problem)
                continue
            if first is not None:
                found = True
                yield first
                yield from records
        if found or not top:
            return
    if importer is None:
        raise UnknownFormatError(
            "not an export twoway can read",
            file=str(path),
            hint=(
                "give an X archive (zip or folder), a Mastodon export, a Bluesky .car, a "
                "Facebook, Instagram or LinkedIn export, a Business Suite posts CSV, a twarc "
                "JSONL file or a customer-conversation CSV (see docs/formats.md)"
            ),
        )
    report.inputs.append((shown_name(str(path)), importer.name))
    _note_unsafe(bundle, report)
    yield from importer.read(bundle, report)
