from __future__ import annotations

import io
import json
from typing import Any
from unittest import mock

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from support import FIXTURES
from twoway.errors import FormatError
from twoway.importers import js_data
from twoway.importers.js_data import BadRecord, iter_js_array

EXPECT = "window.YTD.tweets.part0 = ["
TWEETS = (FIXTURES / "x_archive" / "tweets.js").read_bytes()


def elements(data: bytes) -> list[Any]:
    return list(iter_js_array(io.BytesIO(data), "tweets.js", EXPECT))


def whole(data: bytes) -> list[Any]:
    """The array parsed in one go, the slow way, to compare against."""
    return orjson.loads(data[data.index(b"[") :].rstrip().rstrip(b";"))


def x_way(items: list[Any], prefix: str = "window.YTD.tweets.part0 = ") -> bytes:
    return (prefix + json.dumps(items, indent=2)).encode()


def reasons(items: list[Any]) -> list[tuple[int, str]]:
    return [(n, item.reason) for n, item in enumerate(items, 1) if isinstance(item, BadRecord)]


def test_the_x_fixture_matches_a_whole_parse() -> None:
    assert elements(TWEETS) == whole(TWEETS)
    assert len(elements(TWEETS)) == 5


@pytest.mark.parametrize("chunk", [32, 64, 97, 256, 1000])
def test_tiny_chunks_cut_across_elements_and_lose_nothing(
    monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(js_data, "_CHUNK", chunk)
    many = x_way(
        [
            {"tweet": {"id_str": str(n), "full_text": "},\n  {" * (n % 3), "n": [n, {"x": "}"}]}}
            for n in range(60)
        ]
    )
    assert len(many) > 9 * chunk
    assert elements(many) == whole(many)
    assert elements(TWEETS) == whole(TWEETS)


@pytest.mark.parametrize("chunk", [32, 64, 4 << 20])
def test_crlf_line_endings(monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    monkeypatch.setattr(js_data, "_CHUNK", chunk)
    crlf = TWEETS.replace(b"\n", b"\r\n")
    assert b"\r\n  }," in crlf
    assert elements(crlf) == whole(TWEETS)


def test_byte_order_mark_is_ignored() -> None:
    assert elements(b"\xef\xbb\xbf" + TWEETS) == whole(TWEETS)


@pytest.mark.parametrize("chunk", [32, 4 << 20])
def test_minified_single_line_array(monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    monkeypatch.setattr(js_data, "_CHUNK", chunk)
    items = whole(TWEETS)
    minified = b"window.YTD.tweets.part0 = " + orjson.dumps(items)
    assert b"\n" not in minified
    assert elements(minified) == items


@pytest.mark.parametrize(
    "prefix",
    [
        "window.YTD.tweets.part0 = ",
        "window.YTD.tweet.part0 = ",
        "window.YTD.tweets.part12 = ",
        "module.exports = ",
        "Grailbird.data.tweets_2012_01 = \n ",
        "var tweets = ",
        "",
    ],
)
def test_prefixes(prefix: str) -> None:
    items = [{"a": 1}, {"b": [2, 3]}]
    assert elements(x_way(items, prefix)) == items


@pytest.mark.parametrize("ending", [";", ";\n", " ;\r\n", "\n\n"])
def test_trailing_semicolon_and_blank_lines(ending: str) -> None:
    items = [{"a": 1}, {"b": 2}]
    assert elements(x_way(items) + ending.encode()) == items


@pytest.mark.parametrize(
    "data",
    [
        b"window.YTD.tweets.part0 = [ ]",
        b"window.YTD.tweets.part0 = []",
        b"window.YTD.tweets.part0 = [\n]\n",
        b"window.YTD.tweets.part0 = [];",
        b"module.exports = [ ]\n",
    ],
)
def test_an_empty_array_gives_nothing(data: bytes) -> None:
    assert elements(data) == []


def test_a_bad_element_in_the_middle_is_numbered_and_the_rest_kept() -> None:
    broken = TWEETS.replace(b'"full_text" : "RT @townnews', b'"full_text" : RT @townnews', 1)
    items = elements(broken)
    assert len(items) == 5
    assert [n for n, _ in reasons(items)] == [4]
    assert reasons(items)[0][1].startswith("invalid JSON (")
    good = whole(TWEETS)
    assert [items[i] for i in (0, 1, 2, 4)] == [good[i] for i in (0, 1, 2, 4)]


def test_a_bad_element_across_small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(js_data, "_CHUNK", 64)
    data = x_way([{"n": n} for n in range(20)]).replace(b'"n": 7', b'"n": 7 7', 1)
    items = elements(data)
    assert [n for n, _ in reasons(items)] == [8]
    assert [i for i in items if not isinstance(i, BadRecord)] == [
        {"n": n} for n in range(20) if n != 7
    ]


def test_bytes_that_are_not_utf8_are_a_bad_record_not_a_crash() -> None:
    data = x_way([{"n": 1}, {"n": "XX"}, {"n": 3}]).replace(b"XX", b"\xff\xfe")
    items = elements(data)
    assert items[0] == {"n": 1}
    assert items[2] == {"n": 3}
    assert reasons(items) == [(2, "not UTF-8 text (byte 15 of the record)")]


def test_nesting_too_deep_is_a_format_error_not_a_crash() -> None:
    data = b"x = [" + b"[" * 100_000 + b"]" * 100_000 + b"]"
    with pytest.raises(FormatError) as caught:
        elements(data)
    assert str(caught.value) == (
        "tweets.js: invalid JSON (maximum recursion depth exceeded while deserializing an "
        "object); the file is damaged; export or copy it again"
    )


def test_truncated_inside_an_element_keeps_the_whole_ones() -> None:
    cut = TWEETS.index(b'"full_text" : "RT @townnews')
    items = elements(TWEETS[:cut])
    assert items[:3] == whole(TWEETS)[:3]
    assert reasons(items) == [
        (4, "the file ends inside this record (truncated); export or copy it again")
    ]


@pytest.mark.parametrize("cut_after", [b"\n  }", b"\n  },", b"\n  },\n", b"\n  },\n  "])
def test_truncated_just_after_an_element_is_still_reported(cut_after: bytes) -> None:
    data = x_way([{"n": 1}, {"n": 2}, {"n": 3}])
    cut = data.index(b'"n": 2') + data[data.index(b'"n": 2') :].index(cut_after) + len(cut_after)
    items = elements(data[:cut])
    assert items[:2] == [{"n": 1}, {"n": 2}]
    assert len(items) == 3
    assert isinstance(items[2], BadRecord)
    assert "truncated" in items[2].reason


def test_truncated_minified_file_is_a_format_error() -> None:
    minified = b"window.YTD.tweets.part0 = " + orjson.dumps(whole(TWEETS))
    with pytest.raises(FormatError) as caught:
        elements(minified[:-40])
    assert str(caught.value) == (
        "tweets.js: the file ends before its closing `]`; "
        "the file is truncated; export or copy it again"
    )


def test_invalid_minified_file_is_a_format_error() -> None:
    with pytest.raises(FormatError) as caught:
        elements(b'window.YTD.tweets.part0 = [{"a": 1}, {"a": }]')
    assert str(caught.value).startswith("tweets.js: invalid JSON (")
    assert str(caught.value).endswith("; the file is damaged; export or copy it again")


@pytest.mark.parametrize("data", [b"", b"console.log('hello')", b"{}", b"<html>", b"\x00\x01"])
def test_not_a_data_file(data: bytes) -> None:
    with pytest.raises(FormatError) as caught:
        elements(data)
    assert str(caught.value) == (
        "tweets.js: expected `window.YTD.tweets.part0 = [` at the start; "
        "is this a file from an X archive? Give twoway the archive zip or its folder"
    )


# --- properties ---------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
CHUNKS = [32, 33, 64, 101, 4 << 20]


@settings(max_examples=150, deadline=None)
@given(
    items=st.lists(st.dictionaries(st.text(max_size=8), JSON_VALUES, max_size=5), max_size=8),
    chunk=st.sampled_from(CHUNKS),
    ascii_only=st.booleans(),
)
def test_any_x_style_array_comes_back_exactly(
    items: list[dict[str, Any]], chunk: int, ascii_only: bool
) -> None:
    data = "window.YTD.tweets.part0 = " + json.dumps(items, indent=2, ensure_ascii=ascii_only)
    with mock.patch.object(js_data, "_CHUNK", chunk):
        assert elements(data.encode()) == items


@settings(max_examples=300, deadline=None)
@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.binary(max_size=400).map(lambda b: b"window.YTD.tweets.part0 = [" + b),
        st.binary(max_size=400).map(lambda b: b"window.YTD.tweets.part0 = [\n  {" + b),
        st.lists(
            st.sampled_from(
                [
                    b"\n  },",
                    b"\n  {",
                    b"{",
                    b"}",
                    b"[",
                    b"]",
                    b'"',
                    b"\\",
                    b",",
                    b":",
                    b"1",
                    b"\xff",
                    b'"\xff"',
                    b'"a": ',
                    b"\r\n",
                    b" ",
                    b";",
                ]
            ),
            max_size=60,
        ).map(lambda parts: b"window.YTD.tweets.part0 = [\n  {" + b"".join(parts)),
    ),
    chunk=st.sampled_from(CHUNKS),
)
def test_any_bytes_give_elements_or_a_format_error(data: bytes, chunk: int) -> None:
    with mock.patch.object(js_data, "_CHUNK", chunk):
        try:
            items = elements(data)
        except FormatError as exc:
            message = str(exc)
            items = []
        else:
            message = ""
    assert "\n" not in message
    for item in items:
        if isinstance(item, BadRecord):
            assert item.reason


def test_a_minified_array_keeps_the_records_around_a_bad_one() -> None:
    """With no line structure to cut at, one record of the wrong shape lost the whole file."""
    data = b"window.YTD.tweets.part0 = " + json.dumps([{"n": 1}, 5, {"n": 3}]).encode()
    items = list(iter_js_array(io.BytesIO(data), "tweets.js", EXPECT, dict[str, int]))
    assert [items[0], items[2]] == [{"n": 1}, {"n": 3}]
    assert reasons(items) == [(2, "unexpected content (Expected `object`, got `int`)")]


def test_a_minified_array_keeps_the_records_around_bytes_that_are_not_utf8() -> None:
    data = b'window.YTD.tweets.part0 = [{"n":1},{"n":"\xff"},{"n":3}]'
    items = elements(data)
    assert [items[0], items[2]] == [{"n": 1}, {"n": 3}]
    assert reasons(items) == [(2, "not UTF-8 text (byte 6 of the record)")]


def test_a_minified_array_broken_between_records_is_one_line() -> None:
    data = b'window.YTD.tweets.part0 = [{"n":1} {"n":2}]'
    with pytest.raises(FormatError, match=r"^tweets\.js: invalid JSON \(.*\); the file is damaged"):
        elements(data)


def test_an_element_that_is_no_object_does_not_swallow_the_next() -> None:
    """Pieces are cut at `},`: a bad `5,` shared its piece with the record after it, which was
    lost unreported, and every later record was numbered one short."""
    data = x_way([{"n": 1}, 5, {"n": 3}, {"n": 4}])
    items = list(iter_js_array(io.BytesIO(data), "tweets.js", EXPECT, dict[str, int]))
    assert [items[0], items[2], items[3]] == [{"n": 1}, {"n": 3}, {"n": 4}]
    assert reasons(items) == [(2, "unexpected content (Expected `object`, got `int`)")]
