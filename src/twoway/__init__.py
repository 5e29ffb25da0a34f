"""twoway: am I having conversations, or just broadcasting?

Reads a social media account's own export into one post model (:func:`load`), labels every post
by the codebook (:func:`classify`), and audits how social the account really is
(:func:`audit`).  The names below are the public library API.
"""

from __future__ import annotations

from twoway.audit import AccountAudit, AuditReport, audit
from twoway.classifier import Label, PostLabels, classify
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
    "AccountAudit",
    "AccountSummary",
    "AuditReport",
    "Dataset",
    "FormatError",
    "InputError",
    "Inspection",
    "Interaction",
    "Kind",
    "Label",
    "Link",
    "Post",
    "PostLabels",
    "Provenance",
    "ReadReport",
    "TwowayError",
    "UnknownFormatError",
    "UnsafeArchiveError",
    "__version__",
    "audit",
    "classify",
    "inspect",
    "load",
    "read",
]
