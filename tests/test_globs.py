from __future__ import annotations

import pytest

from govlint.globs import GlobSet


@pytest.mark.parametrize(("pattern", "path", "hit"), [
    ("vendor/**", "vendor/a.html", True),
    ("vendor/**", "site/vendor/a/b.html", True),
    ("/vendor/**", "site/vendor/a.html", False),
    ("*.htm", "a/b/c.htm", True),
    ("news/*.html", "news/a/b.html", False),
    ("news/**/*.html", "news/a/b.html", True),
    ("news", "news/a.html", True),
    ("draft-?.html", "draft-1.html", True),
    ("draft-?.html", "draft-10.html", False),
])
def test_globs(pattern: str, path: str, hit: bool) -> None:
    assert GlobSet((pattern,)).matches(path) is hit
