"""Screening many accounts at once (``twoway screen``): the social score, archetype and verdict of
every account in one input, ranked, and how many of them only broadcast.

An input of many accounts (a twarc2 JSONL of many users' timelines, a folder of exports, the
customer-conversation CSV of many brands) may hold ten thousand accounts and a million posts, so
screening does not audit account by account.  It reads the input once (as :func:`twoway.load`
does), labels every account's posts (:func:`twoway.classifier.classify`: an account's posts
together and in time order, as the audit labels them), gathers the labels of all accounts into
one Arrow table, and computes the metrics the score and the archetype read with one DuckDB query
grouped by account (:func:`twoway.metrics.compute_tallied`: the audit's definitions, so an
account's screening score is its audit score).  Then :func:`twoway.score.social_score` and
:func:`twoway.score.archetype` judge each account from those metrics.

Reading and labelling are nearly all the work, and both are Python per post.  With more than one
core (``jobs``), labelling runs in worker processes forked from this one, which share the posts
read so far page by page and send back only their label tables (Arrow IPC), chunked by account.
Accounts mostly come one after another in an input, so while this process reads, a worker forked
for them labels the accounts it has read past; an account whose posts turn up again later is
labelled again with all of them.  Once reading is over, a pool of ``jobs`` workers
(:class:`~concurrent.futures.ProcessPoolExecutor`, forked once) labels the rest
(:func:`_read_and_label`).  Small inputs (under :data:`PARALLEL_MIN_POSTS` posts) are labelled in
this process.  Workers need ``fork`` (Linux, macOS); elsewhere labelling runs here.

**One-way broadcaster.**  An account counts as a one-way broadcaster when its archetype is
Broadcaster or Promoter (it mostly announces or sells, :mod:`twoway.score`), or when its social
score is under :data:`BROADCASTER_SCORE` (30 of 100: whatever its archetype, it rarely talks with
anyone).  ``verdict_basis`` says which of these applies; ``reason`` is the archetype's reason.
An account with fewer than ``min_posts`` posts (:data:`MIN_POSTS`, 10 by default) gets no verdict:
two or three posts say nothing of how an account talks (one reply would make it 100% two-way), so
it is listed as ``too few posts``, and the broadcaster share, the median score and the archetype
counts are over the judged accounts only.

Judged accounts are ranked by score, highest first; accounts with the same score share a rank
(1, 2, 2, 4) and are listed by two-way share, then by handle.  Accounts with too few posts follow,
unranked, in the same order.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import statistics
import time
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from multiprocessing.connection import wait as connection_wait
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.ipc

from twoway.audit import Archetype, Score
from twoway.errors import InputError
from twoway.importers import ReadReport
from twoway.model import Account, Interaction, Post
from twoway.sources import shown_name

__all__ = [
    "BROADCASTER_ARCHETYPES",
    "BROADCASTER_SCORE",
    "MIN_POSTS",
    "PARALLEL_MIN_POSTS",
    "SCHEMA_VERSION",
    "ProgressCallback",
    "Screened",
    "Screening",
    "is_broadcaster",
    "screen",
    "usable_cores",
]

SCHEMA_VERSION = 2
"""Version of the screening JSON's layout (``twoway screen --json``)."""

BROADCASTER_ARCHETYPES = ("Broadcaster", "Promoter")
"""Archetypes that make an account a one-way broadcaster whatever its score."""

BROADCASTER_SCORE = 30
"""A social score under this makes an account a one-way broadcaster whatever its archetype."""

BROADCASTER_DEFINITION = (
    f"archetype {' or '.join(BROADCASTER_ARCHETYPES)}, or a social score under {BROADCASTER_SCORE}"
)

MIN_POSTS = 10
"""Accounts with fewer posts get no verdict (module docstring)."""

PARALLEL_MIN_POSTS = 50_000
"""Inputs with fewer posts are labelled in this process: starting workers would cost more."""

CHUNK_POSTS = 25_000
"""About how many posts (whole accounts) each task of the pool labels after reading."""

