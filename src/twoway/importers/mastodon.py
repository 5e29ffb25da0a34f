"""Placeholder until this importer lands: recognises nothing."""

from __future__ import annotations

from collections.abc import Iterator

from twoway.importers import ReadReport, Record
from twoway.sources import Bundle

__all__ = ["IMPORTER"]


class _Pending:
    name = "mastodon"
    platform = ""
    version = "0"
    description = "not yet available"

    def detect(self, bundle: Bundle) -> bool:
        return False

    def read(self, bundle: Bundle, report: ReadReport) -> Iterator[Record]:
        return iter(())


IMPORTER = _Pending()
