"""Monograph files: finding them, and the content hash that tells an unchanged one."""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from monographs.importing.data import MonographError
from monographs.limits import MAX_MONOGRAPH_BYTES

# Part of every content hash: raising it makes the next import re-read unchanged files,
# which is what a change to the parser needs.
PARSER_VERSION = "4"


@dataclass
class SourceFile:
    path: Path
    source_name: str  # the path relative to the folder given: the file's identity
    data: bytes = b""
    digest: str = ""
    known: bool = False  # a monograph was imported from this source before


def find_monograph_files(paths):
    """A SourceFile for every .md file, searched recursively, in a stable order.

    A path that does not exist comes back with a source_name of "", to be reported.
    """
    found = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                SourceFile(file, file.relative_to(path).as_posix())
                for file in sorted(path.rglob("*.md"))
                if file.is_file()
            )
        elif path.is_file():
            found.append(SourceFile(path, path.name))
        else:
            found.append(SourceFile(path, ""))
    return found


def content_hash(data):
    return hashlib.sha256(PARSER_VERSION.encode() + b"\0" + data).hexdigest()


def read_monograph_file(path):
    """A monograph file's bytes. A file over MAX_MONOGRAPH_BYTES is refused from its size,
    before it is read, and one that grows past it while read is refused too: no more than
    one byte over the limit is ever read."""
    refuse_if_too_large(path.stat().st_size)
    with path.open("rb") as file:
        data = file.read(MAX_MONOGRAPH_BYTES + 1)
    refuse_if_too_large(len(data))
    return data


def refuse_if_too_large(size):
    if size > MAX_MONOGRAPH_BYTES:
        raise MonographError(
            f"the file is too large: {size:,} bytes, where a monograph may have "
            f"{MAX_MONOGRAPH_BYTES:,}"
        )