SPECULATIVE_POSTS = 50_000
"""While reading, the accounts read past go to a worker forked for them once they hold this many
posts.  The worker's memory grows with its chunk, and so does the memory it stops sharing with
this process while it lives (every page this process writes to meanwhile is copied); each fork
costs CPU too: this balances the two."""

REOPEN_LIMIT = 1_000
"""How many times an account's posts may turn up again after other accounts' before labelling
while reading stops (the input interleaves accounts, so labels made early would mostly be made
again)."""

ProgressCallback = Callable[[str, int, int | None], None]
"""``progress(stage, amount, total)``: ``reading`` reports bytes read as they are read
(``total`` None); ``labelling`` reports posts labelled, with the total; ``scoring`` is reported
once when it begins."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Screened:
    """One account's verdict."""

    account: Account
    rank: int | None
    """1 for the highest score; accounts with the same score share a rank; None for an account
    with too few posts to judge."""
    posts: int
    score: Score
    archetype: Archetype
    broadcaster: bool
    """A one-way broadcaster (module docstring); False for an account with too few posts."""
    verdict_basis: str
    """Why the verdict: ``archetype Promoter``, ``score 24 under 30``, ``3 posts, under 10``, or
    for the others the archetype and the score."""
    metrics: dict[str, Any]
    """The tallied metrics (:data:`twoway.metrics.TALLIED`), JSON-ready, null ones with their
    ``<name>_reason``."""

    @property
    def handle(self) -> str:
        return self.account.handle or self.account.id

    @property
    def judged(self) -> bool:
        """Whether the account had posts enough for a verdict."""
        return self.rank is not None

    @property
    def verdict(self) -> str:
        """``one-way``, ``two-way``, or ``too few posts``."""
        if not self.judged:
            return "too few posts"
        return "one-way" if self.broadcaster else "two-way"

    def figure(self, name: str) -> float | None:
        """A share or count metric as a number, or None when it is null."""
        value = self.metrics.get(name)
        return float(value) if isinstance(value, int | float) else None


@dataclass(kw_only=True)
class Screening:
    """Every account of the input, ranked, with the summary."""

    accounts: list[Screened]
    generated_at: datetime
    inputs: list[str]
    read_report: ReadReport = field(default_factory=ReadReport)
    jobs: int = 1
    """Processes that labelled the posts."""
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds spent reading, grouping, labelling and scoring."""
    min_posts: int = MIN_POSTS
    """Accounts with fewer posts were not judged."""

    @property
    def broadcasters(self) -> int:
        return sum(item.broadcaster for item in self.accounts)

    def summary(self) -> dict[str, Any]:
        """``{accounts, posts, judged, too_few_posts, min_posts, broadcasters, broadcaster_share,
        median_score, archetypes, broadcaster_definition}``: the share, the median and the
        archetypes are over the judged accounts; the share and the median are null when none
        was judged."""
        from twoway.score import ARCHETYPES

        judged = [item for item in self.accounts if item.judged]
        archetypes = dict.fromkeys(ARCHETYPES, 0)
        for item in judged:
            archetypes[item.archetype.name] = archetypes.get(item.archetype.name, 0) + 1
        scores = [item.score.value for item in judged]
        return {
            "accounts": len(self.accounts),
            "posts": sum(item.posts for item in self.accounts),
            "judged": len(judged),
            "too_few_posts": len(self.accounts) - len(judged),
            "min_posts": self.min_posts,
            "broadcasters": self.broadcasters,
            "broadcaster_share": self.broadcasters / len(judged) if judged else None,
            "median_score": statistics.median(scores) if scores else None,
            "archetypes": archetypes,
            "broadcaster_definition": BROADCASTER_DEFINITION,
        }


def is_broadcaster(score: int, archetype: str) -> bool:
    """Whether an account with this score and archetype is a one-way broadcaster."""
    return archetype in BROADCASTER_ARCHETYPES or score < BROADCASTER_SCORE


def _basis(score: int, archetype: str) -> str:
    low = score < BROADCASTER_SCORE
    if archetype in BROADCASTER_ARCHETYPES:
        return f"archetype {archetype}" + (
            f" and score {score} under {BROADCASTER_SCORE}" if low else ""
        )
    if low:
        return f"score {score} under {BROADCASTER_SCORE} ({archetype})"
    return f"archetype {archetype}, score {score}"


# -- reading and labelling, overlapped ----------------------------------------------------------


@dataclass(slots=True)
class _Group:
    """The posts of one account, numbered in the order first seen."""

    number: int
    posts: list[Post]
    sent: int = -1
    """How many posts the group had when it was last sent to be labelled (-1: never)."""


@dataclass(slots=True)
class _Task:
    process: Any
    covers: dict[int, int]
    """Group number -> how many of its posts the task labels."""


def _created_at(post: Post) -> datetime:
    return post.created_at


def _label_groups(groups: Sequence[tuple[int, list[Post]]]) -> pa.Table:
    """The labelled posts of ``groups`` ((number, posts)) as one posts table: each group's posts in
    time order (a stable sort of the order read, as the audit sorts them), ``account`` being the
    group's number."""
    from twoway.classifier import classify
    from twoway.metrics.core import posts_table

    posts: list[Post] = []
    sizes = []
    for _, own in groups:
        posts.extend(sorted(own, key=_created_at))
        sizes.append(len(own))
    numbers = np.repeat(np.array([n for n, _ in groups], dtype=np.int64), sizes)
    return posts_table(classify(posts), numbers)


