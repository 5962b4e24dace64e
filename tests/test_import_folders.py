"""What an import folder may hold besides monographs: symbolic links (out of the folder,
inside it, dangling, in a loop), FIFOs, sockets and devices. Each is skipped with a line
that says so, nothing outside the folder is read, and nothing blocks."""

import os
import signal
import socket
import stat
from pathlib import Path

import pytest

from monographs.importing import pipeline
from monographs.importing.files import find_monograph_files, read_monograph_file
from monographs.models import Drug
from tests.conftest import write_monograph
from tests.test_commands import GOOD, run_import

pytestmark = pytest.mark.django_db

LINK = "skipped: a symbolic link (--follow-symlinks to follow links inside the folder)"
OUTSIDE = "skipped: a symbolic link to outside the folder"
LOOP = "skipped: a symbolic link loop (it leads to a folder that holds it)"
DANGLING = "skipped: a dangling symbolic link (its target does not exist)"
FIFO = "skipped: not a regular file (a FIFO)"


@pytest.fixture(autouse=True)
def never_hang():
    """A FIFO opened for reading blocks until a writer comes: fail instead of hanging."""
    previous = signal.signal(signal.SIGALRM, lambda *_: pytest.fail("the import blocked"))
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def files_read(monkeypatch):
    """The real paths the import opens."""
    opened = []

    def spy(path):
        opened.append(Path(path))
        return read_monograph_file(path)

    monkeypatch.setattr(pipeline, "read_monograph_file", spy)
    return opened


@pytest.fixture
def folders(tmp_path):
    """An import folder with one monograph, and beside it a folder it must not read from,
    holding a file that would import if it were read."""
    folder, outside = tmp_path / "import", tmp_path / "outside"
    folder.mkdir()
    outside.mkdir()
    write_monograph(folder, "testazol.md", GOOD)
    write_monograph(outside, "secret.md", GOOD.replace("Testazol", "Secretazol"))
    return folder, outside


def import_folder(folder, *options):
    out, err, error = run_import(folder, *options)
    assert error is None, err
    assert "Traceback" not in out + err
    return out


def line(folder, name, text):
    return f"{folder / name}: {text}"


@pytest.mark.parametrize("follow", [False, True], ids=["default", "--follow-symlinks"])
def test_links_out_of_the_folder_are_never_read(folders, files_read, follow):
    folder, outside = folders
    (folder / "secret.md").symlink_to(outside / "secret.md")
    (folder / "passwd.md").symlink_to("/etc/passwd")
    (folder / "elsewhere").symlink_to(outside, target_is_directory=True)
    out = import_folder(folder, *(["--follow-symlinks"] if follow else []))
    reason = OUTSIDE if follow else LINK
    for name in ["secret.md", "passwd.md", "elsewhere"]:
        assert line(folder, name, reason) in out
    assert files_read == [folder / "testazol.md"]
    assert list(Drug.objects.filter(name__endswith="azol").values_list("name", flat=True)) == [
        "Testazol"
    ]


def test_links_inside_the_folder_are_followed_only_when_asked(folders, files_read):
    folder, _ = folders
    (folder / "sources").mkdir()
    write_monograph(folder / "sources", "kept-as.txt", GOOD.replace("Testazol", "Linkazol"))
    (folder / "linkazol.md").symlink_to(Path("sources") / "kept-as.txt")
    (folder / "alias.md").symlink_to("testazol.md")
    (folder / "mirror").symlink_to("sources", target_is_directory=True)

    out = import_folder(folder)
    for name in ["linkazol.md", "alias.md", "mirror"]:
        assert line(folder, name, LINK) in out
    assert not Drug.objects.filter(name="Linkazol").exists()

    out = import_folder(folder, "--follow-symlinks")
    to_file = "skipped: a symbolic link to testazol.md, read under its own name"
    to_folder = "skipped: a symbolic link to the folder sources, read under its own name"
    assert line(folder, "alias.md", to_file) in out
    assert line(folder, "mirror", to_folder) in out
    linked = Drug.objects.get(name="Linkazol")
    assert linked.source_path == "linkazol.md"
    assert (folder / "sources" / "kept-as.txt").resolve() in files_read
    assert Drug.objects.filter(name="Testazol").count() == 1


@pytest.mark.parametrize("follow", [False, True], ids=["default", "--follow-symlinks"])
def test_dangling_links_and_loops_get_a_line(folders, follow):
    folder, _ = folders
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to("..", target_is_directory=True)
    (folder / "sub" / "itself").symlink_to(".", target_is_directory=True)
    (folder / "gone.md").symlink_to("missing.md")
    (folder / "ping.md").symlink_to("pong.md")
    (folder / "pong.md").symlink_to("ping.md")
    out = import_folder(folder, *(["--follow-symlinks"] if follow else []))
    assert line(folder, "gone.md", DANGLING) in out
    assert line(folder, "ping.md", "skipped: a symbolic link loop") in out
    assert line(folder, "pong.md", "skipped: a symbolic link loop") in out
    for name in ["sub/up", "sub/itself"]:
        assert line(folder, name, LOOP if follow else LINK) in out
    assert "1 created" in out


def test_fifos_sockets_and_devices_are_skipped_without_opening_them(folders, monkeypatch):
    folder, _ = folders
    os.mkfifo(folder / "pipe.md")
    os.mkfifo(folder / "pipe")
    monkeypatch.chdir(folder)  # a socket's path must be short
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind("socket.md")
        devices = []
        try:
            os.mknod(folder / "null.md", stat.S_IFCHR | 0o600, os.makedev(1, 3))
            devices.append("null.md")
        except PermissionError:
            pass  # no CAP_MKNOD here: FIFOs and sockets still show the rule
        out = import_folder(folder)
        explicit = run_import(folder / "pipe.md")[0]
    assert line(folder, "pipe.md", FIFO) in out
    assert line(folder, "pipe", FIFO) in out
    assert line(folder, "socket.md", "skipped: not a regular file (a socket)") in out
    for name in devices:
        assert line(folder, name, "skipped: not a regular file (a character device)") in out
    assert line(folder, "pipe.md", FIFO) in explicit
    assert "1 created" in out


def test_a_folder_named_through_a_link_is_the_operators_choice(folders):
    folder, outside = folders
    (outside / "import-link").symlink_to(folder, target_is_directory=True)
    out = import_folder(outside / "import-link")
    assert "1 created" in out and "skipped" not in out


def test_the_walk_keeps_the_order_of_a_sorted_recursive_search(tmp_path):
    for name in ["b.md", "a/z.md", "a-b.md", "a/b/c.md", "A.md", "notes.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    files, skipped = find_monograph_files([tmp_path])
    assert [source.source_name for source in files] == [
        path.relative_to(tmp_path).as_posix() for path in sorted(tmp_path.rglob("*.md"))
    ]
    assert skipped == []


def test_a_file_replaced_by_a_link_or_a_fifo_after_the_walk_is_not_read(tmp_path):
    (tmp_path / "now-a-link.md").symlink_to("/etc/passwd")
    os.mkfifo(tmp_path / "now-a-fifo.md")
    with pytest.raises(OSError):
        read_monograph_file(tmp_path / "now-a-link.md")
    with pytest.raises(OSError, match="not a regular file"):
        read_monograph_file(tmp_path / "now-a-fifo.md")
