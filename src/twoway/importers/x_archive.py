"""X (Twitter) archive, as "Download an archive of your data" gives it since 2019.

Reads ``data/tweets.js`` and its parts ``tweets-part1.js``… (2019-2022: ``tweet.js`` with
``window.YTD.tweet.part0``), with or without the ``{"tweet": …}`` wrapper, or a tweets.js kept
behind ``module.exports =`` as the tweetback tool stores it.  Long posts in ``note-tweet.js`` are
merged into their tweets (matched by time and opening words, as the archive links them no other
way).  The owner comes from ``account.js`` or ``manifest.js``; without either, from the archive's
own links to its statuses and from replies to its own tweets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import orjson

from twoway.clock import parse_iso, parse_twitter_time
from twoway.errors import FormatError
from twoway.importers import ReadReport, Record
from twoway.importers.js_data import BadRecord, iter_js_array, iter_js_batches
from twoway.importers.x_tweet import Owner, Tweet, WrappedTweet, tweet_to_post
from twoway.model import Account, Post, Source
from twoway.sources import Bundle, FileBundle, member_stem

__all__ = ["IMPORTER"]

_TWEET_FILE = re.compile(r"^tweets?(?:-part\d+)?\.js$")
_EXPECT = "window.YTD.tweets.part0 = ["
# An element that opens with its "tweet" key, after the `[` or a `,` (the first may be damaged).
_WRAPPED = re.compile(rb'[\[,]\s*\{\s*"tweet"\s*:')
_OWN_STATUS = re.compile(r"^https?://(?:www\.)?(?:twitter|x)\.com/([A-Za-z0-9_]+)/status/(\d+)")


def _part_number(name: str) -> int:
    match = re.search(r"-part(\d+)\.js$", name)
    return int(match.group(1)) if match else 0


class XArchiveImporter:
    name = "x-archive"
    platform = "x"
    version = "1"
    description = "X archive (2019 on): data/tweets.js, tweets-partN.js, tweet.js, note-tweet.js"

    def tweet_files(self, bundle: Bundle) -> list[str]:
        names = [n for n in bundle.names() if _TWEET_FILE.match(member_stem(n))]
        if not isinstance(bundle, FileBundle):
            names = [n for n in names if "/" not in n or n.rsplit("/", 2)[-2] == "data"]
        return sorted(names, key=lambda n: (_part_number(n), n))

    def detect(self, bundle: Bundle) -> bool:
        if isinstance(bundle, FileBundle):
            if not bundle.names()[0].endswith(".js"):
                return False
            with bundle.open(bundle.names()[0]) as stream:
                head = stream.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
            if head.startswith((b"window.YTD.tweet.", b"window.YTD.tweets.")):
                return True
            return head.startswith(b"module.exports") and (
                b'"full_text"' in head or b'"tweet"' in head
            )
        return bool(self.tweet_files(bundle))

    def read(self, bundle: Bundle, report: ReadReport) -> Iterator[Record]:
        files = self.tweet_files(bundle)
        owner = _owner_from_files(bundle, report)
        if owner.id is None and owner.handle is None:
            owner = _infer_owner(bundle, files)
            if owner.handle is None:
                report.warn(
                    f"{bundle.label}: no account.js or manifest.js, and the owner could not be "
                    "inferred; replies to self may be counted as replies"
                )
        yield Account(
            platform="x",
            id=owner.id or "",
            handle=owner.handle or "",
            display_name=owner.display_name,
        )
        notes = _read_notes(bundle, report)
        for name in files:
            where = bundle.where(name)
            report.files_read.append(where)
            source = Source(file=where, importer=self.name, version=self.version)
            with bundle.open(name, report.progress) as stream:
                # A list per batch, not a generator of posts: every generator a post passes
                # through costs a resumption (2% of reading an archive).
                for posts in _post_batches(stream, source, owner, notes, report):
                    yield from posts


def _post_batches(
    stream: Any,
    source: Source,
    owner: Owner,
    notes: dict[int, list[dict[str, Any]]],
    report: ReadReport,
) -> Iterator[list[Post]]:
    """The posts of one tweets file, a list for each batch the file is decoded in; ``source``
    (the file and importer) is shared by all of them."""
    where = source.file
    wrapped = _WRAPPED.search(stream.peek(1 << 16)[: 1 << 16]) is not None
    batches = iter_js_batches(stream, where, _EXPECT, WrappedTweet if wrapped else Tweet)
    number = 0
    for batch in batches:
        posts: list[Post] = []
        for element in batch:
            number += 1
            if type(element) is BadRecord:
                report.skip_record(where, number, element.reason)
                continue
            tweet = element.tweet if wrapped else element
            try:
                note = _note_for(tweet, notes) if notes else None
                if note is None:
                    posts.append(tweet_to_post(tweet, owner, source, number))
                else:
                    posts.append(
                        tweet_to_post(
                            tweet,
                            owner,
                            source,
                            number,
                            text=note["text"],
                            entities=note["entities"],
                        )
                    )
            except (ValueError, TypeError) as exc:
                report.skip_record(where, number, f"unreadable value ({exc})")
        yield posts


def _data_file(bundle: Bundle, stem: str) -> str | None:
    found = [n for n in bundle.find(stem) if "/" not in n or n.rsplit("/", 2)[-2] == "data"]
    return found[0] if found else None


def _load_small(bundle: Bundle, name: str, report: ReadReport) -> Any:
    raw = bundle.read_bytes(name)
    start = min((i for i in (raw.find(b"["), raw.find(b"{")) if i >= 0), default=-1)
    try:
        return orjson.loads(raw[start:].rstrip().rstrip(b";")) if start >= 0 else None
    except orjson.JSONDecodeError as exc:
        report.skip_file(bundle.where(name), f"invalid JSON ({exc})")
        return None


def _owner_from_files(bundle: Bundle, report: ReadReport) -> Owner:
    name = _data_file(bundle, "account.js")
    if name is not None:
        data = _load_small(bundle, name, report)
        try:
            account = data[0]["account"]
            return Owner(
                _text(account["accountId"]),
                _text(account["username"]),
                _text(account.get("accountDisplayName")),
            )
        except (KeyError, IndexError, TypeError, AttributeError):
            report.skip_file(bundle.where(name), "no account.username / accountId in it")
    name = _data_file(bundle, "manifest.js")
    if name is not None:
        data = _load_small(bundle, name, report)
        try:
            info = data["userInfo"]
            return Owner(
                _text(info["accountId"]), _text(info["userName"]), _text(info.get("displayName"))
            )
        except (KeyError, TypeError, AttributeError):
            report.skip_file(bundle.where(name), "no userInfo.accountId / userName in it")
    return Owner(None, None)


def _text(value: Any) -> str | None:
    """A name or id of the owner as the account files give it: a string (an id may be a
    number); anything else is damage and raises ``TypeError``."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"expected a string, got {type(value).__name__}")


