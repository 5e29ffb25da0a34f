"""Meta's "Download your information" exports, in their JSON format: Facebook profiles and Pages,
Instagram, and Threads (which comes inside the Instagram export).

What is read, by layout (the folder above each is the export's own top folder; a folder holding
several exports, each in its own folder, is read export by export, each with its own owner):

- Facebook posts: ``your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_N.json``
  (2024 on; 2022-2023 under ``your_activity_across_facebook/posts/``), ``posts/your_posts_N.json``
  (2019-2022; 2018 ``posts/your_posts.json``), and a Page's or profile's ``profile_posts_N.json``
  (under ``posts/``, ``your_facebook_activity/posts/`` or
  ``this_profile's_activity_across_facebook/posts/``).  Each record has ``timestamp``, an optional
  ``title`` (Meta's sentence about it, "Ana shared a link."), ``data[].post`` (the owner's words)
  and ``attachments[].data[]`` (``media``, ``external_context.url``, …).
- Facebook comments: ``comments_and_reactions/comments.json`` (under ``your_facebook_activity/``
  from 2024; also ``comments/comments.json``), ``{"comments_v2": […]}`` whose records hold
  ``data[].comment`` with ``comment``, ``author`` and ``timestamp``.
- Instagram posts: ``your_instagram_activity/content/posts_N.json`` (the latest exports:
  ``your_instagram_activity/media/posts_N.json``; older ones: ``content/posts_N.json``): caption in
  ``title`` (or the first ``media[].title``), time in ``creation_timestamp``.
- Instagram comments: ``comments/post_comments_N.json`` and ``comments/reels_comments.json``, a
  list (older: ``{"comments_media_comments": […]}``) of ``string_map_data`` with ``Comment``,
  ``Media Owner`` and ``Time.timestamp`` (Dutch labels ``Opmerking``/``Media-eigenaar``/``Tijd``
  too).
- Threads: ``your_instagram_activity/threads/threads_and_replies.json``,
  ``{"text_post_app_text_posts": [{"media": [{"title", "creation_timestamp",
  "text_app_post": {"is_reply": …}}], "title"?, "creation_timestamp"?}]}``.
- The owner: ``profile_information/profile_information.json`` (``profile_v2.name.full_name``;
  2024 on under ``personal_information/``) for Facebook, or else the name Meta's titles and the
  comments' ``author`` give most often; ``personal_information/personal_information.json``
  (``profile_user[0].string_map_data.Username``; 2024 on one folder deeper) for Instagram and
  Threads, or ``threads/personal_information.json``.

Every file is read record by record as an array, or as an object holding one array under a single
key (``comments_v2``, ``text_post_app_text_posts``, ``comments_media_comments``…), whichever key
that is.

Meta writes every non-ASCII character as its UTF-8 bytes, each escaped as ``\\u00XX``; the text is
repaired (:func:`repair_text`).  Times are Unix seconds, read as UTC.

Kinds (CODEBOOK.md section 1), from Meta's metadata:

- Facebook posts: a title "X shared a post." / "X shared Y's photo." / "X shared a memory." (any
  share of Facebook content) is a ``repost`` when the record holds no words of the owner's, a
  ``quote`` when it does; "X shared a link." and every other title is an ``original``.  A record
  with no title, no words and no attachment at all is most often a bare share whose target the
  export left out: a ``repost`` with ``kind_guessed`` (one with a place or a photo stays an
  ``original``).  "Y wrote on X's timeline." in the owner's own file is not the owner's post but
  someone else's, and is read as an inbound ``mention``.
- Comments are ``reply`` (target post unknown; ``reply_to_account`` from "X commented on Y's
  post." / "X replied to Y's comment."), or ``thread`` on the owner's own post ("X commented on
  their own post.").  An Instagram comment on the owner's own media is a ``thread`` unless it opens
  with ``@name`` (answering that person: ``reply``, ``kind_guessed``); on anyone else's media a
  ``reply`` to the media owner.
- Threads: ``text_app_post.is_reply`` is a ``reply`` (its target is not in the export), anything
  else an ``original``.  Instagram posts are ``original``.

Post ids: the exports carry none, so each post gets ``PLATFORM:SECONDS:HASH``, where HASH is the
first 10 hex digits of the BLAKE2b hash of the record class (post or comment) and the repaired text
(or, for a post without words, its first attachment): the same post has the same id in every
export of the account.  Two posts of one second with one text in one export get ``-2``, ``-3``…
in file order.
``url`` is ``None``; counts (likes, comments, shares) are not in these exports and are ``None``.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, Any, BinaryIO, NamedTuple, cast

import orjson

from twoway.errors import FormatError, InputError
from twoway.importers import ReadReport, Record
from twoway.importers.js_data import BadRecord, iter_js_array
from twoway.links import make_link
from twoway.model import Account, Interaction, Kind, Link, Post, Provenance
from twoway.sources import Bundle, FileBundle, member_stem

__all__ = ["IMPORTER", "repair_text"]

# --- which files ----------------------------------------------------------------------------

_FB_POSTS = "facebook posts"
_FB_COMMENTS = "facebook comments"
_IG_POSTS = "instagram posts"
_IG_COMMENTS = "instagram comments"
_THREADS = "threads posts"

_FB_POST_STEM = (
    r"(?:your_posts__check_ins__photos_and_videos_\d+|your_posts(?:_\d+)?|profile_posts_\d+)"
)
_FB_TOP = (
    r"(?:(?:your_facebook_activity|your_activity_across_facebook"
    r"|this_profile's_activity_across_facebook)/)?"
)
_IG_TOP = r"(?:your_instagram_activity/)?"
_ROLES: tuple[tuple[str, re.Pattern[str], re.Pattern[str], bytes], ...] = (
    # role, pattern on the path in an archive or folder (what comes before its match is the
    # export's root folder), pattern on a lone file's name, a byte string the first few KB of a
    # lone file must hold
    (
        _FB_POSTS,
        re.compile(rf"(?:^|/){_FB_TOP}posts/{_FB_POST_STEM}\.json$"),
        re.compile(rf"^{_FB_POST_STEM}\.json$"),
        b'"timestamp"',
    ),
    (
        _FB_COMMENTS,
        re.compile(rf"(?:^|/){_FB_TOP}(?:comments_and_reactions|comments)/comments\.json$"),
        re.compile(r"^comments\.json$"),
        b'"comment"',
    ),
    (
        _IG_POSTS,
        re.compile(
            r"(?:^|/)(?:your_instagram_activity/(?:content|media)|content)/posts_\d+\.json$"
        ),
        re.compile(r"^posts_\d+\.json$"),
        b'"creation_timestamp"',
    ),
    (
        _IG_COMMENTS,
        re.compile(rf"(?:^|/){_IG_TOP}comments/(?:post_comments(?:_\d+)?|reels_comments)\.json$"),
        re.compile(r"^(?:post_comments(?:_\d+)?|reels_comments)\.json$"),
        b'_data"',
    ),
    (
        _THREADS,
        re.compile(rf"(?:^|/){_IG_TOP}threads/threads_and_replies\.json$"),
        re.compile(r"^threads_and_replies\.json$"),
        b'"text_post_app_text_posts"',
    ),
)
_HTML_EXPORT = re.compile(
    rf"(?:^|/)(?:posts/{_FB_POST_STEM}|comments_and_reactions/comments"
    r"|(?:content|media)/posts_\d+|threads/threads_and_replies)\.html$"
)
_FB_PROFILE = re.compile(
    r"(?:^|/)(?:personal_information/)?profile_information/profile_information\.json$"
)
_IG_PROFILE = re.compile(
    r"(?:^|/)personal_information/personal_information(?:/personal_information)?\.json$"
)
_THREADS_PROFILE = re.compile(rf"(?:^|/){_IG_TOP}threads/personal_information\.json$")
_PLATFORM = {
    _FB_POSTS: "facebook",
    _FB_COMMENTS: "facebook",
    _IG_POSTS: "instagram",
    _IG_COMMENTS: "instagram",
    _THREADS: "threads",
}
_ORDER = {role: i for i, (role, *_) in enumerate(_ROLES)}
_HINT = (
    "request the export again in Meta's Accounts Center (Download your information, Format: JSON)"
)
_HEAD = 4096


class _File(NamedTuple):
    role: str
    name: str
    root: str
    """The folder the export was unpacked into inside the input ("" at its top)."""


def _root(pattern: re.Pattern[str], name: str) -> str | None:
    """The folder above the export's own folders when ``name`` matches ``pattern``, else None."""
    match = pattern.search(name)
    return None if match is None else name[: match.start()]


