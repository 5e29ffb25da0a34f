"""The Mastodon export importer, on a hand-made export of an invented bakery account."""

from __future__ import annotations

import shutil
import tarfile
import zipfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from twoway.errors import FormatError, TwowayError
from twoway.importers import ReadReport, detect, read
from twoway.importers.mastodon import IMPORTER, html_to_text
from twoway.model import Account, Kind, Link, Post
from twoway.sources import open_bundle

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "mastodon"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
REAL_EXPORT = SHARED / "dealingwith-mastodon-archive.zip"

ANA = "https://bakery.example/users/ana"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def status(number: int) -> str:
    return f"{ANA}/statuses/{number}"


def read_all(path: Path) -> tuple[list[Any], ReadReport]:
    report = ReadReport()
    return list(read(path, report)), report


def posts_of(records: list[Any]) -> dict[int, Post]:
    """Posts by their record number in orderedItems."""
    return {r.provenance.record: r for r in records if isinstance(r, Post)}


def write_outbox(folder: Path, items: list[Any], *, actor: bool = True) -> Path:
    """An export folder holding ``items`` as its outbox, with the fixture's actor.json."""
    folder.mkdir(parents=True, exist_ok=True)
    outbox = {"@context": "https://www.w3.org/ns/activitystreams", "type": "OrderedCollection"}
    (folder / "outbox.json").write_bytes(orjson.dumps({**outbox, "orderedItems": items}))
    if actor:
        shutil.copy(FIXTURES / "actor.json", folder / "actor.json")
    return folder


def note(number: int, content: str = "<p>Hello</p>", **fields: Any) -> dict[str, Any]:
    """A Create activity of one Note by the fixture account."""
    obj = {
        "id": status(number),
        "type": "Note",
        "inReplyTo": None,
        "published": "2024-11-02T09:15:00Z",
        "url": f"https://bakery.example/@ana/{number}",
        "to": [PUBLIC],
        "cc": [f"{ANA}/followers"],
        "content": content,
        "attachment": [],
        "tag": [],
        **fields,
    }
    return {"id": f"{status(number)}/activity", "type": "Create", "actor": ANA, "object": obj}


def test_fixture_is_an_outbox_in_the_real_shape() -> None:
    data = orjson.loads((FIXTURES / "outbox.json").read_bytes())
    assert data["type"] == "OrderedCollection"
    assert len(data["orderedItems"]) == data["totalItems"] == 11


# --- the layouts an export comes in ---------------------------------------------------------


def as_folder(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURES, tmp_path / "export"))


def as_zip(tmp_path: Path, top: str = "") -> Path:
    path = tmp_path / "archive-20241108.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for file in sorted(FIXTURES.iterdir()):
            archive.write(file, top + file.name)
        archive.writestr(
            top + "media_attachments/files/113/412/597/000/000/001/original/5f1c0ab2e4d3c9a8.jpeg",
            b"\xff\xd8\xff\xe0 not really a photo",
        )
    return path


def as_zip_in_folder(tmp_path: Path) -> Path:
    return as_zip(tmp_path, top="archive-20241108/")


def as_tar_gz(tmp_path: Path) -> Path:
    path = tmp_path / "archive-20241108.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        for file in sorted(FIXTURES.iterdir()):
            archive.add(file, arcname=file.name)
    return path


def as_lone_outbox(tmp_path: Path) -> Path:
    return Path(shutil.copy(FIXTURES / "outbox.json", tmp_path / "outbox.json"))


LAYOUTS = [as_folder, as_zip, as_zip_in_folder, as_tar_gz]


