"""Reading the workspace back, inside a transaction: accounts, and the labelled posts and inbound
messages of chosen accounts in a window of time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from twoway.classifier.labels import PostLabels
from twoway.export import INTERACTION_FIELDS, POST_FIELDS
from twoway.model import Account, Interaction, Post
from twoway.store.rows import (
    Key,
    interactions_from,
    key_of,
    key_of_post,
    keys_table,
    labels_from,
    posts_from,
    to_columns,
)
from twoway.store.schema import LABEL_COLUMNS, post_key

__all__ = ["Stored", "read", "read_posts", "stored_accounts"]


@dataclass(kw_only=True, slots=True)
class Stored:
    """One account as read back: its labelled posts (time order) and inbound messages."""

    account: Account
    labels: list[PostLabels]
    interactions: list[Interaction]


def stored_accounts(con: duckdb.DuckDBPyConnection) -> list[Account]:
    """Every account, by platform and handle."""
    rows = con.execute(
        "SELECT platform, id, handle, display_name FROM accounts "
        "ORDER BY platform, lower(handle), id"
    ).fetchall()
    return [Account(platform=p, id=i, handle=h, display_name=d) for p, i, h, d in rows]


def _window(alias: str, since: datetime | None, until: datetime | None) -> tuple[str, list[Any]]:
    """SQL keeping the rows of ``alias`` from ``since`` (inclusive) to ``until`` (exclusive),
    and its parameters."""
    conditions, params = ["TRUE"], []
    if since is not None:
        conditions.append(f"{alias}.created_at >= ?")
        params.append(since)
    if until is not None:
        conditions.append(f"{alias}.created_at < ?")
        params.append(until)
    return " AND ".join(conditions), params


def read_posts(
    con: duckdb.DuckDBPyConnection,
    keys_view: str,
    *,
    labels: bool,
    since: datetime | None = None,
    until: datetime | None = None,
) -> tuple[list[Post], dict[str, list[Any]]]:
    """The posts of the accounts in the view ``keys_view`` (by account, then in time order, ties
    by id) and the columns they were made from; with ``labels``, their label columns too
    (named with an ``l_`` prefix)."""
    select = ", ".join(f'p."{name}"' for name in POST_FIELDS)
    join = ""
    if labels:
        select += ", " + ", ".join(f'l."{name}" AS "l_{name}"' for name in LABEL_COLUMNS)
        join = "JOIN labels l ON l.platform = p.platform AND l.id = p.id"
    window, params = _window("p", since, until)
    table = con.sql(
        f"SELECT {select} FROM posts p {join} "
        f"SEMI JOIN {keys_view} k ON k.platform = p.platform AND k.key = {post_key('p')} "
        f"WHERE {window} ORDER BY p.platform, {post_key('p')}, p.created_at, p.id",
        params=params,
    ).to_arrow_table()
    columns = to_columns(table)
    return posts_from(columns), columns


def read(
    con: duckdb.DuckDBPyConnection,
    accounts: Sequence[Account],
    since: datetime | None,
    until: datetime | None,
) -> list[Stored]:
    """The accounts' labelled posts and inbound messages from ``since`` to ``until``, account by
    account (their labels must be current: :func:`twoway.store.writing.refresh_labels`)."""
    con.register("chosen", keys_table([key_of(a) for a in accounts]))
    posts, columns = read_posts(con, "chosen", labels=True, since=since, until=until)
    labels_of: dict[Key, list[PostLabels]] = {}
    for item in labels_from(columns, posts):
        labels_of.setdefault(key_of_post(item.post), []).append(item)
    con.register(
        "chosen_handles",
        pa.table(
            {
                "platform": pa.array([a.platform for a in accounts], pa.string()),
                "handle": pa.array([a.handle for a in accounts], pa.string()),
            }
        ),
    )
    select = ", ".join(f'i."{name}"' for name in INTERACTION_FIELDS)
    window, params = _window("i", since, until)
    inbound = interactions_from(
        to_columns(
            con.sql(
                f"SELECT {select} FROM interactions i SEMI JOIN chosen_handles h "
                f"ON h.platform = i.platform AND h.handle = i.account WHERE {window} "
                "ORDER BY i.created_at, i.id",
                params=params,
            ).to_arrow_table()
        )
    )
    inbound_of: dict[tuple[str, str], list[Interaction]] = {}
    for message in inbound:
        inbound_of.setdefault((message.platform, message.account), []).append(message)
    return [
        Stored(
            account=account,
            labels=labels_of.get(key_of(account), []),
            interactions=inbound_of.get((account.platform, account.handle), []),
        )
        for account in accounts
    ]