def _profile(bundle: Bundle, pattern: re.Pattern[str], root: str) -> str | None:
    found = sorted(n for n in bundle.names() if _root(pattern, n) == root)
    return found[0] if found else None


# --- text -----------------------------------------------------------------------------------

_URL = re.compile(r"https?://[^\s<>\"]+")
_URL_TRAILING = ".,;:!?)]}'\u2019\u201d"
_HASHTAG = re.compile(r"(?<![\w&])#(\w+)")
_AT_NAME = re.compile(r"(?<![\w.@])@([A-Za-z0-9._]{1,30})")
_OPENING_AT = re.compile(r"^\s*@([A-Za-z0-9._]{1,30})")
_FB_TAG = re.compile(r"@\[\d+:\d+:([^\]]+)\]")


def repair_text(value: str) -> str:
    """Undo Meta's encoding: text whose characters are all below U+0100 and whose code points,
    read as bytes, are UTF-8 is decoded as UTF-8 (``"cafÃ©"`` -> ``"café"``); any other text is
    returned as it is (it was not encoded that way, or is Latin-1 that only looks like it)."""
    if value.isascii():
        return value
    try:
        return value.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return value


def _str(value: object) -> str:
    return repair_text(value) if isinstance(value, str) else ""


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _moment(value: object) -> datetime | None:
    """The UTC moment of a Unix time in seconds, or ``None`` when it is not a plausible one."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        return None
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _urls(text: str) -> list[str]:
    return [match.rstrip(_URL_TRAILING) for match in _URL.findall(text)]


def _links(urls: Iterable[str]) -> tuple[Link, ...]:
    seen: dict[str, Link] = {}
    for url in urls:
        if url.startswith(("http://", "https://")) and url not in seen:
            link = make_link(url)
            if link.domain:
                seen[url] = link
    return tuple(seen.values())


def _hashtags(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_HASHTAG.findall(text)))


def _at_names(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name.rstrip(".") for name in _AT_NAME.findall(text)))


# --- Facebook titles ------------------------------------------------------------------------

_APOS = "['\u2019]"
_WHO = r"(?P<who>.+?)"
_SHARED = re.compile(rf"^{_WHO} shared (?P<what>.*?)\.?$", re.DOTALL)
_COMMENTED = re.compile(rf"^{_WHO} (?:commented on|replied to) (?P<target>.*?)\.?$", re.DOTALL)
_ON_TIMELINE = re.compile(
    rf"^{_WHO} (?:wrote|posted) (?:on|to) (?P<whose>.+?){_APOS}s? (?:timeline|wall|profile)\.?$",
    re.DOTALL,
)
_OWNER_VERB = re.compile(
    rf"^{_WHO} (?:updated|shared|wrote on|posted|added|commented on|replied to|uploaded|created"
    r"|changed) ",
    re.DOTALL,
)
_THING = (
    r"(?:post|posts|comment|reply|photo|photos|video|videos|link|reel|live video|status|album"
    r"|event|note|story|memory|review|life event|cover photo|profile picture)"
)
_WHOSE = re.compile(rf"^(?P<name>.+?){_APOS}s? (?:own )?{_THING}\b", re.DOTALL)
_OWN = re.compile(r"^(?:his|her|their|your|its) own\b")
_FROM = re.compile(r"^an? post from (?P<name>.+)$", re.DOTALL)


def _title_owner(title: str) -> str | None:
    match = _OWNER_VERB.match(title)
    return match.group("who") if match else None


@dataclass
class _Owner:
    platform: str
    handle: str = ""
    display_name: str | None = None

    def account(self) -> Account:
        return Account(
            platform=self.platform,
            id=self.handle,
            handle=self.handle,
            display_name=self.display_name,
        )


class _Bad(Exception):
    """A record that cannot become a post; the message says why."""


@dataclass
class _Context:
    """What every record of one read shares: owners, the importer's stamp and the ids given."""

    owners: dict[str, _Owner]
    importer: str
    version: str
    ids: Counter[str] = field(default_factory=Counter)
    titles_read: int = 0
    titles_understood: int = 0

    def post_id(self, platform: str, moment: datetime, kind: str, text: str, ref: str) -> str:
        digest = hashlib.blake2b(
            f"{kind}\n{text if text else ref}".encode(), digest_size=5
        ).hexdigest()
        base = f"{platform}:{int(moment.timestamp())}:{digest}"
        self.ids[base] += 1
        count = self.ids[base]
        return base if count == 1 else f"{base}-{count}"


