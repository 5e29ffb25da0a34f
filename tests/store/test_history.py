"""An account month by month: the months, each scored as an audit of its posts would be, the
trend chart, and the history section of the HTML report."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from tests.metrics.builders import inbound, labelled, post
from tests.store.workspaces import CONVERSATIONS, EXAMPLE

from twoway.history import monthly
from twoway.metrics import compute
from twoway.reports.charts import history_chart
from twoway.reports.html import render_html
from twoway.score import social_score
from twoway.store import MIGRATIONS, Workspace
from twoway.store.rows import audits_table

JAN = datetime(2024, 1, 15, 10, 0, tzinfo=UTC)


def test_every_month_from_first_to_last_with_empty_months_unscored() -> None:
    labels = [
        labelled(post("1", at=JAN), "conversation"),
        labelled(post("2", at=JAN + timedelta(days=3)), "information"),
        labelled(post("3", at=datetime(2024, 4, 1, 0, 0, tzinfo=UTC)), "promotion"),
    ]
    months = monthly(labels, [])
    assert [m.month for m in months] == [date(2024, m, 1) for m in (1, 2, 3, 4)]
    assert [m.posts for m in months] == [2, 0, 0, 1]
    assert [m.score is None for m in months] == [False, True, True, False]
    assert months[1].metrics == {}
    assert months[1].archetype is None
    january = compute(labels[:2]).as_json()
    assert months[0].metrics == january
    assert months[0].score == social_score(january).value


def test_a_month_boundary_is_midnight_utc() -> None:
    last = datetime(2024, 1, 31, 23, 59, 59, tzinfo=UTC)
    labels = [labelled(post("1", at=last)), labelled(post("2", at=last + timedelta(seconds=1)))]
    assert [(m.month.month, m.posts) for m in monthly(labels, [])] == [(1, 1), (2, 1)]


def test_inbound_messages_count_in_their_month_and_can_start_the_history() -> None:
    message = inbound("m1", at=JAN - timedelta(days=40))
    months = monthly([labelled(post("1", at=JAN))], [message])
    assert [(m.month, m.posts, m.inbound) for m in months] == [
        (date(2023, 12, 1), 0, 1),
        (date(2024, 1, 1), 1, 0),
    ]


def test_no_posts_and_no_messages_is_no_months() -> None:
    assert monthly([], []) == []


def test_the_workspace_history_of_the_example(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "w.duckdb")
    workspace.import_paths([EXAMPLE, CONVERSATIONS])
    workspace.audit(account="cornerbakeryco")
    (history,) = workspace.history("cornerbakeryco", audit=True)
    assert history.account.handle == "cornerbakeryco"
    assert (history.months[0].month, history.months[-1].month) == (
        date(2024, 3, 1),
        date(2025, 10, 1),
    )
    assert sum(m.posts for m in history.months) == 420
    assert [kept.posts for kept in history.audits] == [420]
    assert history.audit is not None
    assert history.audit.score.value == history.audits[0].score
    assert workspace.history("cornerbakeryco")[0].audit is None


def test_each_kept_audit_records_its_time_zone(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    # An audit kept by a twoway whose workspaces did not record the zone (schema 2) was in UTC.
    older = Workspace(path, migrations=MIGRATIONS[:2])
    older.import_paths([EXAMPLE])
    kept = audits_table(older.audit(keep=False)).drop_columns(["time_zone"])
    con = duckdb.connect(str(path))
    con.register("kept", kept)
    con.execute("INSERT INTO audits BY NAME SELECT * FROM kept")
    con.close()
    workspace = Workspace(path)
    workspace.audit(tz="Asia/Tokyo")
    workspace.audit()
    (history,) = workspace.history("cornerbakeryco")
    assert [kept.time_zone for kept in history.audits] == ["UTC", "Asia/Tokyo", "UTC"]
    tokyo = history.audits[1].metrics["busiest_hours"]
    assert tokyo != history.audits[2].metrics["busiest_hours"]


def _rows(*scores: int | None) -> list[dict[str, object]]:
    return [
        {
            "month": date(2024, 1 + n, 1).isoformat(),
            "posts": 0 if score is None else 10,
            "score": score,
            "two_way_share": None if score is None else score / 200,
        }
        for n, score in enumerate(scores)
    ]


def test_the_trend_chart_draws_scores_and_leaves_gaps() -> None:
    chart = history_chart(_rows(30, None, 55, 61), key="h")
    assert chart.svg is not None
    assert chart.reason is None
    assert (
        'aria-label="4 months from 2024-01 to 2024-04; score from 30 to 61, last 61"' in chart.svg
    )
    assert history_chart(_rows(30, None, 55, 61), key="h").svg == chart.svg


@pytest.mark.parametrize(
    ("rows", "reason"),
    [
        ([], "no months to show"),
        (_rows(None, None), "no month has posts"),
        ([{"month": "March"}], "no months to show"),
        ("not rows", "no months to show"),
    ],
)
def test_the_trend_chart_says_why_it_is_missing(rows: object, reason: str) -> None:
    chart = history_chart(rows, key="h")  # type: ignore[arg-type]
    assert (chart.svg, chart.reason) == (None, reason)


def test_the_html_report_shows_the_history_of_the_accounts_that_have_one(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "w.duckdb")
    workspace.import_paths([EXAMPLE, CONVERSATIONS])
    report = workspace.audit(keep=False)
    report.accounts = [a for a in report.accounts if a.account.handle in BOTH]
    histories = workspace.history("cornerbakeryco")
    html = render_html(report, history=histories)
    assert html.count('<section class="history">') == 1
    section = html[html.index('<section class="history">') :]
    assert section.index("Mar 2024") < section.index("Oct 2025") < section.index("</section>")
    first, second = html.index('id="account-1"'), html.index('id="account-2"')
    assert [a.account.handle for a in report.accounts] == ["cornerbakeryco", "OakridgeRail"]
    assert first < html.index('<section class="history">') < second
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    plain = render_html(report)
    assert '<section class="history">' not in plain
    assert plain == render_html(report, history=())


BOTH = ("OakridgeRail", "cornerbakeryco")
