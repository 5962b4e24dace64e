"""Monograph files: finding them, reading them, and the content hash that tells an
unchanged one.

A folder is walked without following symbolic links: a link may lead out of the folder
(to /etc/passwd) or round in a loop. With follow_symlinks a link is followed only when
its target is inside the folder, and each file is read once, under its own name where
the walk finds it. Links, FIFOs, sockets and devices that are not read are reported as
skipped, and nothing but a regular file is ever opened (opening a FIFO blocks).
"""

import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from monographs.importing.data import MonographError
from monographs.limits import MAX_MONOGRAPH_BYTES

# Part of every content hash: raising it makes the next import re-read unchanged files,
# which is what a change to the parser needs.
PARSER_VERSION = "20"

FOLLOW_HINT = "--follow-symlinks to follow links inside the folder"
LINK_ERRORS = {
    errno.ELOOP: "a symbolic link loop",
    errno.ENOENT: "a dangling symbolic link (its target does not exist)",
}


@dataclass
class SourceFile:
    path: Path
    source_name: str  # the path relative to the folder given: the file's identity
    data: bytes = b""
    digest: str = ""
    known: bool = False  # a monograph was imported from this source before
    real_path: Path | None = None  # where to read it: a followed link's target


@dataclass
class Skipped:
    """An entry of an import folder that is not read, and why."""

    path: Path
    reason: str


def find_monograph_files(paths, follow_symlinks=False):
    """(files, skipped): a SourceFile for every .md file, folders searched recursively, in
    a stable order; a Skipped for each link or special file (FIFO, socket, device) left out.

    A path named on the command line is the operator's choice and is followed if it is a
    link. A path that does not exist comes back with a source_name of "", to be reported.
    """
    found, skipped = [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            walk = FolderWalk(path, follow_symlinks)
            found += walk.files
            skipped += walk.skipped
        elif path.is_file():
            found.append(SourceFile(path, path.name, real_path=path.resolve()))
        elif path.exists():
            skipped.append(Skipped(path, not_a_file(path.stat())))
        else:
            found.append(SourceFile(path, ""))
    return found, skipped


class FolderWalk:
    """The .md files under a folder, walked with os.scandir, never through a link.

    The links found are dealt with after the walk, when every file the folder really
    holds is known: a link to one of them is a second name for it, not a second file.
    """

    def __init__(self, folder, follow_symlinks):
        self.folder = folder
        self.root = folder.resolve()
        self.files, self.skipped, self.links = [], [], []
        self.read_files = {}  # (device, inode) -> the name a file is read under
        self.walk()
        for link in sorted(self.links):
            self.consider_link(link, follow_symlinks)
        self.files.sort(key=lambda source: Path(source.source_name).parts)
        self.skipped.sort(key=lambda skipped: skipped.path.parts)

    def name_of(self, path):
        return path.relative_to(self.folder).as_posix()

    def walk(self):
        folders = [self.folder]
        while folders:
            folder = folders.pop()
            try:
                entries = list(os.scandir(folder))
            except OSError as error:
                self.skip(folder, f"the folder cannot be read ({error.strerror})")
                continue
            for entry in entries:
                path = Path(entry.path)
                if entry.is_symlink():
                    self.links.append(path)
                elif entry.is_dir(follow_symlinks=False):
                    folders.append(path)
                elif not entry.is_file(follow_symlinks=False):
                    self.skip(path, not_a_file(entry.stat(follow_symlinks=False)))
                elif entry.name.endswith(".md"):
                    self.add_file(path, path, entry.stat(follow_symlinks=False))

    def add_file(self, path, real_path, info):
        if not stat.S_ISREG(info.st_mode):
            self.skip(path, not_a_file(info))
            return
        self.read_files[(info.st_dev, info.st_ino)] = self.name_of(path)
        self.files.append(SourceFile(path, self.name_of(path), real_path=real_path))

    def skip(self, path, reason):
        self.skipped.append(Skipped(path, reason))

    def consider_link(self, link, follow_symlinks):
        """Follow the link if allowed and it leads inside the folder; else say why not.

        A link that could not have been a monograph (its name does not end in .md and it
        leads to a file) is passed over in silence, like any other file.
        """
        try:
            target = Path(os.path.realpath(link, strict=True))
            info = target.stat()
        except OSError as error:
            self.skip(link, LINK_ERRORS.get(error.errno) or f"a symbolic link ({error.strerror})")
            return
        is_folder = stat.S_ISDIR(info.st_mode)
        if not is_folder and not link.name.endswith(".md"):
            return
        if not follow_symlinks:
            self.skip(link, f"a symbolic link ({FOLLOW_HINT})")
        elif not target.is_relative_to(self.root):
            self.skip(link, "a symbolic link to outside the folder")
        elif is_folder and link.parent.resolve().is_relative_to(target):
            self.skip(link, "a symbolic link loop (it leads to a folder that holds it)")
        elif is_folder:
            # Every folder inside the folder is walked already, under its own name.
            name = self.name_of(self.folder / target.relative_to(self.root)) or "."
            self.skip(link, f"a symbolic link to the folder {name}, read under its own name")
        elif (info.st_dev, info.st_ino) in self.read_files:
            name = self.read_files[(info.st_dev, info.st_ino)]
            self.skip(link, f"a symbolic link to {name}, read under its own name")
        else:
            self.add_file(link, target, info)


def not_a_file(info):
    kinds = [
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ]
    kind = next((name for test, name in kinds if test(info.st_mode)), "of an unknown kind")
    return f"not a regular file ({kind})"


def content_hash(data):
    return hashlib.sha256(PARSER_VERSION.encode() + b"\0" + data).hexdigest()


def read_monograph_file(path):
    """The bytes of the regular file at path, or OSError (or MonographError for its size).

    Opened without following a link and without blocking, then checked, in case the walk's
    file has been replaced since. A file over MAX_MONOGRAPH_BYTES is refused from its size,
    before it is read, and one that grows past it while read is refused too: no more than
    one byte over the limit is ever read."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(path, flags)
    with open(descriptor, "rb") as file:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        refuse_if_too_large(status.st_size)
        data = file.read(MAX_MONOGRAPH_BYTES + 1)
    refuse_if_too_large(len(data))
    return data


def refuse_if_too_large(size):
    if size > MAX_MONOGRAPH_BYTES:
        raise MonographError(
            f"the file is too large: {size:,} bytes, where a monograph may have "
            f"{MAX_MONOGRAPH_BYTES:,}"
        )