@pytest.mark.parametrize("layout", [*LAYOUTS, as_lone_outbox])
def test_detects_export(tmp_path: Path, layout: Any) -> None:
    assert detect(open_bundle(layout(tmp_path))) is IMPORTER


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("likes.json", (FIXTURES / "likes.json").read_bytes()),
        ("outbox.json", b'{"orders": [1, 2, 3]}'),
        ("notes.json", (FIXTURES / "outbox.json").read_bytes()),
    ],
)
def test_does_not_detect_other_files(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert IMPORTER.detect(open_bundle(path)) is False


def test_does_not_detect_folder_without_outbox(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "actor.json", tmp_path / "actor.json")
    shutil.copy(FIXTURES / "likes.json", tmp_path / "likes.json")
    assert IMPORTER.detect(open_bundle(tmp_path)) is False


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_reads_the_same(tmp_path: Path, layout: Any) -> None:
    records, report = read_all(layout(tmp_path))
    assert [type(r).__name__ for r in records] == ["Account"] + ["Post"] * 9
    assert sorted(posts_of(records)) == [1, 2, 3, 4, 5, 6, 7, 8, 11]
    assert posts_of(records)[1].provenance.file == report.files_read[0]
    assert [f.rsplit(":", 1)[-1].rsplit("/", 1)[-1] for f in report.files_read] == [
        "outbox.json",
        "actor.json",
    ]


# --- what the fixture export holds ----------------------------------------------------------


@pytest.fixture(scope="module")
def fixture_read() -> tuple[list[Any], ReadReport]:
    return read_all(FIXTURES)


def test_owner_account_comes_first(fixture_read: tuple[list[Any], ReadReport]) -> None:
    records, _ = fixture_read
    assert records[0] == Account(
        platform="mastodon",
        id=ANA,
        handle="ana@bakery.example",
        display_name="Ana's Corner Bakery",
    )


@pytest.mark.parametrize(
    ("record", "kind", "visibility", "lang"),
    [
        (1, Kind.ORIGINAL, "public", "en"),
        (2, Kind.REPLY, "public", "en"),
        (3, Kind.THREAD, "unlisted", "en"),
        (4, Kind.QUOTE, "public", "de"),
        (5, Kind.REPLY, "public", "en"),
        (6, Kind.REPOST, "public", None),
        (7, Kind.ORIGINAL, "direct", "en"),
        (8, Kind.QUOTE, "private", "en"),
        (11, Kind.ORIGINAL, "public", "en"),  # a poll (Question)
    ],
)
def test_kind_visibility_and_language(
    fixture_read: tuple[list[Any], ReadReport],
    record: int,
    kind: Kind,
    visibility: str,
    lang: str | None,
) -> None:
    post = posts_of(fixture_read[0])[record]
    assert (post.kind, post.visibility, post.lang, post.kind_guessed) == (
        kind,
        visibility,
        lang,
        False,
    )


def test_every_post_has_account_provenance_and_no_counts(
    fixture_read: tuple[list[Any], ReadReport],
) -> None:
    for number, post in posts_of(fixture_read[0]).items():
        assert post.platform == "mastodon"
        assert (post.account, post.account_id) == ("ana@bakery.example", ANA)
        assert post.provenance.file == str(FIXTURES / "outbox.json")
        assert (post.provenance.record, post.provenance.importer) == (number, "mastodon")
        assert post.provenance.version == IMPORTER.version
        assert (post.likes, post.reposts, post.replies, post.quotes, post.client) == (None,) * 5


def test_original_with_hashtag_link_and_photo(fixture_read: tuple[list[Any], ReadReport]) -> None:
    post = posts_of(fixture_read[0])[1]
    assert post.id == status(113412597350404099)
    assert post.url == "https://bakery.example/@ana/113412597350404099"
    assert post.created_at == datetime(2024, 11, 2, 9, 15, tzinfo=UTC)
    assert post.text == (
        "Fresh rye & caraway loaves are out of the oven! #sourdough\n"
        "\n"
        "Menu for the week:\n"
        "Mon: rye\n"
        "Tue: spelt\n"
        "\n"
        "https://www.anasbakery.example/menu"
    )
    assert post.hashtags == ("sourdough",)
    assert post.mentions == ()
    assert post.links == (
        Link(url="https://www.anasbakery.example/menu", domain="anasbakery.example"),
    )
    assert post.media_count == 1
    assert post.conversation_id == (
        "tag:bakery.example,2024-11-02:objectId=4099:objectType=Conversation"
    )
    assert (post.reply_to_id, post.quoted_id, post.reposted_id) == (None, None, None)


def test_reply_to_another_mastodon_account(fixture_read: tuple[list[Any], ReadReport]) -> None:
    post = posts_of(fixture_read[0])[2]
    assert post.text == (
        "@rosa Yes, we keep two loaves for you until noon. Which one would you like?"
    )
    assert post.reply_to_id == "https://social.example/users/rosa/statuses/113408881786933287"
    assert post.reply_to_account == "rosa@social.example"
    assert post.reply_to_account_id == "https://social.example/users/rosa"
    assert post.reply_to_time == datetime(2024, 11, 1, 17, 30, 5, tzinfo=UTC)
    assert post.mentions == ("rosa@social.example",)
    assert post.links == ()


def test_thread_continues_own_post(fixture_read: tuple[list[Any], ReadReport]) -> None:
    post = posts_of(fixture_read[0])[3]
    assert post.reply_to_id == status(113412597350404099)
    assert (post.reply_to_account, post.reply_to_account_id) == ("ana@bakery.example", ANA)
    assert post.reply_to_time == datetime(2024, 11, 2, 9, 15, tzinfo=UTC)


def test_reply_to_other_software_has_no_account_or_time(
    fixture_read: tuple[list[Any], ReadReport],
) -> None:
    post = posts_of(fixture_read[0])[5]
    assert post.reply_to_id == "https://misskey.example/notes/9zq1x7k2ab"
    assert (post.reply_to_account, post.reply_to_account_id, post.reply_to_time) == (None,) * 3
    assert post.mentions == ("lena@misskey.example",)


def test_quote_drops_the_re_line(fixture_read: tuple[list[Any], ReadReport]) -> None:
    post = posts_of(fixture_read[0])[4]
    assert post.text == "Unsere Nachbarn suchen Verstärkung. Gute Leute!"
    assert post.quoted_id == "https://other.example/users/kim/statuses/113420343705657386"
    assert post.links == ()


def test_quote_by_object_link_tag(fixture_read: tuple[list[Any], ReadReport]) -> None:
    post = posts_of(fixture_read[0])[8]
    assert post.text == "Followers first: Rosa's recipe is on our counter this week."
    assert post.quoted_id == "https://social.example/users/rosa/statuses/113408881786933287"


def test_boost_is_a_repost(fixture_read: tuple[list[Any], ReadReport]) -> None:
    post = posts_of(fixture_read[0])[6]
    assert post.id == status(113430233088024594)
    assert post.created_at == datetime(2024, 11, 5, 12, 0, tzinfo=UTC)
    assert post.text == ""
    assert post.url is None
    assert post.reposted_id == "https://other.example/users/kim/statuses/113420343705657386"
    assert post.reposted_account == "kim@other.example"


def test_direct_message_is_kept_and_marked(fixture_read: tuple[list[Any], ReadReport]) -> None:
    post = posts_of(fixture_read[0])[7]
    assert post.text == "@tomas can you open the shop at 7 tomorrow?"
    assert post.mentions == ("tomas@bakery.example",)  # a local `@tomas`, completed by its host


def test_bad_record_skipped_and_other_types_summed(
    fixture_read: tuple[list[Any], ReadReport],
) -> None:
    _, report = fixture_read
    assert [str(s) for s in report.skipped_records] == [
        f"{FIXTURES / 'outbox.json'} record 10: missing object.published; skipped"
    ]
    assert report.warnings == [
        f"{FIXTURES / 'outbox.json'}: skipped 1 activity of other types (Delete 1)"
    ]
    assert report.skipped_files == []


# --- HTML to text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "text", "hrefs"),
    [
        ("<p>One</p><p>Two</p>", "One\n\nTwo", []),
        ("<p>a<br>b<br />c</p>", "a\nb\nc", []),
        ("<p>a<br><br>b</p>", "a\n\nb", []),
        (
            "<p>Tom &amp; Jerry &lt;3 &#39;hi&#39; &quot;x&quot;</p>",
            "Tom & Jerry <3 'hi' \"x\"",
            [],
        ),
        (
            '<p>see <a href="https://a.example/x" rel="nofollow noopener">a.example/x</a></p>',
            "see a.example/x",
            ["https://a.example/x"],
        ),
        (
            '<p><a href="https://b.example/tags/Bread" class="mention hashtag" rel="tag">'
            "#<span>Bread</span></a></p>",
            "#Bread",
            [],
        ),
        ('<p><a href="https://b.example/tags/x" rel="tag">#x</a></p>', "#x", []),
        (
            '<p><span class="h-card"><a href="https://b.example/@bo" class="u-url mention">'
            "@<span>bo</span></a></span> hi</p>",
            "@bo hi",
            [],
        ),
        ('<p>q</p><p class="quote-inline">RE: <a href="https://c.example/1">x</a></p>', "q", []),
        ("<p>list:</p><ul><li>one</li><li>two</li></ul>", "list:\n\none\ntwo", []),
        ("plain text, no tags", "plain text, no tags", []),
        ("", "", []),
        ("<p></p><p>late</p>", "late", []),
        ("a<![x b", "a<![x b", []),  # markup html.parser gives up on: kept as it is
    ],
)
def test_html_to_text(html: str, text: str, hrefs: list[str]) -> None:
    assert html_to_text(html) == (text, hrefs)


