"""The audit as JSON (``twoway audit --json``), laid out as docs/report-json.md describes.

``{"schema_version": 1, "generated_at", "inputs", "window": {"since", "until"}, "accounts": [
{"account", "account_id", "display_name", "platform", "metrics", "score": {"value", "parts"},
"archetype": {"name", "reason"}, "findings", "recommendations", "cue_cards",
"missed_conversations"}]}``: a list of accounts even for one.  Times are ISO 8601 in UTC.
"""

from __future__ import annotations

import os
from dataclasses import asdict
from typing import Any

import orjson

from twoway.audit import SCHEMA_VERSION, AccountAudit, AuditReport
from twoway.output import write_text

__all__ = ["account_json", "report_json", "write_json"]


def account_json(item: AccountAudit) -> dict[str, Any]:
    """One account's entry."""
    return {
        "account": item.account.handle or item.account.id,
        "account_id": item.account.id,
        "display_name": item.account.display_name,
        "platform": item.account.platform,
        "metrics": item.metrics,
        "score": {
            "value": item.score.value,
            "parts": [asdict(part) | {"text": part.text} for part in item.score.parts],
        },
        "archetype": {"name": item.archetype.name, "reason": item.archetype.reason},
        "findings": [asdict(finding) for finding in item.findings],
        "recommendations": [asdict(rec) for rec in item.recommendations],
        "cue_cards": [asdict(card) for card in item.cue_cards],
        "missed_conversations": [asdict(missed) for missed in item.missed_conversations],
    }


def report_json(report: AuditReport) -> dict[str, Any]:
    """The whole report as a JSON-ready dict."""
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": report.generated_at,
        "inputs": list(report.inputs),
        "window": {"since": report.since, "until": report.until},
        "accounts": [account_json(item) for item in report.accounts],
    }


def dumps(report: AuditReport) -> bytes:
    """The report as indented UTF-8 JSON."""
    return orjson.dumps(
        report_json(report), option=orjson.OPT_INDENT_2 | orjson.OPT_UTC_Z | orjson.OPT_NAIVE_UTC
    )


def write_json(report: AuditReport, path: str | os.PathLike[str]) -> None:
    """Write the report to ``path``."""
    write_text(path, dumps(report) + b"\n")
