"""Writing normalised posts and interactions as JSON lines or Parquet (chosen by the file's
extension: ``.jsonl``/``.ndjson``/``.json`` or ``.parquet``).

Every row has the same keys, in this order (:data:`POST_FIELDS`); times are ISO 8601 in UTC
(``2023-07-05T07:05:27Z``); lists stay lists.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from twoway.errors import InputError
from twoway.model import Interaction, Post

__all__ = [
    "INTERACTION_FIELDS",
    "POST_FIELDS",
    "interaction_row",
    "post_row",
    "write_rows",
]


def iso(moment: datetime | None) -> str | None:
    """``2023-07-05T07:05:27Z`` (with microseconds only when there are any)."""
    if moment is None:
        return None
    return moment.isoformat().replace("+00:00", "Z")


_LINK = pa.struct([("url", pa.string()), ("domain", pa.string()), ("post_id", pa.string())])
_STRINGS = pa.list_(pa.string())
_TIME = pa.timestamp("us", tz="UTC")

POST_SCHEMA = pa.schema(
    [
        ("platform", pa.string()),
        ("account", pa.string()),
        ("account_id", pa.string()),
        ("id", pa.string()),
        ("created_at", _TIME),
        ("kind", pa.string()),
        ("kind_guessed", pa.bool_()),
        ("text", pa.string()),
        ("url", pa.string()),
        ("reply_to_id", pa.string()),
        ("reply_to_account_id", pa.string()),
        ("reply_to_account", pa.string()),
        ("reply_to_time", _TIME),
        ("conversation_id", pa.string()),
        ("quoted_id", pa.string()),
        ("reposted_id", pa.string()),
        ("reposted_account", pa.string()),
        ("mentions", _STRINGS),
        ("links", pa.list_(_LINK)),
        ("hashtags", _STRINGS),
        ("media_count", pa.int32()),
        ("client", pa.string()),
        ("lang", pa.string()),
        ("visibility", pa.string()),
        ("likes", pa.int64()),
        ("reposts", pa.int64()),
        ("replies", pa.int64()),
        ("quotes", pa.int64()),
        ("source_file", pa.string()),
        ("source_record", pa.int64()),
        ("importer", pa.string()),
        ("importer_version", pa.string()),
    ]
)
POST_FIELDS: tuple[str, ...] = tuple(POST_SCHEMA.names)
"""The keys of every exported post, in order."""

INTERACTION_SCHEMA = pa.schema(
    [
        ("platform", pa.string()),
        ("account", pa.string()),
        ("id", pa.string()),
        ("type", pa.string()),
        ("author", pa.string()),
        ("author_id", pa.string()),
        ("created_at", _TIME),
        ("text", pa.string()),
        ("in_reply_to", pa.string()),
        ("answered_by", _STRINGS),
        ("source_file", pa.string()),
        ("source_record", pa.int64()),
        ("importer", pa.string()),
        ("importer_version", pa.string()),
    ]
)
INTERACTION_FIELDS: tuple[str, ...] = tuple(INTERACTION_SCHEMA.names)
"""The keys of every exported interaction, in order."""


def post_row(post: Post) -> dict[str, Any]:
    """One post as a flat row (times left as ``datetime``)."""
    source = post.provenance
    return {
        "platform": post.platform,
        "account": post.account,
        "account_id": post.account_id,
        "id": post.id,
        "created_at": post.created_at,
        "kind": post.kind.value,
        "kind_guessed": post.kind_guessed,
        "text": post.text,
        "url": post.url,
        "reply_to_id": post.reply_to_id,
        "reply_to_account_id": post.reply_to_account_id,
        "reply_to_account": post.reply_to_account,
        "reply_to_time": post.reply_to_time,
        "conversation_id": post.conversation_id,
        "quoted_id": post.quoted_id,
        "reposted_id": post.reposted_id,
        "reposted_account": post.reposted_account,
        "mentions": list(post.mentions),
        "links": [{"url": k.url, "domain": k.domain, "post_id": k.post_id} for k in post.links],
        "hashtags": list(post.hashtags),
        "media_count": post.media_count,
        "client": post.client,
        "lang": post.lang,
        "visibility": post.visibility,
        "likes": post.likes,
        "reposts": post.reposts,
        "replies": post.replies,
        "quotes": post.quotes,
        "source_file": source.file,
        "source_record": source.record,
        "importer": source.importer,
        "importer_version": source.version,
    }


def interaction_row(item: Interaction) -> dict[str, Any]:
    """One interaction as a flat row (times left as ``datetime``)."""
    source = item.provenance
    return {
        "platform": item.platform,
        "account": item.account,
        "id": item.id,
        "type": item.type,
        "author": item.author,
        "author_id": item.author_id,
        "created_at": item.created_at,
        "text": item.text,
        "in_reply_to": item.in_reply_to,
        "answered_by": list(item.answered_by),
        "source_file": source.file,
        "source_record": source.record,
        "importer": source.importer,
        "importer_version": source.version,
    }


def _batches(rows: Iterable[dict[str, Any]], size: int = 50_000) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


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


def write_rows(
    rows: Iterable[dict[str, Any]], path: str | os.PathLike[str], schema: pa.Schema
) -> int:
    """Write rows as JSON lines or Parquet (by ``path``'s extension); return how many.

    The file is written next to its final name and renamed into place when complete, so an
    interrupted run never leaves half a file under the name asked for.
    """
    fmt = output_format(path)
    target = Path(path)
    partial = target.with_name(f".{target.name}.partial")
    count = 0
    try:
        if fmt == "jsonl":
            with partial.open("wb") as out:
                for row in rows:
                    out.write(orjson.dumps(row, option=orjson.OPT_UTC_Z))
                    out.write(b"\n")
                    count += 1
        else:
            with pq.ParquetWriter(partial, schema, compression="zstd") as writer:
                for batch in _batches(rows):
                    writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                    count += len(batch)
                if count == 0:
                    writer.write_table(schema.empty_table())
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise InputError(
            f"cannot write ({exc.strerror or exc})", file=str(path), hint="check the folder exists and is writable"
        ) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return count
