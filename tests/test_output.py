"""Result files are written safely (twoway.output): a write that fails is one InputError naming
the file, whatever the file system answers when the partial file is cleaned up."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from twoway.errors import InputError
from twoway.output import write_text


@pytest.mark.parametrize(
    ("code", "reason"),
    [(errno.EROFS, "Read-only file system"), (errno.EACCES, "Permission denied")],
)
def test_a_folder_that_refuses_every_write_is_an_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, reason: str
) -> None:
    """On a read-only file system the partial file cannot be made, and removing it fails with
    EROFS, not ENOENT: the error reported is still the write's, as one line."""

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise OSError(code, reason, str(self))

    monkeypatch.setattr(Path, "write_text", refuse)
    monkeypatch.setattr(Path, "unlink", refuse)
    target = tmp_path / "report.html"
    with pytest.raises(InputError) as caught:
        write_text(target, "<p>report</p>")
    assert str(caught.value) == (
        f"{target}: cannot write ({reason}); check the folder exists and is writable"
    )


def test_an_interrupted_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")

    def interrupted(self: Path, *args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "write_text", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_text(target, "new")
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]
