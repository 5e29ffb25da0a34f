"""Bluesky repository export, as "Export my data" (Settings > Account) or
``com.atproto.sync.getRepo`` gives it: one ``.car`` file.

The file is a CAR v1 archive of DAG-CBOR blocks whose root is the signed commit
``{did, version: 3, data, rev, prev, sig}``.  ``data`` points at the top of a Merkle Search Tree
(MST) that maps each record's key, ``<collection>/<record key>``, to the record's block.  The tree
is walked in key order (a node's ``l`` subtree, then each entry followed by its ``t`` subtree),
rebuilding the prefix-compressed keys as it goes, so every record is known by its key.

Posts (``app.bsky.feed.post``) and reposts (``app.bsky.feed.repost``) become :class:`Post` records;
the owner is the commit's DID, named by the profile's ``displayName``
(``app.bsky.actor.profile/self``).  Likes, follows, blocks and other records are not posts and are
passed over.  The export does not carry the handle, so the DID stands in for it.

Record numbers (in provenance and skip reports) count every record of the repository in key
order, posts or not.  A CAR is read whole: finding a record by its key needs every block at hand,
and an export is usually tens of megabytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import libipld

from twoway.clock import parse_iso, tid_time
from twoway.errors import FormatError
from twoway.importers import ReadReport, Record
from twoway.links import make_link
from twoway.model import Account, Kind, Link, Post, Provenance
from twoway.sources import Bundle, DirBundle, FileBundle, member_stem

__all__ = ["IMPORTER", "POST", "REPOST", "Converted", "record_post"]

POST = "app.bsky.feed.post"
REPOST = "app.bsky.feed.repost"
PROFILE_KEY = "app.bsky.actor.profile/self"
_POST_KEY = POST.encode()
_REPOST_KEY = REPOST.encode()

_MENTION = "app.bsky.richtext.facet#mention"
_LINK = "app.bsky.richtext.facet#link"
_TAG = "app.bsky.richtext.facet#tag"
_EMBED_RECORD = "app.bsky.embed.record"
_EMBED_RECORD_MEDIA = "app.bsky.embed.recordWithMedia"
_EMBED_EXTERNAL = "app.bsky.embed.external"
_EMBED_IMAGES = "app.bsky.embed.images"
_EMBED_VIDEO = "app.bsky.embed.video"

_HEAD_BYTES = 4096
_AGAIN = "export it again from the Bluesky app (Settings > Account > Export my data)"
_GIVE_EXPORT = 'give the .car file that the Bluesky app\'s "Export my data" saves'
_DAMAGED = f"the file is damaged: {_AGAIN}"


class BlueskyImporter:
    name = "bluesky"
    platform = "bluesky"
    version = "1"
    description = "Bluesky repository export (.car): posts, reposts, profile display name"

    def car_files(self, bundle: Bundle) -> list[str]:
        """The ``.car`` members of an archive (not macOS resource forks)."""
        return sorted(
            n
            for n in bundle.names()
            if n.lower().endswith(".car")
            and not n.startswith("__MACOSX/")
            and not member_stem(n).startswith("._")
        )

    def detect(self, bundle: Bundle) -> bool:
        if isinstance(bundle, FileBundle):
            name = bundle.names()[0]
            if name.lower().endswith(".car"):
                return True
            with bundle.open(name) as stream:
                return _looks_like_car(stream.read(_HEAD_BYTES))
        if isinstance(bundle, DirBundle):
            # A folder is left to the registry, which tries each file in it on its own, so a
            # .car next to another export does not hide that export.
            return False
        return bool(self.car_files(bundle))

    def read(self, bundle: Bundle, report: ReadReport) -> Iterator[Record]:
        names = bundle.names() if isinstance(bundle, FileBundle) else self.car_files(bundle)
        for name in names:
            where = bundle.where(name)
            report.files_read.append(where)
            with bundle.open(name, report.progress) as stream:
                repo = _load_repo(stream.read(), where)  # the raw bytes are let go here
            yield from self._records(*repo, where, report)

    def _records(
        self,
        did: str,
        blocks: dict[bytes, Any],
        entries: list[tuple[bytes, bytes]],
        where: str,
        report: ReadReport,
    ) -> Iterator[Record]:
        profile = blocks.get(_profile_cid(entries) or b"")
        display_name = profile.get("displayName") if isinstance(profile, dict) else None
        yield Account(
            platform=self.platform,
            id=did,
            handle=did,
            display_name=display_name if isinstance(display_name, str) and display_name else None,
        )
        timed_by_key = 0
        for number, (raw_key, cid) in enumerate(entries, 1):
            collection, _, rkey = raw_key.partition(b"/")
            if collection not in (_POST_KEY, _REPOST_KEY):
                continue  # likes, follows, blocks, lists...: not posts
            key = raw_key.decode("utf-8", "replace")
            if not rkey:
                report.skip_record(where, number, f"{key}: record key is empty")
                continue
            record = blocks.get(cid)
            if record is None:
                report.skip_record(where, number, f"{key}: record block is not in the file")
                continue
            provenance = Provenance(
                file=where, record=number, importer=self.name, version=self.version
            )
            converted = record_post(
                POST if collection == _POST_KEY else REPOST,
                rkey.decode("utf-8", "replace"),
                record,
                did,
                provenance,
            )
            if converted.post is None:
                report.skip_record(where, number, f"{key}: {converted.problem}")
                continue
            timed_by_key += converted.timed_by_key
            yield converted.post
        if timed_by_key:
            report.warn(
                f"{where}: {timed_by_key} record(s) had no readable createdAt; "
                "their time was read from the record key"
            )


# --- the CAR and its Merkle Search Tree -------------------------------------------------------


def _varint(data: bytes) -> tuple[int, int] | None:
    """The unsigned LEB128 number at the start of ``data`` (CAR framing) and its length."""
    number = 0
    for i, byte in enumerate(data[:10]):
        number |= (byte & 0x7F) << (7 * i)
        if not byte & 0x80:
            return number, i + 1
    return None


def _looks_like_car(head: bytes) -> bool:
    """Whether ``head`` opens with a CAR v1 header: a length, then a map with roots and version."""
    found = _varint(head)
    if found is None:
        return False
    length, start = found
    if not 0 < length <= len(head) - start:
        return False
    try:
        header = libipld.decode_dag_cbor(head[start : start + length])
    except (ValueError, RecursionError):
        return False
    return isinstance(header, dict) and "roots" in header and "version" in header


def _cid_text(cid: object) -> str:
    if isinstance(cid, bytes):
        try:
            return libipld.encode_cid(cid)
        except ValueError:
            return cid.hex()
    return repr(cid)


def _load_repo(data: bytes, where: str) -> tuple[str, dict[bytes, Any], list[tuple[bytes, bytes]]]:
    """The owner's DID, the blocks by CID, and every (key, record CID) of the repo in key order."""
    if not _looks_like_car(data[:_HEAD_BYTES]):
        raise FormatError(
            "not a CAR file: it does not start with a CAR v1 header", file=where, hint=_GIVE_EXPORT
        )
    try:
        header, blocks = libipld.decode_car(data)
    except (ValueError, RecursionError):
        raise FormatError(
            "the CAR file is truncated or damaged: a block cannot be decoded",
            file=where,
            hint=_AGAIN,
        ) from None
    roots = header.get("roots")
    root = roots[0] if isinstance(roots, list) and roots else None
    commit = blocks.get(root) if isinstance(root, bytes) else None
    if not isinstance(commit, dict):
        raise FormatError(
            "the commit block named in the CAR header is not in the file",
            file=where,
            hint=f"the file is incomplete or not a repository export; {_GIVE_EXPORT}",
        )
    did = commit.get("did")
    if not isinstance(did, str) or not did.startswith("did:") or "/" in did:
        raise FormatError(
            "the root block is not a repository commit (no did)",
            file=where,
            key="did",
            hint=_GIVE_EXPORT,
        )
    version = commit.get("version")
    if version not in (2, 3) or isinstance(version, bool):
        raise FormatError(
            f"repository format version {version!r} is not supported (only 2 and 3)",
            file=where,
            key="version",
            hint=_GIVE_EXPORT,
        )
    top = commit.get("data")
    if not isinstance(top, bytes):
        raise FormatError(
            "the commit has no link to its record tree",
            file=where,
            key="data",
            hint=_GIVE_EXPORT,
        )
    return did, blocks, _walk_mst(blocks, top, where)


