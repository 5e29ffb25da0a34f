"""The audit as JSON (``twoway audit --json``), laid out as docs/report-json.md describes.

``{"schema_version": 1, "generated_at", "inputs", "window": {"since", "until"}, "time_zone",
"accounts": [{"account", "account_id", "display_name", "platform", "metrics", "score": {"value",
"parts"}, "archetype": {"name", "reason"}, "findings", "recommendations", "cue_cards",
"missed_conversations"}]}``: a list of accounts even for one.  Times are ISO 8601 in UTC;
``time_zone`` names the zone the metrics count days, weeks and hours in (``--tz``, UTC unless
given).

With ``--as NAME`` (:mod:`twoway.platform_fit`), ``accounts`` holds the owner's one combined
audit and ``platform_fit`` the platforms side by side with the advice; without it, the key is
absent.
"""

from __future__ import annotations

import os
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import orjson

from twoway.audit import SCHEMA_VERSION, AccountAudit, AuditReport
from twoway.output import write_text

if TYPE_CHECKING:
    from twoway.platform_fit import PlatformFit

__all__ = ["account_json", "platform_fit_json", "report_json", "write_json"]


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
        "caveat": item.caveat,
        "findings": [asdict(finding) for finding in item.findings],
        "recommendations": [asdict(rec) for rec in item.recommendations],
        "cue_cards": [asdict(card) for card in item.cue_cards],
        "missed_conversations": [asdict(missed) for missed in item.missed_conversations],
    }


def platform_fit_json(fit: PlatformFit) -> dict[str, Any]:
    """``{owner, accounts: [{account, account_id, platform}], figures: [{name, label, metric,
    field, unit, better}], platforms: [{platform, name, accounts, figures: {name: {value, shown,
    rank, ranked, reason}}}], advice: {verdict, reason, summary, action, notes, talks_back,
    silent, text}}`` (docs/report-json.md)."""
    from twoway.platform_fit import PLATFORM_FIGURES

    advice = fit.advice
    return {
        "owner": fit.owner,
        "accounts": [
            {"account": a.handle or a.id, "account_id": a.id, "platform": a.platform}
            for a in fit.accounts
        ],
        "figures": [f.as_json() for f in PLATFORM_FIGURES],
        "platforms": [
            {
                "platform": row.platform,
                "name": row.name,
                "accounts": list(row.accounts),
                "figures": {
                    s.figure.name: {
                        "value": s.value,
                        "shown": s.shown,
                        "rank": s.rank,
                        "ranked": s.ranked,
                        "reason": s.reason,
                    }
                    for s in row.standings
                },
            }
            for row in fit.platforms
        ],
        "advice": {
            "verdict": advice.verdict,
            "reason": advice.reason,
            "summary": advice.summary,
            "action": advice.action,
            "notes": list(advice.notes),
            "talks_back": list(advice.talks_back),
            "silent": list(advice.silent),
            "text": advice.text,
        },
    }


def report_json(report: AuditReport, *, platform_fit: PlatformFit | None = None) -> dict[str, Any]:
    """The whole report as a JSON-ready dict; with ``platform_fit`` (``--as``), its
    :func:`platform_fit_json` under ``platform_fit``."""
    out = {
        "schema_version": SCHEMA_VERSION,
        "generated_at": report.generated_at,
        "inputs": list(report.inputs),
        "window": {"since": report.since, "until": report.until},
        "time_zone": report.time_zone,
        "accounts": [account_json(item) for item in report.accounts],
    }
    if platform_fit is not None:
        out["platform_fit"] = platform_fit_json(platform_fit)
    return out


def dumps(report: AuditReport, *, platform_fit: PlatformFit | None = None) -> bytes:
    """The report as indented UTF-8 JSON."""
    return orjson.dumps(
        report_json(report, platform_fit=platform_fit),
        option=orjson.OPT_INDENT_2 | orjson.OPT_UTC_Z | orjson.OPT_NAIVE_UTC,
    )


def write_json(
    report: AuditReport,
    path: str | os.PathLike[str],
    *,
    platform_fit: PlatformFit | None = None,
) -> None:
    """Write the report to ``path``."""
    write_text(path, dumps(report, platform_fit=platform_fit) + b"\n")
