"""Tokens of a batch of texts (Tokenizer) are those of each text alone (tokenize), and their codes
say what each token is."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from twoway.classifier import tokens
from twoway.classifier.tokens import (
    ALPHA,
    ENDS,
    EXCLAIM,
    HASHTAG,
    JOIN,
    LINK,
    MENTION,
    MONEY_SIGN,
    QUESTION_MARK,
    Tokenizer,
    holding,
    text_ends,
    tokenize,
)

TRICKY = [
    "Order now! 20% off #sale https://x.co/a www.example.com/b",
    "#covid19 #19abc #_a1 #tag's @joe's don't 5's x'1y 3d mp3",
    "a.b@c.com <@user> <url1> @ home x@1.5 @x@www.foo.com @user@host.com123 ok",
    "foohttp://x.com/y awww.x.y and 12:30 1,000.50 1..2",
    "<num> <url> <@> written as they are, <num1> <@x>",
    "price ०१२ and ๑๒ and ²³ ½ Ⅻ x²",  # digits of other scripts, numbers that are not digits
    "@用户 says hi",  # a CJK mention: the text is read alone
    "今日は雨 ¿Qué? 你好吗？",
    "नमस्ते दुनिया? क्या आप आएंगे?",
    "Σ’ 9\n\n\n’Σ σ'한국",  # an apostrophe pair split from a Korean run, and the same chunk
    "σ' is here too",
    "nul\x00inside\x00 and www.\x00",
    "",
    "   ",
    "?!?! !!! ??? ¡hola! “quoted” «ok» 🙂🙂 ✓",
]


def read(texts: list[str], tokenizer: Tokenizer | None = None) -> list[list[str]]:
    """Each text's tokens, read in one batch: a run each in text order (empty for a text read
    alone), then a run for each text read alone."""
    found, codes, alone, _ = (tokenizer or Tokenizer()).tokens([t.lower() for t in texts])
    ends = np.flatnonzero(codes & ENDS).tolist()
    runs = [found[a:b].tolist() for a, b in zip([0, *(e + 1 for e in ends)], ends, strict=False)]
    assert len(runs) == len(texts) + len(alone)
    return [runs[len(texts) + alone.index(j)] if j in alone else runs[j] for j in range(len(texts))]


def test_a_batch_has_the_tokens_of_each_text_alone() -> None:
    assert read(TRICKY) == [tokenize(text.lower()) for text in TRICKY]


@pytest.mark.parametrize(
    "text", [*TRICKY, "wow? -", "fine - really? yes", "— ok? … sure!"], ids=repr
)
def test_a_text_in_a_batch_of_its_own_has_its_tokens(text: str) -> None:
    # A chunk with no token ("-") beside one of two ("wow?") once made the batch take each
    # chunk's first token only, losing the question mark.
    assert read([text]) == [tokenize(text.lower())]


@given(
    st.lists(st.sampled_from(["wow?", "-", "ok", "a,b", "…", "@x", "#t", "5", "hi!"]), max_size=6)
)
def test_any_few_chunks_read_in_a_new_tokenizer_have_their_tokens(chunks: list[str]) -> None:
    text = " ".join(chunks)
    assert read([text]) == [tokenize(text)]


def test_a_tokenizer_that_read_other_texts_before_gives_the_same_tokens() -> None:
    tokenizer = Tokenizer()
    read(list(reversed(TRICKY)), tokenizer)
    assert read(TRICKY, tokenizer) == [tokenize(text.lower()) for text in TRICKY]


def test_a_tokenizer_that_forgets_gives_the_same_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tokens, "_MOST_REMEMBERED", 10)
    tokenizer = Tokenizer()
    for _ in range(3):
        assert read(TRICKY, tokenizer) == [tokenize(text.lower()) for text in TRICKY]


def test_a_tokenizer_stopped_while_learning_forgets_and_reads_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # New chunks are entered before they are learnt: a tokenizer stopped in between starts
    # afresh rather than keep chunks with no entry.
    tokenizer = Tokenizer()
    read(TRICKY[:2], tokenizer)

    def stop(self: Tokenizer, chunks: list[str]) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr(Tokenizer, "_learn", stop)
        with pytest.raises(KeyboardInterrupt):
            read(TRICKY, tokenizer)
    again = ["first", *reversed(TRICKY)]  # the chunks in other places
    assert read(again, tokenizer) == [tokenize(text.lower()) for text in again]


def test_codes_say_what_each_token_is() -> None:
    found, codes, _, _ = Tokenizer().tokens(["@ana great #news! 20% https://x.co/a ok?"])
    assert found.tolist() == ["<@>", "great", "#news", "!", "<num>", "%", "<url>", "ok", "?", "\0"]
    bits = [ALPHA, HASHTAG, MENTION, LINK, QUESTION_MARK, EXCLAIM, MONEY_SIGN, ENDS]
    assert [[bool(code & bit) for bit in bits] for code in codes.tolist()] == [
        [False, False, True, False, False, False, False, False],
        [True, False, False, False, False, False, False, False],
        [False, True, False, False, False, False, False, False],
        [False, False, False, False, False, True, False, False],
        [False, False, False, False, False, False, False, False],
        [False, False, False, False, False, False, True, False],
        [False, False, False, True, False, False, False, False],
        [True, False, False, False, False, False, False, False],
        [False, False, False, False, True, False, False, False],
        [False, False, False, False, False, False, False, True],
    ]


def test_codes_hold_the_vocabulary_index() -> None:
    index = {"great": 7, "<url>": 0}
    found, codes, _, _ = Tokenizer(index).tokens(["great news https://x.co/a"])
    vocabulary = ((codes >> tokens.VOCABULARY) - 1).tolist()
    assert dict(zip(found.tolist(), vocabulary, strict=True)) == {
        "great": 7,
        "news": -1,
        "<url>": 0,
        "\0": -1,
    }


def test_holding_names_each_text_that_holds_a_mark_once() -> None:
    texts = ["a?! b?!", "none", "!?", "", "x: y"]
    joined, ends = JOIN.join(texts), text_ends(texts)
    assert holding(joined, ends, "?!") == [0]
    assert holding(joined, ends, "!?") == [2]
    assert holding(joined, ends, re.compile(r"[?!:]")) == [0, 2, 4]
    assert holding(joined, ends, "z") == []


LETTERS = [
    "plain words only here",
    "café naïve Ωmega Привет שלום مرحبا ǅemal",  # letters of other alphabets: one token each
    "cafe\u0301 e\u0301te\u0301",  # a combining accent is no letter: the chunk is scanned
    "ªº ß ﬁne",  # letters that are no Latin letters a-z
    "words, with. punctuation! and @joe #tag 12 http://x.co/a",
]


def test_chunks_of_letters_only_are_one_token_each_as_when_scanned() -> None:
    assert read(LETTERS) == [tokenize(text.lower()) for text in LETTERS]
    tokenizer = Tokenizer({"café": 3, "plain": 0})
    assert read(LETTERS, tokenizer) == read(LETTERS, tokenizer)  # learnt, then remembered
    _, codes, _, _ = tokenizer.tokens(["café plain new"])
    assert ((codes >> tokens.VOCABULARY) - 1).tolist() == [3, 0, -1, -1]
    assert (codes & ALPHA != 0).tolist() == [True, True, True, False]