# --- metadata variants, on outboxes made in tmp_path ----------------------------------------


QUOTED = "https://q.example/users/zoe/statuses/113400000000000000"


@pytest.mark.parametrize(
    "fields",
    [
        {"quote": QUOTED},
        {"quoteUri": QUOTED},
        {"quoteUrl": QUOTED},
        {"_misskey_quote": QUOTED},
        {"quote": {"id": QUOTED, "type": "Note"}},
        {"tag": [{"type": "Link", "mediaType": "application/activity+json", "href": QUOTED}]},
    ],
)
def test_quote_fields(tmp_path: Path, fields: dict[str, Any]) -> None:
    records, _ = read_all(write_outbox(tmp_path, [note(1, **fields)]))
    post = posts_of(records)[1]
    assert (post.kind, post.quoted_id) == (Kind.QUOTE, QUOTED)


def test_reply_with_quote_stays_a_reply(tmp_path: Path) -> None:
    parent = "https://r.example/users/al/statuses/113400000000000000"
    records, _ = read_all(write_outbox(tmp_path, [note(1, inReplyTo=parent, quote=QUOTED)]))
    post = posts_of(records)[1]
    assert (post.kind, post.reply_to_id, post.quoted_id) == (Kind.REPLY, parent, QUOTED)


PARENT_TIME = datetime(2024, 10, 31, 3, 51, 19, 687000, tzinfo=UTC)  # 113400000000000000 >> 16


