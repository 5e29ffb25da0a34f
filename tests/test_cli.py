from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import orjson
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result

from support import FIXTURES, make_zip
from twoway import __version__, dataset, export
from twoway.cli import cli
from twoway.export import POST_FIELDS, iso

ISO_SECOND = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
UNKNOWN_HINT = (
    "give an X archive (zip or folder), a Mastodon export, a Bluesky .car, a Facebook, Instagram "
    "or LinkedIn export, a Business Suite posts CSV, a twarc JSONL file or a customer-conversation "
    "CSV (see docs/formats.md)"
)


def run(*args: str | Path) -> Result:
    # No colour forced from the environment: any escape sequence in the output came from data.
    runner = CliRunner(env={"FORCE_COLOR": None, "TTY_COMPATIBLE": None, "COLUMNS": None})
    return runner.invoke(cli, [str(a) for a in args], prog_name="twoway")


def flat(text: str) -> str:
    """Output with Rich's line wrapping undone."""
    return " ".join(text.split())


def jsonl(path: Path) -> list[dict[str, object]]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def table_row(output: str, first_cell: str) -> list[str]:
    line = next(line for line in output.splitlines() if line.startswith(f"│ {first_cell}"))
    return [cell.strip() for cell in line.strip("│").split("│")]


def first_column(output: str) -> list[str]:
    """The account column of the table, a cell wrapped over several lines joined again."""
    cells: list[str] = []
    for line in output.splitlines():
        if line.startswith(("┃", "│")):
            cell = line[1:].split(line[0])[0].strip()
            if (
                line[0] == "┃" or line.split("│")[2].strip()
            ):  # a new row starts where platform is set
                cells.append(cell)
            else:
                cells[-1] += " " + cell
    return cells


def second_archive(path: Path) -> Path:
    """The fixture archive again under another owner, with other post ids."""
    tweets = (
        (FIXTURES / "x_archive" / "tweets.js")
        .read_text()
        .replace("16000000000000000", "17000000000000000")
    )
    account = (
        (FIXTURES / "x_archive" / "account.js")
        .read_text()
        .replace("corner_bakery", "other_shop")
        .replace('"1234"', '"999"')
        .replace("The Corner Bakery", "The Other Shop")
    )
    return make_zip(path, {"data/tweets.js": tweets, "data/account.js": account})


def broken_archive(path: Path) -> Path:
    source = (FIXTURES / "x_archive" / "tweets.js").read_text()
    broken = source.replace('"full_text" : "RT @townnews', '"full_text" : RT @townnews', 1)
    return make_zip(
        path, {"data/tweets.js": broken, "data/account.js": FIXTURES / "x_archive" / "account.js"}
    )


# --- import -------------------------------------------------------------------------------


