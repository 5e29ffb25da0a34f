"""twoway eval: hand labels against twoway's labels, and two labellers against each other."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from support import run_cli as run
from twoway.classifier import classify
from twoway.dataset import load
from twoway.evaluation import GoldLabel, agreement, evaluate, read_labels, score

HEADER = (
    "tweet_id,in_reply_to_status_id,in_reply_to_user_id,timestamp,source,text,"
    "retweeted_status_id,retweeted_status_user_id,retweeted_status_timestamp,expanded_urls\n"
)


def write_labels(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["ref", "intent", "asks_question"])
        writer.writerows(rows)
    return path


@pytest.fixture
def bakery(tmp_path: Path) -> Path:
    """A legacy tweets.csv: a reply, a sale, a bare retweet and a question to followers."""
    rows = [
        '101,90,7,2020-05-01 10:00:00 +0000,web,"@ana thanks, glad you liked the rye!",,,,',
        "102,,,2020-05-02 10:00:00 +0000,web,Buy now: 20% off every loaf this week,,,,",
        "103,,,2020-05-03 10:00:00 +0000,web,RT @mill: flour news,55,8,2020-05-03 09:00:00 +0000,",
        "104,,,2020-05-04 10:00:00 +0000,web,Which bread should we bake on Sunday?,,,,",
    ]
    path = tmp_path / "bakery.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def gold(intent: str, asks: bool = False) -> GoldLabel:
    return GoldLabel(intent, asks)


def test_score_counts_every_figure_from_the_pairs() -> None:
    pairs = [
        (gold("conversation", True), gold("conversation", True)),
        (gold("conversation"), gold("personal", True)),
        (gold("promotion"), gold("promotion")),
        (gold("personal", True), gold("personal")),
        (gold("information"), gold("quote")),
    ]
    result = score(pairs)
    assert result.n == 5
    assert result.accuracy == pytest.approx(3 / 5)
    # conversation P 1/1 R 1/2; promotion 1/1 1/1; personal P 1/2 R 1/1; information 0
    assert result.per_class["conversation"] == pytest.approx((1.0, 0.5, 2 / 3, 2))
    assert result.per_class["personal"] == pytest.approx((0.5, 1.0, 2 / 3, 1))
    assert result.per_class["information"] == (0.0, 0.0, 0.0, 1)
    assert result.per_class["quote"] == (0.0, 0.0, 0.0, 0)
    # macro-F1 over the four intents the reference uses, not the six
    assert result.macro_f1 == pytest.approx((2 / 3 + 1 + 2 / 3 + 0) / 4)
    assert result.confusion["conversation"]["personal"] == 1
    assert result.confusion["information"]["quote"] == 1
    # asks_question: one true positive, one false positive, one false negative
    assert result.question == pytest.approx((0.5, 0.5, 0.5, 2))
    # ICA: information -> quote stays Information, conversation -> personal stays Community
    assert result.ica_accuracy == 1.0
    # chance: reference shares (2,1,1,1)/5, other's (1,1,2,0,1 quote)/5
    chance = (2 * 1 + 1 * 1 + 1 * 2 + 1 * 0) / 25
    assert result.kappa == pytest.approx((3 / 5 - chance) / (1 - chance))


def test_kappa_is_one_for_full_agreement_and_none_for_one_class() -> None:
    assert score([(gold("quote"), gold("quote")), (gold("personal"), gold("personal"))]).kappa == 1
    assert score([(gold("quote"), gold("quote"))]).kappa is None
    assert score([]).kappa is None


def test_agreement_compares_the_refs_both_files_label() -> None:
    first = {"a:1": gold("promotion"), "a:2": gold("personal"), "a:3": gold("quote")}
    second = {"a:1": gold("promotion"), "a:2": gold("community"), "a:9": gold("quote")}
    result = agreement(first, second)
    assert result.n == 2
    assert result.accuracy == 0.5
    assert result.missing == ["a:3"]
    rendered = result.render()
    assert "confusion (rows: first labels, columns: second labels)" in rendered
    assert "refs not found in the second labels: 1 (first: a:3)" in rendered


def test_evaluate_resolves_refs_by_handle_and_file_name_and_leaves_out_reposts(
    bakery: Path,
) -> None:
    posts = load([bakery]).posts
    labels = {
        "bakery:101": gold("conversation"),
        "bakery:102": gold("promotion"),
        "bakery:103": gold("information"),
        "bakery:104": gold("community", True),
        "bakery:999": gold("personal"),
    }
    result = evaluate(labels, posts)
    assert result.reposts == ["bakery:103"]
    assert result.missing == ["bakery:999"]
    assert result.n == 3
    # the figures are those of twoway's own labels for the same posts
    by_id = {p.id: labels for p, labels in zip(posts, classify(posts), strict=True)}
    predicted = {
        i: GoldLabel(str(by_id[i].intent.value), bool(by_id[i].asks_question.value))
        for i in ("101", "102", "104")
    }
    expected = score([(labels[f"bakery:{i}"], predicted[i]) for i in ("101", "102", "104")])
    assert result.accuracy == expected.accuracy
    assert result.confusion == expected.confusion
    assert result.question == expected.question


def test_read_labels_names_the_line_of_a_bad_row(tmp_path: Path) -> None:
    from twoway.errors import InputError

    path = write_labels(
        tmp_path / "l.csv", [("a:1", "promotion", "false"), ("a:2", "chatter", "false")]
    )
    with pytest.raises(InputError, match=r"l\.csv record 3: intent 'chatter' is not one of"):
        read_labels(path)
    path = write_labels(tmp_path / "m.csv", [("a:1", "Personal", "YES"), ("noref", "quote", "")])
    with pytest.raises(InputError, match=r"m\.csv record 3: ref 'noref' is not <name>:<post id>"):
        read_labels(path)


def test_eval_command_prints_the_figures_of_an_export(bakery: Path, tmp_path: Path) -> None:
    labels = write_labels(
        tmp_path / "labels.csv",
        [("bakery:101", "conversation", "false"), ("bakery:102", "promotion", "false")],
    )
    result = run("eval", labels, bakery)
    assert result.exit_code == 0, result.stderr
    assert "posts compared: 2\n" in result.stdout
    assert "confusion (rows: hand label, columns: twoway)" in result.stdout


def test_eval_against_a_second_labeller(tmp_path: Path) -> None:
    first = write_labels(
        tmp_path / "a.csv", [("x:1", "promotion", "false"), ("x:2", "personal", "true")]
    )
    second = write_labels(
        tmp_path / "b.csv", [("x:1", "promotion", "false"), ("x:2", "quote", "true")]
    )
    result = run("eval", first, "--against", second)
    assert result.exit_code == 0, result.stderr
    assert "posts compared: 2\nintent accuracy: 0.500\n" in result.stdout
    assert "asks_question F1: 1.000" in result.stdout


@pytest.mark.parametrize("extra", [[], ["--against", "b.csv", "bakery.csv"]])
def test_eval_needs_paths_or_a_second_file_not_both(
    tmp_path: Path, extra: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_labels(tmp_path / "a.csv", [("x:1", "promotion", "false")])
    write_labels(tmp_path / "b.csv", [("x:1", "promotion", "false")])
    result = run("eval", "a.csv", *extra)
    assert result.exit_code == 2
    assert result.stderr.startswith("twoway: error: give either PATHS or --against LABELS2")


def test_eval_against_a_file_with_no_common_ref_is_one_line(tmp_path: Path) -> None:
    first = write_labels(tmp_path / "a.csv", [("x:1", "promotion", "false")])
    second = write_labels(tmp_path / "b.csv", [("x:2", "promotion", "false")])
    result = run("eval", first, "--against", second)
    assert result.exit_code == 2
    assert result.stderr == (
        f"twoway: error: {first}: none of the 1 refs is in {second}; "
        "both files must label the same posts by the same refs\n"
    )


def test_eval_against_skips_and_reports_a_bad_row_of_either_file(tmp_path: Path) -> None:
    first = write_labels(
        tmp_path / "a.csv", [("x:1", "promotion", "false"), ("x:2", "personal", "true")]
    )
    second = write_labels(
        tmp_path / "b.csv", [("x:1", "promotion", "false"), ("x:2", "gossip", "true")]
    )
    result = run("eval", first, "--against", second)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        f"{second} record 3: intent 'gossip' is not one of conversation, community, promotion, "
        "quote, personal, information; skipped\n"
    )
    assert "posts compared: 1\n" in result.stdout
