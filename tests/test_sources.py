from __future__ import annotations

import gzip
import io
import os
import random
import struct
import tarfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from support import FIXTURES, make_tar, make_zip, x_archive_members
from twoway import load, sources
from twoway.cli import cli
from twoway.errors import FormatError, InputError, UnsafeArchiveError
from twoway.sources import DirBundle, FileBundle, TarBundle, ZipBundle, open_bundle

TWEETS = (FIXTURES / "x_archive" / "tweets.js").read_bytes()

CLIMBS = "path climbs out of the archive ('..'), not opened"
ABSOLUTE = "absolute path in archive, not opened"
TAR_LINK = "link or special file in archive, not followed"
DIR_LINK = "symbolic link, not followed"

UNSAFE_ZIP_NAMES = {
    "../evil.js": CLIMBS,
    "data/../../up.js": CLIMBS,
    "..\\win.js": CLIMBS,
    "/etc/passwd": ABSOLUTE,
    "\\\\server\\share.js": ABSOLUTE,
    "C:\\x": ABSOLUTE,
    "C:/Windows/x.js": ABSOLUTE,
}


def unsafe_zip(path: Path) -> Path:
    members: dict[str, bytes | str | Path] = dict(x_archive_members("tweets.js", "account.js"))
    members.update(dict.fromkeys(UNSAFE_ZIP_NAMES, "alert('owned')"))
    members["data/..notes.js"] = "a dotted name that stays inside"
    return make_zip(path, members)


def tar_with_specials(
    path: Path, members: dict[str, bytes], specials: list[tarfile.TarInfo]
) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        for info in specials:
            archive.addfile(info)
    return path


def special(name: str, kind: bytes, linkname: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = linkname
    return info


# --- unsafe names -------------------------------------------------------------------------


def test_zip_entries_that_escape_are_listed_as_skipped_not_named(tmp_path: Path) -> None:
    bundle = open_bundle(unsafe_zip(tmp_path / "a.zip"))
    assert isinstance(bundle, ZipBundle)
    assert bundle.names() == ["data/tweets.js", "data/account.js", "data/..notes.js"]
    assert dict(bundle.skipped) == UNSAFE_ZIP_NAMES


def test_zip_entries_that_escape_are_never_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = unsafe_zip(tmp_path / "a.zip")
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def spy(self: zipfile.ZipFile, name: str | zipfile.ZipInfo, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        opened.append(name.filename if isinstance(name, zipfile.ZipInfo) else name)
        return real_open(self, name, *args, **kwargs)  # type: ignore[arg-type]

    real_inflater = sources._Inflater

    def inflater_spy(archive: Path, info: zipfile.ZipInfo) -> sources._Inflater:
        opened.append(info.filename)
        return real_inflater(archive, info)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    monkeypatch.setattr(sources, "_Inflater", inflater_spy)
    data = load(path)
    assert len(data.posts) == 5
    assert opened
    assert not set(opened) & set(UNSAFE_ZIP_NAMES)
    assert data.report.skipped_files == [
        (f"{path}:{name}", why) for name, why in UNSAFE_ZIP_NAMES.items()
    ]


def test_inspect_lists_the_unsafe_entries_as_skipped_files(tmp_path: Path) -> None:
    path = unsafe_zip(tmp_path / "a.zip")
    result = CliRunner().invoke(cli, ["inspect", str(path)], prog_name="twoway")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    for name, reason in UNSAFE_ZIP_NAMES.items():
        assert f"skipped file {path}:{name}: {reason}" in lines
    assert "No records skipped." in lines


def test_tar_links_special_files_and_escaping_names_are_skipped(tmp_path: Path) -> None:
    path = tar_with_specials(
        tmp_path / "a.tar.gz",
        {"data/tweets.js": TWEETS, "../evil.js": b"x", "/abs.js": b"y", "./data/ok.js": b"z"},
        [
            special("data/account.js", tarfile.SYMTYPE, "/etc/passwd"),
            special("data/manifest.js", tarfile.LNKTYPE, "../../etc/passwd"),
            special("data/tty.js", tarfile.CHRTYPE),
            special("data/pipe.js", tarfile.FIFOTYPE),
        ],
    )
    bundle = open_bundle(path)
    assert isinstance(bundle, TarBundle)
    assert bundle.names() == ["data/tweets.js", "data/ok.js"]
    assert bundle.read_bytes("data/ok.js") == b"z"
    assert bundle.skipped == [
        ("../evil.js", CLIMBS),
        ("/abs.js", ABSOLUTE),
        ("data/account.js", TAR_LINK),
        ("data/manifest.js", TAR_LINK),
        ("data/tty.js", TAR_LINK),
        ("data/pipe.js", TAR_LINK),
    ]
    data = load(path)
    assert len(data.posts) == 5
    # The link posing as account.js was not followed: the owner had to be inferred.
    assert data.accounts[0].display_name is None
    assert (f"{path}:data/account.js", TAR_LINK) in data.report.skipped_files


def test_tar_member_past_the_size_limit_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "MAX_MEMBER_BYTES", 1000)
    path = make_tar(tmp_path / "a.tar.gz", {"data/tweets.js": TWEETS, "data/small.js": b"ok"})
    bundle = open_bundle(path)
    assert bundle.names() == ["data/small.js"]
    assert bundle.skipped == [
        ("data/tweets.js", f"{len(TWEETS):,} bytes, past the safe limit; not read")
    ]


def test_folder_links_are_skipped_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.js").write_text("window.YTD.account.part0 = []")
    folder = tmp_path / "archive"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "tweets.js").write_bytes(TWEETS)
    (folder / "data" / "account.js").symlink_to(outside / "secret.js")
    (folder / "data" / "linked").symlink_to(outside, target_is_directory=True)
    (folder / "data" / "dangling.js").symlink_to(tmp_path / "nowhere")
    os.mkfifo(folder / "data" / "pipe.js")
    bundle = open_bundle(folder)
    assert isinstance(bundle, DirBundle)
    assert bundle.names() == ["data/tweets.js"]
    assert sorted(bundle.skipped) == [
        ("data/account.js", DIR_LINK),
        ("data/dangling.js", DIR_LINK),
        ("data/linked", DIR_LINK),
        ("data/pipe.js", "not a regular file, not read"),
    ]
    data = load(folder)  # the fifo is never opened (opening it would block)
    assert len(data.posts) == 5
    assert (str(folder / "data" / "linked"), DIR_LINK) in data.report.skipped_files