def test_import_writes_jsonl_with_every_field_in_order(x_archive_zip: Path, tmp_path: Path) -> None:
    out = tmp_path / "posts.jsonl"
    result = run("import", x_archive_zip, "--out", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote 6 posts of 1 account(s) to {out}\n"
    assert result.stderr == ""
    rows = jsonl(out)
    assert len(rows) == 6
    for row in rows:
        assert tuple(row) == POST_FIELDS
        assert ISO_SECOND.match(row["created_at"])  # type: ignore[arg-type]
    by_id = {row["id"]: row for row in rows}
    first = by_id["1600000000000000001"]
    assert first["created_at"] == "2022-12-06T05:31:41Z"
    assert first["kind"] == "original"
    assert first["links"] == [
        {"url": "https://bakery.example/blog/crust", "domain": "bakery.example", "post_id": None}
    ]
    assert first["hashtags"] == ["sourdough"]
    assert first["mentions"] == []
    assert first["source_file"] == f"{x_archive_zip}:data/tweets.js"
    assert (first["source_record"], first["importer"], first["importer_version"]) == (
        1,
        "x-archive",
        "1",
    )
    reply = by_id["1600000000000000002"]
    assert (reply["kind"], reply["reply_to_time"]) == ("reply", "2022-12-06T04:51:57.033000Z")


def test_parquet_output_holds_the_same_rows(x_archive_zip: Path, tmp_path: Path) -> None:
    assert run("import", x_archive_zip, "-o", tmp_path / "posts.jsonl").exit_code == 0
    result = run("import", x_archive_zip, "-o", tmp_path / "posts.parquet")
    assert result.exit_code == 0, result.output
    table = pq.read_table(tmp_path / "posts.parquet")
    assert tuple(table.column_names) == POST_FIELDS
    rows = table.to_pylist()
    for row in rows:
        row["created_at"] = iso(row["created_at"])
        row["reply_to_time"] = iso(row["reply_to_time"])
    assert rows == jsonl(tmp_path / "posts.jsonl")


@pytest.mark.parametrize("name", ["i.jsonl", "i.parquet"])
def test_interactions_file_is_written_even_when_empty(
    x_archive_zip: Path, tmp_path: Path, name: str
) -> None:
    result = run(
        "import", x_archive_zip, "-o", tmp_path / "p.jsonl", "--interactions", tmp_path / name
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == f"wrote 0 interactions to {tmp_path / name}"
    if name.endswith(".parquet"):
        table = pq.read_table(tmp_path / name)
        assert (table.num_rows, tuple(table.column_names)) == (0, export.INTERACTION_FIELDS)
    else:
        assert (tmp_path / name).read_bytes() == b""


@pytest.mark.parametrize(("name", "suffix"), [("posts.csv", "'.csv'"), ("posts", "'no extension'")])
def test_unknown_output_extension(
    x_archive_zip: Path, tmp_path: Path, name: str, suffix: str
) -> None:
    out = tmp_path / name
    result = run("import", x_archive_zip, "-o", out)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"twoway: error: {out}: cannot tell the output format from {suffix}; "
        "name the file .jsonl or .parquet\n"
    )
    assert not out.exists()


@pytest.mark.parametrize("command", ["import", "inspect"])
def test_an_input_nothing_reads_is_one_line_and_exit_2(tmp_path: Path, command: str) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("remember to buy flour\n")
    extra = ["-o", str(tmp_path / "p.jsonl")] if command == "import" else []
    result = run(command, path, *extra)
    assert result.exit_code == 2
    assert (
        result.stderr == f"twoway: error: {path}: not an export twoway can read; {UNKNOWN_HINT}\n"
    )
    assert "Traceback" not in result.output
    assert not (tmp_path / "p.jsonl").exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "twitter.zip",
            "is empty (0 bytes); the download or copy did not finish: download or copy the "
            "export again",
        ),
        (
            "posts.csv",
            "is empty (0 bytes); the download or copy did not finish: download or copy the "
            "export again",
        ),
        ("tweets.csv", "the file is empty; export or copy the archive again"),
        (
            "export",
            "is an empty folder; give the folder the export was unpacked into, or the export's zip",
        ),
    ],
)
def test_an_empty_file_or_folder_says_so(tmp_path: Path, name: str, message: str) -> None:
    """An empty download was "named .zip but is not a zip archive" or "not an export"."""
    path = tmp_path / name
    if "." in name:
        path.write_bytes(b"")
    else:
        path.mkdir()
    result = run("inspect", path)
    assert result.exit_code == 2
    assert result.stderr == f"twoway: error: {path}: {message}\n"


def test_an_empty_file_in_an_export_folder_is_skipped(x_archive_zip: Path, tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    folder.mkdir()
    x_archive_zip.rename(folder / x_archive_zip.name)
    (folder / "unfinished.zip").write_bytes(b"")
    result = run("inspect", folder)
    assert result.exit_code == 0, result.output
    assert f"skipped file {folder / 'unfinished.zip'}: is empty (0 bytes)" in flat(result.stdout)


def test_a_missing_input(tmp_path: Path) -> None:
    result = run("inspect", tmp_path / "nowhere.zip")
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"twoway: error: {tmp_path / 'nowhere.zip'}: no such file or folder; check the path\n"
    )


