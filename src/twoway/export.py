"""Writing normalised posts and interactions as JSON lines or Parquet (chosen by the file's
extension: ``.jsonl``/``.ndjson``/``.json`` or ``.parquet``).

Every row has the same keys, in this order (:data:`POST_FIELDS`); times are ISO 8601 in UTC
(``2023-07-05T07:05:27Z``); lists stay lists.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import datetime
from operator import attrgetter
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from twoway.allocation import bulk_allocation
from twoway.errors import InputError
from twoway.model import Interaction, Post
from twoway.output import atomic_output

__all__ = [
    "INTERACTION_COLUMNS",
    "INTERACTION_FIELDS",
    "POST_COLUMNS",
    "POST_FIELDS",
    "interaction_row",
    "output_format",
    "post_row",
    "table",
    "write",
]


def iso(moment: datetime | None) -> str | None:
    """``2023-07-05T07:05:27Z`` (with microseconds only when there are any)."""
    if moment is None:
        return None
    return moment.isoformat().replace("+00:00", "Z")


_LINK = pa.struct([("url", pa.string()), ("domain", pa.string()), ("post_id", pa.string())])
_STRINGS = pa.list_(pa.string())
_TIME = pa.timestamp("us", tz="UTC")
_S = pa.string()
_I = pa.int64()

Column = tuple[str, pa.DataType, Callable[[Any], Any]]

POST_COLUMNS: tuple[Column, ...] = (
    ("platform", _S, attrgetter("platform")),
    ("account", _S, attrgetter("account")),
    ("account_id", _S, attrgetter("account_id")),
    ("id", _S, attrgetter("id")),
    ("created_at", _TIME, attrgetter("created_at")),
    ("kind", _S, lambda p: p.kind.value),
    ("kind_guessed", pa.bool_(), attrgetter("kind_guessed")),
    ("text", _S, attrgetter("text")),
    ("url", _S, attrgetter("url")),
    ("reply_to_id", _S, attrgetter("reply_to_id")),
    ("reply_to_account_id", _S, attrgetter("reply_to_account_id")),
    ("reply_to_account", _S, attrgetter("reply_to_account")),
    ("reply_to_time", _TIME, attrgetter("reply_to_time")),
    ("conversation_id", _S, attrgetter("conversation_id")),
    ("quoted_id", _S, attrgetter("quoted_id")),
    ("reposted_id", _S, attrgetter("reposted_id")),
    ("reposted_account", _S, attrgetter("reposted_account")),
    ("mentions", _STRINGS, attrgetter("mentions")),
    (
        "links",
        pa.list_(_LINK),
        lambda p: [{"url": k.url, "domain": k.domain, "post_id": k.post_id} for k in p.links],
    ),
    ("hashtags", _STRINGS, attrgetter("hashtags")),
    ("media_count", pa.int32(), attrgetter("media_count")),
    ("client", _S, attrgetter("client")),
    ("lang", _S, attrgetter("lang")),
    ("visibility", _S, attrgetter("visibility")),
    ("likes", _I, attrgetter("likes")),
    ("reposts", _I, attrgetter("reposts")),
    ("replies", _I, attrgetter("replies")),
    ("quotes", _I, attrgetter("quotes")),
    ("source_file", _S, attrgetter("provenance.file")),
    ("source_record", _I, attrgetter("provenance.record")),
    ("importer", _S, attrgetter("provenance.importer")),
    ("importer_version", _S, attrgetter("provenance.version")),
)
"""Every exported post column: name, Arrow type, and how to read it from a :class:`Post`."""

INTERACTION_COLUMNS: tuple[Column, ...] = (
    ("platform", _S, attrgetter("platform")),
    ("account", _S, attrgetter("account")),
    ("id", _S, attrgetter("id")),
    ("type", _S, attrgetter("type")),
    ("author", _S, attrgetter("author")),
    ("author_id", _S, attrgetter("author_id")),
    ("created_at", _TIME, attrgetter("created_at")),
    ("text", _S, attrgetter("text")),
    ("in_reply_to", _S, attrgetter("in_reply_to")),
    ("answered_by", _STRINGS, attrgetter("answered_by")),
    ("source_file", _S, attrgetter("provenance.file")),
    ("source_record", _I, attrgetter("provenance.record")),
    ("importer", _S, attrgetter("provenance.importer")),
    ("importer_version", _S, attrgetter("provenance.version")),
)
"""Every exported interaction column."""

POST_FIELDS: tuple[str, ...] = tuple(name for name, _, _ in POST_COLUMNS)
"""The keys of every exported post, in order."""
INTERACTION_FIELDS: tuple[str, ...] = tuple(name for name, _, _ in INTERACTION_COLUMNS)
"""The keys of every exported interaction, in order."""


def row(record: Post | Interaction, columns: Sequence[Column]) -> dict[str, Any]:
    """One record as a flat dict (times left as ``datetime``)."""
    return {name: get(record) for name, _, get in columns}


def post_row(post: Post) -> dict[str, Any]:
    """One post as a flat row with :data:`POST_FIELDS`."""
    return row(post, POST_COLUMNS)


def interaction_row(item: Interaction) -> dict[str, Any]:
    """One interaction as a flat row with :data:`INTERACTION_FIELDS`."""
    return row(item, INTERACTION_COLUMNS)


def table(records: Sequence[Post | Interaction], columns: Sequence[Column]) -> pa.Table:
    """Records as an Arrow table, built column by column."""
    return pa.table(
        {name: pa.array([get(r) for r in records], type=kind) for name, kind, get in columns}
    )


_BATCH = 50_000


def output_format(path: str | os.PathLike[str]) -> str:
    """``"jsonl"`` or ``"parquet"`` from the file name; :class:`InputError` for anything else."""
    suffix = Path(path).suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix == ".parquet":
        return "parquet"
    raise InputError(
        f"cannot tell the output format from {suffix or 'no extension'!r}",
        file=str(path),
        hint="name the file .jsonl or .parquet",
    )


def write(
    records: Sequence[Post | Interaction], path: str | os.PathLike[str], columns: Sequence[Column]
) -> int:
    """Write records as JSON lines or Parquet (by ``path``'s extension); return how many.

    The file is written next to its final name and renamed into place when complete, so an
    interrupted run never leaves half a file under the name asked for.
    """
    fmt = output_format(path)
    with atomic_output(path) as partial, bulk_allocation():
        _write(records, partial, fmt, columns)
    return len(records)


def _write(
    records: Sequence[Post | Interaction], partial: Path, fmt: str, columns: Sequence[Column]
) -> None:
    if fmt == "jsonl":
        with partial.open("wb") as out:
            for record in records:
                out.write(orjson.dumps(row(record, columns), option=orjson.OPT_UTC_Z))
                out.write(b"\n")
        return
    schema = pa.schema([(name, kind) for name, kind, _ in columns])
    with pq.ParquetWriter(partial, schema, compression="zstd") as writer:
        for start in range(0, len(records), _BATCH):
            writer.write_table(table(records[start : start + _BATCH], columns))
        if not records:
            writer.write_table(schema.empty_table())