# --- zip bombs and lies -------------------------------------------------------------------


def test_a_member_with_a_zip_bomb_ratio_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data/tweets.js", bytes(8 << 20))  # 8 MiB of zeros: ratio ~1000
    info = zipfile.ZipFile(path).getinfo("data/tweets.js")
    assert info.file_size > 1 << 20
    assert info.file_size > sources.MAX_RATIO * info.compress_size
    bundle = open_bundle(path)
    with pytest.raises(UnsafeArchiveError) as caught:
        bundle.open("data/tweets.js")
    assert str(caught.value) == (
        f"{path}:data/tweets.js: would expand to {8 << 20:,} bytes from {info.compress_size:,}, "
        "past the safe limit; not read; unzip it yourself if you trust it, and give twoway the file"
    )
    with pytest.raises(UnsafeArchiveError):
        load(path)


def test_a_small_highly_compressible_member_is_fine(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "a.zip", {"zeros.bin": bytes(1 << 20)})  # exactly 1 MiB
    assert open_bundle(path).read_bytes("zeros.bin") == bytes(1 << 20)


def test_a_member_past_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    noise = random.Random(1).randbytes(5000)  # incompressible: the ratio is fine, the size is not
    path = make_zip(tmp_path / "a.zip", {"data/tweets.js": noise})
    monkeypatch.setattr(sources, "MAX_MEMBER_BYTES", 4096)
    with pytest.raises(UnsafeArchiveError) as caught:
        open_bundle(path).open("data/tweets.js")
    assert str(caught.value).startswith(f"{path}:data/tweets.js: would expand to 5,000 bytes from ")


def test_a_member_that_lies_about_its_size_never_expands_past_it(tmp_path: Path) -> None:
    path = tmp_path / "lie.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data/tweets.js", bytes(8 << 20))
    data = bytearray(path.read_bytes())
    struct.pack_into("<I", data, 22, 100)  # local header: uncompressed size
    struct.pack_into("<I", data, data.index(b"PK\x01\x02") + 24, 100)  # central directory
    path.write_bytes(data)
    bundle = open_bundle(path)
    assert bundle.size("data/tweets.js") == 100
    with pytest.raises(FormatError) as caught:
        bundle.read_bytes("data/tweets.js")
    assert str(caught.value) == (
        f"{path}:data/tweets.js: the archive is damaged or truncated "
        "(Bad CRC-32 for file 'data/tweets.js'); download or copy the export again"
    )


# --- damaged archives ---------------------------------------------------------------------


