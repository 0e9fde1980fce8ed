"""Turn command-line inputs into pages to lint, and read each one's bytes."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from . import globs
from .errors import InputError
from .globs import GlobSet
from .links.settings import LinkSettings
from .model import InputFailure
from .realpaths import RealPaths

HTML_SUFFIXES = (".html", ".htm")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Magic numbers of files that are often found beside pages: images, PDF, archives.
_BINARY_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"RIFF")


@dataclass(frozen=True)
class Source:
    display: str  # the path shown in reports
    path: Path | None = None  # a local file
    url: str | None = None  # an http(s) URL
    root: Path | None = None  # the directory argument this file was found under
    stdin: bool = False


@dataclass(frozen=True)
class Page:
    data: bytes
    encoding: str | None  # a transport-level charset (HTTP Content-Type), if any
    url: str | None


def is_url(arg: str) -> bool:
    return arg.startswith(("http://", "https://"))


def expand(args: Iterable[str], exclude: GlobSet, base_dir: Path,
           stdin_filename: str | None = None) -> tuple[list[Source], list[InputFailure]]:
    """The pages the arguments name, and a failure for each argument that names none. An
    argument that is not an existing path but holds a glob character is a pattern in the
    dialect of ``globs``; one that cannot be used raises GlobError (a usage error)."""
    sources: list[Source] = []
    failures: list[InputFailure] = []
    seen: set[str] = set()
    real = RealPaths()

    def add(source: Source) -> None:
        key = source.url or (real(source.path) if source.path else "-")
        if key not in seen:
            seen.add(key)
            sources.append(source)

    def excluded(path: Path, root: Path | None) -> bool:
        candidates = [real.relative(path, base_dir) or path.as_posix()]
        if root is not None:
            candidates.append(real.relative(path, root) or path.as_posix())
        return any(exclude.matches(c) for c in candidates)

    for arg in args:
        if arg == "-":
            add(Source(display=display_name(stdin_filename) if stdin_filename else "<stdin>", stdin=True,
                       path=Path(stdin_filename) if stdin_filename else None))
        elif is_url(arg):
            add(Source(display=arg, url=arg))
        elif os.path.isdir(arg):
            root = Path(arg)
            found = sorted(p for p in root.rglob("*") if p.suffix.lower() in HTML_SUFFIXES and _not_dir(p))
            if not found:
                failures.append(InputFailure(display_name(arg), "no HTML files (*.html, *.htm) in this "
                                                                "folder"))
            for path in found:
                if not excluded(path, root):
                    add(Source(display=_show(path), path=path, root=root))
        elif os.path.exists(arg):
            path = Path(arg)
            if not excluded(path, None):
                add(Source(display=_show(path), path=path))
        elif globs.is_pattern(arg) or arg.startswith("!"):
            files = [Path(m) for m in globs.find(arg) if _not_dir(Path(m))]
            if not files:
                failures.append(InputFailure(display_name(arg), "no files match this pattern"))
            for path in files:
                if not excluded(path, None):
                    add(Source(display=_show(path), path=path))
        else:
            failures.append(InputFailure(display_name(arg), "no such file or directory"))
    return sources, failures


def _not_dir(path: Path) -> bool:
    """Whether a name found in a folder is a page to read: anything but a folder. A FIFO, a
    device, a socket or a dangling symlink is kept, so that reading it gives its one-line
    refusal instead of a silent skip."""
    return not path.is_dir()


def _show(path: Path) -> str:
    return display_name(path.as_posix())


def display_name(name: str) -> str:
    """A file name as reports show it: bytes that are not UTF-8 and control characters
    (a newline could fake a report line) written as backslash escapes."""
    raw = os.fsencode(name)
    text = raw.decode("utf-8", "backslashreplace")
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def read(source: Source, *, offline: bool, read_stdin: Callable[[int], bytes],
         links: LinkSettings | None = None, user_agent: str = "govlint",
         max_bytes: int | None = None) -> Page:
    """The page's bytes; raises InputError with one clear line when it cannot be read. A URL
    is fetched under the [links] address guard and bounds (``links``). Only regular files are
    read (a device or FIFO could be endless or block forever), and never more than
    ``max_bytes``. ``read_stdin(n)`` reads at most n bytes of standard input (all when n is
    -1, as ``file.read``): one byte past the limit is enough to know the input is too big, so
    an endless stream (``< /dev/zero``) costs no more than the limit."""
    if source.stdin:
        data = read_stdin(-1 if max_bytes is None else max_bytes + 1)
        _check_size(len(data), max_bytes)
        return Page(check_text(data), None, None)
    if source.url is not None:
        if offline:
            raise InputError("URL input needs the network, but --offline is set")
        return _fetch(source.url, links or LinkSettings(), user_agent)
    assert source.path is not None
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
        fd = os.open(source.path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError("is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"not a regular file ({_kind(info.st_mode)}), so it is not read")
        _check_size(info.st_size, max_bytes)
        try:
            data = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror or exc}") from None
    _check_size(len(data), max_bytes)  # it may have grown since fstat
    return Page(check_text(data), None, None)


def _kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"))
    return next((name for test, name in kinds if test(mode)), "not a file")


def _check_size(size: int, max_bytes: int | None) -> None:
    if max_bytes is not None and size > max_bytes:
        raise InputError(f"larger than the input size limit of {_size(max_bytes)} (--max-file-size)")


def _size(size: int) -> str:
    megabytes, rest = divmod(size, 1024 * 1024)
    return f"{megabytes} MB" if megabytes and not rest else f"{size:,} bytes"


def check_text(data: bytes) -> bytes:
    """The bytes, or InputError when they are binary rather than HTML."""
    # NUL padding at the end of a saved page is harmless; NULs near the start mean binary.
    if data.startswith(_BINARY_MAGIC) or (b"\x00" in data[:1024] and not data.startswith(_UTF16_BOMS)):
        raise InputError("binary file, not HTML")
    return data


def _fetch(url: str, links: LinkSettings, user_agent: str) -> Page:
    # The HTTP client (http.client, ssl, email) is imported only for a URL input.
    from .links.fetch import FetchError, FetchLimits, fetch_page

    limits = FetchLimits(links.policy(), links.timeout, links.max_body_size, links.max_redirects,
                         user_agent)
    try:
        fetched = fetch_page(url, limits)
    except FetchError as exc:
        raise InputError(str(exc)) from None
    return Page(check_text(fetched.data), fetched.charset, fetched.url)