# --- reading the files as streams of records ------------------------------------------------

_WRAPPER = re.compile(rb'^\s*\{\s*"(?:[^"\\]|\\.){0,200}"\s*:\s*(?=\[)')
_HOLD = 256


class _Unwrapped(io.RawIOBase):
    """The list inside ``{"key": [ … ]}``: the rest of the stream after ``"key":`` without the
    object's closing brace, so it can be read as an array, record by record."""

    def __init__(self, raw: IO[bytes]) -> None:
        super().__init__()
        self._raw = raw
        self._held = b""
        self._done = False

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        while not self._done:
            data = self._raw.read(size if size and size > 0 else 1 << 20)
            if not data:
                self._done = True
                tail = self._held.rstrip()
                self._held = b""
                return tail[:-1] if tail.endswith(b"}") else tail
            buffer = self._held + data
            if len(buffer) > _HOLD:
                self._held = buffer[-_HOLD:]
                return buffer[:-_HOLD]
            self._held = buffer
        return b""


def _records(stream: BinaryIO, where: str) -> Iterator[Any]:
    """Each record of a Meta JSON file: an array of records, or an object holding one array under
    a single key (``{"comments_v2": […]}``).  A record that is not valid JSON comes as a
    :class:`BadRecord`."""
    peek = cast(io.BufferedReader, stream).peek(_HEAD)[:_HEAD]
    if peek.startswith(b"\xef\xbb\xbf"):
        stream.read(3)
        peek = peek[3:]
    start = peek.lstrip()
    if start.startswith(b"["):
        yield from iter_js_array(stream, where, "[")
        return
    match = _WRAPPER.match(peek)
    if match is not None:
        stream.read(match.end())
        yield from iter_js_array(cast(BinaryIO, _Unwrapped(stream)), where, "[")
        return
    if not start:
        problem = "the file is empty"
    elif start.startswith(b"<"):
        problem = "this is an HTML page, not JSON"
    elif start.startswith(b"{"):
        problem = "expected a list of records, or an object holding one list"
    else:
        problem = "not JSON"
    raise FormatError(problem, file=where, hint=_HINT)


