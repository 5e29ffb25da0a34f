"""Split the hand-labelled real posts into a dev set (evaluation only) and a training set.

    python scripts/split_labels.py

Reads labels/raw-*.csv (refs only, no post texts) and writes:

* labels/dev.csv and labels/train.csv from the four accounts' exports: a post goes to dev when the
  first hex digit of the SHA-256 of its ref is 0-7, so the split is stable, needs no random state,
  and does not depend on the order of the files;
* from tweet-act-train.csv (texts of many different users, by row number): rows 1-2500
  (raw-tweetact-a.csv) to train.csv, rows 2501-5000 (raw-tweetact-b.csv) to dev-many.csv, a
  second evaluation set of accounts never seen in training.

Every set keeps the columns ref,intent,asks_question,note.
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
    rows, many_train, many_dev = [], [], []
    for path in sorted(LABELS.glob("raw-*.csv")):
        with path.open(newline="", encoding="utf-8") as stream:
            found = list(csv.DictReader(stream))
        if path.name.startswith("raw-tweetact-a"):
            many_train.extend(found)
        elif path.name.startswith("raw-tweetact-b"):
            many_dev.extend(found)
        else:
            rows.extend(found)
    sets = {
        "dev": [r for r in rows if is_dev(r["ref"])],
        "train": [r for r in rows if not is_dev(r["ref"])] + many_train,
        "dev-many": many_dev,
    }
    for name, chosen in sets.items():
        with (LABELS / f"{name}.csv").open("w", newline="", encoding="utf-8") as stream:
            writer = csv.DictWriter(stream, FIELDS, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(chosen)
        print(f"{name}: {len(chosen)} posts")


if __name__ == "__main__":
    main()
