"""The workspace's schema: the ordered migrations that make it, and what labels are stored.

A workspace records its schema version in ``meta`` (``schema_version``).  Migration N brings a
workspace from version N-1 to N; opening a workspace runs the migrations it lacks, in order, in
one transaction.  A released migration never changes: a new column or table is a new migration at
the end of :data:`MIGRATIONS` (tests check that the tables they make match the records written
into them: :data:`twoway.export.POST_COLUMNS` and the rest).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from twoway.classifier.labels import FLAGS

__all__ = [
    "LABELLED",
    "LABEL_COLUMNS",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Migration",
    "account_key",
    "model_fingerprint",
    "post_key",
]


@dataclass(frozen=True, slots=True)
class Migration:
    """One step of the schema: its version, what it does, and its SQL statements.  A migration
    never changes once released; a new schema is a new migration at the end of the list."""

    version: int
    description: str
    steps: tuple[str, ...]


_CREATE = (
    """CREATE TABLE meta (
        key VARCHAR PRIMARY KEY,
        value VARCHAR NOT NULL
    )""",
    """CREATE TABLE accounts (
        platform VARCHAR NOT NULL,
        id VARCHAR NOT NULL,
        handle VARCHAR NOT NULL,
        display_name VARCHAR
    )""",
    """CREATE TABLE posts (
        platform VARCHAR NOT NULL,
        account VARCHAR,
        account_id VARCHAR,
        id VARCHAR NOT NULL,
        created_at TIMESTAMPTZ NOT NULL,
        kind VARCHAR NOT NULL,
        kind_guessed BOOLEAN,
        text VARCHAR,
        url VARCHAR,
        reply_to_id VARCHAR,
        reply_to_account_id VARCHAR,
        reply_to_account VARCHAR,
        reply_to_time TIMESTAMPTZ,
        conversation_id VARCHAR,
        quoted_id VARCHAR,
        reposted_id VARCHAR,
        reposted_account VARCHAR,
        mentions VARCHAR[],
        links STRUCT(url VARCHAR, domain VARCHAR, post_id VARCHAR)[],
        hashtags VARCHAR[],
        media_count INTEGER,
        client VARCHAR,
        lang VARCHAR,
        visibility VARCHAR,
        likes BIGINT,
        reposts BIGINT,
        replies BIGINT,
        quotes BIGINT,
        source_file VARCHAR,
        source_record BIGINT,
        importer VARCHAR,
        importer_version VARCHAR
    )""",
    """CREATE TABLE labels (
        platform VARCHAR NOT NULL,
        id VARCHAR NOT NULL,
        model VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        kind_confidence DOUBLE,
        kind_cues VARCHAR[],
        intent VARCHAR,
        intent_confidence DOUBLE,
        intent_cues VARCHAR[],
        asks_question BOOLEAN NOT NULL,
        asks_question_confidence DOUBLE,
        asks_question_cues VARCHAR[],
        link_only BOOLEAN NOT NULL,
        link_only_confidence DOUBLE,
        link_only_cues VARCHAR[],
        mentions_others BOOLEAN NOT NULL,
        mentions_others_confidence DOUBLE,
        mentions_others_cues VARCHAR[],
        follow_begging BOOLEAN NOT NULL,
        follow_begging_confidence DOUBLE,
        follow_begging_cues VARCHAR[],
        automated BOOLEAN NOT NULL,
        automated_confidence DOUBLE,
        automated_cues VARCHAR[],
        duplicate BOOLEAN NOT NULL,
        duplicate_confidence DOUBLE,
        duplicate_cues VARCHAR[]
    )""",
    """CREATE TABLE interactions (
        platform VARCHAR NOT NULL,
        account VARCHAR NOT NULL,
        id VARCHAR NOT NULL,
        type VARCHAR,
        author VARCHAR,
        author_id VARCHAR,
        created_at TIMESTAMPTZ NOT NULL,
        text VARCHAR,
        in_reply_to VARCHAR,
        answered_by VARCHAR[],
        source_file VARCHAR,
        source_record BIGINT,
        importer VARCHAR,
        importer_version VARCHAR
    )""",
    """CREATE TABLE audits (
        platform VARCHAR NOT NULL,
        account_key VARCHAR NOT NULL,
        account VARCHAR NOT NULL,
        audited_at TIMESTAMPTZ NOT NULL,
        window_since TIMESTAMPTZ,
        window_until TIMESTAMPTZ,
        posts BIGINT NOT NULL,
        score INTEGER NOT NULL,
        archetype VARCHAR NOT NULL,
        metrics JSON NOT NULL,
        twoway_version VARCHAR NOT NULL
    )""",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "create the meta, accounts, posts, labels, interactions and audits tables",
        _CREATE,
    ),
    Migration(
        2,
        "create the pull_state table: where each live pull of an account stopped",
        (
            """CREATE TABLE pull_state (
                platform VARCHAR NOT NULL,
                account VARCHAR NOT NULL,
                stream VARCHAR NOT NULL,
                state VARCHAR NOT NULL,
                updated_at TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (platform, account, stream)
            )""",
        ),
    ),
    Migration(
        3,
        "add audits.time_zone: the zone whose days, weeks and hours a kept audit counted in "
        "(NULL for audits kept before: UTC)",
        ("ALTER TABLE audits ADD COLUMN time_zone VARCHAR",),
    ),
)
"""Every schema step, in order: migration N brings a workspace from schema N-1 to N."""

SCHEMA_VERSION = len(MIGRATIONS)
"""The schema this twoway writes and reads."""

LABELLED: tuple[str, ...] = ("kind", "intent", *FLAGS)
"""The labels of :class:`~twoway.classifier.labels.PostLabels`, each stored as three columns:
its value, ``<name>_confidence`` and ``<name>_cues``."""

LABEL_COLUMNS: tuple[str, ...] = tuple(
    column for name in LABELLED for column in (name, f"{name}_confidence", f"{name}_cues")
)


def post_key(alias: str) -> str:
    """SQL for the key of the account of the post ``alias``: the account's id, or its handle
    when the post has no account id (as :func:`account_key` keys the account itself)."""
    return f"coalesce(nullif({alias}.account_id, ''), {alias}.account)"


def account_key(alias: str) -> str:
    """SQL for the key of the account ``alias`` (a row of ``accounts``): its id, or its handle
    when it has none."""
    return f"coalesce(nullif({alias}.id, ''), {alias}.handle)"


@cache
def model_fingerprint() -> str:
    """A short hash of the classifier: its weights and its code.  Labels stored with another
    fingerprint are stale and are made again."""
    digest = hashlib.sha256()
    package = resources.files("twoway.classifier")
    for entry in sorted(package.iterdir(), key=lambda item: item.name):
        if entry.name.endswith((".py", ".npz")):
            digest.update(entry.name.encode())
            digest.update(entry.read_bytes())
    return digest.hexdigest()[:16]