def _walk_mst(blocks: dict[bytes, Any], top: bytes, where: str) -> list[tuple[bytes, bytes]]:
    """Every (key, value CID) under the MST node ``top``, in key order.

    Iterative (a stack, not recursion) so a deep or looping tree cannot exhaust the stack; a
    node seen twice, keys out of order or a node missing from the file make the tree unreadable.
    """
    found: list[tuple[bytes, bytes]] = []
    seen: set[bytes] = set()
    # Work items: a node CID to expand (bytes), or a finished (key, value) entry (tuple).
    stack: list[bytes | tuple[bytes, bytes]] = [top]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):
            if found and item[0] <= found[-1][0]:
                raise FormatError(
                    f"record tree keys are out of order at {item[0]!r}",
                    file=where,
                    hint=_DAMAGED,
                )
            found.append(item)
            continue
        if item in seen:
            raise FormatError(
                f"record tree node {_cid_text(item)} appears twice in the tree",
                file=where,
                hint=_DAMAGED,
            )
        seen.add(item)
        node = blocks.get(item)
        if node is None:
            raise FormatError(
                f"record tree node {_cid_text(item)} is not in the file",
                file=where,
                hint=f"the export is incomplete (or only the changes since a revision); {_AGAIN}",
            )
        stack.extend(reversed(_node_items(node, item, where)))
    return found