def _load_small(bundle: Bundle, name: str, report: ReadReport) -> Any:
    """A small JSON file (profile information) whole, or ``None`` when it is unreadable."""
    where = bundle.where(name)
    try:
        data = orjson.loads(bundle.read_bytes(name))
    except orjson.JSONDecodeError as exc:
        report.skip_file(where, f"invalid JSON ({exc})")
        return None
    except InputError as exc:
        report.skip_file(where, exc.problem)
        return None
    report.files_read.append(where)
    return data


# --- owners ---------------------------------------------------------------------------------


def _string_map_value(entry: object, *labels: str) -> str:
    values = _dict(_dict(entry).get("string_map_data"))
    for label in labels:
        value = _str(_dict(values.get(label)).get("value"))
        if value:
            return value
    return ""


def _profile_name(data: Any) -> str:
    profile = _dict(data).get("profile_v2") or _dict(data).get("profile")
    return _str(_dict(_dict(profile).get("name")).get("full_name")).strip()


def _facebook_names(bundle: Bundle, files: list[_File], limit: int = 200) -> Counter[str]:
    """The names Meta's titles give as the actor, and the comments' authors, over the first
    ``limit`` records of each file."""
    names: Counter[str] = Counter()
    for role, name, _ in files:
        if role not in (_FB_POSTS, _FB_COMMENTS):
            continue
        with bundle.open(name) as stream:
            for number, record in enumerate(_records(stream, bundle.where(name)), 1):
                if number > limit:
                    break
                record = _dict(record)
                who = _title_owner(_str(record.get("title")))
                if who:
                    names[who] += 1
                for item in _list(record.get("data")):
                    author = _str(_dict(_dict(item).get("comment")).get("author")).strip()
                    if author:
                        names[author] += 1
    return names


