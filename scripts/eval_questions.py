"""Question detection against an outside labelling: tweet-act-train.csv (Saha et al.'s speech
acts; QUE = question) in ../shared/data.

    python scripts/eval_questions.py

Only rows 2501-5000 are used: rows 1-2500 are in the classifier's training data.  Each text is labelled by twoway as a bare text (``twoway classify --texts``); twoway's
``asks_question`` is compared with ``label == QUE`` (the other six acts: not a question).  The two
definitions differ: the codebook's ``asks_question`` excludes rhetorical and headline questions,
which the speech-act labels may count as QUE, and counts polite requests for information
(REQ in that set), so this measures agreement with a neighbouring definition, not accuracy by the
codebook.  Prints precision, recall and F1, and the same for "ends with a question mark" as a
baseline.  Exits with a message when ../shared/data is absent.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from twoway.classifier import classify_texts

SOURCE = Path(__file__).resolve().parents[2] / "shared" / "data" / "tweet-act-train.csv"


def prf(pairs: list[tuple[bool, bool]]) -> tuple[float, float, float]:
    tp = sum(1 for gold, said in pairs if gold and said)
    fp = sum(1 for gold, said in pairs if not gold and said)
    fn = sum(1 for gold, said in pairs if gold and not said)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main() -> None:
    if not SOURCE.is_file():
        sys.exit(f"skipped: {SOURCE} is absent (the real data is only on the developers' machines)")
    with SOURCE.open(newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    # Rows 1-2500 are hand-labelled for training (labels/raw-tweetact-a.csv): only the others
    # measure anything.
    rows = rows[2500:]
    labels = classify_texts(row["text"] for row in rows)
    gold = [row["label"] == "QUE" for row in rows]
    said = [bool(item.asks_question.value) for item in labels]
    mark = [row["text"].rstrip().endswith("?") for row in rows]
    print(f"texts: {len(rows)}, QUE: {sum(gold)}")
    for name, guesses in (("twoway asks_question", said), ("baseline: ends with '?'", mark)):
        p, r, f = prf(list(zip(gold, guesses, strict=True)))
        print(f"{name}: precision {p:.3f}, recall {r:.3f}, F1 {f:.3f}")


if __name__ == "__main__":
    main()
