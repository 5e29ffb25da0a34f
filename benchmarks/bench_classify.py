"""How fast twoway classifies posts, on one core.

    python benchmarks/bench_classify.py [--posts 100000] [--repeat 3]

Reads the real exports in ../shared/data (the accounts the dev set was labelled from), loops their
posts (with new ids, so nothing is a duplicate by id) up to --posts, pins the process to one
core, and times ``twoway.classifier.classify`` on them: kind, intent, the six flags, each with its
confidence and cues.  Prints posts per second (median of --repeat runs; by the clock, and by the
process's CPU time, which other processes on a shared machine disturb less) and peak memory.
With --unlooped, times the real posts once each instead: the classifier remembers what it
learnt of the words of a batch for the next ones, which the looped posts repeat.  Exits with a
message when ../shared/data is absent.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--core", type=int, default=0)
    parser.add_argument(
        "--unlooped", action="store_true", help="the real posts once each, not looped to --posts"
    )
    parser.add_argument(
        "--gc",
        choices=("on", "off"),
        default="off",
        help="the cyclic garbage collector: off as in the twoway command (default), on as in a library caller",
    )
    args = parser.parse_args()
    if not SHARED.is_dir():
        sys.exit(
            f"skipped: {SHARED} is absent (the real exports are only on the developers' machines)"
        )
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.core})

    import twoway
    from twoway.classifier import classify, default_model
    from twoway.evaluation import EXPORTS

    real = twoway.load([SHARED / name for name in EXPORTS]).posts
    posts = []
    loop = 0
    while len(posts) < (len(real) if args.unlooped else args.posts):
        posts.extend(replace(p, id=f"{p.id}#{loop}") for p in real[: args.posts - len(posts)])
        loop += 1
    default_model()  # load the weights before timing
    if args.gc == "off":
        import gc

        gc.disable()
    times, cpu_times = [], []
    for _ in range(args.repeat):
        start, cpu = time.perf_counter(), time.process_time()
        labels = classify(posts)
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu)
        assert len(labels) == len(posts)
        del labels
    median, cpu_median = statistics.median(times), statistics.median(cpu_times)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    how = "once each" if args.unlooped else "looped"
    print(f"posts: {len(posts):,} ({len(real):,} real posts from {len(EXPORTS)} exports, {how})")
    print(f"runs: {', '.join(f'{t:.2f}s' for t in times)}")
    print(
        f"median: {median:.2f}s = {len(posts) / median:,.0f} posts/s on one core (garbage collector {args.gc})"
    )
    print(f"CPU time: median {cpu_median:.2f}s = {len(posts) / cpu_median:,.0f} posts/s")
    print(f"peak RSS: {peak:,.0f} MB")
    print(f"load average: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