def _owners(bundle: Bundle, files: list[_File], report: ReadReport) -> dict[str, _Owner]:
    """The owner of each platform in one export (``files`` all share one root)."""
    root = files[0].root
    platforms = {_PLATFORM[file.role] for file in files}
    owners: dict[str, _Owner] = {}
    if "facebook" in platforms:
        owner = _Owner("facebook")
        profile = _profile(bundle, _FB_PROFILE, root)
        if profile is not None:
            owner.handle = _profile_name(_load_small(bundle, profile, report))
        if not owner.handle:
            names = _facebook_names(bundle, files)
            if names:
                owner.handle = names.most_common(1)[0][0]
        owner.display_name = owner.handle or None
        owners["facebook"] = owner
    if platforms & {"instagram", "threads"}:
        username = name = ""
        profile = _profile(bundle, _IG_PROFILE, root)
        if profile is not None:
            data = _load_small(bundle, profile, report)
            first = next(iter(_list(_dict(data).get("profile_user"))), None)
            username = _string_map_value(first, "Username")
            name = _string_map_value(first, "Name")
        profile = _profile(bundle, _THREADS_PROFILE, root)
        if not username and "threads" in platforms and profile is not None:
            data = _load_small(bundle, profile, report)
            key = "text_post_app_text_post_app_profile"
            first = next(iter(_list(_dict(data).get(key))), None)
            username = _string_map_value(first, "Username")
            name = _string_map_value(first, "Name")
        for platform in ("instagram", "threads"):
            if platform in platforms:
                owners[platform] = _Owner(platform, username.strip(), name.strip() or None)
    for platform, owner in owners.items():
        if not owner.handle:
            source = (
                "profile_information.json"
                if platform == "facebook"
                else "personal_information.json"
            )
            where = bundle.where(root) if root else bundle.label
            report.warn(
                f"{where}: no {source} and no other sign of whose {platform} export this "
                "is; its posts are read without an owner's name (include that file in the export)"
            )
    return owners


# --- Facebook -------------------------------------------------------------------------------


def _facebook_attachments(record: dict[str, Any]) -> tuple[list[str], int, str]:
    """The links, the number of media and a reference to the first attachment of a record."""
    urls: list[str] = []
    media = 0
    ref = ""
    for attachment in _list(record.get("attachments")):
        for item in _list(_dict(attachment).get("data")):
            item = _dict(item)
            if "media" in item:
                media += 1
                ref = ref or _str(_dict(item["media"]).get("uri"))
            note_media = _list(_dict(item.get("note")).get("media"))
            media += len(note_media)
            url = _str(_dict(item.get("external_context")).get("url")).strip()
            if url:
                urls.append(url)
                ref = ref or url
    return urls, media, ref


