"""Writing the workspace, inside a transaction: what an import adds, and labels made again.

Every write is a set operation over Arrow tables registered on the connection (``incoming_*``):
rows go in only where no row with their key is stored (``INSERT … SELECT … WHERE NOT EXISTS``),
never one Python row at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

from twoway.store.reading import read_posts
from twoway.store.rows import Key, by_account, keys_table, labels_table
from twoway.store.schema import account_key, post_key

__all__ = ["INCOMING", "accounts_gaining", "refresh_labels", "relabel", "store_new"]

INCOMING = ("incoming_accounts", "incoming_posts", "incoming_labels", "incoming_interactions")
"""The views :func:`store_new` reads: rows of ``accounts``, ``posts``, ``labels`` (with an
``account_key`` column more) and ``interactions``."""

_SAME_POST = "p.platform = i.platform AND p.id = i.id"
_SAME_MESSAGE = "t.platform = i.platform AND t.account = i.account AND t.id = i.id"
_NEW_ANSWERS = "list_filter(i.answered_by, lambda x: NOT list_contains(t.answered_by, x))"


def _count(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> int:
    """Run a statement and give the one number it returns (rows changed, or a count)."""
    return int(con.execute(sql, list(params)).fetchall()[0][0])


def _keys(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> list[Key]:
    return [(platform, key) for platform, key in con.execute(sql, list(params)).fetchall()]


def accounts_gaining(con: duckdb.DuckDBPyConnection) -> list[Key]:
    """The accounts with a post in the view ``incoming_posts`` that is not stored yet."""
    return _keys(
        con,
        f"SELECT DISTINCT i.platform, {post_key('i')} FROM incoming_posts i "
        f"WHERE NOT EXISTS (SELECT 1 FROM posts p WHERE {_SAME_POST})",
    )


def store_new(con: duckdb.DuckDBPyConnection, model: str, *, label: bool = True) -> dict[str, int]:
    """Insert what is new in the :data:`INCOMING` views, label every account that gained posts
    (all its posts, as one audit of them would), and add new answers to stored inbound
    messages.  Gives the counts of :class:`twoway.store.ImportResult`.

    ``incoming_labels`` must hold the labels of every account :func:`accounts_gaining` names.
    Without ``label`` (a live pull, page by page) nothing is labelled and ``incoming_labels`` is
    not read: the new posts stay without labels until :func:`refresh_labels` labels their
    accounts (at the end of the pull, or when they are next read)."""
    accounts_added = _count(
        con,
        "INSERT INTO accounts BY NAME SELECT * FROM incoming_accounts i WHERE NOT EXISTS ("
        "SELECT 1 FROM accounts a WHERE a.platform = i.platform "
        f"AND {account_key('a')} = {account_key('i')})",
    )
    gained = accounts_gaining(con)
    posts_added = _count(
        con,
        "INSERT INTO posts BY NAME SELECT * FROM incoming_posts i "
        f"WHERE NOT EXISTS (SELECT 1 FROM posts p WHERE {_SAME_POST})",
    )
    relabelled = 0
    if gained and label:
        con.register("gained", keys_table(gained))
        # Where every stored post of an account came in with this import, the labels made from
        # the import (before the workspace was opened) are those of all its posts; the others
        # are labelled again from what is stored.
        partial = set(
            _keys(
                con,
                f"SELECT DISTINCT p.platform, {post_key('p')} FROM posts p "
                f"SEMI JOIN gained g ON g.platform = p.platform AND g.key = {post_key('p')} "
                f"WHERE NOT EXISTS (SELECT 1 FROM incoming_posts i WHERE {_SAME_POST})",
            )
        )
        whole = [key for key in gained if key not in partial]
        if whole:
            con.register("whole", keys_table(whole))
            _delete_labels(con, "whole")
            relabelled += _count(
                con,
                "INSERT INTO labels BY NAME SELECT * EXCLUDE (account_key) FROM incoming_labels n "
                "SEMI JOIN whole w ON w.platform = n.platform AND w.key = n.account_key",
            )
        if partial:
            relabelled += relabel(con, sorted(partial), model)
    answers_added = _count(
        con,
        f"UPDATE interactions AS t SET answered_by = list_concat(t.answered_by, {_NEW_ANSWERS}) "
        f"FROM incoming_interactions i WHERE {_SAME_MESSAGE} AND len({_NEW_ANSWERS}) > 0",
    )
    interactions_added = _count(
        con,
        "INSERT INTO interactions BY NAME SELECT * FROM incoming_interactions i "
        f"WHERE NOT EXISTS (SELECT 1 FROM interactions t WHERE {_SAME_MESSAGE})",
    )
    return {
        "accounts_added": accounts_added,
        "posts_added": posts_added,
        "interactions_added": interactions_added,
        "answers_added": answers_added,
        "relabelled": relabelled,
    }


def _delete_labels(con: duckdb.DuckDBPyConnection, keys_view: str) -> None:
    """Delete the labels of every post of the accounts in the view ``keys_view``."""
    con.execute(
        "DELETE FROM labels l WHERE EXISTS (SELECT 1 FROM posts p "
        f"JOIN {keys_view} k ON k.platform = p.platform AND k.key = {post_key('p')} "
        "WHERE p.platform = l.platform AND p.id = l.id)"
    ).fetchall()


def relabel(con: duckdb.DuckDBPyConnection, keys: Sequence[Key], model: str) -> int:
    """Classify every stored post of the accounts ``keys`` again (each account's posts together)
    and replace their labels; gives how many posts were labelled."""
    from twoway.classifier import classify

    con.register("relabel", keys_table(keys))
    posts, _ = read_posts(con, "relabel", labels=False)
    labelled = [item for group in by_account(posts).values() for item in classify(group)]
    _delete_labels(con, "relabel")
    con.register("incoming_relabels", labels_table(labelled, model))
    return _count(
        con, "INSERT INTO labels BY NAME SELECT * EXCLUDE (account_key) FROM incoming_relabels"
    )


def refresh_labels(con: duckdb.DuckDBPyConnection, keys: Sequence[Key], model: str) -> int:
    """Label again the accounts among ``keys`` with a post whose labels are missing or were made
    by a classifier other than ``model``; gives how many posts were labelled."""
    con.register("maybe_stale", keys_table(keys))
    stale = _keys(
        con,
        f"SELECT DISTINCT p.platform, {post_key('p')} FROM posts p "
        f"SEMI JOIN maybe_stale k ON k.platform = p.platform AND k.key = {post_key('p')} "
        "LEFT JOIN labels l ON l.platform = p.platform AND l.id = p.id "
        "WHERE l.id IS NULL OR l.model <> ?",
        [model],
    )
    return relabel(con, sorted(stale), model) if stale else 0
