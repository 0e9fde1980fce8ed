"""Generators of hostile inputs, shared by the fuzz test (a small budget, in CI) and
bench/fuzz.py (as many as time allows): mutated pages, odd file names, mutated configs and
damaged cache files. Every generator is a pure function of its random source, so a
failing input is reproduced from its seed."""

from __future__ import annotations

import random
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"

# Bytes that parsers and tree libraries find hard: C0 controls, NUL, lone surrogates as
# UTF-8, references to them, broken UTF-8, a BOM, markup that nests or misnests.
_JUNK = [b"\x00", b"\x01", b"\x0b", b"\x0c", b"\x1b", b"\x7f", b"\xff", b"\xc3", b"\xed\xa0\x80",
         b"\xef\xbb\xbf", b"&#1;", b"&#0;", b"&#xD800;", b"&#x110000;", b"&#11;", b"\r", b"\r\n",
         b"<", b">", b"\"", b"'", b"<!--", b"-->", b"<![CDATA[", b"</", b"<svg>", b"<math>",
         b"<table>", b"<template>", b"<b><p>", b"<select>", b"<script>", b"</script>", b"<a href='",
         b"<img src=x>", b"<meta http-equiv=refresh content='", b"<base href='", b"#", b"&",
         b"<!-- govlint-disable ", b"<!-- govlint-disable-next image-alt -- r -->", b"\n" * 50,
         b"(U.S. " * 20, b"VIRIN: ", b"200101-A-AB123-001", b"http://[oops/", b"<div>" * 200]


def seeds() -> list[bytes]:
    """Every fixture page, the starting points for mutation."""
    return [p.read_bytes() for p in sorted(FIXTURES.rglob("*.html"))]


def mutate_page(data: bytes, rng: random.Random, others: list[bytes]) -> bytes:
    """One to eight mutations: byte flips, junk inserted, a splice from another page, a cut,
    a repeated slice."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        kind = rng.randrange(6)
        at = rng.randint(0, len(out))
        if kind == 0 and out:
            index = rng.randrange(len(out))
            out[index] = rng.randrange(256)
        elif kind == 1:
            out[at:at] = rng.choice(_JUNK)
        elif kind == 2:
            other = rng.choice(others)
            start = rng.randint(0, len(other))
            out[at:at] = other[start:start + rng.randint(0, 2000)]
        elif kind == 3:
            del out[at:at + rng.randint(0, 500)]
        elif kind == 4:
            out[at:at] = bytes(out[at:at + rng.randint(1, 200)]) * rng.randint(2, 30)
        else:
            out[at:at] = bytes([rng.randrange(32)])
    return bytes(out)


_NAME_PARTS = [b"page", b"caf\xe9", b"\xff\xfe", b"a\nb", b"a\rb", b" ", b"\t", b"x:1:2: error [r] m",
               b"\xe2\x80\xae", b"%2e%2e", b"-", b"--help", b"#frag", b"?q", b"\xc3\xa9", b"\x01",
               b"\x1b[31m"]


def odd_name(rng: random.Random) -> bytes:
    """A file name (bytes) that is awkward to show: not UTF-8, control characters, a fake
    report line, bidi overrides. Always ends in .html and never holds '/' or NUL."""
    name = b"".join(rng.choice(_NAME_PARTS) for _ in range(rng.randint(1, 4)))
    return name.replace(b"/", b"_")[:200] + b".html"


_CONFIG = """select = ["policy", "accessibility"]
ignore = ["image-alt-quality"]
exclude = ["vendor/**"]
fail_on = "error"
max_file_size = 20
page_timeout = 60

[rules]
image-credit = "warning"
image-alt-quality = { severity = "warning", max_length = 120 }

[[overrides]]
files = ["legacy/**"]
rules = { gov-banner = "off" }

[site]
tld = "gov"
lang = "en"

[archive]
paths = ["News/Archive/**"]
before = "2021-01-01"

[links]
exclude_urls = ["^https://twitter\\\\.com/"]
timeout = 10
max_redirects = 10
retries = 3
retry_wait = 1.0
max_cache_age = "1d"
"""

_VALUES = ["nan", "inf", "-inf", "-1", "0", "1e308", "99999999999999999999", '"x"', "[]", "{}", "true",
           '"(a+)+$"', '["(a|a)*$"]', '"' + "\\u0000" + '"', "[" * 40 + "]" * 40, '"' + "a" * 5000 + '"',
           "2021-01-01", '"9999-99-99"', "{ a = { b = { c = 1 } } }", "1.5"]


def mutate_config(rng: random.Random) -> str:
    """The sample config with values replaced by hostile ones, lines dropped or duplicated,
    or bytes of text inserted."""
    lines = _CONFIG.splitlines()
    for _ in range(rng.randint(1, 4)):
        index = rng.randrange(len(lines))
        line = lines[index]
        kind = rng.randrange(4)
        if kind == 0 and " = " in line:
            lines[index] = line.split(" = ", 1)[0] + " = " + rng.choice(_VALUES)
        elif kind == 1:
            del lines[index]
            if not lines:
                lines.append("")
        elif kind == 2:
            lines.insert(index, line)
        else:
            at = rng.randint(0, len(line))
            lines[index] = line[:at] + rng.choice(["[", "]", "=", '"', "\\", "\x00", "#", "{"]) + line[at:]
    return "\n".join(lines) + "\n"


def damage(data: bytes, rng: random.Random) -> bytes:
    """A cache file with bytes flipped, cut short or overwritten."""
    out = bytearray(data)
    kind = rng.randrange(3)
    if kind == 0 and out:
        for _ in range(rng.randint(1, 50)):
            out[rng.randrange(len(out))] = rng.randrange(256)
    elif kind == 1:
        del out[rng.randint(0, len(out)):]
    else:
        at = rng.randint(0, len(out))
        out[at:at + 64] = bytes(rng.randrange(256) for _ in range(64))
    return bytes(out)

