"""Import and audit speed: twoway against twitter-to-sqlite, side by side, on the same X archive.

    pip install -e '.[bench]'          # twitter-to-sqlite==0.22
    python benchmarks/bench_import.py --repeat 3

Three measurements, each in its own fresh process pinned to one core (``taskset -c CORE``, or
``os.sched_setaffinity`` in the child where taskset is missing):

1. ``twoway.load(path)`` (the library): posts/s over the load call itself, timed inside the child
   with ``time.perf_counter``; the whole-process wall time is reported beside it;
2. ``twoway import ARCHIVE --out posts.parquet`` end to end (start-up, reading, Parquet writing);
3. ``twoway audit ARCHIVE --json … --html …`` end to end (read, classify, metrics, score,
   coaching, JSON and HTML reports);
4. ``twitter-to-sqlite import DB ARCHIVE`` end to end, into a new database each run, and a check
   that its ``archive_tweet`` table holds as many tweets as twoway read.

Each tool runs ``--repeat`` times; runs are interleaved (one of each tool per round) so that a
change in background load hits every tool alike, and the medians are reported.  Peak RSS and CPU
time are each child's own, from ``os.wait4`` (``getrusage(RUSAGE_CHILDREN)`` would give the
maximum over *all* children so far).  The archive is read once before timing so that no run pays
for a cold file cache, and each tool is started once untimed (``--version``) to warm the
interpreter's and the packages' files.  The load average is recorded before and after: other
processes on the machine slow wall times, CPU seconds less so.

Outputs go to a temporary folder in benchmarks/out/ by default, on the disk, as a user would
write them.  twitter-to-sqlite commits (and so fsyncs) as it goes, so on a busy or slow disk its
wall time is mostly waiting (see its voluntary context switches and its CPU seconds);
``--workdir /dev/shm`` writes to memory instead and compares the work alone.

Without ``--archive`` a synthetic archive of ``--tweets`` tweets is made with
``make_x_archive.py`` in benchmarks/out/.  ``--real`` also times ``twoway.load`` on the real
archive in ../shared/data (666 tweets: start-up dominates, so a second, warm load in the same
process is timed too); it is skipped with a message when that folder is absent.

Writes a Markdown table to stdout and everything measured to benchmarks/out/import.json.
Exit codes: 0 done, 1 the tools disagree on the number of tweets, 2 twitter-to-sqlite missing
or bad usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
REAL_ARCHIVE = ROOT.parent / "shared" / "data" / "fanfare-x-archive.zip"
T2S = "twitter-to-sqlite"
STARTUP = "import twoway.cli, twoway.audit"


# --------------------------------------------------------------------------------------------
# The child: one twoway.load call, timed from inside.


def child_load(path: str, core: int | None, twice: bool) -> None:
    if core is not None:
        os.sched_setaffinity(0, {core})
    import twoway

    start, cpu_start = time.perf_counter(), time.process_time()
    data = twoway.load(path)
    seconds = time.perf_counter() - start
    # CPU time of the load call: steadier than its wall time on a shared machine.
    cpu_seconds = time.process_time() - cpu_start
    result: dict[str, Any] = {
        "posts": len(data.posts),
        "load_seconds": seconds,
        "load_cpu_seconds": cpu_seconds,
        "skipped_records": data.report.skipped_record_count,
        "affinity": sorted(os.sched_getaffinity(0)),
    }
    if twice:
        del data
        start = time.perf_counter()
        again = twoway.load(path)
        result["warm_load_seconds"] = time.perf_counter() - start
        result["warm_posts"] = len(again.posts)
    print(json.dumps(result))


# --------------------------------------------------------------------------------------------
# The parent.


def tool_path(name: str) -> str | None:
    """The console script next to this interpreter (not a pyenv shim, whose start-up would be
    timed too), else whatever is on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(name)


