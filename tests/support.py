"""Shared test helpers: fixture paths, archive builders, and the real-data marker.

A module of its own (``from support import …``), not conftest.py: two folders of tests have a
conftest.py, and ``import conftest`` would find whichever pytest loaded first."""

from __future__ import annotations

import io
import tarfile
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from twoway.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

needs_shared_data = pytest.mark.skipif(
    not SHARED_DATA.is_dir(),
    reason="../shared/data not present (the real exports are only on the developers' machines)",
)


def run_cli(*args: str | Path, input: str | bytes | None = None) -> Result:
    """``twoway ARGS…`` in-process.  No colour forced from the environment: any escape sequence
    in the output came from data."""
    runner = CliRunner(env={"FORCE_COLOR": None, "TTY_COMPATIBLE": None, "COLUMNS": None})
    return runner.invoke(cli, [str(a) for a in args], input=input, prog_name="twoway")


def _bytes(content: bytes | str | Path) -> bytes:
    if isinstance(content, Path):
        return content.read_bytes()
    return content.encode() if isinstance(content, str) else content


def make_zip(path: Path, members: Mapping[str, bytes | str | Path]) -> Path:
    """A zip at ``path`` holding ``members`` (name -> content or a fixture file)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, _bytes(content))
    return path


def make_tar(path: Path, members: Mapping[str, bytes | str | Path]) -> Path:
    """A gzipped tar at ``path`` holding ``members``."""
    with tarfile.open(path, "w:gz") as archive:
        for name, content in members.items():
            data = _bytes(content)
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def x_archive_members(*names: str) -> dict[str, Path]:
    """Fixture files of tests/fixtures/x_archive placed as an X archive holds them (data/…)."""
    return {f"data/{name}": FIXTURES / "x_archive" / name for name in names}
