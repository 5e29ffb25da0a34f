"""The terminal audit report (:func:`twoway.reports.terminal.render_audit`)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from rich.console import Console
from tests.reports.sample import sample_report

from twoway.audit import AuditReport, MissedConversation
from twoway.reports.terminal import render_audit


def terminal(report: AuditReport) -> str:
    console = Console(record=True, width=400, color_system=None, highlight=False)
    render_audit(report, console)
    return console.export_text()


def with_missed(*authors: str) -> AuditReport:
    report = sample_report()
    audit = report.accounts[0]
    first = audit.missed_conversations[-1].created_at
    missed = [
        MissedConversation(
            id=f"m{number}",
            author=author,
            created_at=first + timedelta(hours=number),
            text=f"hello from {author}, message {number}",
            type="mention",
        )
        for number, author in enumerate(authors)
    ]
    report.accounts[0] = dataclasses.replace(audit, missed_conversations=missed)
    return report


def test_missed_conversations_count_people_not_messages() -> None:
    """It said "3 people wrote in" for three messages of two people."""
    text = terminal(with_missed("carl", "dora", "carl"))
    assert (
        "2 people wrote in and got no answer (3 messages); the oldest, from carl on "
        "2024-03-05: hello from carl, message 0"
    ) in text


def test_one_person_is_a_person() -> None:
    """It said "1 people wrote in"."""
    text = terminal(with_missed("carl"))
    assert "1 person wrote in and got no answer; the oldest, from carl" in text


def test_as_many_people_as_messages_names_no_message_count() -> None:
    text = terminal(with_missed("carl", "dora"))
    assert "2 people wrote in and got no answer; the oldest, from carl" in text


def test_a_thin_account_is_flagged_under_its_score() -> None:
    report = sample_report()
    metrics = {**report.accounts[0].metrics, "posts": {"count": 3, "first": None, "last": None}}
    report.accounts[0] = dataclasses.replace(report.accounts[0], metrics=metrics)
    lines = terminal(report).splitlines()
    score = next(i for i, line in enumerate(lines) if line.startswith("Social score"))
    assert lines[score + 1] == (
        "Only 3 posts: too few to judge habits (the account rules need 20), so read the score and the "
        "archetype as a first impression, not a verdict."
    )


def test_an_account_with_posts_enough_has_no_caveat() -> None:
    assert "first impression" not in terminal(sample_report())


def test_one_post_is_a_post() -> None:
    """The header read "1 posts, 2017-10-31 to 2017-10-31"."""
    report = sample_report()
    metrics = {
        **report.accounts[0].metrics,
        "posts": {"count": 1, "first": "2024-03-04T09:30:00Z", "last": "2024-03-04T09:30:00Z"},
    }
    report.accounts[0] = dataclasses.replace(report.accounts[0], metrics=metrics)
    assert "\n1 post, 2024-03-04 to 2024-03-04\n" in terminal(report)
