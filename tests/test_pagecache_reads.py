"""The page cache and the local files a page's results read: linked style sheets and framed
pages. A warm run must give what a cold run would after any of them changes."""

from __future__ import annotations

from pathlib import Path

from conftest import Run

PAGE = """<!doctype html>
<html lang="en"><head><title>Page</title><link rel="stylesheet" href="/css/{sheet}"></head>
<body><main><div class="promo"><img src="promo.png"></div></main></body></html>
"""


def _site(tmp_path: Path, sheet: str = "site.css") -> Path:
    (tmp_path / ".govlint.toml").write_text('select = ["image-alt", "frame-focusable-content"]\n')
    (tmp_path / "css").mkdir()
    (tmp_path / "index.html").write_text(PAGE.format(sheet=sheet))
    return tmp_path


def _run(govlint: Run, site: Path) -> tuple[list[str], str]:
    """(the violation lines, the verbose line saying how many pages came from the cache)."""
    proc = govlint("--offline", "--verbose", "--quiet", "index.html", cwd=site)
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    counted = next(line for line in proc.stderr.splitlines() if "from the cache" in line)
    return proc.stdout.splitlines(), counted


def test_a_changed_style_sheet_is_not_answered_from_the_cache(govlint: Run, tmp_path: Path) -> None:
    site = _site(tmp_path)
    sheet = site / "css" / "site.css"
    sheet.write_text(".promo { color: navy }\n")
    cold, _ = _run(govlint, site)
    assert [line.split(" [")[1].split("]")[0] for line in cold] == ["image-alt"]
    warm, counted = _run(govlint, site)
    assert warm == cold and counted.endswith("1 page linted, 1 from the cache")
    sheet.write_text(".promo { display: none }\n")  # the image without alt is now hidden
    changed, counted = _run(govlint, site)
    assert changed == [] and counted.endswith("1 page linted, 0 from the cache")
    again, counted = _run(govlint, site)
    assert again == [] and counted.endswith("1 page linted, 1 from the cache")


def test_a_style_sheet_that_appears_is_a_change(govlint: Run, tmp_path: Path) -> None:
    site = _site(tmp_path, sheet="later.css")
    cold, _ = _run(govlint, site)
    assert len(cold) == 1 and "[image-alt]" in cold[0]
    (site / "css" / "later.css").write_text(".promo { display: none }\n")
    warm, counted = _run(govlint, site)
    assert warm == [] and counted.endswith("0 from the cache")


def test_a_changed_framed_page_is_not_answered_from_the_cache(govlint: Run, tmp_path: Path) -> None:
    site = _site(tmp_path)
    (site / "index.html").write_text(
        '<!doctype html><html lang="en"><title>Frames</title><body><main>'
        '<iframe title="inner" tabindex="-1" src="inner.html"></iframe></main></body></html>\n')
    inner = site / "inner.html"
    inner.write_text('<!doctype html><a href="/">home</a>\n')
    cold, _ = _run(govlint, site)
    assert len(cold) == 1 and "[frame-focusable-content]" in cold[0]
    inner.write_text("<!doctype html><p>nothing to focus</p>\n")
    warm, counted = _run(govlint, site)
    assert warm == [] and counted.endswith("0 from the cache")
