"""How fast ``twoway screen`` scores many accounts, and in how much memory.

    python benchmarks/bench_screen.py                   # 10,000 accounts, 1,000,000 posts
    python benchmarks/bench_screen.py --repeat 3 --jobs 1 2

The input is made by ``make_timelines.py`` (a twarc2 JSONL of ``--accounts`` timelines holding
``--posts`` tweets in all; deterministic, kept in benchmarks/out/ and made again only when the
generator changes).  Each run is the real command, ``twoway screen FILE --jobs N --json OUT``,
as a child process, once per ``--jobs`` value (1: reading and labelling in one process; 2: workers
label on the second core, while reading goes on and after), ``--repeat`` times; the medians are
reported.  Then the same on the customer-conversation CSV in ../shared/data
(``twcs-sample-a.csv``), skipped with a message when that folder is absent.

Measured for each run:

* wall seconds, from start to exit (interpreter start-up included);
* CPU seconds, user + system, of the command and the workers it waited for (``os.wait4``), and
  the CPU seconds other processes on the machine used meanwhile (``/proc/stat``, less this
  benchmark's own sampling): on a 2-core machine they take cores the command would use, and
  wall times mean little without them;
* peak RSS from ``os.wait4``: the largest resident set of the command *or* any one of its
  workers (Linux reports the maximum, not the sum);
* peak total memory of the command and its workers together, sampled from ``/proc`` every
  50 ms for the first 2 s, then every 0.5 s (reading a large process's page tables costs CPU,
  which a 2-core machine cannot spare): the sum of their PSS (proportional set size: a page shared by the command and a
  forked worker counts half in each), and the sum of their RSS (which counts shared pages once
  per process, so overstates).

The budget (issue 5) is 60 s and 4 GB for 10,000 accounts and 1,000,000 posts; the table says
whether each run kept it (memory judged on the total PSS).  The machine's load average is
recorded before and after: other processes on it slow wall times (CPU seconds much less).

Writes a Markdown table to stdout and everything measured to benchmarks/out/screen.json.
Exit codes: 0 done, 1 a run gave the wrong number of accounts or posts, 2 bad usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
SHARED_CSV = ROOT.parent / "shared" / "data" / "twcs-sample-a.csv"
BUDGET_SECONDS = 60.0
BUDGET_MB = 4096.0


def tool_path(name: str) -> str | None:
    """The console script next to this interpreter, else whatever is on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(name)


def ensure_timelines(accounts: int, posts: int) -> Path:
    path = OUT / f"timelines-{accounts}-{posts}.jsonl"
    generator = HERE / "make_timelines.py"
    if not path.exists() or path.stat().st_mtime < generator.stat().st_mtime:
        print(f"making {posts:,} tweets of {accounts:,} accounts: {path}", file=sys.stderr)
        sys.path.insert(0, str(HERE))
        from make_timelines import write_timelines

        write_timelines(path, accounts, posts)
    return path


def warm_file(path: Path) -> None:
    with path.open("rb") as stream:
        while stream.read(1 << 22):
            pass


# --------------------------------------------------------------------------------------------
# Memory of a process and its descendants, from /proc.


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(p) for p in task.read_text().split()]
        except OSError:
            continue
    return found


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        todo += _children(current)
    return pids


def _memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB, or zeros when it is gone."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    rss = pss = 0
    for line in text.splitlines():
        if line.startswith("Rss:"):
            rss = int(line.split()[1])
        elif line.startswith("Pss:"):
            pss = int(line.split()[1])
    return rss, pss