def _get(value: Any, key: str) -> Any:
    """``value[key]`` when ``value`` is an object, else ``None``: the owner is inferred from
    whatever tweets are whole, and a damaged one is reported when the tweets are read."""
    return value.get(key) if isinstance(value, dict) else None


def _infer_owner(bundle: Bundle, files: list[str]) -> Owner:
    """Without account files: the handle from links to the archive's own statuses (photo links
    carry it), the id from a reply whose parent is one of the archive's own tweets."""
    ids: set[str] = set()
    replies: list[tuple[str, str]] = []
    handle: str | None = None
    for name in files:
        with bundle.open(name) as stream:
            for element in iter_js_array(stream, bundle.where(name), _EXPECT):
                if isinstance(element, BadRecord) or not isinstance(element, dict):
                    continue
                tweet = element.get("tweet", element)
                own = _get(tweet, "id_str")
                if not isinstance(own, str):
                    continue
                ids.add(own)
                parent = _get(tweet, "in_reply_to_status_id_str")
                user = _get(tweet, "in_reply_to_user_id_str")
                if parent and user and isinstance(parent, str) and isinstance(user, str):
                    replies.append((parent, user))
                if handle is None:
                    entities = _get(tweet, "extended_entities") or _get(tweet, "entities")
                    media = _get(entities, "media")
                    for item in media if isinstance(media, list) else ():
                        url = _get(item, "expanded_url")
                        match = _OWN_STATUS.match(url) if isinstance(url, str) else None
                        if match and match.group(2) == own:
                            handle = match.group(1)
    owner_id = next((user for parent, user in replies if parent in ids), None)
    return Owner(owner_id, handle)


def _read_notes(bundle: Bundle, report: ReadReport) -> dict[int, list[dict[str, Any]]]:
    """note-tweet.js, keyed by the second it was made, each as text plus v1.1-shaped entities.
    A note-tweet.js that cannot be read at all is reported as a skipped file: the tweets are
    read without it, long posts with the opening X shows in the timeline."""
    name = _data_file(bundle, "note-tweet.js")
    if name is None:
        return {}
    try:
        return _parse_notes(bundle, name, report)
    except FormatError as exc:
        report.skip_file(
            exc.file or bundle.where(name), f"{exc.problem}; long posts keep their opening only"
        )
        return {}


def _parse_notes(bundle: Bundle, name: str, report: ReadReport) -> dict[int, list[dict[str, Any]]]:
    notes: dict[int, list[dict[str, Any]]] = {}
    where = bundle.where(name)
    with bundle.open(name) as stream:
        for number, element in enumerate(
            iter_js_array(stream, where, "window.YTD.note_tweet.part0 = ["), 1
        ):
            try:
                note = element["noteTweet"]
                core = note["core"]
                text = core.get("text", "")
                if not isinstance(text, str):
                    raise TypeError("text is not a string")
                second = int(parse_iso(note["createdAt"].replace("Z", "+00:00")).timestamp())
            except (KeyError, TypeError, ValueError, AttributeError, OverflowError):
                report.skip_record(where, number, "not a noteTweet with core text and createdAt")
                continue
            entities = {
                "urls": [
                    {"url": _get(u, "shortUrl"), "expanded_url": _get(u, "expandedUrl")}
                    for u in _list(core.get("urls"))
                ],
                "user_mentions": [
                    {"screen_name": _get(m, "screenName")}
                    for m in _list(core.get("mentions"))
                    if _get(m, "screenName")
                ],
                "hashtags": [
                    {"text": _get(h, "text")}
                    for h in _list(core.get("hashtags"))
                    if _get(h, "text")
                ],
            }
            notes.setdefault(second, []).append({"text": text, "entities": entities})
    report.files_read.append(where)
    return notes


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _opening(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()[:40].rstrip("…").strip()


def _note_for(tweet: Tweet, notes: dict[int, list[dict[str, Any]]]) -> dict[str, Any] | None:
    second = int(parse_twitter_time(tweet.created_at).timestamp())
    candidates = notes.get(second)
    if not candidates:
        return None
    text = tweet.full_text or tweet.text or ""
    start = _opening(text.split("https://t.co/")[0])[:30]
    for note in candidates:
        if _opening(note["text"]).startswith(start):
            return note
    return candidates[0] if len(candidates) == 1 else None


IMPORTER = XArchiveImporter()