@pytest.mark.parametrize(
    ("parent", "account", "account_id", "time"),
    [
        (
            "https://r.example/users/al/statuses/113400000000000000",
            "al@r.example",
            "https://r.example/users/al",
            PARENT_TIME,
        ),
        ("https://r.example/@al/113400000000000000", "al@r.example", None, PARENT_TIME),
        (
            "https://r.example/users/al/statuses/42",
            "al@r.example",
            "https://r.example/users/al",
            None,
        ),
        (
            "https://r.example/users/al/statuses/9999999999999999999999",
            "al@r.example",
            "https://r.example/users/al",
            None,
        ),
        ("https://r.example/objects/6f0e-44aa", None, None, None),
        ("https://r.example/notes/9zq1x7k2ab", None, None, None),
    ],
)
def test_reply_target_from_uri(
    tmp_path: Path,
    parent: str,
    account: str | None,
    account_id: str | None,
    time: datetime | None,
) -> None:
    records, _ = read_all(write_outbox(tmp_path, [note(1, inReplyTo=parent)]))
    post = posts_of(records)[1]
    assert (post.kind, post.reply_to_account, post.reply_to_account_id, post.reply_to_time) == (
        Kind.REPLY,
        account,
        account_id,
        time,
    )


def test_thread_by_own_note_id_of_another_shape(tmp_path: Path) -> None:
    first = note(1)
    first["object"]["id"] = "https://bakery.example/objects/a1"
    second = note(2, inReplyTo="https://bakery.example/objects/a1")
    records, _ = read_all(write_outbox(tmp_path, [first, second]))
    assert posts_of(records)[2].kind == Kind.THREAD


