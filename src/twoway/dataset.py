"""Everything read from one or more inputs, merged: accounts, posts and interactions.

Several paths of one account merge without double counting: a post is kept once per
``(platform, id)``, an interaction once per ``(platform, account, id)``, the first one read wins.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from twoway.allocation import bulk_allocation, lasting_allocation
from twoway.errors import InputError
from twoway.importers import ReadReport, read
from twoway.model import Account, Interaction, Post
from twoway.sources import Progress

__all__ = ["Dataset", "gather", "load"]

PathArg = str | os.PathLike[str]


@dataclass
class Dataset:
    """Accounts, posts and interactions read from inputs, with the report of how reading went."""

    accounts: list[Account] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)
    report: ReadReport = field(default_factory=ReadReport)

    def account_posts(self, account: Account) -> list[Post]:
        """The posts of one account."""
        return [
            p
            for p in self.posts
            if p.platform == account.platform
            and (p.account_id == account.id if account.id else p.account == account.handle)
        ]


def _matches(account: Account, wanted: str) -> bool:
    wanted = wanted.lstrip("@").lower()
    handle = account.handle.lower()
    return wanted in (handle, account.id.lower()) or handle.split("@")[0] == wanted


def pick_accounts(
    accounts: Sequence[Account],
    wanted: str | Sequence[str],
    *,
    where: str,
    listing: str = "accounts found",
    file: str | None = None,
) -> list[Account]:
    """The accounts that the handles or ids ``wanted`` name (``@`` optional; for Mastodon the
    name without ``@instance`` is enough), in their order.  A name that matches no account
    raises :class:`~twoway.errors.InputError` listing the accounts ``where`` holds."""
    names = [wanted] if isinstance(wanted, str) else list(wanted)
    for name in names:
        if not any(_matches(a, name) for a in accounts):
            found = ", ".join(sorted({a.handle or a.id for a in accounts})[:20]) or "none"
            raise InputError(
                f"no account {name!r} in {where}", file=file, hint=f"{listing}: {found}"
            )
    return [a for a in accounts if any(_matches(a, name) for name in names)]


def load(
    paths: PathArg | Sequence[PathArg],
    *,
    account: str | Sequence[str] | None = None,
    progress: Progress | None = None,
) -> Dataset:
    """Read ``paths`` (files, folders, zip or tar.gz exports) into one :class:`Dataset`.

    ``account`` keeps only the account with that handle or id, or the accounts of a list of them
    (``@`` optional; for Mastodon the name without ``@instance`` is enough), from a many-account
    input; a name no account matches raises :class:`~twoway.errors.InputError` naming the
    accounts that were found.
    """
    data = Dataset(report=ReadReport(progress=progress))
    with lasting_allocation():  # everything read is kept: no collector passes over it
        for _ in gather(paths, data):
            pass
    if account is not None and account != ():
        _keep_accounts(data, account)
    return data


def gather(paths: PathArg | Sequence[PathArg], data: Dataset) -> Iterator[Post]:
    """Read ``paths`` into ``data`` (as :func:`load` does, reporting to ``data.report``), yielding
    each post as it is kept, so that a caller can start on posts while reading goes on."""
    # The ids of posts kept, by platform: no (platform, id) tuple to make for every post.
    seen_posts: dict[str, set[str]] = {}
    platform: str | None = None
    ids: set[str] = set()
    seen_interactions: set[tuple[str, str, str]] = set()
    seen_accounts: dict[tuple[str, str], int] = {}
    posts, interactions, accounts = data.posts, data.interactions, data.accounts
    with bulk_allocation():
        for record in read(paths, data.report):
            kind = type(record)
            if kind is Post:
                if record.platform != platform:
                    platform = record.platform
                    ids = seen_posts.setdefault(platform, set())
                if record.id not in ids:
                    ids.add(record.id)
                    posts.append(record)  # type: ignore[arg-type]
                    yield record  # type: ignore[misc]
            elif kind is Interaction:
                interaction_key = (record.platform, record.account, record.id)  # type: ignore[union-attr]
                if interaction_key not in seen_interactions:
                    seen_interactions.add(interaction_key)
                    interactions.append(record)  # type: ignore[arg-type]
            else:
                account_key = (record.platform, record.id or record.handle)  # type: ignore[union-attr]
                if account_key not in seen_accounts:
                    seen_accounts[account_key] = len(accounts)
                    accounts.append(record)  # type: ignore[arg-type]


def _keep_accounts(data: Dataset, wanted: str | Sequence[str]) -> None:
    kept = pick_accounts(data.accounts, wanted, where="the input")
    keys = {(a.platform, a.id) for a in kept} | {(a.platform, a.handle) for a in kept}
    data.accounts = kept
    data.posts = [
        p
        for p in data.posts
        if (p.platform, p.account_id) in keys or (p.platform, p.account) in keys
    ]
    data.interactions = [i for i in data.interactions if (i.platform, i.account) in keys]
