"""What an input holds, before any judgement: accounts, date ranges, posts by kind,
interactions, and what could not be read.  The library side of ``twoway inspect``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from twoway.dataset import Dataset, PathArg, load
from twoway.importers import ReadReport
from twoway.model import Account, Kind
from twoway.sources import Progress

__all__ = ["AccountSummary", "Inspection", "inspect", "summarize"]


@dataclass(frozen=True, kw_only=True, slots=True)
class AccountSummary:
    """One account's posts at a glance."""

    account: Account
    posts: int
    first: datetime | None
    last: datetime | None
    kinds: dict[str, int]
    """Posts by kind, every kind of CODEBOOK.md section 1 present (zero where none)."""
    kinds_guessed: int
    """Posts whose kind came from text cues because the source had no metadata."""
    interactions: int
    answered: int


@dataclass(frozen=True, kw_only=True, slots=True)
class Inspection:
    """Everything ``twoway inspect`` prints."""

    accounts: list[AccountSummary]
    report: ReadReport


def summarize(data: Dataset) -> Inspection:
    """Summarise a loaded :class:`~twoway.dataset.Dataset` account by account."""
    by_account: dict[tuple[str, str], list[int]] = {}
    keys: list[tuple[str, str]] = []
    for account in data.accounts:
        key = (account.platform, account.id or account.handle)
        by_account[key] = []
        keys.append(key)
    kinds: dict[tuple[str, str], Counter[str]] = {k: Counter() for k in keys}
    guessed: Counter[tuple[str, str]] = Counter()
    first: dict[tuple[str, str], datetime] = {}
    last: dict[tuple[str, str], datetime] = {}
    for post in data.posts:
        key = (post.platform, post.account_id or post.account)
        if key not in kinds:
            kinds[key] = Counter()
            keys.append(key)
        kinds[key][post.kind.value] += 1
        guessed[key] += post.kind_guessed
        if key not in first or post.created_at < first[key]:
            first[key] = post.created_at
        if key not in last or post.created_at > last[key]:
            last[key] = post.created_at
    inbound: Counter[tuple[str, str]] = Counter()
    answered: Counter[tuple[str, str]] = Counter()
    handle_key = {(a.platform, a.handle): (a.platform, a.id or a.handle) for a in data.accounts}
    for item in data.interactions:
        key = handle_key.get((item.platform, item.account), (item.platform, item.account))
        inbound[key] += 1
        answered[key] += bool(item.answered_by)
    accounts_by_key = {(a.platform, a.id or a.handle): a for a in data.accounts}
    summaries = []
    for key in keys:
        account = accounts_by_key.get(key) or Account(platform=key[0], id=key[1], handle=key[1])
        counts = kinds.get(key, Counter())
        summaries.append(
            AccountSummary(
                account=account,
                posts=sum(counts.values()),
                first=first.get(key),
                last=last.get(key),
                kinds={kind.value: counts.get(kind.value, 0) for kind in Kind},
                kinds_guessed=guessed[key],
                interactions=inbound[key],
                answered=answered[key],
            )
        )
    return Inspection(accounts=summaries, report=data.report)


def inspect(
    paths: PathArg | Sequence[PathArg],
    *,
    account: str | None = None,
    progress: Progress | None = None,
) -> Inspection:
    """Read ``paths`` and summarise what they hold."""
    return summarize(load(paths, account=account, progress=progress))