@pytest.mark.parametrize(
    ("to", "cc", "visibility"),
    [
        ([PUBLIC], [], "public"),
        (["as:Public"], [], "public"),
        ([f"{ANA}/followers"], [PUBLIC], "unlisted"),
        ([], [f"{ANA}/followers"], "private"),
        (["https://r.example/users/al"], [], "direct"),
        ([], [], "direct"),
    ],
)
def test_visibility(tmp_path: Path, to: list[str], cc: list[str], visibility: str) -> None:
    records, _ = read_all(write_outbox(tmp_path, [note(1, to=to, cc=cc)]))
    assert posts_of(records)[1].visibility == visibility


@pytest.mark.parametrize(
    ("content_map", "lang"),
    [({"sv": "<p>Hej</p>"}, "sv"), ({"sv": "<p>Hej</p>", "en": "<p>Hi</p>"}, None), (None, None)],
)
def test_language(tmp_path: Path, content_map: Any, lang: str | None) -> None:
    records, _ = read_all(write_outbox(tmp_path, [note(1, contentMap=content_map)]))
    assert posts_of(records)[1].lang == lang


def test_time_with_offset_is_utc(tmp_path: Path) -> None:
    records, _ = read_all(write_outbox(tmp_path, [note(1, published="2024-11-02T11:15:00+02:00")]))
    assert posts_of(records)[1].created_at == datetime(2024, 11, 2, 9, 15, tzinfo=UTC)


def test_status_link_in_text_is_a_link_not_a_quote(tmp_path: Path) -> None:
    url = "https://q.example/@zoe/113400000000000000"
    content = f'<p>Look: <a href="{url}">{url}</a></p>'
    records, _ = read_all(write_outbox(tmp_path, [note(1, content)]))
    post = posts_of(records)[1]
    assert post.kind == Kind.ORIGINAL
    assert post.links == (Link(url=url, domain="q.example", post_id=url),)


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        ("just a string", "not an activity object"),
        ({"id": "x", "actor": ANA}, "missing type"),
        ({"id": "x", "type": "Create", "actor": ANA}, "missing object"),
        (
            {"id": "x", "type": "Create", "object": "https://b.example/1"},
            "object is not an embedded Note",
        ),
        ({**note(1), "object": {**note(1)["object"], "id": None}}, "missing object.id"),
        ({**note(1), "object": {**note(1)["object"], "id": 7}}, "object.id is not a string"),
        (
            {**note(1), "object": {**note(1)["object"], "published": "last Tuesday"}},
            "object.published is not an ISO time ('last Tuesday')",
        ),
        (
            {**note(1), "object": {**note(1)["object"], "published": "0001-01-01T00:00:00+01:00"}},
            "object.published is not an ISO time ('0001-01-01T00:00:00+01:00')",
        ),
        (
            {
                "type": "Announce",
                "actor": ANA,
                "object": QUOTED,
                "published": "2024-11-02T09:15:00Z",
            },
            "missing id",
        ),
        (
            {"id": "y/activity", "type": "Announce", "published": "2024-11-02T09:15:00Z"},
            "missing object",
        ),
        ({"id": "y/activity", "type": "Announce", "object": QUOTED}, "missing published"),
    ],
)
def test_bad_record_is_skipped_with_its_number(tmp_path: Path, item: Any, reason: str) -> None:
    records, report = read_all(write_outbox(tmp_path, [note(1), item, note(3)]))
    assert sorted(posts_of(records)) == [1, 3]
    assert [(s.record, s.reason) for s in report.skipped_records] == [(2, reason)]


