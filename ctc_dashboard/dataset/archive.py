"""A ZIP from a stranger -> its CSV members as bytes, or every reason to refuse it.

Nothing is written to disk and nothing in the archive is believed before it is checked: the
directory's member count and size are bounded before Python parses it, every member name is
checked (no ``..``, no absolute or drive-letter path, no NUL, readable as UTF-8), each member is
decompressed with our own cap rather than the size its header declares, and the bytes that come
out must match that declared size and the checksum. Each refusal names the archive and member.
"""

from __future__ import annotations

import copy
import io
import re
import stat
import struct
import zipfile
from collections.abc import Iterable
from pathlib import PurePosixPath

from ..limits import ZIP_MEMBERS, ZIP_NAME_CHARS, ZIP_UNPACKED_BYTES
from .problems import DataError, Problem

_DIRECTORY_ENTRY = 46  # fixed part of a central directory entry, before its name
_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"
_EOCD64 = b"PK\x06\x06"
_NESTED = (".zip", ".7z", ".rar", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".jar")
_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# What a file that is not a ZIP most likely is, from its first bytes: said in the report.
_SIGNATURES = [
    (b"\x1f\x8b", "a gzip file"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0", "an old Excel (.xls) or Office file"),
    (b"BZh", "a bzip2 file"),
    (b"\xfd7zXZ", "an xz file"),
]


def shown_name(name: str) -> str:
    """A member name as a report shows it: control characters escaped, long names cut."""
    name = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", name)
    return name if len(name) <= 120 else name[:120] + f"… ({len(name)} characters)"


def base_name(member: str) -> str:
    """The file name of a member, whichever separator the tool that made the archive used."""
    return re.split(r"[\\/]", member)[-1]


def _member_problem(label: str, member: str, value: str | None, expected: str) -> Problem:
    return Problem(f"{label} › {shown_name(member)}", None, None, value, expected)


def _what_it_is(data: bytes) -> str:
    if not data:
        return "the file is empty"
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            return f"this file is {what}"
    head = data[:4096]
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return "this file is not a ZIP archive"
    if "," in text and "\n" in text:
        return "this file is CSV text: upload it under its .csv name"
    return "this file is text, not a ZIP archive"


def _directory_bounds(data: bytes) -> tuple[int, int] | None:
    """(members, directory bytes) as the end-of-directory record declares them, or None if absent.

    Read by hand so that a directory claiming millions of entries is refused before
    ``zipfile`` builds an object for each of them.
    """
    at = data.rfind(_EOCD, max(0, len(data) - 22 - 65_535))
    if at < 0 or len(data) < at + 22:
        return None
    entries, size = struct.unpack_from("<HI", data, at + 10)
    if entries == 0xFFFF or size == 0xFFFFFFFF:  # ZIP64: the real numbers are in the ZIP64 record
        loc = at - 20
        if loc < 0 or data[loc:loc + 4] != _EOCD64_LOCATOR:
            return entries, size
        (offset,) = struct.unpack_from("<Q", data, loc + 8)
        if offset + 56 > len(data) or data[offset:offset + 4] != _EOCD64:
            return None
        entries, size = struct.unpack_from("<QQ", data, offset + 32)
    return entries, size


def _name_problems(label: str, info: zipfile.ZipInfo) -> tuple[str, list[Problem]]:
    """The member's name as it should be read, and what is wrong with it."""
    name = info.filename
    if "\0" in info.orig_filename:
        return name, [_member_problem(label, info.orig_filename, None,
                                      "a member name without a NUL character (a trick to disguise the file type)")]
    if not info.flag_bits & 0x800 and not name.isascii():
        # No UTF-8 flag: zipfile read the name as cp437. Many tools (macOS, Info-ZIP) write UTF-8
        # without setting the flag; only a name whose bytes are not UTF-8 at all is refused.
        raw = name.encode("cp437")
        try:
            name = raw.decode("utf-8")
        except UnicodeDecodeError:
            shown = raw.decode("ascii", "backslashreplace")
            return name, [_member_problem(label, shown, None,
                                          "a member name in UTF-8; this one is in an old DOS or Windows encoding "
                                          "(zip the files again with a tool that writes UTF-8 names, e.g. 7-Zip)")]
    problems = []
    if len(name) > ZIP_NAME_CHARS.value:
        problems.append(_member_problem(label, name, f"{len(name)} characters",
                                        f"a member name of at most {ZIP_NAME_CHARS.value} characters"))
    parts = re.split(r"[\\/]", name)
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        problems.append(_member_problem(label, name, None,
                                        "a relative path inside the archive (this one is absolute or has a drive "
                                        "letter)"))
    elif ".." in parts:
        problems.append(_member_problem(label, name, None,
                                        "a path inside the archive (this one climbs out of it with '..')"))
    return name, problems


def _ignored(name: str) -> bool:
    """macOS resource forks and hidden files travel in ZIPs made by hand; they are not data."""
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return "__MACOSX" in parts or any(p.startswith(".") and p not in (".", "..") for p in parts)


def _is_link(info: zipfile.ZipInfo) -> bool:
    return info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16)


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, label: str, name: str,
                 budget: int) -> tuple[bytes | None, list[Problem]]:
    """Decompress at most ``budget`` + 1 bytes, whatever the header says, then compare."""
    probe = copy.copy(info)
    # zipfile stops at file_size (and checks the CRC there): make it stop past our cap instead.
    probe.file_size = budget + 2
    try:
        with zf.open(probe) as f:
            data = f.read(budget + 1)
            if len(data) > budget:
                return None, [_member_problem(label, name, f"more than {budget:,} bytes once unpacked",
                                              f"at most {ZIP_UNPACKED_BYTES.value // 2**20} MiB of CSV in the whole "
                                              "archive once unpacked")]
    except RuntimeError as e:  # encrypted
        return None, [_member_problem(label, name, None, f"a member without a password ({e})")]
    except NotImplementedError as e:
        return None, [_member_problem(label, name, None, f"a member compressed with Deflate or stored ({e})")]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as e:
        if "CRC" in str(e):
            # The data ran past (or short of) what the checksum covers: the header's size or CRC lies.
            return None, [_member_problem(label, name, None,
                                          "a member whose bytes match its checksum (the archive is damaged, or its "
                                          "header gives a false size)")]
        return None, [_member_problem(label, name, None, f"an intact member ({e})")]
    if len(data) != info.file_size:
        return None, [_member_problem(label, name, f"{info.file_size:,} bytes declared, {len(data):,} found",
                                      "a member whose header gives its true size")]
    return data, []