def _node_items(node: Any, cid: bytes, where: str) -> list[bytes | tuple[bytes, bytes]]:
    """One node's contents in key order: its left subtree, then each entry and its subtree."""
    entries = node.get("e") if isinstance(node, dict) else None
    left = node.get("l") if isinstance(node, dict) else None
    if not isinstance(entries, list) or not isinstance(left, bytes | None):
        raise FormatError(
            f"record tree node {_cid_text(cid)} is not an MST node {{l, e}}",
            file=where,
            hint=_DAMAGED,
        )
    items: list[bytes | tuple[bytes, bytes]] = [left] if left is not None else []
    previous = b""
    for position, entry in enumerate(entries):
        if not isinstance(entry, dict):
            entry = {}
        prefix, suffix = entry.get("p"), entry.get("k")
        value, subtree = entry.get("v"), entry.get("t")
        if (
            not isinstance(prefix, int)
            or isinstance(prefix, bool)
            or not 0 <= prefix <= len(previous)
            or not isinstance(suffix, bytes)
            or not isinstance(value, bytes)
            or not isinstance(subtree, bytes | None)
        ):
            raise FormatError(
                f"record tree node {_cid_text(cid)} entry {position} is not "
                "{p: prefix length, k: key bytes, v: link, t: link or null}",
                file=where,
                hint=_DAMAGED,
            )
        previous = previous[:prefix] + suffix
        items.append((previous, value))
        if subtree is not None:
            items.append(subtree)
    return items


def _profile_cid(entries: list[tuple[bytes, bytes]]) -> bytes | None:
    wanted = PROFILE_KEY.encode()
    return next((cid for key, cid in entries if key == wanted), None)


# --- records ----------------------------------------------------------------------------------


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _uri_parts(uri: str | None) -> list[str]:
    """``at://did/collection/rkey`` as ``[did, collection, rkey]`` (fewer parts if shorter)."""
    if uri is None or not uri.startswith("at://"):
        return []
    return uri[5:].split("/")


def _did_of(uri: str | None) -> str | None:
    parts = _uri_parts(uri)
    return parts[0] if parts and parts[0] else None


def _created_at(record: dict[str, Any], rkey: str) -> tuple[datetime | None, bool]:
    """The record's ``createdAt``, else the time its TID key encodes (flagged ``True``)."""
    value = record.get("createdAt")
    if isinstance(value, str):
        try:
            return parse_iso(value), False
        except (ValueError, OverflowError):
            pass
    moment = tid_time(rkey)
    return moment, moment is not None


@dataclass(frozen=True, slots=True)
class Converted:
    """What :func:`record_post` made of one record: the post, or (``post`` is ``None``) the
    problem that makes it no post; ``timed_by_key`` when its time came from its record key."""

    post: Post | None
    problem: str | None = None
    timed_by_key: bool = False


