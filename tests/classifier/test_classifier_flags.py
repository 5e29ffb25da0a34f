"""The rule flags' facts of a batch of posts (post_facts) and the account context built from them
(AccountContext): the same whatever batch a post is read in."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from twoway.classifier import flags
from twoway.classifier.features import Reader
from twoway.drafts import draft_post
from twoway.model import Kind, Post

TEXTS = [
    "New on the blog: five ways to keep bread fresh https://example.com/p/1",
    "今日は雨ですか？ 新しいパンを焼きました https://example.jp/a",  # read alone (CJK)
    "RT @mill: new flour prices are up https://example.com/p/2",  # a bare repost: no facts
    "ok https://example.com/p/3",  # too few words for an opening or a key
    "",
    "nul\x00inside with some words https://example.com/p/4",  # read alone (holds END)
    "1 2 3 4 5 6 7 8 9 10 11 words start too late https://example.com/p/5",
    "Fresh sourdough every Saturday from 8am! #bread https://example.com/a",
    " ".join(["long"] * 400) + " https://example.com/p/6",
    "@ana did the refill arrive? DM us the order number",
]


def posts() -> list[Post]:
    start = datetime(2024, 5, 1, 9, 15, tzinfo=UTC)
    return [
        dataclasses.replace(draft_post(text, id=str(i)), created_at=start + timedelta(days=i))
        for i, text in enumerate(TEXTS)
    ]


def test_post_facts_of_a_batch_are_those_of_each_post_alone() -> None:
    mine = posts()
    openings, keys = flags.post_facts(Reader().read(mine))
    alone = [flags.post_facts(Reader().read([post])) for post in mine]
    assert openings == [found[0][0] for found in alone]
    assert keys == [found[1][0] for found in alone]
    assert openings[:4] == ["new on the", "今日 日は は雨", None, None]
    assert openings[5:8] == ["nul inside with", None, "fresh sourdough every"]
    assert keys[2:5] == [None, None, None]
    assert keys[7] == "fresh sourdough every saturday from am #bread"
    assert openings[9] is None  # no link


def test_the_first_of_repeated_posts_is_the_earliest_then_by_id() -> None:
    start = datetime(2024, 5, 1, 9, 15, tzinfo=UTC)
    made = [
        ("b", 2, "same words again here"),
        ("a", 1, "other words said twice"),
        ("c", 2, "same words again here"),
        ("a2", 1, "other words said twice"),
        ("d", 0, "same words again here"),
        ("e", 3, "said only once here"),
    ]
    mine = [
        dataclasses.replace(draft_post(text, id=id), created_at=start + timedelta(hours=hours))
        for id, hours, text in made
    ]
    openings, keys = flags.post_facts(Reader().read(mine))
    context = flags.AccountContext(mine, openings, keys)
    firsts = dict(zip(context.repeats.tolist(), context.firsts.tolist(), strict=True))
    assert firsts == {0: 4, 2: 4, 3: 1}
    none = flags.AccountContext(mine[:2], openings[:2], keys[:2])
    assert none.repeats.size == none.firsts.size == 0


def test_cadence_names_the_time_kept() -> None:
    start = datetime(2024, 5, 1, 7, 5, 9, tzinfo=UTC)
    mine = [
        dataclasses.replace(
            draft_post(f"post number {word}", id=str(i)), created_at=start + timedelta(days=i)
        )
        for i, word in enumerate(["one", "two", "three", "four", "five", "six"])
    ]
    mine.append(dataclasses.replace(mine[0], id="r", kind=Kind.REPOST))
    openings, keys = flags.post_facts(Reader().read(mine))
    context = flags.AccountContext(mine, openings, keys)
    assert context.seconds[0] == (7, 5, 9)
    labels = flags.automated(mine, context)
    assert labels[0].cues == ("posted at exactly 07:05:09, like many others",)
    assert labels[5] is labels[0]
    assert labels[6].value is False  # a bare repost is not judged by its time
    assert np.array_equal(context.repeats, np.zeros(0, dtype=np.int64))


@pytest.mark.parametrize(
    "url",
    [
        "https://Example.com/Blog/Five-WAYS-to_keep-bread-fresh?utm=abc123",
        "https://example.com/ab/cd/12345",  # no word of three letters
        "https://mañana.example/Pan-Dulce/Über",  # not ASCII
        "https://example.com/ΑΘΗΝΑ-news",
    ],
)
def test_the_words_of_a_link_address_are_those_of_any_script(url: str) -> None:
    assert flags._slug_words(url) == flags._SLUG_WORD.findall(url)
