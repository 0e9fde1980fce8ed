"""The estate's list of sites: a file of URLs, one a line, or a CSV with a ``url`` (or GSA Site
Scanning's ``target_url``) column whose other columns (agency, bureau, office) are carried
into the estate report."""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import UsageError

URL_COLUMNS = ("url", "target_url")
MAX_FILE = 64 * 1024 * 1024  # a list of every federal site is a few MB
csv.field_size_limit(1024 * 1024)


@dataclass(frozen=True)
class Site:
    """One site of the estate: where its crawl starts and the columns it came with."""

    index: int  # its place in the list: reports keep that order
    url: str
    columns: tuple[tuple[str, str], ...] = ()

    @property
    def key(self) -> str:
        """The name of its shard: the same URL always gets the same one, on every machine."""
        return hashlib.sha256(self.url.encode()).hexdigest()[:20]


@dataclass(frozen=True)
class Estate:
    sites: tuple[Site, ...]
    columns: tuple[str, ...]  # the carried columns, in the file's order
    duplicates: int = 0  # lines naming a site already listed (scanned once)


def read(path: Path) -> Estate:
    try:
        if path.stat().st_size > MAX_FILE:
            raise UsageError(f"{path}: larger than {MAX_FILE // 2**20} MB, not a list of sites")
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read the list of sites {path}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    return parse(text, str(path))


def parse(text: str, name: str = "<sites>") -> Estate:
    """Sites from the file's text; a line that is not a site is a one-line error naming it."""
    lines = text.splitlines()
    first = next((line for line in lines if line.strip() and not line.lstrip().startswith("#")), "")
    header = next(csv.reader([first]), []) if first else []
    names = [h.strip().lower() for h in header]
    if any(n in URL_COLUMNS for n in names):
        return _from_csv(text, name)
    sites: list[Site] = []
    seen: set[str] = set()
    duplicates = 0
    for number, line in enumerate(lines, 1):
        value = line.strip()
        if not value or value.startswith("#"):
            continue
        url = normalise(value, f"{name}:{number}")
        if url in seen:
            duplicates += 1
            continue
        seen.add(url)
        sites.append(Site(len(sites), url))
    if not sites:
        raise UsageError(f"{name}: no site listed (one URL a line, or a CSV with a url column)")
    return Estate(tuple(sites), (), duplicates)


def _from_csv(text: str, name: str) -> Estate:
    reader = csv.reader(io.StringIO(text))
    header: list[str] = []
    for row in reader:
        if row and any(cell.strip() for cell in row):
            header = [cell.strip() for cell in row]
            break
    lowered = [h.lower() for h in header]
    url_at = next(lowered.index(c) for c in URL_COLUMNS if c in lowered)
    carried = [i for i in range(len(header)) if i != url_at and header[i]]
    sites: list[Site] = []
    seen: set[str] = set()
    duplicates = 0
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        where = f"{name}:{reader.line_num}"
        if len(row) <= url_at or not row[url_at].strip():
            raise UsageError(f"{where}: no URL in the {header[url_at]!r} column")
        url = normalise(row[url_at].strip(), where)
        if url in seen:
            duplicates += 1
            continue
        seen.add(url)
        columns = tuple((header[i], row[i].strip() if i < len(row) else "") for i in carried)
        sites.append(Site(len(sites), url, columns))
    if not sites:
        raise UsageError(f"{name}: no site listed under the {header[url_at]!r} column")
    return Estate(tuple(sites), tuple(header[i] for i in carried), duplicates)


def normalise(value: str, where: str) -> str:
    """An http(s) URL; a bare domain (as Site Scanning lists them: ``18f.gov``) means https."""
    if "://" not in value:
        value = "https://" + value
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or any(c.isspace() for c in value):
        raise UsageError(f"{where}: {value!r} is not an http(s) URL or domain")
    path = parts.path or "/"
    netloc = parts.netloc.lower()
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.scheme.lower()}://{netloc}{path}{query}"