def test_a_truncated_archive_is_one_line(x_archive_zip: Path, tmp_path: Path) -> None:
    data = x_archive_zip.read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(data[: len(data) // 2])
    result = run("import", cut, "-o", tmp_path / "p.jsonl")
    assert result.exit_code == 2
    assert result.stderr == (
        f"twoway: error: {cut}: not a readable zip archive (File is not a zip file); "
        "the download may be truncated: download or copy the export again\n"
    )


def test_account_keeps_one_account(x_archive_zip: Path, tmp_path: Path) -> None:
    other = second_archive(tmp_path / "other.zip")
    out = tmp_path / "p.jsonl"
    assert (
        run("import", x_archive_zip, other, "-o", out).stdout
        == f"wrote 11 posts of 2 account(s) to {out}\n"
    )
    for wanted in ("other_shop", "@Other_Shop", "999"):
        result = run("import", x_archive_zip, other, "-o", out, "--account", wanted)
        assert result.exit_code == 0, result.output
        assert result.stdout == f"wrote 5 posts of 1 account(s) to {out}\n"
        rows = jsonl(out)
        assert {(r["account"], r["account_id"]) for r in rows} == {("other_shop", "999")}
        assert sorted(r["id"] for r in rows) == [f"170000000000000000{n}" for n in range(1, 6)]


def test_an_unknown_account_names_the_accounts_found(x_archive_zip: Path, tmp_path: Path) -> None:
    other = second_archive(tmp_path / "other.zip")
    out = tmp_path / "p.jsonl"
    for command in (["import", "-o", str(out)], ["inspect"]):
        result = run(*command, x_archive_zip, other, "--account", "nobody")
        assert result.exit_code == 2
        assert result.stderr == (
            "twoway: error: no account 'nobody' in the input; "
            "accounts found: corner_bakery, other_shop\n"
        )
    assert not out.exists()


def test_import_lists_a_bad_record_with_its_number(tmp_path: Path) -> None:
    path = broken_archive(tmp_path / "a.zip")
    out = tmp_path / "p.jsonl"
    result = run("import", path, "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"wrote 4 posts of 1 account(s) to {out}\n1 bad record(s) skipped (listed on stderr)\n"
    )
    [line] = result.stderr.splitlines()
    assert line.startswith(f"{path}:data/tweets.js record 4: invalid JSON (")
    assert line.endswith("; skipped")
    assert len(jsonl(out)) == 4


# --- inspect ------------------------------------------------------------------------------


def test_inspect_shows_account_dates_kinds(x_archive_zip: Path) -> None:
    result = run("inspect", x_archive_zip)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == f"{x_archive_zip}: read as x-archive"
    header_line = next(line for line in lines if line.startswith("┃ account"))
    header = [cell.strip() for cell in header_line.strip("┃").split("┃")]
    assert header == [
        "account", "platform", "first", "last", "posts",
        "original", "reply", "thread", "repost", "quote", "inbound", "answered",
    ]  # fmt: skip
    assert table_row(result.stdout, "corner_bakery") == [
        "corner_bakery (The Corner Bakery)", "x", "2022-12-06", "2022-12-09", "6",
        "2", "1", "1", "1", "1", "0", "0",
    ]  # fmt: skip
    assert lines[-1] == "No records skipped."


def test_inspect_lists_a_bad_record_with_its_number(tmp_path: Path) -> None:
    path = broken_archive(tmp_path / "a.zip")
    result = run("inspect", path)
    assert result.exit_code == 0, result.output
    assert table_row(result.stdout, "corner_bakery")[4] == "4"
    assert "1 record(s) skipped:" in result.stdout.splitlines()
    assert f"{path}:data/tweets.js record 4: invalid JSON (" in flat(result.stdout)
    assert "No records skipped." not in result.stdout


def test_inspect_two_accounts(x_archive_zip: Path, tmp_path: Path) -> None:
    result = run("inspect", x_archive_zip, second_archive(tmp_path / "other.zip"))
    assert table_row(result.stdout, "corner_bakery")[4] == "6"
    assert table_row(result.stdout, "other_shop")[:5] == [
        "other_shop (The Other Shop)", "x", "2022-12-06", "2022-12-08", "5",
    ]  # fmt: skip
    only = run("inspect", x_archive_zip, tmp_path / "other.zip", "--account", "other_shop")
    assert "corner_bakery" not in only.stdout


# --- terminal safety ----------------------------------------------------------------------


def hostile_archive(folder: Path) -> Path:
    """Account name, handle, a post and a bad value carrying escape sequences and Rich markup;
    the archive's own name too."""
    tweets = (FIXTURES / "x_archive" / "tweets.js").read_text()
    tweets = tweets.replace(
        "Part two: the starter", "\\u001b[2J[bold]Part two[/bold]: the starter", 1
    )
    tweets = tweets.replace(
        '"created_at" : "Wed Dec 07 09:00:00 +0000 2022"',
        '"created_at" : "\\u001b[31m[bold]soon"',
        1,
    )
    account = (FIXTURES / "x_archive" / "account.js").read_text()
    account = account.replace(
        '"The Corner Bakery"', '"[bold]The \\u001b[31mCorner[/] \\u202eBakery"'
    )
    account = account.replace('"corner_bakery"', '"corner_bakery[i]"')
    return make_zip(
        folder / "[bold]evil\x1b[31m.zip", {"data/tweets.js": tweets, "data/account.js": account}
    )


def test_inspect_never_prints_escape_sequences_or_markup_from_data(tmp_path: Path) -> None:
    path = hostile_archive(tmp_path)
    result = run("inspect", path)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    assert "\u202e" not in result.output
    text = flat(result.stdout)
    shown = str(path).replace("\x1b", "")
    assert f"{shown}: read as x-archive" in text
    assert first_column(result.stdout)[1] == "corner_bakery[i] ([bold]The [31mCorner[/] Bakery)"
    assert (
        f"{shown}:data/tweets.js record 4: unreadable value (time data '\\x1b[31m[bold]soon'"
        in text
    )


def test_import_never_prints_escape_sequences_or_markup_from_data(tmp_path: Path) -> None:
    path = hostile_archive(tmp_path)
    (tmp_path / "x[").mkdir()
    out = tmp_path / "x[" / "]posts[bold].jsonl"  # shown as x[/]posts[bold].jsonl
    result = run("import", path, "-o", out)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    assert result.stdout.splitlines()[0] == f"wrote 4 posts of 1 account(s) to {out}"
    shown = str(path).replace("\x1b", "")
    assert result.stderr.startswith(
        f"{shown}:data/tweets.js record 4: unreadable value (time data "
    )
    # The data itself is kept as it was: only the terminal is protected.
    texts = [row["text"] for row in jsonl(out)]
    assert "\x1b[2J[bold]Part two[/bold]: the starter needs feeding daily." in texts


def test_errors_never_print_escape_sequences(tmp_path: Path) -> None:
    path = tmp_path / "[bold]no\x1b[2Jpe.zip"
    result = run("inspect", path)
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"twoway: error: {tmp_path}/[bold]no[2Jpe.zip: no such file or folder; check the path\n"
    )


# --- writing safely -----------------------------------------------------------------------


def test_output_into_a_missing_folder_fails_cleanly(x_archive_zip: Path, tmp_path: Path) -> None:
    out = tmp_path / "missing" / "posts.jsonl"
    result = run("import", x_archive_zip, "-o", out)
    assert result.exit_code == 2
    assert result.stderr == (
        f"twoway: error: {out}: cannot write (No such file or directory); "
        "check the folder exists and is writable\n"
    )
    assert not out.parent.exists()


@pytest.mark.parametrize(
    ("command", "option"),
    [
        ("audit", "--html"),
        ("audit", "--json"),
        ("audit", "--csv"),
        ("import", "--out"),
        ("import", "--interactions"),
        ("import", "--db"),
        ("classify", "--out"),
        ("screen", "--csv"),
        ("screen", "--json"),
    ],
)
def test_an_output_folder_that_is_missing_is_found_before_reading(
    x_archive_zip: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, option: str
) -> None:
    """A long run must not end with its reports lost: the folder is checked first."""

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the inputs were read before the outputs were checked")

    # Nothing is read (audit and screen would print their tables on stdout before the error).
    monkeypatch.setattr(dataset, "load", never)
    monkeypatch.setattr("twoway.labelling.load", never)
    out = tmp_path / "missing" / ("w.duckdb" if option == "--db" else "out.jsonl")
    extra = ["--out", tmp_path / "posts.jsonl"] if option == "--interactions" else []
    result = run(command, x_archive_zip, option, out, *extra)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr == (
        f"twoway: error: {out}: cannot write (No such file or directory); "
        "check the folder exists and is writable\n"
    )
    assert not out.parent.exists()


@pytest.mark.parametrize(
    ("read_only", "reason"), [(True, "Read-only file system"), (False, "Permission denied")]
)
def test_an_output_folder_that_cannot_be_written_is_one_line(
    x_archive_zip: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    read_only: bool,
    reason: str,
) -> None:
    # Tests may run as root, for whom no folder is read-only: the file system is simulated.
    folder = tmp_path / "reports"
    folder.mkdir()
    real_access, real_statvfs = os.access, os.statvfs

    def access(path: object, mode: int, **kwargs: object) -> bool:
        if Path(str(path)) == folder and mode & os.W_OK:
            return False
        return real_access(path, mode, **kwargs)  # type: ignore[arg-type]

    class Flags:
        f_flag = os.ST_RDONLY if read_only else 0

    def statvfs(path: object) -> object:
        return Flags() if Path(str(path)) == folder else real_statvfs(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(os, "statvfs", statvfs)
    out = folder / "report.html"
    result = run("audit", x_archive_zip, "--html", out)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"twoway: error: {out}: cannot write ({reason}); check the folder exists and is writable\n"
    )


def test_classify_texts_skips_blank_lines_and_keeps_line_numbers(tmp_path: Path) -> None:
    """A blank line was labelled as a post (intent personal, from nothing)."""
    texts = tmp_path / "drafts.txt"
    texts.write_text("Buy now! 50% off\n\n   \nWhat do you think of our new loaf?\n", "utf-8")
    out = tmp_path / "labels.csv"
    result = run("classify", "--texts", texts, "--out", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote labels of 2 posts to {out}\n"
    rows = out.read_text(encoding="utf-8").splitlines()
    assert [row.split(",")[2] for row in rows[1:]] == ["1", "4"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (bytes(range(200, 256)) * 4, "not UTF-8 text; save the labels as UTF-8 CSV"),
        (
            b"",
            "missing column(s) asks_question, intent, ref; a labels file has the header "
            "ref,intent,asks_question",
        ),
    ],
)
def test_eval_of_a_labels_file_that_is_no_csv_is_one_line(
    x_archive_zip: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    labels = tmp_path / "labels.csv"
    labels.write_bytes(content)
    result = run("eval", labels, x_archive_zip)
    assert result.exit_code == 2
    assert result.stderr == f"twoway: error: {labels}: {message}\n"


@pytest.mark.parametrize("suffix", ["jsonl", "parquet"])
@pytest.mark.parametrize(
    ("failure", "exit_code"), [(RuntimeError("disk on fire"), 3), (KeyboardInterrupt(), 1)]
)
def test_a_failed_write_leaves_no_half_file(
    x_archive_zip: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    suffix: str,
    failure: BaseException,
    exit_code: int,
) -> None:
    out = tmp_path / f"posts.{suffix}"
    out.write_bytes(b"the previous export\n")
    seen_while_writing: list[str] = []

    class Exploding(tuple):  # type: ignore[type-arg]
        """Links that fail when the writer reads them: a write failing half-way."""

        def __iter__(self):  # type: ignore[no-untyped-def]
            seen_while_writing.extend(sorted(os.listdir(tmp_path)))
            raise failure

    real_load = dataset.load

    def poisoned_load(*args: object, **kwargs: object) -> dataset.Dataset:
        data = real_load(*args, **kwargs)  # type: ignore[arg-type]
        data.posts[3] = dataclasses.replace(data.posts[3], links=Exploding())
        return data

    monkeypatch.setattr(dataset, "load", poisoned_load)
    monkeypatch.delenv("TWOWAY_DEBUG", raising=False)
    result = run("import", x_archive_zip, "-o", out)
    assert result.exit_code == exit_code
    assert "Traceback" not in result.output
    if exit_code == 3:
        assert result.stderr == (
            "twoway: error: internal error (RuntimeError: disk on fire); this is a bug in twoway: "
            "please report it with the command you ran (TWOWAY_DEBUG=1 shows the traceback)\n"
        )
    # A partial file was being written when the failure came; it is gone, the old file intact.
    assert len(seen_while_writing) == 3
    assert out.read_bytes() == b"the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([x_archive_zip.name, out.name])


def test_import_never_writes_over_an_input(tmp_path: Path, x_archive_zip: Path) -> None:
    posts = tmp_path / "posts.jsonl"
    posts.write_bytes(b'{"id": "1"}\n')
    alias = tmp_path / "alias.jsonl"
    alias.symlink_to(posts)
    result = run("import", x_archive_zip, posts, "-o", alias)
    assert result.exit_code == 2
    assert result.stderr == (
        f"twoway: error: {alias}: is also an input, and writing there would "
        "destroy it; write to another file\n"
    )
    assert posts.read_bytes() == b'{"id": "1"}\n'
    result = run("import", x_archive_zip, "-o", posts, "--interactions", posts)
    assert result.exit_code == 2
    assert result.stderr == (
        f"twoway: error: {posts}: given for both --out and --interactions; "
        "write --interactions to another file\n"
    )
    assert posts.read_bytes() == b'{"id": "1"}\n'


# --- help and version ---------------------------------------------------------------------


def test_every_command_and_option_has_help() -> None:
    assert cli.commands
    for name, command in cli.commands.items():
        assert command.help, name
        assert command.help.strip(), name
        assert command.get_short_help_str().strip(), name
        for param in command.params:
            if isinstance(param, click.Option) and param.name != "help":
                assert param.help, f"{name} {param.opts}"
        for flag in ("--help", "-h"):
            result = run(name, flag)
            assert result.exit_code == 0, result.output
            usage = " ".join(command.collect_usage_pieces(click.Context(command)))
            assert result.stdout.startswith(f"Usage: twoway {name} {usage}\n")
            assert flat(command.help) in flat(result.stdout)


def test_top_level_help_lists_every_command() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for name in cli.commands:
        assert re.search(rf"^  {name} ", result.stdout, re.MULTILINE), name


def test_version_in_a_real_process() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "twoway", "--version"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "error"},
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == f"twoway, version {__version__}\n"
    assert completed.stderr == ""


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (("import",), "Missing argument 'PATHS...'. (see 'twoway import --help')"),
        (("audti",), "No such command 'audti'. Did you mean 'audit'? (see 'twoway --help')"),
        (("--bogus",), "No such option '--bogus'. (see 'twoway --help')"),
        (("audit", "-x"), "No such option '-x'. (see 'twoway audit --help')"),
        (
            ("pull", "mastodon"),
            "Missing argument 'ACCOUNT@INSTANCE'. (see 'twoway pull mastodon --help')",
        ),
    ],
)
def test_usage_errors_are_one_line(args: tuple[str, ...], line: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"twoway: error: {line}\n"


def test_a_group_without_its_command_shows_its_help() -> None:
    result = run("pull")
    assert result.exit_code in (0, 2)  # click 8.1 exits 0, 8.2 on 2: either way the help
    assert "Usage: twoway pull [OPTIONS] COMMAND [ARGS]..." in result.output
    assert "mastodon" in result.output
    assert "bluesky" in result.output


# --- bad input: names, texts and labels ----------------------------------------------------


def _not_utf8_copy(source: Path, folder: Path) -> Path:
    """A copy of ``source`` under a name whose bytes are not UTF-8 (skips where the file
    system takes UTF-8 names only)."""
    path = folder / os.fsdecode(b"caf\xe9-" + source.name.encode())
    try:
        path.write_bytes(source.read_bytes())
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system takes UTF-8 names only")
    return path


@pytest.mark.parametrize(
    ("command", "outputs"),
    [
        ("import", ["--out", "posts.jsonl"]),
        ("import", ["--db", "work.duckdb"]),
        ("audit", ["--html", "report.html", "--json", "report.json"]),
        ("screen", ["--json", "screen.json"]),
    ],
)
def test_an_input_whose_name_is_not_utf8_is_read_and_written(
    x_archive_zip: Path, tmp_path: Path, command: str, outputs: list[str]
) -> None:
    """The name reached the JSON, HTML, JSON lines and workspace writers as it was: exit 3."""
    archive = _not_utf8_copy(x_archive_zip, tmp_path)
    result = run(command, archive, *[tmp_path / o if "." in o else o for o in outputs])
    assert result.exit_code == 0, result.output
    if command == "import" and "--out" in outputs:
        rows = jsonl(tmp_path / "posts.jsonl")
        assert {r["source_file"] for r in rows} == {
            f"{tmp_path}/caf\ufffd-twitter-2023-01-01.zip:data/tweets.js",
            f"{tmp_path}/caf\ufffd-twitter-2023-01-01.zip:data/tweets-part1.js",
        }


def test_a_workspace_whose_name_is_not_utf8_is_one_line_and_exit_2(
    x_archive_zip: Path, tmp_path: Path
) -> None:
    """DuckDB takes UTF-8 paths only: it failed with std::bad_cast, exit 3."""
    db = tmp_path / os.fsdecode(b"w\xe9.duckdb")
    result = run("import", x_archive_zip, "--db", db)
    assert result.exit_code == 2
    assert result.stderr.startswith("twoway: error: ")
    assert result.stderr.endswith(
        ": the workspace's name is not UTF-8, and DuckDB cannot open it; give a name in UTF-8 "
        "(plain letters and digits always work) to --db\n"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "holds no text; give a UTF-8 text file with one post per line"),
        (b"\n  \n\n", "holds no text; give a UTF-8 text file with one post per line"),
        (
            b"PK\x03\x04\x00\x00binary",
            "is a binary file, not text; give a UTF-8 text file with one post per line",
        ),
        ("Hello\n".encode("utf-16"), "is UTF-16 text; save it as UTF-8"),
        (b"caf\xe9\n", "is not UTF-8 text; give a UTF-8 text file with one post per line"),
    ],
    ids=["empty", "blank", "binary", "utf-16", "latin-1"],
)
def test_classify_texts_with_no_text_is_one_line_and_exit_2(
    tmp_path: Path, content: bytes, message: str
) -> None:
    """An empty file wrote a CSV of no posts and exited 0."""
    texts = tmp_path / "drafts.txt"
    texts.write_bytes(content)
    out = tmp_path / "labels.csv"
    result = run("classify", "--texts", texts, "--out", out)
    assert result.exit_code == 2
    assert result.stderr == f"twoway: error: {texts}: {message}\n"
    assert not out.exists()