def read_zip(data: bytes, label: str = "upload.zip") -> dict[str, bytes]:
    """The CSV members of a ZIP (any one folder inside it), by file name. Raises DataError."""
    try:
        return _read_zip(data, label)
    except DataError:
        raise
    except Exception as e:  # hostile input must get a report, never a traceback
        raise DataError([Problem(label, None, None, None, f"a ZIP archive that can be read ({e})")], label) from None


def _read_zip(data: bytes, label: str) -> dict[str, bytes]:
    if not data.startswith(b"PK") or not zipfile.is_zipfile(io.BytesIO(data)):
        raise DataError([Problem(label, None, None, None, f"a ZIP archive of CSV files; {_what_it_is(data)}")],
                        label)
    bounds = _directory_bounds(data)
    if bounds is None:
        raise DataError([Problem(label, None, None, None, "a ZIP archive with a readable directory")], label)
    entries, size = bounds
    most = ZIP_MEMBERS.value
    if entries > most or size > most * (_DIRECTORY_ENTRY + ZIP_NAME_CHARS.value + 1024):
        raise DataError([Problem(label, None, None, f"{entries:,} members",
                                 f"at most {most:,} members (a data package has 7)")], label)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, NotImplementedError, EOFError) as e:
        raise DataError([Problem(label, None, None, None, f"a ZIP archive of CSV files ({e})")], label) from None
    with zf:
        infos = zf.infolist()
        if len(infos) > ZIP_MEMBERS.value:
            raise DataError([Problem(label, None, None, f"{len(infos):,} members",
                                     f"at most {ZIP_MEMBERS.value:,} members (a data package has 7)")], label)
        return _read_members(zf, infos, label)


def _read_members(zf: zipfile.ZipFile, infos: Iterable[zipfile.ZipInfo], label: str) -> dict[str, bytes]:
    problems: list[Problem] = []
    tables: dict[str, list[tuple[str, zipfile.ZipInfo]]] = {}
    for info in infos:
        name, name_problems = _name_problems(label, info)
        problems += name_problems
        if name_problems or info.is_dir() or _ignored(name):
            continue
        lower = name.lower()
        if _is_link(info):
            problems.append(_member_problem(label, name, None, "a regular file (this member is a symbolic link)"))
        elif lower.endswith(_NESTED):
            problems.append(_member_problem(label, name, None,
                                            "CSV files, not an archive inside the archive (unpack it and upload "
                                            "its CSV files, or upload it on its own)"))
        elif lower.endswith(".csv"):
            tables.setdefault(base_name(name).casefold(), []).append((name, info))
    for same in tables.values():
        if len(same) > 1:
            names = ", ".join(shown_name(n) for n, _ in same)
            for n, _ in same:
                problems.append(_member_problem(label, n, None,
                                                f"one {base_name(n)} in the archive; it has "
                                                f"{len(same)}: {names}"))
    if problems:
        raise DataError(problems, label)
    if not tables:
        hint = (" (this is an Excel workbook: save each sheet as 'CSV UTF-8')"
                if any(i.filename == "[Content_Types].xml" for i in zf.infolist()) else "")
        raise DataError([Problem(label, None, None, None,
                                 f"the CSV tables (meetings.csv, …); this archive holds no .csv file{hint}")], label)
    declared = sum(same[0][1].file_size for same in tables.values())
    if declared > ZIP_UNPACKED_BYTES.value:
        raise DataError([Problem(label, None, None, f"{declared:,} bytes",
                                 f"at most {ZIP_UNPACKED_BYTES.value // 2**20} MiB of CSV once unpacked")], label)
    out: dict[str, bytes] = {}
    budget = ZIP_UNPACKED_BYTES.value
    for name, info in (same[0] for same in tables.values()):
        content, member_problems = _read_member(zf, info, label, name, budget)
        problems += member_problems
        if content is None:
            if any("once unpacked" in (p.value or "") for p in member_problems):
                break  # the budget is spent: reading further members would only repeat it
            continue
        if content.startswith(b"PK\x03\x04"):
            problems.append(_member_problem(label, name, None,
                                            "a CSV text file; this member is itself a ZIP archive"))
            continue
        budget -= len(content)
        out[base_name(name)] = content
    if problems:
        raise DataError(problems, label)
    return out
