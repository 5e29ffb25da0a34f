"""Writing a result file safely: into a hidden partial file beside it, renamed into place only
when complete, so an interrupted or failed run never leaves half a file under the name asked for
(and an older file of that name stays as it was)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from twoway.errors import InputError

__all__ = ["atomic_output", "write_text"]


@contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield the partial path to write; on success it replaces ``path``.  A write that fails
    with an OS error raises :class:`InputError` naming the file."""
    target = Path(path)
    partial = target.with_name(f".{target.name}.partial")
    try:
        yield partial
        os.replace(partial, target)
    except OSError as exc:
        _remove(partial)
        raise InputError(
            f"cannot write ({exc.strerror or exc})",
            file=str(path),
            hint="check the folder exists and is writable",
        ) from None
    except BaseException:
        _remove(partial)
        raise


def _remove(partial: Path) -> None:
    """Remove the partial file if there is one.  Where it could not even be made (a read-only
    file system answers unlink with EROFS, not ENOENT) there is nothing to remove, and the
    error that brought us here is the one to report."""
    with suppress(OSError):
        partial.unlink(missing_ok=True)


def write_text(path: str | os.PathLike[str], text: str | bytes) -> None:
    """Write a whole file at once, safely."""
    with atomic_output(path) as partial:
        if isinstance(text, bytes):
            partial.write_bytes(text)
        else:
            partial.write_text(text, encoding="utf-8")
