"""Flattened twarc2 tweets written for a test (``twarc2 flatten`` output: one tweet per line with
its ``author`` inline), for inputs of many accounts with exactly the handles and texts a test
needs: hostile ones included."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

__all__ = ["T0", "account", "reply", "tweet", "write_jsonl"]

T0 = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)
EPOCH_MS = 1288834974657


def snowflake(moment: datetime, seq: int = 0) -> str:
    return str(((int(moment.timestamp() * 1000) - EPOCH_MS) << 22) | seq)


def account(user_id: str, username: str, name: str | None = None) -> dict[str, Any]:
    return {"id": user_id, "username": username, "name": name or username}


def tweet(author: dict[str, Any], text: str, minutes: float, seq: int = 0) -> dict[str, Any]:
    """An original tweet by ``author``, ``minutes`` after :data:`T0`."""
    moment = T0 + timedelta(minutes=minutes)
    return {
        "id": snowflake(moment, seq),
        "text": text,
        "author_id": author["id"],
        "created_at": moment.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "author": author,
    }


def reply(
    author: dict[str, Any], to: dict[str, Any], text: str, minutes: float, seq: int = 0
) -> dict[str, Any]:
    """A reply by ``author`` to a post of ``to`` made ten minutes earlier."""
    found = tweet(author, f"@{to['username']} {text}", minutes, seq)
    parent = snowflake(T0 + timedelta(minutes=minutes - 10), seq + 1)
    found["referenced_tweets"] = [{"type": "replied_to", "id": parent, "author_id": to["id"]}]
    found["in_reply_to_user_id"] = to["id"]
    found["in_reply_to_user"] = to
    found["entities"] = {"mentions": [{"start": 0, "end": len(to["username"]) + 1, **to}]}
    return found


def write_jsonl(path: Path, tweets: Iterable[dict[str, Any]]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(t) + b"\n" for t in tweets))
    return path