_SHARED: list[_Group] = []
"""The groups a pool labels, set before its workers are forked so that they inherit them."""


def _label_shared(start: int, stop: int) -> pa.Table:
    """A pool worker's task: label the groups ``start`` to ``stop`` of :data:`_SHARED`."""
    return _label_groups([(group.number, group.posts) for group in _SHARED[start:stop]])


def _worker(conn: Connection, groups: list[tuple[int, list[Post]]]) -> None:
    """A forked worker: label ``groups`` (the parent's posts as they were at the fork) and send
    the table back as Arrow IPC, or ``ERROR`` and the traceback."""
    gc.disable()  # a short life over the parent's objects: a collection would copy their pages
    try:
        table = _label_groups(groups)
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, table.schema) as writer:
            writer.write_table(table)
        conn.send_bytes(sink.getvalue())
    except BaseException:
        conn.send_bytes(b"ERROR" + traceback.format_exc().encode("utf-8", "replace"))
    finally:
        conn.close()


class _Labeller:
    """Labels groups of posts, in this process or in forked workers (at most ``jobs`` at a time),
    and keeps the tables with what each covers."""

    def __init__(self, jobs: int, progress: ProgressCallback | None) -> None:
        self.jobs = jobs
        self.progress = progress
        self.running: dict[Connection, _Task] = {}
        self.results: list[tuple[pa.Table, dict[int, int]]] = []
        self.forked = 0
        self._context = multiprocessing.get_context("fork") if jobs > 1 and _can_fork() else None

    @property
    def parallel(self) -> bool:
        return self._context is not None

    def serial(self) -> None:
        """Label in this process from now on."""
        self._context = None

    def free(self, reserved: int = 0) -> int:
        """Worker slots free, keeping ``reserved`` cores for this process."""
        return self.jobs - reserved - len(self.running)

    def send(self, groups: Sequence[_Group]) -> None:
        """Label ``groups`` as they are now: in a forked worker when labelling is parallel, else
        here and now."""
        covers = {group.number: len(group.posts) for group in groups}
        for group in groups:
            group.sent = len(group.posts)
        spec = [(group.number, group.posts) for group in groups]
        if self._context is None:
            self._done(_label_groups(spec), covers)
            return
        receive, send = self._context.Pipe(duplex=False)
        process = self._context.Process(target=_worker, args=(send, spec), daemon=True)
        process.start()
        send.close()
        self.forked += 1
        self.running[receive] = _Task(process, covers)

    def _done(self, table: pa.Table, covers: dict[int, int]) -> None:
        self.results.append((table, covers))
        if self.progress is not None:
            self.progress("labelling", table.num_rows, None)

    def poll(self, timeout: float | None = 0.0) -> None:
        """Collect the workers that are done (waiting up to ``timeout`` seconds for one; ``None``
        waits for one)."""
        if not self.running:
            return
        for conn in connection_wait(list(self.running), timeout):
            assert isinstance(conn, Connection)
            task = self.running.pop(conn)
            try:
                message = conn.recv_bytes()
            except EOFError:
                task.process.join()
                raise RuntimeError(
                    f"a labelling worker stopped without an answer (exit code "
                    f"{task.process.exitcode}); rerun with --jobs 1 to label in one process"
                ) from None
            finally:
                conn.close()
            task.process.join()
            if message.startswith(b"ERROR"):
                raise RuntimeError(
                    "labelling failed in a worker:\n" + message[5:].decode("utf-8", "replace")
                )
            self._done(pa.ipc.open_stream(message).read_all(), task.covers)

    def finish(self) -> None:
        """Wait for every worker."""
        while self.running:
            self.poll(None)

    def label_rest(self, groups: list[_Group]) -> None:
        """Label ``groups`` once reading is over, chunk by chunk: here, or by a pool of ``jobs``
        workers forked once for all of them (forking per chunk would cost more: each fresh
        worker copies the pages it first writes to, and a worker writes all over the heap it
        inherits)."""
        chunks = _chunks([len(group.posts) for group in groups], CHUNK_POSTS)
        if self._context is None:
            for start, stop in chunks:
                self.send(groups[start:stop])
            return
        global _SHARED
        _SHARED = groups
        try:
            with ProcessPoolExecutor(
                max_workers=self.jobs, mp_context=self._context, initializer=gc.disable
            ) as pool:
                pending: dict[Future[pa.Table], dict[int, int]] = {}
                for start, stop in chunks:
                    chosen = groups[start:stop]
                    pending[pool.submit(_label_shared, start, stop)] = {
                        group.number: len(group.posts) for group in chosen
                    }
                    for group in chosen:
                        group.sent = len(group.posts)
                while pending or self.running:
                    self.poll()  # workers forked while reading
                    done, _ = wait(pending, timeout=0.05, return_when=FIRST_COMPLETED)
                    for future in done:
                        covers = pending.pop(future)
                        try:
                            table = future.result()
                        except BrokenProcessPool:
                            raise
                        except Exception as exc:
                            raise RuntimeError(
                                f"labelling failed in a worker: {type(exc).__name__}: {exc}"
                            ) from exc
                        self._done(table, covers)
        except BrokenProcessPool:
            raise RuntimeError(
                "a labelling worker stopped without an answer; rerun with --jobs 1 to label in "
                "one process"
            ) from None
        finally:
            _SHARED = []

    def stop(self) -> None:
        """End every worker still running (after an error or an interrupt)."""
        for conn, task in self.running.items():
            task.process.terminate()
            task.process.join()
            conn.close()
        self.running.clear()


