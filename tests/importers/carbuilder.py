"""Build real Bluesky repository exports (CAR v1 files) for tests.

A repository export is a CAR v1 file: a varint-length-prefixed DAG-CBOR header
``{roots: [commit CID], version: 1}``, then one ``varint(len(cid) + len(block)) cid block`` section
per block.  The blocks are the signed commit ``{did, version: 3, data, rev, prev, sig}``, the nodes
of the Merkle Search Tree (MST) that ``data`` points at, and the records.

The MST is built as the atproto repository spec lays it out, so its root CID is the one any
implementation computes (checked against the spec's interop vectors in the tests): each key's
depth is the number of leading zero bits of its SHA-256 hash divided by two; the root holds the
keys of the greatest depth; the keys before, between and after them live in subtrees one level
down (``l`` on the left, ``t`` after each entry), with empty intermediate nodes kept so no link
skips a level; keys are prefix-compressed against the previous entry of the same node.

CIDs are CIDv1, dag-cbor codec (0x71), sha2-256 multihash.  libipld encodes ``bytes`` that parse
as a CID as a CID link (CBOR tag 42), which is how links are written here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import libipld

__all__ = [
    "Mst",
    "RepoCar",
    "build_mst",
    "build_repo",
    "car",
    "cid_of",
    "key_depth",
    "tid",
    "varint",
]

_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"


def varint(number: int) -> bytes:
    """Unsigned LEB128, as CAR uses for lengths."""
    out = bytearray()
    while True:
        byte = number & 0x7F
        number >>= 7
        if number:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def cid_of(block: bytes) -> bytes:
    """The binary CIDv1 (dag-cbor, sha2-256) of an encoded block."""
    return b"\x01\x71\x12\x20" + hashlib.sha256(block).digest()


def cid_from_text(text: str) -> bytes:
    """A ``bafy…`` CID string as binary."""
    return libipld.decode_multibase(text)[1]


def key_depth(key: str | bytes) -> int:
    """The MST depth of a key: leading zero bits of its SHA-256, counted in pairs."""
    data = key.encode() if isinstance(key, str) else key
    digest = int.from_bytes(hashlib.sha256(data).digest(), "big")
    zeros = 256 - digest.bit_length()
    return zeros // 2


def tid(moment: datetime, clock_id: int = 0) -> str:
    """A TID record key: microseconds since 1970 (53 bits) then a 10-bit clock id, in
    base32-sortable, 13 characters."""
    micros = int(moment.timestamp()) * 1_000_000 + moment.microsecond
    number = (micros << 10) | clock_id
    return "".join(_TID_ALPHABET[(number >> (5 * i)) & 31] for i in range(12, -1, -1))


@dataclass
class Mst:
    """A built tree: its root CID, every node block by CID, and the nodes as written."""

    root: bytes
    blocks: dict[bytes, bytes] = field(default_factory=dict)
    nodes: list[dict[str, Any]] = field(default_factory=list)
    layer: int = 0


def build_mst(items: Mapping[str, bytes]) -> Mst:
    """The MST for ``{key: value CID}``."""
    keyed = sorted((key.encode(), value, key_depth(key)) for key, value in items.items())
    layer = max((depth for _, _, depth in keyed), default=0)
    mst = Mst(root=b"", layer=layer)
    root = _build(keyed, layer, mst)
    mst.root = root if root is not None else _store({"l": None, "e": []}, mst)
    return mst


def _store(node: dict[str, Any], mst: Mst) -> bytes:
    block = libipld.encode_dag_cbor(node)
    cid = cid_of(block)
    mst.blocks[cid] = block
    mst.nodes.append(node)
    return cid


def _build(items: list[tuple[bytes, bytes, int]], layer: int, mst: Mst) -> bytes | None:
    if not items:
        return None
    left: bytes | None = None
    entries: list[list[Any]] = []  # [key, value, subtree]
    below: list[tuple[bytes, bytes, int]] = []
    for key, value, depth in items:
        if depth < layer:
            below.append((key, value, depth))
            continue
        subtree = _build(below, layer - 1, mst)
        if entries:
            entries[-1][2] = subtree
        else:
            left = subtree
        entries.append([key, value, None])
        below = []
    subtree = _build(below, layer - 1, mst)
    if entries:
        entries[-1][2] = subtree
    else:
        left = subtree
    written = []
    previous = b""
    for key, value, tree in entries:
        shared = 0
        while shared < min(len(key), len(previous)) and key[shared] == previous[shared]:
            shared += 1
        written.append({"p": shared, "k": key[shared:], "v": value, "t": tree})
        previous = key
    return _store({"l": left, "e": written}, mst)


def car(roots: list[bytes], blocks: Iterable[tuple[bytes, bytes]]) -> bytes:
    """CAR v1 bytes: the header naming ``roots``, then each ``(cid, block)`` section."""
    header = libipld.encode_dag_cbor({"roots": roots, "version": 1})
    out = bytearray(varint(len(header)) + header)
    for cid, block in blocks:
        out += varint(len(cid) + len(block)) + cid + block
    return bytes(out)


@dataclass
class RepoCar:
    """A built export: the file's bytes, its tree, and each record's CID by key."""

    data: bytes
    mst: Mst
    record_cids: dict[str, bytes]


def build_repo(
    did: str,
    records: Mapping[str, Any],
    *,
    leave_out: Iterable[str] = (),
    rev: str = "3kabcdefghij2",
) -> RepoCar:
    """A repository export of ``{"collection/rkey": record}`` for ``did``.

    Keys in ``leave_out`` stay in the tree but their record blocks are not written, as in a
    damaged file.  Blocks are written commit first, then the tree, then the records.
    """
    record_blocks = {key: libipld.encode_dag_cbor(record) for key, record in records.items()}
    record_cids = {key: cid_of(block) for key, block in record_blocks.items()}
    mst = build_mst(record_cids)
    commit = libipld.encode_dag_cbor(
        {"did": did, "version": 3, "data": mst.root, "rev": rev, "prev": None, "sig": bytes(64)}
    )
    commit_cid = cid_of(commit)
    skip = set(leave_out)
    blocks = [(commit_cid, commit), *mst.blocks.items()]
    blocks += [(record_cids[k], b) for k, b in record_blocks.items() if k not in skip]
    return RepoCar(data=car([commit_cid], blocks), mst=mst, record_cids=record_cids)