def version_of(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


class Runner:
    """Starts children pinned to one core and collects wall time, peak RSS and CPU time."""

    def __init__(self, core: int, workdir: Path) -> None:
        self.core = core
        self.workdir = workdir
        self.taskset = shutil.which("taskset")
        self.pinning = f"taskset -c {core}" if self.taskset else f"os.sched_setaffinity({core})"

    def run(self, argv: list[str], label: str) -> dict[str, Any]:
        if self.taskset:
            argv = [self.taskset, "-c", str(self.core), *argv]  # taskset execs: same pid
            preexec = None
        else:
            core = self.core

            def preexec() -> None:
                os.sched_setaffinity(0, {core})

        out_path = self.workdir / "child.out"
        err_path = self.workdir / "child.err"
        with out_path.open("wb") as out, err_path.open("wb") as err:
            start = time.perf_counter()
            proc = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, preexec_fn=preexec
            )
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        stdout = out_path.read_text(errors="replace")
        stderr = err_path.read_text(errors="replace")
        if proc.returncode != 0:
            sys.exit(
                f"bench_import: {label} failed (exit {proc.returncode}): {' '.join(argv)}\n"
                f"{stderr[-3000:]}"
            )
        return {
            "wall_seconds": wall,
            "peak_rss_mb": usage.ru_maxrss / 1024,  # KiB on Linux
            "cpu_seconds": usage.ru_utime + usage.ru_stime,
            "voluntary_switches": usage.ru_nvcsw,  # mostly waits on disk (fsync)
            "blocks_written": usage.ru_oublock,
            "stdout": stdout,
            "stderr": stderr,
        }


def warm_file(path: Path) -> None:
    with path.open("rb") as stream:
        while stream.read(1 << 22):
            pass


def ensure_archive(args: argparse.Namespace) -> tuple[Path, bool]:
    if args.archive is not None:
        path = Path(args.archive)
        if not path.exists():
            sys.exit(f"bench_import: no such archive: {path}")
        return path, False
    path = OUT / f"x-archive-{args.tweets}.zip"
    generator = HERE / "make_x_archive.py"
    if not path.exists() or path.stat().st_mtime < generator.stat().st_mtime:
        print(f"making a synthetic archive of {args.tweets} tweets: {path}", file=sys.stderr)
        sys.path.insert(0, str(HERE))
        from make_x_archive import write_archive

        write_archive(args.tweets, path)
    return path, True