class Sampler(threading.Thread):
    """Samples the total RSS and PSS of a process tree until told to stop."""

    def __init__(self, pid: int, interval: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak_rss_kb = 0
        self.peak_pss_kb = 0
        self.peak_processes = 0
        self.samples = 0
        self._halt = threading.Event()

    def run(self) -> None:
        start = time.monotonic()
        while not self._halt.is_set():
            pids = _tree(self.pid)
            rss = pss = 0
            for pid in pids:
                one_rss, one_pss = _memory_kb(pid)
                rss += one_rss
                pss += one_pss
            self.peak_rss_kb = max(self.peak_rss_kb, rss)
            self.peak_pss_kb = max(self.peak_pss_kb, pss)
            self.peak_processes = max(self.peak_processes, len(pids))
            self.samples += 1
            # Often at first, so that a short run is measured too; then every interval.
            self._halt.wait(0.05 if time.monotonic() - start < 2 else self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def busy_seconds() -> float:
    """CPU seconds every core of the machine has spent busy since boot (/proc/stat)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    ticks = [int(x) for x in fields]
    idle = ticks[3] + ticks[4]  # idle, iowait
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def run(argv: list[str], workdir: Path) -> dict[str, Any]:
    out_path, err_path = workdir / "child.out", workdir / "child.err"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        busy_before = busy_seconds()
        own_before = os.times()
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        sampler = Sampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        sampler.stop()
        own_after = os.times()
        busy = busy_seconds() - busy_before
        sampling = (own_after.user - own_before.user) + (own_after.system - own_before.system)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(
            f"bench_screen: failed (exit {code}): {' '.join(argv)}\n"
            f"{err_path.read_text(errors='replace')[-3000:]}"
        )
    cpu = usage.ru_utime + usage.ru_stime
    return {
        "wall_seconds": wall,
        "cpu_seconds": cpu,
        "others_cpu_seconds": max(0.0, busy - cpu - sampling),
        "sampling_cpu_seconds": sampling,
        "user_seconds": usage.ru_utime,
        "system_seconds": usage.ru_stime,
        "peak_rss_mb_wait4": usage.ru_maxrss / 1024,  # KiB on Linux
        "peak_total_pss_mb": sampler.peak_pss_kb / 1024,
        "peak_total_rss_mb": sampler.peak_rss_kb / 1024,
        "peak_processes": sampler.peak_processes,
        "memory_samples": sampler.samples,
    }


def screen_runs(
    twoway: str, path: Path, jobs: int, repeat: int, workdir: Path
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    runs = []
    report: dict[str, Any] = {}
    out = workdir / "screen.json"
    for round_ in range(1, repeat + 1):
        out.unlink(missing_ok=True)
        result = run(
            [twoway, "screen", str(path), "--jobs", str(jobs), "--json", str(out)], workdir
        )
        report = json.loads(out.read_text())
        result["accounts"] = report["summary"]["accounts"]
        result["posts"] = report["summary"]["posts"]
        runs.append(result)
        print(
            f"{path.name} --jobs {jobs} round {round_}/{repeat}: {result['wall_seconds']:.1f} s, "
            f"CPU {result['cpu_seconds']:.1f} s (others {result['others_cpu_seconds']:.1f} s), "
            f"total PSS {result['peak_total_pss_mb']:.0f} MB "
            f"(load {loadavg()})",
            file=sys.stderr,
        )
    return runs, report["summary"]


def summarise(name: str, path: Path, jobs: int, runs: list[dict[str, Any]]) -> dict[str, Any]:
    def median(key: str) -> float:
        return statistics.median(r[key] for r in runs)

    return {
        "input": name,
        "path": str(path),
        "jobs": jobs,
        "accounts": runs[0]["accounts"],
        "posts": runs[0]["posts"],
        "median_wall_seconds": median("wall_seconds"),
        "median_cpu_seconds": median("cpu_seconds"),
        "median_others_cpu_seconds": median("others_cpu_seconds"),
        "peak_rss_mb_wait4": max(r["peak_rss_mb_wait4"] for r in runs),
        "peak_total_pss_mb": max(r["peak_total_pss_mb"] for r in runs),
        "peak_total_rss_mb": max(r["peak_total_rss_mb"] for r in runs),
        "posts_per_second": runs[0]["posts"] / median("wall_seconds"),
        "runs": runs,
    }


def markdown(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| input | accounts | posts | jobs | wall s | CPU s | others' CPU s | posts/s "
        "| peak RSS MB (wait4) | peak total PSS MB | peak total RSS MB | within 60 s and 4 GB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        within = (
            row["median_wall_seconds"] <= BUDGET_SECONDS and row["peak_total_pss_mb"] <= BUDGET_MB
        )
        lines.append(
            f"| {row['input']} | {row['accounts']:,} | {row['posts']:,} | {row['jobs']} | "
            f"{row['median_wall_seconds']:.1f} | {row['median_cpu_seconds']:.1f} | "
            f"{row['median_others_cpu_seconds']:.1f} | {row['posts_per_second']:,.0f} | {row['peak_rss_mb_wait4']:,.0f} | "
            f"{row['peak_total_pss_mb']:,.0f} | {row['peak_total_rss_mb']:,.0f} | "
            f"{'yes' if within else 'no'} |"
        )
    return "\n".join(lines)


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _cpu_model() -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each (median reported)")
    parser.add_argument(
        "--jobs", type=int, nargs="+", default=[1, 2], help="--jobs values to run (default 1 2)"
    )
    parser.add_argument("--json", type=Path, default=OUT / "screen.json", help="results file")
    args = parser.parse_args()
    if args.repeat < 1 or args.accounts < 1 or args.posts < args.accounts:
        parser.error("need --repeat >= 1 and at least as many posts as accounts")
    if not Path("/proc/self/smaps_rollup").exists():
        parser.error("needs Linux's /proc/PID/smaps_rollup to measure memory")
    twoway = tool_path("twoway")
    if twoway is None:
        print(
            "bench_screen: the twoway command is not installed (pip install -e .)", file=sys.stderr
        )
        return 2

    OUT.mkdir(parents=True, exist_ok=True)
    timelines = ensure_timelines(args.accounts, args.posts)
    load_before = loadavg()
    rows: list[dict[str, Any]] = []
    summaries: dict[str, Any] = {}
    agree = True
    with tempfile.TemporaryDirectory(prefix="bench-screen-", dir=OUT) as tmp:
        work = Path(tmp)
        run([twoway, "--version"], work)  # untimed: the interpreter's and packages' files warm
        warm_file(timelines)
        for jobs in args.jobs:
            runs, summary = screen_runs(twoway, timelines, jobs, args.repeat, work)
            name = f"twarc2 JSONL, synthetic ({timelines.stat().st_size / 1e9:.2f} GB)"
            rows.append(summarise(name, timelines, jobs, runs))
            summaries[f"timelines --jobs {jobs}"] = summary
            agree = agree and all(
                r["accounts"] == args.accounts and r["posts"] == args.posts for r in runs
            )
        shared: dict[str, Any] | None = None
        if SHARED_CSV.exists():
            warm_file(SHARED_CSV)
            for jobs in args.jobs:
                runs, summary = screen_runs(twoway, SHARED_CSV, jobs, args.repeat, work)
                rows.append(
                    summarise(f"conversation CSV ({SHARED_CSV.name})", SHARED_CSV, jobs, runs)
                )
                summaries[f"{SHARED_CSV.name} --jobs {jobs}"] = summary
            shared = {"path": str(SHARED_CSV)}
        else:
            shared = {"skipped": f"{SHARED_CSV} is absent"}
            print(f"skipped the conversation CSV: {SHARED_CSV} is absent", file=sys.stderr)
    load_after = loadavg()

    table = markdown(rows)
    print()
    print(
        f"twoway screen on {os.cpu_count()} cores ({_cpu_model()}); load average before "
        f"{load_before}, after {load_after}; {args.repeat} run(s) each, medians"
    )
    print()
    print(table)
    print()
    print(
        "wall s: the whole command, start-up included; CPU s: user + system of the command and "
        "its workers; others' CPU s: what other processes on the machine used meanwhile (from "
        "/proc/stat: on 2 cores, they take time the command could have had); peak RSS (wait4): the largest single process; peak total PSS: the command "
        "and its workers together, shared pages counted once (what the budget is judged on); "
        "peak total RSS counts pages shared after a fork once per process."
    )
    for name, summary in summaries.items():
        print(
            f"- {name}: {summary['broadcasters']:,} of {summary['accounts']:,} accounts are one-way "
            f"broadcasters ({summary['broadcaster_share']:.1%}), median score "
            f"{summary['median_score']}"
        )
    if not agree:
        print("\nMISMATCH: a run did not screen every account and post of the input")
    result = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "input": {
            "path": str(timelines),
            "bytes": timelines.stat().st_size,
            "accounts": args.accounts,
            "posts": args.posts,
            "generator": "benchmarks/make_timelines.py (seed 0)",
        },
        "shared_csv": shared,
        "repeat": args.repeat,
        "budget": {"seconds": BUDGET_SECONDS, "megabytes": BUDGET_MB},
        "loadavg_before": load_before,
        "loadavg_after": load_after,
        "machine": {
            "cpus": os.cpu_count(),
            "usable_cpus": len(os.sched_getaffinity(0)),
            "processor": _cpu_model(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "counts_agree": agree,
        "results": rows,
        "summaries": summaries,
        "markdown": table,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwrote {args.json}", file=sys.stderr)
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