class _Passed:
    """The accounts reading has moved past and that are not sent to be labelled yet, in order."""

    def __init__(self) -> None:
        self.groups: dict[int, _Group] = {}
        self.posts = 0

    def add(self, group: _Group) -> None:
        self.groups[group.number] = group
        self.posts += len(group.posts)

    def drop(self, group: _Group) -> None:
        """Forget ``group``: its posts turned up again."""
        if self.groups.pop(group.number, None) is not None:
            self.posts -= len(group.posts)

    def take(self, size: int) -> list[_Group]:
        """The first accounts, holding about ``size`` posts."""
        taken: list[_Group] = []
        count = 0
        for group in self.groups.values():
            taken.append(group)
            count += len(group.posts)
            if count >= size:
                break
        for group in taken:
            del self.groups[group.number]
        self.posts -= count
        return taken


def _read_and_label(
    paths: Any, jobs: int, progress: ProgressCallback | None
) -> tuple[Any, list[_Group], _Labeller, dict[str, float]]:
    """Read ``paths`` and label every account's posts.

    Accounts mostly come one after another (twarc2 writes one timeline, then the next; a folder
    holds one export after another), so while reading goes on, the accounts it has moved past
    are labelled by workers forked for them (``jobs - 1`` at a time: this process keeps
    reading).  An account whose posts turn up again later is labelled again with all of them,
    and its earlier labels are dropped; when that happens often (an input that interleaves
    accounts) labelling waits for the end of the input.  Whatever is left is labelled at the end
    by a pool of ``jobs`` workers.
    """
    from twoway.classifier import default_model
    from twoway.dataset import Dataset, gather

    timings: dict[str, float] = {}
    clock = time.perf_counter()
    reading = None if progress is None else (lambda n: progress("reading", n, None))
    data = Dataset(report=ReadReport(progress=reading))
    labeller = _Labeller(jobs, progress)
    if labeller.parallel:
        default_model()  # loaded once, before any fork, so that workers inherit it
    groups: list[_Group] = []
    number_of: dict[tuple[str, str], int] = {}
    passed = _Passed()
    reopened = 0
    current: _Group | None = None
    speculate = labeller.parallel
    try:
        for post in gather(paths, data):
            key = (post.platform, post.account_id or post.account)
            number = number_of.get(key)
            if number is None:
                number = number_of[key] = len(groups)
                groups.append(_Group(number, []))
            group = groups[number]
            if group is not current:
                if speculate:
                    if current is not None:
                        passed.add(current)
                    if group.posts:  # an account seen before, and read past
                        passed.drop(group)
                        reopened += 1
                        speculate = reopened <= REOPEN_LIMIT
                    labeller.poll()
                    if passed.posts >= SPECULATIVE_POSTS and labeller.free(reserved=1) > 0:
                        labeller.send(passed.take(SPECULATIVE_POSTS))
                current = group
            group.posts.append(post)
        timings["read"] = time.perf_counter() - clock
        clock = time.perf_counter()
        # data.posts stays as it is: dropping it now would write to every post (reference
        # counts), and so copy every page a worker still shares with this process.
        left = [group for group in groups if group.sent != len(group.posts)]
        total = sum(len(group.posts) for group in groups)
        if progress is not None:
            progress("labelling", 0, total)
        remaining = sum(len(group.posts) for group in left)
        if not labeller.forked and remaining < PARALLEL_MIN_POSTS:
            labeller.serial()  # few posts: starting workers would cost more than they save
        labeller.label_rest(left)
        labeller.finish()
    except BaseException:
        labeller.stop()
        raise
    timings["label_after_read"] = time.perf_counter() - clock
    return data, groups, labeller, timings