def _facebook_text(raw: str) -> tuple[str, list[str]]:
    """The text with Facebook's tag markup (``@[id:2048:Name]``) turned into the name, and the
    names tagged."""
    tagged = list(_FB_TAG.findall(raw))
    return _FB_TAG.sub(lambda m: m.group(1), raw), tagged


def _facebook_post(
    record: object, where: str, number: int, context: _Context
) -> Post | Interaction:
    if not isinstance(record, dict):
        raise _Bad("not a JSON object")
    moment = _moment(record.get("timestamp"))
    if moment is None:
        raise _Bad("no timestamp")
    owner = context.owners["facebook"]
    title = _str(record.get("title")).strip()
    raw = ""
    for item in _list(record.get("data")):
        raw = _str(_dict(item).get("post"))
        if raw:
            break
    text, tagged = _facebook_text(raw.strip())
    urls, media, ref = _facebook_attachments(record)
    for tag in _list(record.get("tags")):
        name = _str(_dict(tag).get("name") if isinstance(tag, dict) else tag).strip()
        if name:
            tagged.append(name)
    provenance = Provenance(
        file=where, record=number, importer=context.importer, version=context.version
    )
    kind = Kind.ORIGINAL
    guessed = False
    reposted_account: str | None = None
    if title:
        context.titles_read += 1
    shared = _SHARED.match(title)
    on_timeline = _ON_TIMELINE.match(title)
    if shared is not None:
        context.titles_understood += 1
        what = shared.group("what")
        if not what.startswith(("a link", "an article")):
            kind = Kind.QUOTE if text else Kind.REPOST
            whose = _WHOSE.match(what) or _FROM.match(what)
            if what.startswith("a memory") or (whose and _OWN.match(whose.group("name"))):
                reposted_account = shared.group("who")
            elif whose is not None:
                reposted_account = whose.group("name")
    elif on_timeline is not None:
        context.titles_understood += 1
        who, wall = on_timeline.group("who"), on_timeline.group("whose")
        if owner.handle and who != owner.handle and wall == owner.handle:
            return Interaction(
                platform="facebook",
                account=owner.handle,
                id=context.post_id("facebook", moment, "post", text, ref),
                author=who,
                author_id=who,
                created_at=moment,
                text=text,
                type="mention",
                provenance=provenance,
            )
        tagged.insert(0, wall)
    elif title:
        context.titles_understood += _OWNER_VERB.match(title) is not None
    elif not text and not any(_dict(a).get("data") for a in _list(record.get("attachments"))):
        kind, guessed = Kind.REPOST, True
    return Post(
        platform="facebook",
        account=owner.handle,
        account_id=owner.handle,
        id=context.post_id("facebook", moment, "post", text, ref),
        created_at=moment,
        text=text,
        kind=kind,
        kind_guessed=guessed,
        provenance=provenance,
        reposted_account=reposted_account,
        mentions=tuple(dict.fromkeys(tagged)),
        links=_links([*_urls(text), *urls]),
        hashtags=_hashtags(text),
        media_count=media,
    )


