"""Sitemaps (sitemaps.org protocol): a urlset gives page URLs, a sitemapindex gives more
sitemaps. Each file is bounded as the protocol bounds it: 50,000 URLs and 50 MB
(uncompressed); a gzipped file is decompressed under the same bound. The XML parser resolves
no entities and loads nothing from the network."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from lxml import etree

from .fetch import TooLarge, decompress

MAX_URLS = 50_000
MAX_BYTES = 50 * 1024 * 1024
_GZIP = b"\x1f\x8b"


class SitemapError(Exception):
    """The file is not a sitemap this crawl can read; one line."""


@dataclass(frozen=True)
class Sitemap:
    pages: tuple[str, ...]  # <urlset><url><loc>
    sitemaps: tuple[str, ...]  # <sitemapindex><sitemap><loc>
    cut: bool = False  # more than MAX_URLS entries: the rest were left out


def parse(data: bytes) -> Sitemap:
    if data.startswith(_GZIP):
        try:
            data = decompress(data, MAX_BYTES)
        except TooLarge:
            raise SitemapError(f"larger than {MAX_BYTES // (1024 * 1024)} MB once decompressed") from None
        except Exception as exc:  # zlib.error, EOFError: a damaged file
            raise SitemapError(f"not a readable gzip file ({exc})") from None
    if len(data) > MAX_BYTES:
        raise SitemapError(f"larger than {MAX_BYTES // (1024 * 1024)} MB")
    pages: list[str] = []
    maps: list[str] = []
    cut = False
    try:
        for _, element in etree.iterparse(BytesIO(data), events=("end",), resolve_entities=False,
                                          no_network=True, huge_tree=False, load_dtd=False):
            tag = element.tag if isinstance(element.tag, str) else ""
            if tag.rpartition("}")[2] == "loc" and element.text:
                parent = element.getparent()
                kind = parent.tag.rpartition("}")[2] if parent is not None and isinstance(
                    parent.tag, str) else ""
                target = maps if kind == "sitemap" else pages
                if len(pages) + len(maps) >= MAX_URLS:
                    cut = True
                    break
                target.append(element.text.strip())
            if tag.rpartition("}")[2] in ("url", "sitemap"):
                element.clear()
    except etree.XMLSyntaxError as exc:
        raise SitemapError(f"not well-formed XML ({str(exc).splitlines()[0][:120]})") from None
    return Sitemap(tuple(pages), tuple(maps), cut)