def _chunks(sizes: Sequence[int], size: int) -> list[tuple[int, int]]:
    """Consecutive runs of items holding about ``size`` posts each (``sizes`` per item)."""
    chunks = []
    start = total = 0
    for number, count in enumerate(sizes):
        total += count
        if total >= size:
            chunks.append((start, number + 1))
            start, total = number + 1, 0
    if start < len(sizes):
        chunks.append((start, len(sizes)))
    return chunks


# -- the whole screening --------------------------------------------------------------------------


def usable_cores() -> int:
    """How many cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def screen(
    paths: Any,
    *,
    jobs: int | None = None,
    progress: ProgressCallback | None = None,
    min_posts: int = MIN_POSTS,
) -> Screening:
    """Read ``paths`` and screen every account in them: score, archetype and verdict, ranked.

    ``jobs`` is how many processes label the posts (default: every usable core; 1 labels in this
    process).  ``progress`` follows :data:`ProgressCallback`.  Accounts with fewer than
    ``min_posts`` posts get no verdict (module docstring).
    """
    used = max(1, jobs or usable_cores())
    data, groups, labeller, timings = _read_and_label(paths, used, progress)
    if not groups and not data.accounts:
        raise InputError(
            "no accounts to screen: the input holds no posts",
            file=", ".join(
                str(p) for p in ([paths] if isinstance(paths, str | os.PathLike) else paths)
            ),
            hint="; ".join([*data.report.warnings, *map(str, data.report.skipped_records[:1])])
            or "give exports with posts in them",
        )
    if progress is not None:
        progress("scoring", 0, None)
    clock = time.perf_counter()
    screened = _score(data, groups, labeller.results, min_posts)
    timings["score"] = time.perf_counter() - clock
    inputs = [
        shown_name(str(p)) for p in ([paths] if isinstance(paths, str | os.PathLike) else paths)
    ]
    return Screening(
        accounts=screened,
        generated_at=datetime.now(UTC),
        inputs=inputs,
        read_report=data.report,
        jobs=used if labeller.forked else 1,
        timings=timings,
        min_posts=min_posts,
    )


def _accounts(data: Any, groups: list[_Group]) -> list[tuple[Account, int, int, list[Interaction]]]:
    """Each account with the number of its group (of posts), its post count and its inbound
    messages, paired as :func:`twoway.audit.audit_dataset` pairs them: the input's accounts in
    order, then an account of its own for posts whose account the input never named.  Accounts
    without posts get numbers after the groups'."""
    inbound_of: dict[tuple[str, str], list[Interaction]] = {}
    for item in data.interactions:
        inbound_of.setdefault((item.platform, item.account), []).append(item)
    number_of = {}
    for group in groups:
        first = group.posts[0]
        number_of[(first.platform, first.account_id or first.account)] = group.number
    spare = len(groups)
    found = []
    for account in data.accounts:
        number = number_of.pop((account.platform, account.id or account.handle), None)
        if number is None:
            number, spare = spare, spare + 1
            count = 0
        else:
            count = len(groups[number].posts)
        found.append(
            (account, number, count, inbound_of.get((account.platform, account.handle), []))
        )
    for (platform, name), number in number_of.items():
        first = min(groups[number].posts, key=_created_at)
        stray = Account(platform=platform, id=first.account_id, handle=first.account or name)
        found.append((stray, number, len(groups[number].posts), []))
    return found