def test_classify_texts_skips_a_line_that_is_not_utf8_and_keeps_the_rest(tmp_path: Path) -> None:
    """One bad byte refused the whole file; a text holding U+2028 was cut in two, which moved
    the ids of every later line off their line numbers."""
    texts = tmp_path / "drafts.txt"
    texts.write_bytes(
        b"Open today\ncaf\xe9 open\nOne\xe2\x80\xa8post\r\nWhat should we bake next?\n"
    )
    out = tmp_path / "labels.csv"
    result = run("classify", "--texts", texts, "--out", out)
    assert result.exit_code == 0, result.output
    assert result.stderr == f"{texts} record 2: line 2 is not UTF-8 text (byte 3); skipped\n"
    rows = out.read_text(encoding="utf-8").splitlines()
    assert [row.split(",")[2] for row in rows[1:]] == ["1", "3", "4"]


def test_eval_skips_and_reports_bad_label_rows(x_archive_zip: Path, tmp_path: Path) -> None:
    """The first bad row refused the whole labels file; a ref given twice kept the last."""
    labels = tmp_path / "labels.csv"
    labels.write_text(
        "ref,intent,asks_question\n"
        "corner_bakery:1600000000000000001,promotion,false\n"
        "nocolon,personal,false\n"
        "corner_bakery:1600000000000000002,chatting,false\n"
        "corner_bakery:1600000000000000002,conversation,maybe\n"
        "corner_bakery:1600000000000000001,personal,true\n",
        encoding="utf-8",
    )
    result = run("eval", labels, x_archive_zip)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"{labels} record 3: ref 'nocolon' is not <name>:<post id>; skipped",
        f"{labels} record 4: intent 'chatting' is not one of conversation, community, "
        "promotion, quote, personal, information; skipped",
        f"{labels} record 5: asks_question 'maybe' is not true or false; skipped",
        f"{labels} record 6: ref corner_bakery:1600000000000000001 again (line 2 has it; the "
        "first is kept); skipped",
    ]
    assert result.stdout.startswith("posts compared: 1\n")