def _facebook_comment(record: object, where: str, number: int, context: _Context) -> Post:
    if not isinstance(record, dict):
        raise _Bad("not a JSON object")
    comment: dict[str, Any] = {}
    for item in _list(record.get("data")):
        comment = _dict(_dict(item).get("comment"))
        if comment:
            break
    moment = _moment(comment.get("timestamp")) or _moment(record.get("timestamp"))
    if moment is None:
        raise _Bad("no timestamp")
    owner = context.owners["facebook"]
    text, tagged = _facebook_text(_str(comment.get("comment")).strip())
    urls, media, ref = _facebook_attachments(record)
    title = _str(record.get("title")).strip()
    kind = Kind.REPLY
    to: str | None = None
    if title:
        context.titles_read += 1
    match = _COMMENTED.match(title)
    if match is not None:
        context.titles_understood += 1
        target = match.group("target")
        whose = _WHOSE.match(target)
        if _OWN.match(target):
            kind, to = Kind.THREAD, match.group("who")
        elif whose is not None:
            to = whose.group("name")
            if to in (owner.handle, match.group("who")):
                kind = Kind.THREAD
    return Post(
        platform="facebook",
        account=owner.handle,
        account_id=owner.handle,
        id=context.post_id("facebook", moment, "comment", text, ref),
        created_at=moment,
        text=text,
        kind=kind,
        provenance=Provenance(
            file=where, record=number, importer=context.importer, version=context.version
        ),
        reply_to_account=to,
        reply_to_account_id=to,
        mentions=tuple(dict.fromkeys(tagged)),
        links=_links([*_urls(text), *urls]),
        hashtags=_hashtags(text),
        media_count=media,
    )


# --- Instagram and Threads ------------------------------------------------------------------


def _media_post(record: object, where: str, number: int, context: _Context, platform: str) -> Post:
    """An Instagram post or a Threads post: its text in ``title`` at the top or in the first
    ``media[].title``, its time in ``creation_timestamp`` likewise."""
    if not isinstance(record, dict):
        raise _Bad("not a JSON object")
    media = [m for m in _list(record.get("media")) if isinstance(m, dict)]
    text = _str(record.get("title")).strip()
    if not text:
        text = next((t for m in media if (t := _str(m.get("title")).strip())), "")
    moment = _moment(record.get("creation_timestamp"))
    if moment is None:
        moment = next(
            (when for m in media if (when := _moment(m.get("creation_timestamp"))) is not None),
            None,
        )
    if moment is None:
        raise _Bad("no creation_timestamp")
    uris = [u for m in media if (u := _str(m.get("uri")))]
    kind = Kind.ORIGINAL
    if platform == "threads" and any(
        _dict(m.get("text_app_post")).get("is_reply") is True for m in media
    ):
        kind = Kind.REPLY
    owner = context.owners[platform]
    return Post(
        platform=platform,
        account=owner.handle,
        account_id=owner.handle,
        id=context.post_id(platform, moment, "post", text, uris[0] if uris else ""),
        created_at=moment,
        text=text,
        kind=kind,
        provenance=Provenance(
            file=where, record=number, importer=context.importer, version=context.version
        ),
        mentions=_at_names(text),
        links=_links(_urls(text)),
        hashtags=_hashtags(text),
        media_count=len(uris),
    )


def _instagram_comment(record: object, where: str, number: int, context: _Context) -> Post:
    if not isinstance(record, dict):
        raise _Bad("not a JSON object")
    fields = _dict(record.get("string_map_data"))
    if fields:
        text = _string_map_value(record, "Comment", "Opmerking")
        media_owner = _string_map_value(record, "Media Owner", "Media-eigenaar")
        time = next(
            (
                _dict(fields.get(label)).get("timestamp")
                for label in ("Time", "Tijd")
                if label in fields
            ),
            None,
        )
    else:  # before 2022: string_list_data holding the comment, title the media owner
        first = _dict(next(iter(_list(record.get("string_list_data"))), None))
        text = _str(first.get("value"))
        media_owner = _str(record.get("title"))
        time = first.get("timestamp")
    moment = _moment(time)
    if moment is None:
        raise _Bad("no Time.timestamp")
    text, media_owner = text.strip(), media_owner.strip()
    owner = context.owners["instagram"]
    kind, guessed, to = Kind.REPLY, False, media_owner or None
    if media_owner and media_owner == owner.handle:
        opening = _OPENING_AT.match(text)
        if opening is not None and opening.group(1).rstrip(".") != owner.handle:
            kind, guessed, to = Kind.REPLY, True, opening.group(1).rstrip(".")
        else:
            kind = Kind.THREAD
    return Post(
        platform="instagram",
        account=owner.handle,
        account_id=owner.handle,
        id=context.post_id("instagram", moment, "comment", text, ""),
        created_at=moment,
        text=text,
        kind=kind,
        kind_guessed=guessed,
        provenance=Provenance(
            file=where, record=number, importer=context.importer, version=context.version
        ),
        reply_to_account=to,
        reply_to_account_id=to,
        mentions=_at_names(text),
        links=_links(_urls(text)),
        hashtags=_hashtags(text),
    )