def _score(
    data: Any,
    groups: list[_Group],
    results: list[tuple[pa.Table, dict[int, int]]],
    min_posts: int,
) -> list[Screened]:
    import pyarrow.compute as pc

    from twoway.metrics import compute_tallied
    from twoway.metrics.core import inbound_table, posts_table
    from twoway.score import archetype, social_score

    tables = []
    for table, covers in results:
        stale = [n for n, count in covers.items() if count != len(groups[n].posts)]
        if stale:  # labelled before more of the account's posts turned up: labelled again since
            table = table.filter(pc.invert(pc.is_in(table["account"], pa.array(stale, pa.int64()))))
        tables.append(table)
    posts = pa.concat_tables(tables) if tables else posts_table([])
    accounts = _accounts(data, groups)
    messages = [item for _, _, _, inbound in accounts for item in inbound]
    inbound = None
    if messages:
        numbers = np.repeat(
            np.array([number for _, number, _, _ in accounts], dtype=np.int64),
            [len(inbound) for _, _, _, inbound in accounts],
        )
        inbound = inbound_table(messages, numbers)
    metrics = compute_tallied(posts, inbound, len(groups) + len(accounts))
    found = []
    for account, number, count, _ in accounts:
        values = metrics[number].as_json()
        found.append((account, count, social_score(values), archetype(values), values))
    found.sort(
        key=lambda item: (
            item[1] < min_posts,
            -item[2].value,
            -(item[4].get("two_way_share") or 0.0),
            (item[0].handle or item[0].id).lower(),
            item[0].platform,
            item[0].id,
        )
    )
    ranked = []
    rank = 0
    previous = None
    for position, (account, count, score, kind, values) in enumerate(found, 1):
        judged = count >= min_posts
        if judged and score.value != previous:
            rank, previous = position, score.value
        ranked.append(
            Screened(
                account=account,
                rank=rank if judged else None,
                posts=count,
                score=score,
                archetype=kind,
                broadcaster=judged and is_broadcaster(score.value, kind.name),
                verdict_basis=_basis(score.value, kind.name)
                if judged
                else f"{count} post{'s' if count != 1 else ''}, under {min_posts}",
                metrics=values,
            )
        )
    return ranked
