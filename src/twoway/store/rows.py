"""Records to Arrow tables and back: what the workspace writes in bulk, and how its rows become
:class:`~twoway.model.Post`, :class:`~twoway.classifier.labels.PostLabels` and
:class:`~twoway.model.Interaction` again, equal to the records they were made from."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from operator import attrgetter
from typing import TYPE_CHECKING, Any

import orjson
import pyarrow as pa

from twoway.classifier.labels import FLAGS, Label, PostLabels
from twoway.export import INTERACTION_FIELDS, POST_FIELDS
from twoway.model import Account, Interaction, Kind, Link, Post, Provenance
from twoway.store.schema import LABELLED

if TYPE_CHECKING:
    from twoway.audit import AuditReport

__all__ = [
    "Key",
    "accounts_table",
    "audits_table",
    "by_account",
    "interactions_from",
    "key_of",
    "key_of_post",
    "keys_table",
    "labels_from",
    "labels_table",
    "posts_from",
    "to_columns",
    "utc",
]

Key = tuple[str, str]
"""An account's key: (platform, id), or (platform, handle) for an account without an id."""


def key_of(account: Account) -> Key:
    """The key of an account."""
    return (account.platform, account.id or account.handle)


def key_of_post(post: Post) -> Key:
    """The key of a post's account (as :func:`key_of` keys the account)."""
    return (post.platform, post.account_id or post.account)


_S = pa.string()
_CUES = pa.list_(pa.string())


def accounts_table(accounts: Sequence[Account]) -> pa.Table:
    """Accounts as rows of ``accounts``."""
    return pa.table(
        {
            "platform": pa.array([a.platform for a in accounts], _S),
            "id": pa.array([a.id or "" for a in accounts], _S),
            "handle": pa.array([a.handle or "" for a in accounts], _S),
            "display_name": pa.array([a.display_name for a in accounts], _S),
        }
    )


def labels_table(labels: Sequence[PostLabels], model: str) -> pa.Table:
    """Labels as rows of the ``labels`` table, plus ``account_key`` (not stored) to pick them by
    account."""
    posts = [item.post for item in labels]
    columns: dict[str, pa.Array] = {
        "platform": pa.array([p.platform for p in posts], _S),
        "id": pa.array([p.id for p in posts], _S),
        "account_key": pa.array([key_of_post(p)[1] for p in posts], _S),
        "model": pa.array([model] * len(posts), _S),
    }
    for name in LABELLED:
        found: list[Label | None] = list(map(attrgetter(name), labels))
        kind = pa.bool_() if name in FLAGS else _S
        columns[name] = pa.array([None if x is None else x.value for x in found], kind)
        columns[f"{name}_confidence"] = pa.array(
            [None if x is None else x.confidence for x in found], pa.float64()
        )
        columns[f"{name}_cues"] = pa.array([None if x is None else x.cues for x in found], _CUES)
    return pa.table(columns)


_KINDS = {kind.value: kind for kind in Kind}


def utc(moment: datetime | None) -> datetime | None:
    """A time read back from the workspace (UTC) with Python's own UTC zone, as importers give."""
    return None if moment is None else moment.replace(tzinfo=UTC)


def posts_from(columns: dict[str, list[Any]]) -> list[Post]:
    """Posts back from the columns of ``posts`` rows (every name of ``POST_FIELDS``)."""
    links = [tuple(Link(**link) for link in row) if row else () for row in columns["links"]]
    return [
        Post(
            platform=platform,
            account=account,
            account_id=account_id,
            id=ident,
            created_at=created_at.replace(tzinfo=UTC),
            kind=_KINDS[kind],
            kind_guessed=kind_guessed,
            text=text,
            url=url,
            reply_to_id=reply_to_id,
            reply_to_account_id=reply_to_account_id,
            reply_to_account=reply_to_account,
            reply_to_time=None if reply_to_time is None else reply_to_time.replace(tzinfo=UTC),
            conversation_id=conversation_id,
            quoted_id=quoted_id,
            reposted_id=reposted_id,
            reposted_account=reposted_account,
            mentions=tuple(mentions) if mentions else (),
            links=post_links,
            hashtags=tuple(hashtags) if hashtags else (),
            media_count=media_count,
            client=client,
            lang=lang,
            visibility=visibility,
            likes=likes,
            reposts=reposts,
            replies=replies,
            quotes=quotes,
            provenance=Provenance(
                file=source_file, record=source_record, importer=importer, version=version
            ),
        )
        for (
            platform,
            account,
            account_id,
            ident,
            created_at,
            kind,
            kind_guessed,
            text,
            url,
            reply_to_id,
            reply_to_account_id,
            reply_to_account,
            reply_to_time,
            conversation_id,
            quoted_id,
            reposted_id,
            reposted_account,
            mentions,
            _,
            hashtags,
            media_count,
            client,
            lang,
            visibility,
            likes,
            reposts,
            replies,
            quotes,
            source_file,
            source_record,
            importer,
            version,
        ), post_links in zip(
            zip(*(columns[name] for name in POST_FIELDS), strict=True), links, strict=True
        )
    ]


