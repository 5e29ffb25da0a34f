"""The workspace's cost: importing an archive into it against just loading and classifying the
archive, and audits from the workspace against audits from the file.

    python benchmarks/make_x_archive.py 100000 /tmp/x.zip
    python benchmarks/bench_workspace.py /tmp/x.zip --repeat 3

Each step runs in a fresh process and times itself from inside (wall and CPU seconds of the
step alone, not the interpreter's start):

- ``load + classify``: ``twoway.load`` and the classifier over each account's posts, the work an
  import into a workspace cannot avoid;
- ``import (new workspace)``: ``Workspace.import_paths`` into a new file: the same, plus the Arrow
  tables, the inserts and the commit;
- ``import (again)``: the same archive into that workspace again (it adds nothing);
- ``audit (from the file)`` and ``audit (from the workspace)``: the audit of every account, read
  and classified from the archive, or read back with its stored labels;
- ``history``: the first account month by month.

Steps are interleaved round by round (so a change in background load hits each alike) and the
medians are printed as a Markdown table.  The workspaces go to a temporary folder on the disk.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

STEPS = (
    "load + classify",
    "import (new workspace)",
    "import (again)",
    "audit (from the file)",
    "audit (from the workspace)",
    "history",
)


def child(step: str, archive: str, db: str) -> None:
    """Run one step and print its timings as JSON."""
    import gc

    gc.disable()  # as the command does
    from twoway.audit import audit
    from twoway.classifier import classify
    from twoway.dataset import load
    from twoway.store import Workspace
    from twoway.store.rows import by_account

    workspace = Workspace(db)
    if step == "history":
        handle = workspace.accounts()[0].handle
    wall, cpu = time.perf_counter(), time.process_time()
    if step == "load + classify":
        data = load(archive)
        posts = sum(len(classify(group)) for group in by_account(data.posts).values())
    elif step.startswith("import"):
        posts = workspace.import_paths(archive).posts_added
    elif step == "audit (from the file)":
        posts = sum(len(a.labels) for a in audit(archive).accounts)
    elif step == "audit (from the workspace)":
        posts = sum(len(a.labels) for a in workspace.audit(keep=False).accounts)
    else:
        posts = sum(m.posts for m in workspace.history(handle)[0].months)
    result = {
        "step": step,
        "posts": posts,
        "seconds": time.perf_counter() - wall,
        "cpu_seconds": time.process_time() - cpu,
    }
    print(json.dumps(result))


def run(step: str, archive: Path, db: Path) -> dict[str, Any]:
    script = Path(__file__).resolve()
    done = subprocess.run(
        [sys.executable, str(script), "--child", step, str(archive), str(db)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"bench_workspace: {step} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "archive", type=Path, nargs="?", help="an export, e.g. a synthetic X archive"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--child", nargs=3, metavar=("STEP", "ARCHIVE", "DB"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    if args.archive is None:
        parser.error("give the archive to import")
    results: dict[str, list[dict[str, Any]]] = {step: [] for step in STEPS}
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-workspace-", dir=Path.cwd()) as folder:
        for round_number in range(args.repeat):
            db = Path(folder) / f"round-{round_number}.duckdb"
            for step in STEPS:
                results[step].append(run(step, args.archive, db))
                print(f"round {round_number + 1}: {step} done", file=sys.stderr)
        size = db.stat().st_size
    base = statistics.median(r["seconds"] for r in results["load + classify"])
    print(
        f"{args.archive} ({results['load + classify'][0]['posts']} posts), median of "
        f"{args.repeat}; load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after; "
        f"workspace file {size / 1e6:.1f} MB\n"
    )
    print("| step | seconds | CPU seconds | vs load + classify |")
    print("|---|---:|---:|---:|")
    for step in STEPS:
        seconds = statistics.median(r["seconds"] for r in results[step])
        cpu = statistics.median(r["cpu_seconds"] for r in results[step])
        print(f"| {step} | {seconds:.2f} | {cpu:.2f} | {seconds / base:.2f}x |")


if __name__ == "__main__":
    main()