# --- the importer ---------------------------------------------------------------------------


def _part(name: str) -> tuple[int, str]:
    match = re.search(r"_(\d+)\.json$", name)
    return (int(match.group(1)) if match else 0, name)


class MetaImporter:
    name = "meta"
    platform = "facebook"
    version = "1"
    description = (
        "Meta 'Download your information' (JSON): Facebook posts and comments (profiles and "
        "Pages), Instagram posts and comments, Threads posts and replies"
    )

    def files(self, bundle: Bundle) -> list[_File]:
        """Every file this importer reads, in reading order: export by export (a folder may hold
        several), and in each the Facebook, Instagram and Threads files."""
        found: list[_File] = []
        lone = isinstance(bundle, FileBundle)
        for name in bundle.names():
            for role, in_archive, alone, _cue in _ROLES:
                if lone:
                    if alone.search(member_stem(name)):
                        found.append(_File(role, name, ""))
                        break
                elif (root := _root(in_archive, name)) is not None:
                    found.append(_File(role, name, root))
                    break
        return sorted(found, key=lambda f: (f.root, _ORDER[f.role], *_part(f.name)))

    def detect(self, bundle: Bundle) -> bool:
        found = self.files(bundle)
        if isinstance(bundle, FileBundle):
            if not found:
                return False
            role, name, _ = found[0]
            cue = next(c for r, _, _, c in _ROLES if r == role)
            with bundle.open(name) as stream:
                head = stream.read(_HEAD)
            start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
            return start.startswith((b"[", b"{")) and cue in head
        return bool(found) or any(_HTML_EXPORT.search(n) for n in bundle.names())

    def read(self, bundle: Bundle, report: ReadReport) -> Iterator[Record]:
        files = self.files(bundle)
        if not files:
            raise FormatError(
                "this is Meta's HTML export; twoway reads the JSON one",
                file=bundle.label,
                hint=_HINT,
            )
        exports: dict[str, list[_File]] = {}
        for file in files:
            exports.setdefault(file.root, []).append(file)
        contexts = {
            root: _Context(_owners(bundle, group, report), self.name, self.version)
            for root, group in exports.items()
        }
        accounts = [o.account() for c in contexts.values() for o in c.owners.values()]
        yield from dict.fromkeys(accounts)
        for role, name, root in files:
            context = contexts[root]
            where = bundle.where(name)
            report.files_read.append(where)
            with bundle.open(name, report.progress) as stream:
                for number, record in enumerate(_records(stream, where), 1):
                    if isinstance(record, BadRecord):
                        report.skip_record(where, number, record.reason)
                        continue
                    try:
                        yield _convert(role, record, where, number, context)
                    except _Bad as exc:
                        report.skip_record(where, number, str(exc))
        read = sum(c.titles_read for c in contexts.values())
        understood = sum(c.titles_understood for c in contexts.values())
        if read >= 5 and understood * 2 < read:
            report.warn(
                f"{bundle.label}: most of Meta's titles are not in English, so Facebook shares "
                "may be counted as original posts; switch Facebook to English and export again "
                "for exact kinds"
            )


def _convert(role: str, record: Any, where: str, number: int, context: _Context) -> Record:
    if role == _FB_POSTS:
        return _facebook_post(record, where, number, context)
    if role == _FB_COMMENTS:
        return _facebook_comment(record, where, number, context)
    if role == _IG_COMMENTS:
        return _instagram_comment(record, where, number, context)
    return _media_post(record, where, number, context, _PLATFORM[role])


IMPORTER = MetaImporter()
