"""twoway: am I having conversations, or just broadcasting?

Reads a social media account's own export into one post model, and (in later modules) measures
how social the account really is.  The names below are the public library API.
"""

from __future__ import annotations

from twoway.dataset import Dataset, load
from twoway.errors import (
    FormatError,
    InputError,
    TwowayError,
    UnknownFormatError,
    UnsafeArchiveError,
)
from twoway.importers import ReadReport, read
from twoway.inspection import AccountSummary, Inspection, inspect
from twoway.model import Account, Interaction, Kind, Link, Post, Provenance

__version__ = "0.1.0"

__all__ = [
    "Account",
    "AccountSummary",
    "Dataset",
    "FormatError",
    "InputError",
    "Inspection",
    "Interaction",
    "Kind",
    "Link",
    "Post",
    "Provenance",
    "ReadReport",
    "TwowayError",
    "UnknownFormatError",
    "UnsafeArchiveError",
    "__version__",
    "inspect",
    "load",
    "read",
]
