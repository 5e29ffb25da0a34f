"""Every error twoway raises on purpose.

::

    TwowayError                  anything twoway refuses to do, with a message that says what to do
     ├── InputError              a file the user gave cannot be read as they meant (CLI exit code 2)
     │    ├── UnknownFormatError no importer recognises the path
     │    ├── UnsafeArchiveError a zip/tar entry escapes its folder, or the archive expands too far
     │    ├── FormatError        the file is of a known kind but broken (invalid JSON, missing field)
     │    ├── WorkspaceError     the workspace file is no workspace, is damaged, or is too new
     │    └── PullError          a live pull failed: server unreachable, refusing, or failing
     │         └── PullAuthError the server refused the credentials (wrong password, revoked token)
     ├── WorkspaceBusyError      another twoway process kept the workspace longer than we waited
     └── UnknownRuleError        no rule has the code or name asked for (CLI exit code 2)

Each carries the file (and, where known, the record number and key path) as structured fields,
so callers can show them as they like; ``str(error)`` is one line a user can act on.
"""

from __future__ import annotations

__all__ = [
    "FormatError",
    "InputError",
    "PullAuthError",
    "PullError",
    "TwowayError",
    "UnknownFormatError",
    "UnknownRuleError",
    "UnsafeArchiveError",
    "WorkspaceBusyError",
    "WorkspaceError",
]


class TwowayError(Exception):
    """Base class of every error twoway raises on purpose."""


class InputError(TwowayError):
    """An input file cannot be read as meant.

    ``file`` names the file (an archive member as ``archive.zip:data/tweets.js``), ``record`` the
    1-based record number inside it, ``key`` a key path such as ``tweet.created_at``; ``hint`` says
    what the user can do about it.
    """

    def __init__(
        self,
        problem: str,
        *,
        file: str | None = None,
        record: int | None = None,
        key: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.problem = problem
        self.file = file
        self.record = record
        self.key = key
        self.hint = hint
        super().__init__(self._line())

    def _line(self) -> str:
        where = self.file or ""
        if self.record is not None:
            where += f" record {self.record}"
        if self.key:
            where += f" ({self.key})"
        text = f"{where.strip()}: {self.problem}" if where.strip() else self.problem
        if self.hint:
            text += f"; {self.hint}"
        return text


class UnknownFormatError(InputError):
    """No importer recognises the path."""


class UnsafeArchiveError(InputError):
    """An archive entry points outside the archive, or the archive would expand past the limit."""


class FormatError(InputError):
    """The file is of a known kind but broken: invalid JSON, a missing field, a truncated archive."""


class WorkspaceError(InputError):
    """The workspace file (``--db``) cannot be used: it is not a DuckDB database or not a
    twoway workspace, it is damaged, or a newer twoway made it.  It is reported and left as it
    is, never replaced."""


class PullError(InputError):
    """A live pull (``twoway pull``) could not go on: the server cannot be reached, keeps failing,
    keeps rate limiting, or answers what twoway cannot read.  ``server`` is the host asked,
    ``status`` the HTTP status of its last answer (``None`` when there was none).  The message
    never holds a token or a password.  What was stored before the error stays stored, and the
    next pull continues from there."""

    def __init__(
        self,
        problem: str,
        *,
        server: str | None = None,
        status: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.server = server
        self.status = status
        super().__init__(problem, hint=hint)


class PullAuthError(PullError):
    """The server refused the credentials: a wrong password, a revoked or expired token, or a
    token without the scope needed."""


class WorkspaceBusyError(TwowayError):
    """Another process held the workspace for longer than we were willing to wait (``--wait``).
    ``file`` is the workspace, ``waited`` the seconds waited, ``holder`` the process id of the
    process that holds it, when known."""

    def __init__(self, file: str, waited: float, holder: int | None = None) -> None:
        self.file = file
        self.waited = waited
        self.holder = holder
        who = "another twoway process" + (f" (process {holder})" if holder else "")
        super().__init__(
            f"{file}: is in use by {who}; waited {waited:g} s; "
            "try again when it finishes, or wait longer with --wait SECONDS"
        )


class UnknownRuleError(TwowayError):
    """No rule has the code or name asked for.  ``rule`` is what was asked; ``retired`` is true
    for the code of a rule that was removed."""

    def __init__(self, rule: str, *, retired: bool = False) -> None:
        self.rule = rule
        self.retired = retired
        if retired:
            message = f"rule {rule} was retired and is no longer checked"
        else:
            message = f"no rule is called {rule!r}; `twoway rule` lists the rules"
        super().__init__(message)