def test_a_truncated_zip_is_a_one_line_format_error(x_archive_zip: Path, tmp_path: Path) -> None:
    data = x_archive_zip.read_bytes()
    path = tmp_path / "cut.zip"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(FormatError) as caught:
        load(path)
    assert str(caught.value) == (
        f"{path}: not a readable zip archive (File is not a zip file); "
        "the download may be truncated: download or copy the export again"
    )


def test_damaged_compressed_data_is_a_format_error_naming_the_member(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "a.zip", x_archive_members("tweets.js"))
    data = bytearray(path.read_bytes())
    start = data.index(b"data/tweets.js") + len("data/tweets.js")
    data[start + 200 : start + 260] = bytes(60)
    path.write_bytes(data)
    with pytest.raises(FormatError) as caught:
        load(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:data/tweets.js: the archive is damaged or truncated (")
    assert message.endswith("); download or copy the export again")
    assert "\n" not in message


@pytest.mark.parametrize("content", [b"", b"hello world", b"<html>404 Not Found</html>", b"PK"])
def test_a_zip_that_is_not_a_zip(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "export.zip"
    path.write_bytes(content)
    with pytest.raises(FormatError) as caught:
        open_bundle(path)
    assert str(caught.value) == (
        f"{path}: named .zip but is not a zip archive; "
        "the download may be truncated: download or copy the export again"
    )


def test_a_truncated_tar_gz_is_a_format_error(tmp_path: Path) -> None:
    noise = random.Random(2).randbytes(20_000)
    data = make_tar(
        tmp_path / "a.tar.gz", {"data/tweets.js": TWEETS, "media/a.jpg": noise}
    ).read_bytes()
    path = tmp_path / "cut.tar.gz"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(FormatError) as caught:
        open_bundle(path)
    assert str(caught.value) == (
        f"{path}: not a readable tar archive (Compressed file ended before the end-of-stream "
        "marker was reached); the download may be truncated: download or copy the export again"
    )


# --- plain, gzip and tar inputs -----------------------------------------------------------


def test_a_gzipped_file_is_read_decompressed(tmp_path: Path) -> None:
    path = tmp_path / "tweets.js.gz"
    path.write_bytes(gzip.compress(TWEETS))
    bundle = open_bundle(path)
    assert isinstance(bundle, FileBundle)
    assert bundle.names() == ["tweets.js"]
    assert bundle.read_bytes("tweets.js") == TWEETS
    data = load(path)
    assert len(data.posts) == 5
    assert data.posts[0].provenance.file == str(path)


def test_a_truncated_gzipped_file_is_a_format_error(tmp_path: Path) -> None:
    packed = gzip.compress(TWEETS)
    path = tmp_path / "tweets.js.gz"
    path.write_bytes(packed[: len(packed) // 2])
    with pytest.raises(FormatError) as caught:
        load(path)
    assert str(caught.value) == (
        f"{path}: the archive is damaged or truncated (Compressed file ended before the "
        "end-of-stream marker was reached); download or copy the export again"
    )


def test_plain_tar_and_tar_gz_hold_the_same(tmp_path: Path) -> None:
    gz = make_tar(tmp_path / "a.tar.gz", x_archive_members("tweets.js", "account.js"))
    plain = tmp_path / "a.tar"
    plain.write_bytes(gzip.decompress(gz.read_bytes()))
    for path in (gz, plain):
        bundle = open_bundle(path)
        assert isinstance(bundle, TarBundle)
        assert bundle.names() == ["data/tweets.js", "data/account.js"]
        assert bundle.read_bytes("data/tweets.js") == TWEETS
        assert bundle.where("data/tweets.js") == f"{path}:data/tweets.js"


def test_find_and_glob(tmp_path: Path) -> None:
    bundle = open_bundle(
        make_zip(
            tmp_path / "a.zip",
            {
                "top/data/tweets.js": "",
                "top/data/tweets-part1.js": "",
                "data/tweet.js": "",
                "x.js": "",
            },
        )
    )
    assert bundle.find("tweets.js", "tweet.js") == ["data/tweet.js", "top/data/tweets.js"]
    assert bundle.find("s.js") == []
    assert bundle.glob("data/tweets*.js") == ["top/data/tweets-part1.js", "top/data/tweets.js"]
    assert bundle.glob("*.js") == sorted(bundle.names())


def test_progress_counts_every_byte(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "a.zip", x_archive_members("tweets.js"))
    counted: list[int] = []
    with open_bundle(path).open("data/tweets.js", progress=counted.append) as stream:
        assert stream.read() == TWEETS
    assert sum(counted) == len(TWEETS)


def test_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        open_bundle(tmp_path / "nowhere.zip")
    assert (
        str(caught.value) == f"{tmp_path / 'nowhere.zip'}: no such file or folder; check the path"
    )
    assert caught.value.problem == "no such file or folder"


# --- inputs are only read -----------------------------------------------------------------


def snapshot(path: Path) -> dict[str, tuple[bytes, int]]:
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*"))
    state = {str(p): (p.read_bytes() if p.is_file() else b"", p.stat().st_mtime_ns) for p in files}
    state["<folder>"] = (
        b"\n".join(sorted(n.encode() for n in os.listdir(path.parent))),
        path.parent.stat().st_mtime_ns,
    )
    return state


@pytest.mark.parametrize("kind", ["zip", "tar.gz", "folder", "gz"])
def test_reading_never_modifies_the_input(tmp_path: Path, kind: str) -> None:
    members = x_archive_members("tweets.js", "account.js", "note-tweet.js")
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    if kind == "zip":
        path = make_zip(inputs / "a.zip", members)
    elif kind == "tar.gz":
        path = make_tar(inputs / "a.tar.gz", members)
    elif kind == "gz":
        path = inputs / "tweets.js.gz"
        path.write_bytes(gzip.compress(TWEETS))
    else:
        path = inputs / "archive"
        for name, source in members.items():
            (path / name).parent.mkdir(parents=True, exist_ok=True)
            (path / name).write_bytes(source.read_bytes())
    for p in [path, *path.rglob("*")]:
        os.utime(p, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    before = snapshot(path)
    data = load(path)
    assert len(data.posts) == 5
    assert snapshot(path) == before


def open_files() -> list[str]:
    fds = Path("/proc/self/fd")
    names = []
    for fd in fds.iterdir():
        try:
            names.append(os.readlink(fd))
        except OSError:
            continue
    return names


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to list open files")
@pytest.mark.parametrize("suffix", ["zip", "tar", "tar.gz"])
def test_reading_leaves_no_archive_open(tmp_path: Path, suffix: str) -> None:
    members = x_archive_members("tweets.js", "account.js")
    gz = make_tar(tmp_path / "a.tar.gz", members)
    if suffix == "zip":
        path = make_zip(tmp_path / "a.zip", members)
    elif suffix == "tar":
        path = tmp_path / "a.tar"
        path.write_bytes(gzip.decompress(gz.read_bytes()))
    else:
        path = gz
    assert len(load(path).posts) == 5
    assert str(path) not in open_files()
    with open_bundle(path) as bundle:
        assert bundle.read_bytes("data/tweets.js") == TWEETS
    assert str(path) not in open_files()


# --- deflated members, inflated with ISA-L -------------------------------------------------


def _mixed_zip(path: Path, content: bytes) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("stored.txt", content, compress_type=zipfile.ZIP_STORED)
        archive.writestr("deflated.txt", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("empty.txt", b"", compress_type=zipfile.ZIP_DEFLATED)
    return path


def test_deflated_and_stored_members_read_the_same(tmp_path: Path) -> None:
    # 3 MB of varied text: several compressed chunks and many 1 MB reads of the buffered stream.
    words = random.Random(2).choices(
        [b"reply", b"thanks", b"@someone", b"\n", b"https://t.co/x"], k=400_000
    )
    content = b" ".join(words)
    bundle = open_bundle(_mixed_zip(tmp_path / "a.zip", content))
    assert bundle.read_bytes("stored.txt") == content
    assert bundle.read_bytes("deflated.txt") == content
    assert bundle.read_bytes("empty.txt") == b""
    with bundle.open("deflated.txt") as stream:
        assert stream.read(5) == content[:5]
        assert stream.read(70_000) == content[5:70_005]
        assert stream.read() == content[70_005:]


def test_deflated_members_are_inflated_by_isal_stored_ones_by_zipfile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inflated: list[str] = []
    real_inflater = sources._Inflater

    def inflater_spy(archive: Path, info: zipfile.ZipInfo) -> sources._Inflater:
        inflated.append(info.filename)
        return real_inflater(archive, info)

    monkeypatch.setattr(sources, "_Inflater", inflater_spy)
    bundle = open_bundle(_mixed_zip(tmp_path / "a.zip", b"hello"))
    assert [bundle.read_bytes(n) for n in ("stored.txt", "deflated.txt")] == [b"hello", b"hello"]
    assert inflated == ["deflated.txt"]


def test_a_deflated_member_with_a_wrong_crc_is_a_format_error(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "a.zip", {"data/tweets.js": bytes(1000)})
    data = bytearray(path.read_bytes())
    struct.pack_into("<I", data, data.index(b"PK\x01\x02") + 16, 12345)  # central directory CRC
    path.write_bytes(data)
    with pytest.raises(FormatError) as caught:
        open_bundle(path).read_bytes("data/tweets.js")
    assert str(caught.value) == (
        f"{path}:data/tweets.js: the archive is damaged or truncated "
        "(Bad CRC-32 for file 'data/tweets.js'); download or copy the export again"
    )


def test_a_deflated_member_with_damaged_data_is_a_format_error(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "a.zip", {"data/tweets.js": random.Random(3).randbytes(5000)})
    data = bytearray(path.read_bytes())
    start = 30 + len("data/tweets.js")  # the first member's data follows its local header
    data[start : start + 200] = b"\xff" * 200
    path.write_bytes(data)
    with pytest.raises(FormatError) as caught:
        open_bundle(path).read_bytes("data/tweets.js")
    assert str(caught.value).startswith(
        f"{path}:data/tweets.js: the archive is damaged or truncated ("
    )


def test_a_deflated_member_with_a_bad_local_header_is_a_format_error(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "a.zip", {"data/account.js": b"[]", "data/tweets.js": b"[]"})
    data = bytearray(path.read_bytes())
    second = data.index(b"PK\x03\x04", 4)  # the local header of data/tweets.js
    data[second : second + 4] = b"XXXX"
    path.write_bytes(data)
    with pytest.raises(FormatError) as caught:
        open_bundle(path).open("data/tweets.js")
    assert str(caught.value) == (
        f"{path}:data/tweets.js: cannot open archive member (Bad magic number for file header); "
        "download or copy the export again"
    )


def test_a_deflated_member_whose_header_names_another_file_is_a_format_error(
    tmp_path: Path,
) -> None:
    path = make_zip(tmp_path / "a.zip", {"data/tweets.js": b"[]"})
    data = bytearray(path.read_bytes())
    name = data.index(b"data/tweets.js")  # the first copy is the local header's
    data[name : name + len("data/tweets.js")] = b"data/tweetz.js"
    path.write_bytes(data)
    with pytest.raises(FormatError) as caught:
        open_bundle(path).open("data/tweets.js")
    assert str(caught.value) == (
        f"{path}:data/tweets.js: cannot open archive member (File name in directory "
        "'data/tweets.js' and header 'data/tweetz.js' differ.); download or copy the export again"
    )


# --- names that are not UTF-8 ----------------------------------------------------------------


def not_utf8_name(folder: Path, name: bytes) -> Path:
    """``folder / name`` for a name whose bytes are not UTF-8, as Python sees it (lone
    surrogates); skips where the file system refuses such names (macOS)."""
    path = folder / os.fsdecode(name)
    try:
        path.touch()
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system takes UTF-8 names only")
    path.unlink()
    return path


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("plain.zip", "plain.zip"),
        ("café.zip", "café.zip"),
        (os.fsdecode(b"caf\xe9.zip"), "caf\ufffd.zip"),
        ("\ud800.zip", "?.zip"),  # a surrogate no file name gives: replaced, never a crash
    ],
)
def test_shown_name_holds_no_surrogates(name: str, shown: str) -> None:
    assert sources.shown_name(name) == shown
    sources.shown_name(name).encode("utf-8")


def test_a_name_that_is_not_utf8_is_shown_with_a_replacement_character(tmp_path: Path) -> None:
    """Such a name reached the JSON, HTML and workspace writers, which cannot hold it: exit 3."""
    archive = not_utf8_name(tmp_path, b"caf\xe9.zip")
    make_zip(archive, x_archive_members("tweets.js", "account.js"))
    folder = not_utf8_name(tmp_path, b"d\xe9")
    folder.mkdir()
    (folder / "tweets.js").write_bytes(TWEETS)
    with open_bundle(archive) as bundle:
        assert bundle.where("data/tweets.js") == f"{tmp_path}/caf\ufffd.zip:data/tweets.js"
    assert DirBundle(folder).where("tweets.js") == f"{tmp_path}/d\ufffd/tweets.js"
    data = load(archive)
    assert {p.provenance.file for p in data.posts} == {f"{tmp_path}/caf\ufffd.zip:data/tweets.js"}
    assert data.report.inputs == [(f"{tmp_path}/caf\ufffd.zip", "x-archive")]