def test_other_activity_types_are_counted(tmp_path: Path) -> None:
    items = [
        note(1),
        {"id": "d1", "type": "Delete", "object": "x"},
        {"id": "l1", "type": "Like", "object": "x"},
        {"id": "d2", "type": "Delete", "object": "x"},
        {"id": "c1", "type": "Create", "object": {"id": "v", "type": "Video"}},
    ]
    records, report = read_all(write_outbox(tmp_path, items))
    assert sorted(posts_of(records)) == [1]
    assert report.skipped_records == []
    assert report.warnings == [
        f"{tmp_path / 'outbox.json'}: skipped 4 activities of other types "
        "(Create Video 1, Delete 2, Like 1)"
    ]


# --- the owner without actor.json -----------------------------------------------------------


def test_owner_from_activities_without_actor_json(tmp_path: Path) -> None:
    records, report = read_all(
        write_outbox(tmp_path, [note(1), note(2, inReplyTo=status(1))], actor=False)
    )
    assert records[0] == Account(platform="mastodon", id=ANA, handle="ana@bakery.example")
    assert posts_of(records)[2].kind == Kind.THREAD
    assert report.warnings == [
        f"{tmp_path / 'outbox.json'}: no readable actor.json beside it; "
        "the owner (ana@bakery.example) was taken from the activities' actor"
    ]


def test_broken_actor_json_is_skipped(tmp_path: Path) -> None:
    folder = write_outbox(tmp_path, [note(1)])
    (folder / "actor.json").write_bytes(b'{"id": "https://bakery.example/users/ana", ')
    records, report = read_all(folder)
    assert records[0] == Account(platform="mastodon", id=ANA, handle="ana@bakery.example")
    assert [(f, r.split(" (")[0]) for f, r in report.skipped_files] == [
        (str(folder / "actor.json"), "invalid JSON")
    ]
    assert len(report.warnings) == 1


# --- broken files ---------------------------------------------------------------------------


def test_invalid_outbox_json_raises_one_line_format_error(tmp_path: Path) -> None:
    folder = as_folder(tmp_path)
    (folder / "outbox.json").write_bytes(b'{"@context": "https://www.w3.org/ns/activitystreams", ')
    with pytest.raises(FormatError) as caught:
        list(read(folder))
    error = caught.value
    assert error.file == str(folder / "outbox.json")
    assert error.problem.startswith("invalid JSON (")
    assert "\n" not in str(error)
    assert str(error).endswith(
        "; request a new archive from Mastodon (Preferences > Import and export)"
    )


def test_outbox_without_ordered_items_raises(tmp_path: Path) -> None:
    folder = as_folder(tmp_path)
    (folder / "outbox.json").write_bytes(b'{"type": "OrderedCollection", "orderedItems": 3}')
    with pytest.raises(FormatError) as caught:
        list(read(folder))
    assert str(caught.value) == (
        f"{folder / 'outbox.json'}: no orderedItems list; is this a Mastodon outbox.json?; "
        "request a new archive from Mastodon (Preferences > Import and export)"
    )


def test_truncated_zip_raises_format_error(tmp_path: Path) -> None:
    path = as_zip(tmp_path)
    path.write_bytes(path.read_bytes()[:-200])
    with pytest.raises(TwowayError):
        list(read(path))


# --- any input: records or a TwowayError, never another exception ---------------------------