def median(runs: list[dict[str, Any]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def summarise(
    name: str, posts: int, runs: list[dict[str, Any]], seconds_key: str
) -> dict[str, Any]:
    seconds = median(runs, seconds_key)
    return {
        "tool": name,
        "posts": posts,
        "median_seconds": seconds,
        "posts_per_second": posts / seconds,
        "median_process_seconds": median(runs, "wall_seconds"),
        "median_cpu_seconds": median(runs, "cpu_seconds"),
        "peak_rss_mb": median(runs, "peak_rss_mb"),
        "runs": [{k: v for k, v in r.items() if k not in ("stdout", "stderr")} for r in runs],
    }


def markdown(rows: list[dict[str, Any]], baseline: float | None) -> str:
    lines = [
        "| tool | posts | median s | posts/s | process s | CPU s | peak RSS MB "
        "| speed-up vs twitter-to-sqlite |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        speed = f"{baseline / row['median_seconds']:.1f}x" if baseline else "n/a"
        lines.append(
            f"| {row['tool']} | {row['posts']:,} | {row['median_seconds']:.2f} | "
            f"{row['posts_per_second']:,.0f} | {row['median_process_seconds']:.2f} | "
            f"{row['median_cpu_seconds']:.2f} | {row['peak_rss_mb']:.0f} | {speed} |"
        )
    return "\n".join(lines)


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tweets", type=int, default=100_000, help="size of the synthetic archive")
    parser.add_argument("--archive", help="an X archive (zip) to use instead of a synthetic one")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each tool (median reported)")
    parser.add_argument("--core", type=int, default=0, help="the CPU core to pin every run to")
    parser.add_argument(
        "--real", action="store_true", help=f"also time twoway.load on {REAL_ARCHIVE}"
    )
    parser.add_argument(
        "--json", type=Path, default=OUT / "import.json", help="where to write results"
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=OUT,
        help="where the Parquet file and SQLite database are written (default benchmarks/out; "
        "/dev/shm takes the disk, and SQLite's fsyncs, out of the comparison)",
    )
    parser.add_argument("--child-load", help=argparse.SUPPRESS)
    parser.add_argument("--child-core", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child-twice", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child_load is not None:
        child_load(args.child_load, args.child_core, args.child_twice)
        return 0
    if args.repeat < 1 or args.tweets < 1:
        parser.error("--repeat and --tweets must be at least 1")
    if args.core not in os.sched_getaffinity(0):
        parser.error(f"core {args.core} is not available (have {sorted(os.sched_getaffinity(0))})")

    t2s = tool_path(T2S)
    if t2s is None or version_of(T2S) is None:
        print(
            "bench_import: twitter-to-sqlite is not installed; install the benchmark extras with\n"
            "    pip install -e '.[bench]'\n"
            "(or: pip install twitter-to-sqlite==0.22)",
            file=sys.stderr,
        )
        return 2
    twoway_cli = tool_path("twoway")
    if twoway_cli is None:
        print(
            "bench_import: the twoway command is not installed (pip install -e .)", file=sys.stderr
        )
        return 2
    if version_of(T2S) != "0.22":
        print(
            f"note: twitter-to-sqlite {version_of(T2S)} installed, 0.22 expected", file=sys.stderr
        )

    OUT.mkdir(parents=True, exist_ok=True)
    archive, synthetic = ensure_archive(args)
    load_before = loadavg()

    args.workdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-import-", dir=args.workdir) as tmp:
        work = Path(tmp)
        runner = Runner(args.core, work)
        child_core = None if runner.taskset else args.core  # the child pins itself only then
        me = [sys.executable, str(Path(__file__).resolve())]

        def load_argv(path: Path, twice: bool = False) -> list[str]:
            argv = [*me, "--child-load", str(path)]
            if child_core is not None:
                argv += ["--child-core", str(child_core)]
            return [*argv, "--child-twice"] if twice else argv

        parquet = work / "posts.parquet"
        database = work / "twitter.db"

        # Untimed: the archive into the file cache, each tool started once.
        warm_file(archive)
        runner.run([twoway_cli, "--version"], "twoway --version")
        runner.run([t2s, "--version"], "twitter-to-sqlite --version")
        runner.run([*me, "--help"], "bench_import --help")

        load_runs: list[dict[str, Any]] = []
        cli_runs: list[dict[str, Any]] = []
        audit_runs: list[dict[str, Any]] = []
        report_json, report_html = work / "audit.json", work / "audit.html"
        t2s_runs: list[dict[str, Any]] = []
        startup_runs: list[dict[str, Any]] = []
        for round_ in range(1, args.repeat + 1):
            # What every audit pays before it reads a post: the interpreter and the modules the
            # audit imports (the HTML charts' matplotlib is imported later, when it draws).
            startup_runs.append(runner.run([sys.executable, "-c", STARTUP], "start-up"))

            run = runner.run(load_argv(archive), "twoway.load")
            run |= json.loads(run["stdout"].strip().splitlines()[-1])
            load_runs.append(run)

            parquet.unlink(missing_ok=True)
            run = runner.run(
                [twoway_cli, "import", str(archive), "--out", str(parquet)], "twoway import"
            )
            run["posts"] = pq.ParquetFile(parquet).metadata.num_rows
            cli_runs.append(run)

            run = runner.run(
                [
                    twoway_cli,
                    "audit",
                    str(archive),
                    "--json",
                    str(report_json),
                    "--html",
                    str(report_html),
                ],
                "twoway audit",
            )
            audited = json.loads(report_json.read_text())
            run["posts"] = sum(a["metrics"]["posts"]["count"] for a in audited["accounts"])
            audit_runs.append(run)

            database.unlink(missing_ok=True)
            run = runner.run(
                [t2s, "import", str(database), str(archive)], "twitter-to-sqlite import"
            )
            with sqlite3.connect(database) as db:
                run["posts"] = db.execute("select count(*) from archive_tweet").fetchone()[0]
            database.unlink(missing_ok=True)
            t2s_runs.append(run)

            print(
                f"round {round_}/{args.repeat}: twoway.load {load_runs[-1]['load_seconds']:.2f}s "
                f"({load_runs[-1]['load_cpu_seconds']:.2f}s CPU), "
                f"twoway import {cli_runs[-1]['wall_seconds']:.2f}s, "
                f"twoway audit {audit_runs[-1]['wall_seconds']:.2f}s, "
                f"twitter-to-sqlite {t2s_runs[-1]['wall_seconds']:.2f}s  (load {loadavg()})",
                file=sys.stderr,
            )

        real: dict[str, Any] = {}
        if args.real:
            if REAL_ARCHIVE.exists():
                warm_file(REAL_ARCHIVE)
                real_runs = []
                for _ in range(args.repeat):
                    run = runner.run(load_argv(REAL_ARCHIVE, twice=True), "twoway.load (real)")
                    run |= json.loads(run["stdout"].strip().splitlines()[-1])
                    real_runs.append(run)
                real = summarise(
                    "twoway.load() — real archive", real_runs[0]["posts"], real_runs, "load_seconds"
                )
                real["archive"] = str(REAL_ARCHIVE)
                real["median_warm_load_seconds"] = median(real_runs, "warm_load_seconds")
                real["warm_posts_per_second"] = real["posts"] / real["median_warm_load_seconds"]
            else:
                real = {"skipped": f"{REAL_ARCHIVE} is absent"}
                print(f"--real: skipped, {REAL_ARCHIVE} is absent", file=sys.stderr)

    load_after = loadavg()
    counts = {
        "twoway.load": {r["posts"] for r in load_runs},
        "twoway import": {r["posts"] for r in cli_runs},
        "twoway audit": {r["posts"] for r in audit_runs},
        "twitter-to-sqlite": {r["posts"] for r in t2s_runs},
    }
    agree = len(set().union(*counts.values())) == 1
    if synthetic:
        agree = agree and counts["twoway.load"] == {args.tweets}
    posts = load_runs[0]["posts"]
    rows = [
        summarise("twoway.load() (library, load call)", posts, load_runs, "load_seconds")
        | {"median_load_cpu_seconds": median(load_runs, "load_cpu_seconds")},
        summarise(
            "twoway import → Parquet (CLI, end to end)",
            cli_runs[0]["posts"],
            cli_runs,
            "wall_seconds",
        ),
        summarise(
            "twoway audit → JSON + HTML (read, classify, metrics, reports; end to end)",
            audit_runs[0]["posts"],
            audit_runs,
            "wall_seconds",
        ),
        summarise(
            "twitter-to-sqlite 0.22 import (end to end)",
            t2s_runs[0]["posts"],
            t2s_runs,
            "wall_seconds",
        ),
    ]
    reference = rows[-1]
    baseline = reference["median_seconds"]
    for row in rows:
        row["speed_up_vs_twitter_to_sqlite"] = baseline / row["median_seconds"]
        row["cpu_speed_up_vs_twitter_to_sqlite"] = (
            reference["median_cpu_seconds"] / row["median_cpu_seconds"]
        )
        row["memory_vs_twitter_to_sqlite"] = row["peak_rss_mb"] / reference["peak_rss_mb"]

    table = markdown(rows, baseline)
    size_mb = archive.stat().st_size / 1e6
    print()
    print(
        f"X archive: {archive.name} ({'synthetic, ' if synthetic else ''}{posts:,} tweets, "
        f"{size_mb:.1f} MB zip); {args.repeat} runs each, median; pinned to core {args.core} "
        f"({runner.pinning}); load average before {load_before}, after {load_after} "
        f"on {os.cpu_count()} cores; outputs written in {args.workdir}"
    )
    print()
    print(table)
    print()
    print(
        "median s: the load call alone for twoway.load() (timed inside the child, after "
        "`import twoway`), the whole process otherwise; process s: the whole process, from start "
        "to exit; CPU s: user + system; peak RSS: the child's maximum resident set.  Speed-up is "
        "twitter-to-sqlite's median s over the row's.  Voluntary context switches per run "
        "(median; mostly waits on the disk): "
        + ", ".join(
            f"{row['tool'].split(' (')[0]} {median(row['runs'], 'voluntary_switches'):,.0f}"
            for row in rows
        )
        + "."
    )
    audit_row = rows[2]
    startup = median(startup_runs, "wall_seconds")
    allowed = 0.10 * baseline
    floor = startup + rows[0]["median_seconds"]
    print()
    print(
        f"twoway audit against twitter-to-sqlite import: "
        f"{audit_row['median_seconds'] / baseline:.2f} of its time (target at most 0.10), "
        f"{audit_row['memory_vs_twitter_to_sqlite']:.2f} of its peak memory (target at most 0.33)."
        f"  The target allows {allowed:.2f} s; starting Python with the audit's imports "
        f"(`python -c '{STARTUP}'`) takes {startup:.2f} s and the load call "
        f"{rows[0]['median_seconds']:.2f} s, together {floor:.2f} s, which leaves "
        f"{allowed - floor:.2f} s to classify {posts:,} posts, compute the metrics, coach and "
        "write both reports."
    )
    if real:
        print()
        if "skipped" in real:
            print(f"Real archive: skipped ({real['skipped']}).")
        else:
            print(
                f"Real archive ({REAL_ARCHIVE.name}, {real['posts']} tweets): the whole process "
                f"takes {real['median_process_seconds']:.2f} s (peak RSS "
                f"{real['peak_rss_mb']:.0f} MB), of which the load call is only "
                f"{real['median_seconds'] * 1000:.0f} ms = "
                f"{real['posts_per_second']:,.0f} posts/s: "
                "at this size start-up (interpreter, imports) dominates, and the first load also "
                "pays for lazy imports and first-call set-up; a second load in the same process "
                f"takes {real['median_warm_load_seconds'] * 1000:.0f} ms "
                f"= {real['warm_posts_per_second']:,.0f} posts/s."
            )
    if not agree:
        print()
        print(f"MISMATCH in tweet counts: { {k: sorted(v) for k, v in counts.items()} }")

    result = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "archive": {
            "path": str(archive),
            "synthetic": synthetic,
            "tweets": posts,
            "zip_bytes": archive.stat().st_size,
        },
        "repeat": args.repeat,
        "core": args.core,
        "pinning": runner.pinning,
        "workdir": str(args.workdir),
        "loadavg_before": load_before,
        "loadavg_after": load_after,
        "machine": {
            "cpus": os.cpu_count(),
            "processor": _cpu_model(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "versions": {"twoway": version_of("twoway"), T2S: version_of(T2S)},
        "counts_agree": agree,
        "startup_seconds": startup,
        "startup_runs": [
            {k: v for k, v in r.items() if k not in ("stdout", "stderr")} for r in startup_runs
        ],
        "results": rows,
        "real_archive": real or None,
        "markdown": table,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwrote {args.json}", file=sys.stderr)
    return 0 if agree else 1


def _cpu_model() -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


if __name__ == "__main__":
    sys.exit(main())
