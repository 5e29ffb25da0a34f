"""Split the hand-labelled real posts into a dev set (evaluation only) and a training set.

    python scripts/split_labels.py

Reads labels/raw-*.csv (one file per labelled account, refs only, no post texts) and writes
labels/dev.csv and labels/train.csv.  A post goes to dev when the first hex digit of the SHA-256 of
its ref is 0-7, so the split is stable, needs no random state, and does not depend on the order
of the files.  Both sets keep the columns ref,intent,asks_question,note.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

LABELS = Path(__file__).resolve().parents[1] / "labels"
FIELDS = ["ref", "intent", "asks_question", "note"]


def is_dev(ref: str) -> bool:
    return hashlib.sha256(ref.encode()).hexdigest()[0] in "01234567"


def main() -> None:
    rows = []
    for path in sorted(LABELS.glob("raw-*.csv")):
        with path.open(newline="", encoding="utf-8") as stream:
            rows.extend(csv.DictReader(stream))
    for name, keep in (("dev", True), ("train", False)):
        chosen = [r for r in rows if is_dev(r["ref"]) is keep]
        with (LABELS / f"{name}.csv").open("w", newline="", encoding="utf-8") as stream:
            writer = csv.DictWriter(stream, FIELDS, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(chosen)
        print(f"{name}: {len(chosen)} posts")


if __name__ == "__main__":
    main()
