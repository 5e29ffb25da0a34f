"""The workspace through the real commands: ``twoway import … --db``, ``twoway audit --db`` and
``twoway history``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.store.workspaces import CONVERSATIONS, EXAMPLE, contents, run

from twoway.cli import DEFAULT_DB
from twoway.store import DEFAULT_PATH, Workspace

SCORE_LINE = re.compile(r"Social score (\d+)/100")


def flat(text: str) -> str:
    """Output with Rich's line wrapping undone."""
    return " ".join(text.split())


def test_the_default_workspace_is_the_same_file_everywhere() -> None:
    assert DEFAULT_DB == DEFAULT_PATH == Path("twoway.duckdb")


def test_import_prints_what_it_added_and_what_was_there(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    first = run("import", CONVERSATIONS, "--db", path)
    assert first.exit_code == 0, first.output
    assert first.stdout == (
        f"{path}: 7 new posts (0 already there), 3 new accounts, "
        "6 new inbound messages (0 already there)\n"
    )
    again = run("import", CONVERSATIONS, "--db", path)
    assert again.exit_code == 0, again.output
    assert again.stdout == (
        f"{path}: 0 new posts (7 already there), 0 new accounts, "
        "0 new inbound messages (6 already there)\n"
    )


def test_db_without_a_file_uses_twoway_duckdb_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("import", EXAMPLE, "--db")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("twoway.duckdb: 420 new posts (0 already there), 1 new account")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["twoway.duckdb"]
    audited = run("audit", "--db")
    assert audited.exit_code == 0, audited.output
    assert "kept 1 audit(s) in twoway.duckdb" in flat(audited.stdout)
    history = run("history", "cornerbakeryco")
    assert history.exit_code == 0, history.output
    assert "2024-03" in history.stdout


def test_import_writes_a_file_and_stores_in_one_go(tmp_path: Path) -> None:
    out, path = tmp_path / "posts.jsonl", tmp_path / "w.duckdb"
    result = run("import", EXAMPLE, "--out", out, "--db", path)
    assert result.exit_code == 0, result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 420
    assert Workspace(path).counts()["posts"] == 420


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("import", EXAMPLE), "give --out FILE to write the posts, or --db [FILE] to store them"),
        (("audit",), "give the exports to audit as PATHS, or a workspace with --db"),
        (
            ("import", EXAMPLE, "--out", "same.jsonl", "--db", "same.jsonl"),
            "--db and --out name the same file; give each its own",
        ),
        (
            ("audit", "--db", "same.html", "--html", "same.html"),
            "--db and --html name the same file; give each its own",
        ),
        (("audit", "--db", "w.duckdb", "--wait", "-1"), "-1.0 is not in the range x>=0"),
    ],
    ids=["import-no-output", "audit-nothing", "import-db-is-out", "audit-db-is-html", "wait"],
)
def test_usage_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 2
    assert message in flat(result.stderr)
    assert list(tmp_path.iterdir()) == []


def test_audit_db_audits_the_stored_accounts_and_keeps_each_audit(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    assert run("import", CONVERSATIONS, EXAMPLE, "--db", path).exit_code == 0
    result = run("audit", "--db", path)
    assert result.exit_code == 0, result.output
    assert len(SCORE_LINE.findall(result.stdout)) == 4
    assert "kept 4 audit(s)" in flat(result.stdout)
    one = run("audit", "--db", path, "--account", "@OakridgeRail", "--since", "2017-01-01")
    assert one.exit_code == 0, one.output
    assert len(SCORE_LINE.findall(one.stdout)) == 1
    audits = contents(path)["audits"]
    assert audits.num_rows == 5
    assert audits.column("account").to_pylist()[-1] == "OakridgeRail"
    assert str(audits.column("window_since").to_pylist()[-1])[:10] == "2017-01-01"


def test_audit_db_writes_the_same_reports_as_a_file_audit(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    assert run("import", EXAMPLE, "--db", path).exit_code == 0
    from_db = run("audit", "--db", path, "--json", tmp_path / "db.json")
    from_file = run("audit", EXAMPLE, "--json", tmp_path / "file.json")
    assert from_db.exit_code == from_file.exit_code == 0
    import orjson

    db_report = orjson.loads((tmp_path / "db.json").read_bytes())
    file_report = orjson.loads((tmp_path / "file.json").read_bytes())
    assert db_report["accounts"] == file_report["accounts"]
    assert db_report["inputs"] == [str(path)]


def test_audit_paths_with_db_imports_then_audits_their_accounts(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    assert run("import", CONVERSATIONS, "--db", path).exit_code == 0
    result = run("audit", EXAMPLE, "--db", path)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{path}: 420 new posts (0 already there), 1 new account")
    assert len(SCORE_LINE.findall(result.stdout)) == 1  # the example's account only
    assert "cornerbakeryco" in result.stdout
    assert Workspace(path).counts()["audits"] == 1


def test_an_unknown_account_names_the_stored_ones(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    assert run("import", CONVERSATIONS, "--db", path).exit_code == 0
    for args in (
        ("audit", "--db", path, "--account", "nobody"),
        ("history", "nobody", "--db", path),
    ):
        result = run(*args)
        assert result.exit_code == 2
        assert result.stderr == (
            f"twoway: error: {path}: no account 'nobody' in the workspace; "
            "accounts stored: NimbusMobileHelp, OakridgeRail, PennyPostCares\n"
        )


def test_history_shows_each_month_and_the_audits_kept(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    assert run("import", EXAMPLE, "--db", path).exit_code == 0
    before = run("history", "@CornerBakeryCo", "--db", path)
    assert before.exit_code == 0, before.output
    assert "No audits kept yet" in flat(before.stdout)
    months = re.findall(r"^│ (\d{4}-\d\d) │\s+(\d+) │\s+(\d+) │", before.stdout, re.M)
    assert [m for m, _, _ in months][:3] == ["2024-03", "2024-04", "2024-05"]
    assert len(months) == 20
    assert sum(int(posts) for _, posts, _ in months) == 420
    assert run("audit", "--db", path).exit_code == 0
    after = run("history", "cornerbakeryco", "--db", path)
    assert "Audits kept" in after.stdout
    assert re.search(r"│ \d{4}-\d\d-\d\d \d\d:\d\d UTC │ start to end\s+│\s+420 │", after.stdout)


def test_history_html_is_the_audit_report_with_its_months(tmp_path: Path) -> None:
    path, page = tmp_path / "w.duckdb", tmp_path / "history.html"
    assert run("import", EXAMPLE, "--db", path).exit_code == 0
    assert run("audit", "--db", path).exit_code == 0
    result = run("history", "cornerbakeryco", "--db", path, "--html", page)
    assert result.exit_code == 0, result.output
    assert f"wrote the HTML report to {page}" in flat(result.stdout)
    html = page.read_text(encoding="utf-8")
    assert html.count('<section class="history">') == 1
    assert 'id="account-1-history"' in html
    assert html.count("<svg") == 5  # the four audit charts and the trend
    assert "<h3>Audits kept</h3>" in html
    assert html.index("Month by month") < html.index("What to do next")


def test_an_audit_report_has_no_history_section(tmp_path: Path) -> None:
    page = tmp_path / "audit.html"
    assert run("audit", EXAMPLE, "--html", page).exit_code == 0
    assert 'class="history"' not in page.read_text(encoding="utf-8")


def test_history_never_makes_a_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("history", "someone")
    assert result.exit_code == 2
    assert "twoway.duckdb: no workspace here" in result.stderr
    assert list(tmp_path.iterdir()) == []