def record_post(
    collection: str,
    rkey: str,
    record: Any,
    did: str,
    provenance: Provenance,
    *,
    handle: str | None = None,
) -> Converted:
    """The record ``rkey`` of ``collection`` (:data:`POST` or :data:`REPOST`) in the repository
    of ``did`` as a :class:`Post`, tolerant of any field's shape; ``account`` is ``handle`` when
    known (a live pull, :mod:`twoway.pull.bluesky`), else the DID (an export does not name the
    handle).  Shared by this importer and the live pull, so a post is the same from either."""
    if not rkey:
        return Converted(None, "record key is empty")
    if not isinstance(record, dict):
        return Converted(None, "record is not a map")
    created_at, by_key = _created_at(record, rkey)
    if created_at is None:
        return Converted(None, "no readable createdAt, and the record key is no TID")
    account = handle or did
    if collection == POST:
        return Converted(_post(record, did, rkey, created_at, provenance, account), None, by_key)
    reposted = _text(_dict(record.get("subject")).get("uri"))
    if _did_of(reposted) is None:
        return Converted(None, "repost without a subject.uri")
    repost = Post(
        platform="bluesky",
        account=account,
        account_id=did,
        id=f"at://{did}/{REPOST}/{rkey}",
        created_at=created_at,
        text="",
        kind=Kind.REPOST,
        provenance=provenance,
        reposted_id=reposted,
        reposted_account=_did_of(reposted),
    )
    return Converted(repost, None, by_key)


def _post(
    record: dict[str, Any],
    did: str,
    rkey: str,
    created_at: datetime,
    provenance: Provenance,
    account: str,
) -> Post:
    """An ``app.bsky.feed.post`` record as a :class:`Post`; tolerant of any field's shape."""
    mentions: list[str] = []
    links: list[Link] = []
    hashtags: list[str] = []
    for facet in _list(record.get("facets")):
        for feature in _list(_dict(facet).get("features")):
            feature = _dict(feature)
            kind = feature.get("$type")
            if kind == _MENTION and _text(feature.get("did")):
                mentions.append(feature["did"])
            elif kind == _LINK and _text(feature.get("uri")):
                links.append(make_link(feature["uri"]))
            elif kind == _TAG and _text(feature.get("tag")):
                hashtags.append(feature["tag"])

    embed = _dict(record.get("embed"))
    quoted: str | None = None
    media = embed
    if embed.get("$type") == _EMBED_RECORD:
        quoted = _text(_dict(embed.get("record")).get("uri"))
    elif embed.get("$type") == _EMBED_RECORD_MEDIA:
        quoted = _text(_dict(_dict(embed.get("record")).get("record")).get("uri"))
        media = _dict(embed.get("media"))
    parts = _uri_parts(quoted)
    if len(parts) < 2 or parts[1] != POST:
        quoted = None  # an embedded list, feed or starter pack is not a post
    media_count = 0
    if media.get("$type") == _EMBED_IMAGES:
        media_count = len(_list(media.get("images")))
    elif media.get("$type") == _EMBED_VIDEO:
        media_count = 1
    elif media.get("$type") == _EMBED_EXTERNAL:
        external = _text(_dict(media.get("external")).get("uri"))
        if external and all(link.url != external for link in links):
            links.append(make_link(external))

    reply = record.get("reply")
    parent_uri = root_uri = parent_did = None
    parent_time = None
    if reply is not None:
        parent_uri = _text(_dict(_dict(reply).get("parent")).get("uri"))
        root_uri = _text(_dict(_dict(reply).get("root")).get("uri"))
        parent_did = _did_of(parent_uri)
        parent_parts = _uri_parts(parent_uri)
        parent_time = tid_time(parent_parts[2]) if len(parent_parts) > 2 else None
        kind = Kind.THREAD if parent_did == did else Kind.REPLY
    elif quoted is not None:
        kind = Kind.QUOTE
    else:
        kind = Kind.ORIGINAL

    langs = _list(record.get("langs"))
    return Post(
        platform="bluesky",
        account=account,
        account_id=did,
        id=f"at://{did}/{POST}/{rkey}",
        created_at=created_at,
        text=_text(record.get("text")) or "",
        kind=kind,
        provenance=provenance,
        url=f"https://bsky.app/profile/{did}/post/{rkey}",
        reply_to_id=parent_uri,
        reply_to_account_id=parent_did,
        reply_to_account=parent_did,
        reply_to_time=parent_time,
        conversation_id=root_uri,
        quoted_id=quoted,
        mentions=tuple(mentions),
        links=tuple(links),
        hashtags=tuple(hashtags),
        media_count=media_count,
        lang=_text(langs[0]) if langs else None,
    )


IMPORTER = BlueskyImporter()