def labels_from(columns: dict[str, list[Any]], posts: Sequence[Post]) -> list[PostLabels]:
    """Labels back from ``l_``-prefixed label columns, one per post.  Equal labels are one object
    (most flags of most posts are the same few values)."""
    made: dict[tuple[Any, ...], Label] = {}

    def label(value: Any, confidence: Any, cues: Any) -> Label | None:
        if value is None:
            return None  # no intent: a bare repost
        key = (value, confidence, tuple(cues) if cues else ())
        found = made.get(key)
        if found is None:
            found = made[key] = Label(*key)
        return found

    made_columns = [
        list(
            map(
                label,
                columns[f"l_{name}"],
                columns[f"l_{name}_confidence"],
                columns[f"l_{name}_cues"],
            )
        )
        for name in LABELLED
    ]
    return [
        PostLabels(
            post=post,
            kind=kind,
            intent=intent,
            asks_question=asks_question,
            link_only=link_only,
            mentions_others=mentions_others,
            follow_begging=follow_begging,
            automated=automated,
            duplicate=duplicate,
        )
        for post, (
            kind,
            intent,
            asks_question,
            link_only,
            mentions_others,
            follow_begging,
            automated,
            duplicate,
        ) in zip(posts, zip(*made_columns, strict=True), strict=True)
    ]


def interactions_from(columns: dict[str, list[Any]]) -> list[Interaction]:
    rows = zip(*(columns[name] for name in INTERACTION_FIELDS), strict=True)
    return [
        Interaction(
            platform=platform,
            account=account,
            id=ident,
            type=kind,
            author=author,
            author_id=author_id,
            created_at=created_at.replace(tzinfo=UTC),
            text=text,
            in_reply_to=in_reply_to,
            answered_by=tuple(answered_by) if answered_by else (),
            provenance=Provenance(
                file=source_file, record=source_record, importer=importer, version=version
            ),
        )
        for (
            platform,
            account,
            ident,
            kind,
            author,
            author_id,
            created_at,
            text,
            in_reply_to,
            answered_by,
            source_file,
            source_record,
            importer,
            version,
        ) in rows
    ]


def to_columns(table: pa.Table) -> dict[str, list[Any]]:
    """An Arrow table as Python lists, column by column."""
    return {name: table.column(name).to_pylist() for name in table.column_names}


def by_account(posts: Sequence[Post]) -> dict[Key, list[Post]]:
    """Posts grouped by account, each group in time order (ties by id), as stored accounts are
    read back and classified."""
    groups: dict[Key, list[Post]] = {}
    for post in posts:
        groups.setdefault(key_of_post(post), []).append(post)
    for group in groups.values():
        group.sort(key=lambda p: (p.created_at, p.id))
    return groups


def keys_table(keys: Sequence[Key]) -> pa.Table:
    """Account keys as a table of ``platform`` and ``key``, to join with."""
    return pa.table(
        {
            "platform": pa.array([k[0] for k in keys], _S),
            "key": pa.array([k[1] for k in keys], _S),
        }
    )


def audits_table(report: AuditReport) -> pa.Table:
    """The audits of a report as rows of ``audits``, each with the report's time and window."""
    from twoway import __version__

    items = report.accounts
    time = pa.timestamp("us", tz="UTC")
    return pa.table(
        {
            "platform": pa.array([a.account.platform for a in items], _S),
            "account_key": pa.array([key_of(a.account)[1] for a in items], _S),
            "account": pa.array([a.account.handle or a.account.id for a in items], _S),
            "audited_at": pa.array([report.generated_at] * len(items), time),
            "window_since": pa.array([report.since] * len(items), time),
            "window_until": pa.array([report.until] * len(items), time),
            "posts": pa.array([len(a.labels) for a in items], pa.int64()),
            "score": pa.array([a.score.value for a in items], pa.int32()),
            "archetype": pa.array([a.archetype.name for a in items], _S),
            "metrics": pa.array(
                [
                    orjson.dumps(a.metrics, option=orjson.OPT_UTC_Z | orjson.OPT_NAIVE_UTC).decode()
                    for a in items
                ],
                _S,
            ),
            "twoway_version": pa.array([__version__] * len(items), _S),
            "time_zone": pa.array([report.time_zone] * len(items), _S),
        }
    )