def _read_quietly(folder: Path) -> None:
    try:
        for record in read(folder):
            assert isinstance(record, Account | Post)
    except TwowayError:
        pass


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(outbox=st.binary(max_size=400), actor=st.binary(max_size=200))
def test_any_bytes_read_or_twoway_error(tmp_path: Path, outbox: bytes, actor: bytes) -> None:
    (tmp_path / "outbox.json").write_bytes(outbox)
    (tmp_path / "actor.json").write_bytes(actor)
    _read_quietly(tmp_path)


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
_KEYS = st.sampled_from(
    [
        "id",
        "type",
        "actor",
        "object",
        "published",
        "to",
        "cc",
        "inReplyTo",
        "content",
        "contentMap",
        "tag",
        "attachment",
        "url",
        "quote",
        "conversation",
        "name",
        "href",
    ]
)
_ITEM = st.recursive(
    st.dictionaries(_KEYS, _JSON, max_size=6),
    lambda inner: st.dictionaries(
        _KEYS,
        inner
        | _JSON
        | st.sampled_from(["Create", "Announce", "Note", "Mention", "Hashtag", "Link"]),
        max_size=8,
    ),
    max_leaves=20,
)

_BOOST = {
    "id": f"{status(3)}/activity",
    "type": "Announce",
    "actor": ANA,
    "published": "2024-11-05T12:00:00Z",
    "object": QUOTED,
}


@st.composite
def _damaged_note(draw: st.DrawFn) -> dict[str, Any]:
    """A valid Create or Announce with one field of the activity or its Note set to any JSON."""
    item = draw(st.sampled_from([note(1), note(2, inReplyTo=status(1), quote=QUOTED), {**_BOOST}]))
    target = item["object"] if isinstance(item["object"], dict) and draw(st.booleans()) else item
    target[draw(_KEYS)] = draw(_JSON)
    return item


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(items=st.lists(_damaged_note() | _ITEM | _JSON, max_size=5), actor=_ITEM)
def test_any_json_read_or_twoway_error(tmp_path: Path, items: list[Any], actor: Any) -> None:
    (tmp_path / "outbox.json").write_bytes(orjson.dumps({"orderedItems": items}))
    (tmp_path / "actor.json").write_bytes(orjson.dumps(actor))
    _read_quietly(tmp_path)


# --- the real export, where present ---------------------------------------------------------


@pytest.mark.skipif(
    not SHARED.exists(),
    reason="../shared/data not present (real exports are only on the developers' machines)",
)
def test_real_export() -> None:
    report = ReadReport()
    records = list(read(REAL_EXPORT, report))
    owner = records[0]
    assert isinstance(owner, Account)
    assert owner.handle == "dealingwith@indieweb.social"
    posts = [r for r in records if isinstance(r, Post)]
    assert len(posts) == 1586
    assert report.skipped_record_count == 0
    assert report.warnings == []
    kinds = Counter(p.kind for p in posts)
    assert kinds[Kind.REPOST] == 326
    assert kinds[Kind.THREAD] > 0
    assert kinds[Kind.REPLY] > 0
    assert all(p.created_at.tzinfo is UTC for p in posts)
    assert all("<p>" not in p.text and "&amp;" not in p.text for p in posts)


def test_an_activity_with_bytes_that_are_not_utf8_is_skipped_and_the_rest_read(
    tmp_path: Path,
) -> None:
    """orjson refuses the whole document for one bad byte: the outbox was lost."""
    folder = write_outbox(tmp_path / "export", [note(1), note(2, "<p>XX</p>"), note(3)])
    outbox = folder / "outbox.json"
    outbox.write_bytes(outbox.read_bytes().replace(b"XX", b"\xff\xfe"))
    records, report = read_all(folder)
    assert sorted(posts_of(records)) == [1, 3]
    assert [(s.record, s.reason) for s in report.skipped_records] == [
        (2, "not UTF-8 text (byte 405 of the activity)")
    ]


def test_an_outbox_broken_between_activities_is_one_line(tmp_path: Path) -> None:
    folder = write_outbox(tmp_path / "export", [note(1)])
    outbox = folder / "outbox.json"
    outbox.write_bytes(outbox.read_bytes().replace(b'"orderedItems":[', b'"orderedItems":[,', 1))
    with pytest.raises(FormatError, match=r"outbox\.json: invalid JSON \("):
        read_all(folder)
