"""A generated site with many rules' findings, most of them repeated across pages, for the
tests of grouped and capped reports (SARIF, JUnit, GitLab)."""

from __future__ import annotations

from pathlib import Path

# Every page: one shared dead target (/gone/) and one of its own, a placeholder alt text
# (image-alt-quality, a warning), an image with no alt (image-alt, an error) and a positive
# tabindex (a warning); no lang (an error), a short title and no meta description (warnings).
PAGE = """<!DOCTYPE html><html><head><title>T{n}</title></head><body>
<main><h1>Page {n}</h1>
<a href="/gone/">shared dead link</a>
<a href="/missing-{n}/">own dead link</a>
<img src="/i.png" alt="Photo">
<img src="/i.png">
<a href="/index.html" tabindex="3">home</a>
</main></body></html>
"""


def make_site(root: Path, pages: int) -> Path:
    """``pages`` pages under ``root``; returns ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "i.png").write_bytes(b"\x89PNG")
    for n in range(pages):
        (root / f"p{n}.html").write_text(PAGE.format(n=n), encoding="utf-8")
    return root
