"""The Meta importer, on hand-made exports of an invented bakery owner (Facebook, Instagram,
Threads) written the way Meta writes them: indented JSON with every non-ASCII character as its
UTF-8 bytes, each escaped as ``\\u00XX``.

The fixtures hold one layout each; the tests move their files into the other layouts Meta used
over the years, and pack them as zip archives with and without a top folder.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import FIXTURES, make_zip
from twoway.errors import FormatError, TwowayError
from twoway.importers import ReadReport, detect, read
from twoway.importers.meta import IMPORTER, repair_text
from twoway.model import Account, Interaction, Kind, Link, Post
from twoway.sources import open_bundle

META = FIXTURES / "meta"
FB_POSTS = "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json"
FB_COMMENTS = "your_facebook_activity/comments_and_reactions/comments.json"
IG_POSTS = "your_instagram_activity/content/posts_1.json"
IG_COMMENTS = "your_instagram_activity/comments/post_comments_1.json"
THREADS = "your_instagram_activity/threads/threads_and_replies.json"
OWNER = "Inês Duarte"


def t(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def members(fixture: str, moves: dict[str, str] | None = None) -> dict[str, Path]:
    """The files of a fixture export by their path in it, with folder prefixes renamed."""
    root = META / fixture
    found = {}
    for path in sorted(root.rglob("*.json")):
        name = path.relative_to(root).as_posix()
        for old, new in (moves or {}).items():
            if name.startswith(old):
                name = new + name[len(old) :]
        found[name] = path
    return found


def as_folder(tmp_path: Path, files: dict[str, Path]) -> Path:
    folder = tmp_path / "export"
    for name, source in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, folder / name)
    return folder


def as_zip(tmp_path: Path, files: dict[str, Path], top: str = "") -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    return make_zip(tmp_path / "export.zip", {top + name: path for name, path in files.items()})


def read_all(path: Path) -> tuple[list[Any], ReadReport]:
    report = ReadReport()
    return list(read(path, report)), report


def posts(records: list[Any]) -> list[Post]:
    return [r for r in records if isinstance(r, Post)]


def post_at(records: list[Any], file_end: str, number: int) -> Post:
    """The post from record ``number`` of the file whose path ends with ``file_end``."""
    found = [
        p
        for p in posts(records)
        if p.provenance.file.endswith(file_end) and p.provenance.record == number
    ]
    assert len(found) == 1
    return found[0]


def test_fixtures_are_written_as_meta_writes_them() -> None:
    raw = (META / "facebook_2024" / FB_POSTS).read_bytes()
    assert raw.isascii()
    assert b"caf\\u00c3\\u00a9" in raw
    assert b'\n  {\n    "timestamp": ' in raw
    threads = orjson.loads((META / "instagram_2024" / THREADS).read_bytes())
    assert list(threads) == ["text_post_app_text_posts"]


# --- the layouts an export comes in ---------------------------------------------------------

# name: (fixture, folder renames, posts expected by platform and kind)
LAYOUTS: dict[str, tuple[str, dict[str, str], Counter[tuple[str, str]]]] = {
    "facebook 2024+": (
        "facebook_2024",
        {},
        Counter(
            {
                ("facebook", "original"): 4,
                ("facebook", "repost"): 2,
                ("facebook", "quote"): 2,
                ("facebook", "reply"): 3,
                ("facebook", "thread"): 1,
            }
        ),
    ),
    "facebook 2022-2023": (
        "facebook_2024",
        {
            "your_facebook_activity/": "your_activity_across_facebook/",
            "personal_information/profile_information/": "profile_information/",
        },
        Counter(
            {
                ("facebook", "original"): 4,
                ("facebook", "repost"): 2,
                ("facebook", "quote"): 2,
                ("facebook", "reply"): 3,
                ("facebook", "thread"): 1,
            }
        ),
    ),
    "facebook 2019-2022": (
        "facebook_2021",
        {},
        Counter({("facebook", "original"): 2, ("facebook", "reply"): 1}),
    ),
    "page, your_facebook_activity/posts": (
        "facebook_page",
        {},
        Counter({("facebook", "original"): 1, ("facebook", "repost"): 1, ("facebook", "reply"): 1}),
    ),
    "page, posts/": (
        "facebook_page",
        {
            "your_facebook_activity/posts/": "posts/",
            "your_facebook_activity/comments_and_reactions/": "comments_and_reactions/",
        },
        Counter({("facebook", "original"): 1, ("facebook", "repost"): 1, ("facebook", "reply"): 1}),
    ),
    "page, this_profile's_activity_across_facebook": (
        "facebook_page",
        {"your_facebook_activity/": "this_profile's_activity_across_facebook/"},
        Counter({("facebook", "original"): 1, ("facebook", "repost"): 1, ("facebook", "reply"): 1}),
    ),
    "instagram 2024 with threads": (
        "instagram_2024",
        {},
        Counter(
            {
                ("instagram", "original"): 2,
                ("instagram", "reply"): 2,
                ("instagram", "thread"): 1,
                ("threads", "original"): 2,
                ("threads", "reply"): 1,
            }
        ),
    ),
    "instagram 2025 (media/posts_1.json)": (
        "instagram_2024",
        {"your_instagram_activity/content/": "your_instagram_activity/media/"},
        Counter(
            {
                ("instagram", "original"): 2,
                ("instagram", "reply"): 2,
                ("instagram", "thread"): 1,
                ("threads", "original"): 2,
                ("threads", "reply"): 1,
            }
        ),
    ),
    "instagram 2022 (content/, comments_media_comments)": (
        "instagram_2022",
        {},
        Counter({("instagram", "original"): 1, ("instagram", "reply"): 1}),
    ),
}


def _packed(tmp_path: Path, layout: str, packing: str) -> Path:
    fixture, moves, _ = LAYOUTS[layout]
    files = members(fixture, moves)
    if packing == "folder":
        return as_folder(tmp_path, files)
    if packing == "zip":
        return as_zip(tmp_path, files)
    return as_zip(tmp_path, files, top="meta-ines-2024-06-01-AbCdEf/")


@pytest.mark.parametrize("packing", ["folder", "zip", "zip with a top folder"])
@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_detects_and_reads_every_layout(tmp_path: Path, layout: str, packing: str) -> None:
    path = _packed(tmp_path, layout, packing)
    assert detect(open_bundle(path)) is IMPORTER
    records, report = read_all(path)
    kinds = Counter((p.platform, p.kind.value) for p in posts(records))
    assert kinds == LAYOUTS[layout][2]
    accounts = [r for r in records if isinstance(r, Account)]
    assert records[: len(accounts)] == accounts
    assert {a.platform for a in accounts} == {platform for platform, _ in kinds}
    assert all(a.handle for a in accounts)
    assert report.warnings == []


def test_the_same_post_has_the_same_id_in_a_folder_and_a_zip(tmp_path: Path) -> None:
    folder = _packed(tmp_path / "a", "facebook 2024+", "folder")
    archive = _packed(tmp_path / "b", "facebook 2024+", "zip with a top folder")
    assert [p.id for p in posts(read_all(folder)[0])] == [p.id for p in posts(read_all(archive)[0])]


def test_a_folder_of_several_exports_keeps_each_owner(tmp_path: Path) -> None:
    files = {}
    for fixture, top in [
        ("facebook_2024", "facebook-ines-2024-06-01-AbCd/"),
        ("facebook_page", "facebook-cornerbakery-2024-09-30-EfGh/"),
        ("instagram_2024", "instagram-ines.bakes-2024-06-01-IjKl/"),
    ]:
        files.update({top + name: path for name, path in members(fixture).items()})
    records, report = read_all(as_folder(tmp_path, files))
    assert [(a.platform, a.handle) for a in records if isinstance(a, Account)] == [
        ("facebook", "Corner Bakery"),  # exports in the order of their folders' names
        ("facebook", OWNER),
        ("instagram", "ines.bakes"),
        ("threads", "ines.bakes"),
    ]
    by_owner = Counter((p.platform, p.account) for p in posts(records))
    assert by_owner == {
        ("facebook", OWNER): 12,
        ("facebook", "Corner Bakery"): 3,
        ("instagram", "ines.bakes"): 5,
        ("threads", "ines.bakes"): 3,
    }
    assert report.warnings == []


def test_two_exports_of_one_account_give_the_same_ids(tmp_path: Path) -> None:
    files = {}
    for top in ("facebook-ines-2024-06-01-AbCd/", "facebook-ines-2024-07-01-MnOp/"):
        files.update({top + name: path for name, path in members("facebook_2024").items()})
    records, _ = read_all(as_folder(tmp_path, files))
    assert [r for r in records if isinstance(r, Account)] == [
        Account(platform="facebook", id=OWNER, handle=OWNER, display_name=OWNER)
    ]
    ids = Counter(p.id for p in posts(records))
    assert set(ids.values()) == {2}
    assert not any(i.endswith("-2") for i in ids)


@pytest.mark.parametrize(
    ("fixture", "name", "platform", "count"),
    [
        ("facebook_2024", FB_POSTS, "facebook", 8),
        ("facebook_2024", FB_COMMENTS, "facebook", 4),
        ("facebook_2021", "posts/your_posts_1.json", "facebook", 2),
        ("facebook_page", "your_facebook_activity/posts/profile_posts_1.json", "facebook", 2),
        ("instagram_2024", IG_POSTS, "instagram", 2),
        ("instagram_2024", IG_COMMENTS, "instagram", 3),
        ("instagram_2024", THREADS, "threads", 3),
        ("instagram_2022", "comments/post_comments.json", "instagram", 1),
    ],
)
def test_reads_a_lone_file(
    tmp_path: Path, fixture: str, name: str, platform: str, count: int
) -> None:
    path = Path(shutil.copy(META / fixture / name, tmp_path / Path(name).name))
    assert detect(open_bundle(path)) is IMPORTER
    records, report = read_all(path)
    assert isinstance(records[0], Account)
    assert records[0].platform == platform
    assert [p.platform for p in posts(records)] == [platform] * count
    assert report.files_read == [str(path)]


def test_a_lone_facebook_file_takes_its_owner_from_the_titles(tmp_path: Path) -> None:
    path = Path(shutil.copy(META / "facebook_2024" / FB_POSTS, tmp_path / Path(FB_POSTS).name))
    records, report = read_all(path)
    assert records[0] == Account(platform="facebook", id=OWNER, handle=OWNER, display_name=OWNER)
    assert report.warnings == []


def test_a_lone_instagram_file_warns_that_the_owner_is_unknown(tmp_path: Path) -> None:
    path = Path(shutil.copy(META / "instagram_2024" / IG_POSTS, tmp_path / "posts_1.json"))
    records, report = read_all(path)
    assert records[0] == Account(platform="instagram", id="", handle="", display_name=None)
    assert report.warnings == [
        f"{path}: no personal_information.json and no other sign of whose instagram export "
        "this is; its posts are read without an owner's name (include that file in the export)"
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("posts_1.json", b'[{"id": 1, "body": "a blog post"}]'),
        ("comments.json", b'{"comments": ["not", "meta"]}'),
        ("your_posts_1.json", b"window.YTD.tweets.part0 = []"),
        ("liked_posts.json", (META / "instagram_2024" / IG_COMMENTS).read_bytes()),
    ],
)
def test_does_not_detect_other_files(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert IMPORTER.detect(open_bundle(path)) is False


def test_does_not_detect_a_folder_with_only_profile_information(tmp_path: Path) -> None:
    folder = as_folder(
        tmp_path,
        {
            "personal_information/profile_information/profile_information.json": META
            / "facebook_2024/personal_information/profile_information/profile_information.json"
        },
    )
    assert IMPORTER.detect(open_bundle(folder)) is False


def test_an_html_export_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = make_zip(
        tmp_path / "facebook-ines.zip",
        {
            "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.html": (
                "<html><body>posts</body></html>"
            )
        },
    )
    assert detect(open_bundle(path)) is IMPORTER
    with pytest.raises(FormatError) as caught:
        list(read(path))
    assert str(caught.value) == (
        f"{path}: this is Meta's HTML export; twoway reads the JSON one; request the export "
        "again in Meta's Accounts Center (Download your information, Format: JSON)"
    )


# --- what the fixture exports hold ----------------------------------------------------------


@pytest.fixture(scope="module")
def facebook() -> tuple[list[Any], ReadReport]:
    return read_all(META / "facebook_2024")


@pytest.fixture(scope="module")
def instagram() -> tuple[list[Any], ReadReport]:
    return read_all(META / "instagram_2024")


def test_owners_come_first(
    facebook: tuple[list[Any], ReadReport], instagram: tuple[list[Any], ReadReport]
) -> None:
    assert facebook[0][0] == Account(
        platform="facebook", id=OWNER, handle=OWNER, display_name=OWNER
    )
    assert instagram[0][:2] == [
        Account(platform="instagram", id="ines.bakes", handle="ines.bakes", display_name=OWNER),
        Account(platform="threads", id="ines.bakes", handle="ines.bakes", display_name=OWNER),
    ]


def test_a_page_takes_its_name_from_the_titles() -> None:
    records, report = read_all(META / "facebook_page")
    assert records[0] == Account(
        platform="facebook",
        id="Corner Bakery",
        handle="Corner Bakery",
        display_name="Corner Bakery",
    )
    assert {p.account for p in posts(records)} == {"Corner Bakery"}
    assert report.warnings == []


FB = "photos_and_videos_1.json"
FBC = "comments.json"


@pytest.mark.parametrize(
    ("file_end", "number", "kind", "guessed", "reply_to", "reposted"),
    [
        (FB, 1, Kind.ORIGINAL, False, None, None),  # "updated her status."
        (FB, 2, Kind.ORIGINAL, False, None, None),  # "shared a link." with words
        (FB, 3, Kind.REPOST, False, None, None),  # "shared a post." without words
        (FB, 4, Kind.QUOTE, False, None, "Rosa Silva"),  # "shared Rosa Silva's photo." + words
        (FB, 5, Kind.ORIGINAL, False, None, None),  # "wrote on Rosa Silva's timeline."
        (FB, 6, Kind.ORIGINAL, False, None, None),  # "added 2 new photos."
        (FB, 7, Kind.REPOST, True, None, None),  # no title, no words, no attachment
        (FB, 10, Kind.QUOTE, False, None, OWNER),  # "shared a memory." + words
        (FBC, 1, Kind.REPLY, False, "Rosa Silva", None),  # "commented on Rosa Silva's post."
        (FBC, 2, Kind.REPLY, False, "Tomás Reis", None),  # "replied to Tomás Reis's comment."
        (FBC, 3, Kind.THREAD, False, OWNER, None),  # "commented on her own post."
        (FBC, 4, Kind.REPLY, False, None, None),  # "commented on a post."
    ],
)
def test_facebook_kinds(
    facebook: tuple[list[Any], ReadReport],
    file_end: str,
    number: int,
    kind: Kind,
    guessed: bool,
    reply_to: str | None,
    reposted: str | None,
) -> None:
    post = post_at(facebook[0], file_end, number)
    assert (post.kind, post.kind_guessed, post.reply_to_account, post.reposted_account) == (
        kind,
        guessed,
        reply_to,
        reposted,
    )
    assert post.reply_to_account_id == reply_to
    assert (post.reply_to_id, post.reply_to_time, post.quoted_id, post.reposted_id) == (None,) * 4


@pytest.mark.parametrize(
    ("file_end", "number", "kind", "guessed", "reply_to"),
    [
        ("posts_1.json", 1, Kind.ORIGINAL, False, None),
        ("posts_1.json", 2, Kind.ORIGINAL, False, None),
        ("post_comments_1.json", 1, Kind.REPLY, False, "rosa.silva"),  # on another's media
        ("post_comments_1.json", 2, Kind.REPLY, True, "tomas.reis"),  # own media, "@tomas.reis …"
        ("post_comments_1.json", 3, Kind.THREAD, False, "ines.bakes"),  # own media, no @
        ("threads_and_replies.json", 1, Kind.ORIGINAL, False, None),
        ("threads_and_replies.json", 2, Kind.REPLY, False, None),  # is_reply, target unknown
        ("threads_and_replies.json", 3, Kind.ORIGINAL, False, None),
    ],
)
def test_instagram_and_threads_kinds(
    instagram: tuple[list[Any], ReadReport],
    file_end: str,
    number: int,
    kind: Kind,
    guessed: bool,
    reply_to: str | None,
) -> None:
    post = post_at(instagram[0], file_end, number)
    assert (post.kind, post.kind_guessed, post.reply_to_account) == (kind, guessed, reply_to)


@pytest.mark.parametrize(
    ("attachment", "kind", "guessed"),
    [
        ([], Kind.REPOST, True),
        (
            [{"data": [{"place": {"name": "Corner Bakery", "address": "Rua Nova 1"}}]}],
            Kind.ORIGINAL,
            False,
        ),
        (
            [{"data": [{"event": {"name": "Open day", "start_timestamp": 1709900000}}]}],
            Kind.ORIGINAL,
            False,
        ),
        ([{"data": [{"media": {"uri": "posts/media/1.jpg"}}]}], Kind.ORIGINAL, False),
    ],
)
def test_a_facebook_record_without_title_or_words(
    tmp_path: Path, attachment: list[Any], kind: Kind, guessed: bool
) -> None:
    record = {"timestamp": 1709627400, "attachments": attachment, "data": []}
    path = tmp_path / "posts" / "your_posts_1.json"
    path.parent.mkdir()
    path.write_bytes(orjson.dumps([record], option=orjson.OPT_INDENT_2))
    [post] = posts(read_all(tmp_path)[0])
    assert (post.kind, post.kind_guessed) == (kind, guessed)


@pytest.mark.parametrize(
    ("title", "kind", "reply_to"),
    [
        ("Ana Lima commented on their own post.", Kind.THREAD, "Ana Lima"),
        ("Ana Lima replied to his own comment.", Kind.THREAD, "Ana Lima"),
        ("Ana Lima commented on Ana Lima's photo.", Kind.THREAD, "Ana Lima"),
        ("Ana Lima commented on James’ video.", Kind.REPLY, "James"),
        ("Ana Lima replied to Bo Reis's comment.", Kind.REPLY, "Bo Reis"),
        ("Ana Lima commented on a post in Bakers of Lisboa.", Kind.REPLY, None),
        ("Ana Lima comentou a publicação de Bo Reis.", Kind.REPLY, None),
        ("", Kind.REPLY, None),
    ],
)
def test_facebook_comment_titles(
    tmp_path: Path, title: str, kind: Kind, reply_to: str | None
) -> None:
    comment = {"timestamp": 1709627400, "comment": "Yes!", "author": "Ana Lima"}
    record = {"timestamp": 1709627400, "data": [{"comment": comment}], "title": title}
    path = tmp_path / "comments_and_reactions" / "comments.json"
    path.parent.mkdir()
    path.write_bytes(orjson.dumps({"comments_v2": [record]}, option=orjson.OPT_INDENT_2))
    records = read_all(tmp_path)[0]
    assert records[0].handle == "Ana Lima"
    [post] = posts(records)
    assert (post.kind, post.reply_to_account) == (kind, reply_to)


def test_instagram_reels_comments_and_the_older_comment_shape(tmp_path: Path) -> None:
    reels = [
        {
            "string_map_data": {
                "Comment": {"value": "Great reel"},
                "Media Owner": {"value": "rosa.silva"},
                "Time": {"timestamp": 1712138400},
            }
        }
    ]
    older = {
        "comments_media_comments": [
            {
                "title": "rosa.silva",
                "string_list_data": [{"value": "So good", "timestamp": 1612138400}],
            }
        ]
    }
    comments = tmp_path / "your_instagram_activity" / "comments"
    comments.mkdir(parents=True)
    (comments / "reels_comments.json").write_bytes(orjson.dumps(reels, option=orjson.OPT_INDENT_2))
    (comments / "post_comments.json").write_bytes(orjson.dumps(older, option=orjson.OPT_INDENT_2))
    found = [
        (p.text, p.kind, p.reply_to_account, p.created_at) for p in posts(read_all(tmp_path)[0])
    ]
    assert sorted(found) == [
        ("Great reel", Kind.REPLY, "rosa.silva", t(2024, 4, 3, 10, 0)),
        ("So good", Kind.REPLY, "rosa.silva", t(2021, 2, 1, 0, 13, 20)),
    ]


def test_someone_writing_on_the_owners_timeline_is_an_inbound_mention(
    facebook: tuple[list[Any], ReadReport],
) -> None:
    inbound = [r for r in facebook[0] if isinstance(r, Interaction)]
    assert len(inbound) == 1
    item = inbound[0]
    assert (item.platform, item.account, item.author, item.author_id, item.type) == (
        "facebook",
        OWNER,
        "Rosa Silva",
        "Rosa Silva",
        "mention",
    )
    assert item.text == "Do you still have the almond croissants?"
    assert item.created_at == t(2024, 3, 12, 13, 0)
    assert (item.provenance.record, item.in_reply_to, item.answered_by) == (8, None, ())


def test_facebook_text_links_and_media(facebook: tuple[list[Any], ReadReport]) -> None:
    records = facebook[0]
    first = post_at(records, FB, 1)
    assert first.text == "Fresh pastéis de nata at the café from 8am! #lisboa"
    assert first.hashtags == ("lisboa",)
    assert first.created_at == t(2024, 3, 5, 8, 30)
    link = post_at(records, FB, 2)
    assert link.links == (Link(url="https://www.bakery.example/menu", domain="bakery.example"),)
    shared = post_at(records, FB, 3)
    assert (shared.text, shared.links) == (
        "",
        (
            Link(
                url="https://www.facebook.com/riversideschool/posts/pfbid0abc",
                domain="facebook.com",
            ),
        ),
    )
    assert post_at(records, FB, 5).mentions == ("Rosa Silva",)
    photos = post_at(records, FB, 6)
    assert (photos.text, photos.mentions, photos.media_count) == (
        "New oven day with Tomás Reis",
        ("Tomás Reis",),
        2,
    )
    gif = post_at(records, FBC, 2)
    assert (gif.text, gif.created_at) == ("Obrigada!", t(2024, 3, 5, 9, 30))
    assert gif.links == (
        Link(url="https://media.tenor.example/thanks.gif", domain="media.tenor.example"),
    )


def test_instagram_and_threads_text_mentions_links_and_media(
    instagram: tuple[list[Any], ReadReport],
) -> None:
    records = instagram[0]
    single = post_at(records, "posts_1.json", 1)
    assert (single.text, single.hashtags, single.media_count, single.created_at) == (
        "Crème brûlée Fridays are back ✨ #dessert",
        ("dessert",),
        1,
        t(2024, 4, 1, 8, 0),
    )
    carousel = post_at(records, "posts_1.json", 2)
    assert carousel.text == (
        "Behind the counter with @rosa.silva — order at https://bakery.example/order"
    )
    assert (carousel.mentions, carousel.media_count) == (("rosa.silva",), 3)
    assert carousel.links == (Link(url="https://bakery.example/order", domain="bakery.example"),)
    comment = post_at(records, "post_comments_1.json", 1)
    assert (comment.text, comment.created_at) == ("Looks delicious 😍", t(2024, 4, 3, 10, 0))
    assert post_at(records, "post_comments_1.json", 2).mentions == ("tomas.reis",)
    thread = post_at(records, "threads_and_replies.json", 3)
    assert (thread.text, thread.hashtags, thread.media_count, thread.created_at) == (
        "Sunrise at the ovens #bakerlife",
        ("bakerlife",),
        1,
        t(2024, 5, 2, 7, 0),
    )
    reply = post_at(records, "threads_and_replies.json", 2)
    assert (reply.text, reply.media_count) == ("Butter and sea salt, always ✨", 0)


def test_every_post_has_an_id_provenance_and_no_counts(
    facebook: tuple[list[Any], ReadReport], instagram: tuple[list[Any], ReadReport]
) -> None:
    every = posts(facebook[0]) + posts(instagram[0])
    assert len({(p.platform, p.id) for p in every}) == len(every)
    for post in every:
        seconds = int(post.created_at.timestamp())
        prefix, _, digest = post.id.rpartition(":")
        assert prefix == f"{post.platform}:{seconds}"
        assert re.fullmatch("[0-9a-f]{10}", digest)
        assert post.provenance.importer == "meta"
        assert post.provenance.version == IMPORTER.version
        assert post.provenance.file.startswith(str(META))
        assert post.url is None
        assert (post.likes, post.reposts, post.replies, post.quotes) == (None,) * 4
        assert (post.client, post.lang, post.visibility) == (None, None, None)
    assert post_at(facebook[0], FB, 1).id == "facebook:1709627400:da261c14c4"


def test_two_posts_of_one_second_and_one_text_get_distinct_ids(tmp_path: Path) -> None:
    record = {
        "timestamp": 1709627400,
        "data": [{"post": "Open!"}],
        "title": "Ana updated her status.",
    }
    folder = tmp_path / "posts"
    folder.mkdir()
    (folder / "your_posts_1.json").write_bytes(
        orjson.dumps([record, record], option=orjson.OPT_INDENT_2)
    )
    ids = [p.id for p in posts(read_all(tmp_path)[0])]
    assert ids == ["facebook:1709627400:96c0425600", "facebook:1709627400:96c0425600-2"]


# --- Meta's text encoding -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "repaired"),
    [
        ("caf\u00c3\u00a9", "café"),  # what "caf\u00c3\u00a9" in Meta's JSON decodes to
        ("Looks delicious \u00f0\u009f\u0098\u008d", "Looks delicious 😍"),
        ("plain ASCII", "plain ASCII"),
        ("café", "café"),  # already right: é alone is not UTF-8
        ("Ã", "Ã"),  # Latin-1 that only looks like Meta's encoding
        ("日本のパン", "日本のパン"),  # beyond Latin-1: left alone
    ],
)
def test_repair_text(raw: str, repaired: str) -> None:
    assert repair_text(raw) == repaired


def test_names_in_titles_and_profiles_are_repaired(facebook: tuple[list[Any], ReadReport]) -> None:
    assert facebook[0][0].handle == "Inês Duarte"
    assert post_at(facebook[0], FBC, 2).reply_to_account == "Tomás Reis"


# --- bad records and broken files -----------------------------------------------------------


def test_a_record_without_a_time_is_skipped_with_its_number(
    facebook: tuple[list[Any], ReadReport],
) -> None:
    records, report = facebook
    where = str(META / "facebook_2024" / FB_POSTS)
    assert [str(s) for s in report.skipped_records] == [f"{where} record 9: no timestamp; skipped"]
    assert post_at(records, FB, 10).text == "Ten years ago today we opened the doors."


def test_a_broken_record_is_skipped_and_the_rest_kept(tmp_path: Path) -> None:
    good = orjson.dumps(
        [{"timestamp": 1709627400 + n, "data": [{"post": f"Post {n}"}]} for n in (1, 2, 3)],
        option=orjson.OPT_INDENT_2,
    )
    broken = good.replace(b'"Post 2"', b'"Post 2" oops', 1)
    path = tmp_path / "posts" / "your_posts_1.json"
    path.parent.mkdir()
    path.write_bytes(broken)
    records, report = read_all(tmp_path)
    assert [p.text for p in posts(records)] == ["Post 1", "Post 3"]
    assert [(s.record, s.reason.split(" (")[0]) for s in report.skipped_records] == [
        (2, "invalid JSON")
    ]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "the file is empty"),
        (b"<html><body>Your posts</body></html>", "this is an HTML page, not JSON"),
        (b'{"comments_v2": 3}', "expected a list of records, or an object holding one list"),
        (b"timestamp,post\n1,hello\n", "not JSON"),
    ],
)
def test_a_file_that_is_not_meta_json_raises_one_line_format_error(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    folder = as_folder(tmp_path, members("facebook_2024"))
    path = folder / FB_COMMENTS
    path.write_bytes(content)
    with pytest.raises(FormatError) as caught:
        list(read(folder))
    assert str(caught.value) == (
        f"{path}: {problem}; request the export again in Meta's Accounts Center "
        "(Download your information, Format: JSON)"
    )


def test_invalid_json_on_one_line_raises_one_line_format_error(tmp_path: Path) -> None:
    path = tmp_path / "threads_and_replies.json"
    path.write_bytes(b'{"text_post_app_text_posts": [{"media": [}]}')
    with pytest.raises(FormatError) as caught:
        list(read(path))
    error = caught.value
    assert error.file == str(path)
    assert error.problem.startswith("invalid JSON (")
    assert "\n" not in str(error)


def test_mostly_foreign_titles_give_a_warning(tmp_path: Path) -> None:
    records = [
        {"timestamp": 1709627400 + n, "data": [], "title": "Inês Duarte partilhou uma publicação."}
        for n in range(5)
    ]
    path = tmp_path / "posts" / "your_posts_1.json"
    path.parent.mkdir()
    path.write_bytes(orjson.dumps(records, option=orjson.OPT_INDENT_2))
    _, report = read_all(tmp_path)
    assert report.warnings[-1] == (
        f"{tmp_path}: most of Meta's titles are not in English, so Facebook shares may be "
        "counted as original posts; switch Facebook to English and export again for exact kinds"
    )


# --- any input: records or a TwowayError, never another exception ---------------------------


def _read_quietly(path: Path) -> None:
    try:
        for record in read(path):
            assert isinstance(record, Account | Post | Interaction)
    except TwowayError:
        pass


PROFILES = (
    "personal_information/profile_information/profile_information.json",
    "personal_information/personal_information/personal_information.json",
    "your_instagram_activity/threads/personal_information.json",
)
_FILES = st.sampled_from([FB_POSTS, FB_COMMENTS, IG_POSTS, IG_COMMENTS, THREADS])


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=_FILES, content=st.binary(max_size=400), profile=st.binary(max_size=200))
def test_any_bytes_read_or_twoway_error(
    tmp_path: Path, name: str, content: bytes, profile: bytes
) -> None:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    _read_quietly(path)
    _write_profiles(tmp_path, profile)
    _read_quietly(tmp_path)


def _write_profiles(folder: Path, content: bytes) -> None:
    for name in PROFILES:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "timestamp",
                    "creation_timestamp",
                    "title",
                    "data",
                    "post",
                    "comment",
                    "author",
                    "attachments",
                    "media",
                    "uri",
                    "external_context",
                    "url",
                    "tags",
                    "name",
                    "string_map_data",
                    "string_list_data",
                    "Comment",
                    "Media Owner",
                    "Time",
                    "value",
                    "text_app_post",
                    "is_reply",
                ]
            )
            | st.text(max_size=6),
            inner,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=_FILES, items=st.lists(_JSON, max_size=4), wrapped=st.booleans(), profile=_JSON)
def test_any_json_read_or_twoway_error(
    tmp_path: Path, name: str, items: list[Any], wrapped: bool, profile: Any
) -> None:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    data: Any = {"records": items} if wrapped else items
    path.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    _write_profiles(tmp_path, orjson.dumps(profile))
    _read_quietly(tmp_path)
