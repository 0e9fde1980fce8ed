"""--jobs and the incremental page cache: same results, less work."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import FIXTURES, Run

SITE_FOLDERS = ("pages", "dead-link", "missing-anchor", "gov-banner")


def _site(tmp_path: Path) -> Path:
    """A site of several fixture folders, with links between pages and to missing ones."""
    site = tmp_path / "site"
    for name in SITE_FOLDERS:
        shutil.copytree(FIXTURES / name, site / name, symlinks=True)
    return site


@pytest.mark.slow
def test_jobs_give_the_same_report_as_one_process(govlint: Run, tmp_path: Path) -> None:
    _site(tmp_path)
    args = ("--offline", "--no-config", "--no-cache", "--format", "json", "site")
    one = govlint(*args, "--jobs", "1", cwd=tmp_path)
    two = govlint(*args, "--jobs", "2", cwd=tmp_path)
    three = govlint(*args, "--jobs", "3", cwd=tmp_path)
    assert one.returncode == two.returncode == three.returncode == 1
    assert one.stdout == two.stdout == three.stdout
    # Site-wide checks still saw every page: anchors in other pages, dead links between them.
    assert '"rule": "missing-anchor"' in two.stdout and '"rule": "dead-link"' in two.stdout


@pytest.mark.slow
def test_unchanged_pages_come_from_the_cache_and_changes_invalidate_it(govlint: Run, tmp_path: Path) -> None:
    _site(tmp_path)
    (tmp_path / ".govlint.toml").write_text('[rules]\nimage-alt-quality = "warning"\n')
    args = ("--offline", "--verbose", "--format", "json", "site")
    cold = govlint(*args, cwd=tmp_path)
    total = cold.stderr.splitlines()[-1]
    assert total.endswith(" from the cache") and ", 0 from the cache" in total
    pages = int(total.split()[1])

    warm = govlint(*args, cwd=tmp_path)
    assert warm.stdout == cold.stdout
    assert warm.stderr.splitlines()[-1] == f"govlint: {pages} pages linted, {pages} from the cache"
    # What only the exit status and the layout read changes no page's results.
    other = govlint(*args, "--fail-on", "never", "--no-group", cwd=tmp_path)
    assert other.stderr.splitlines()[-1] == f"govlint: {pages} pages linted, {pages} from the cache"
    assert other.returncode == 0 and other.stdout == cold.stdout

    # One page edited: only that page is linted again.
    page = tmp_path / "site" / "pages" / "spanish-page.html"
    image = '<img src="/images/familia-en-la-cocina.jpg">'
    page.write_text(page.read_text().replace(image, image.replace(">", ' alt="Una familia">')))
    edited = govlint(*args, cwd=tmp_path)
    assert edited.stderr.splitlines()[-1] == f"govlint: {pages} pages linted, {pages - 1} from the cache"
    assert edited.stdout != warm.stdout

    # The config changed: nothing is reused, and the new severity shows.
    (tmp_path / ".govlint.toml").write_text('[rules]\nimage-alt-quality = "error"\n')
    reconfigured = govlint(*args, cwd=tmp_path)
    assert reconfigured.stderr.splitlines()[-1] == f"govlint: {pages} pages linted, 0 from the cache"
    assert '"rule": "image-alt-quality", "severity": "error"' in reconfigured.stdout

    # A custom rule file changed: nothing is reused either.
    rules = tmp_path / "agency-rules"
    rules.mkdir()
    (tmp_path / ".govlint.toml").write_text('rules_dirs = ["agency-rules"]\n')
    # (image-alt found nothing left once the image above got its alt: link-name still does)
    rule = (FIXTURES.parent / "rules" / "link-name.toml").read_text().replace('id = "link-name"',
                                                                              'id = "agency-links"')
    (rules / "agency-links.toml").write_text(rule)
    first = govlint(*args, cwd=tmp_path)
    (rules / "agency-links.toml").write_text(rule.replace('severity = "error"', 'severity = "warning"'))
    second = govlint(*args, cwd=tmp_path)
    assert second.stderr.splitlines()[-1] == f"govlint: {pages} pages linted, 0 from the cache"
    assert '"rule": "agency-links", "severity": "warning"' in second.stdout
    assert '"rule": "agency-links", "severity": "warning"' not in first.stdout
    assert '"rule": "agency-links", "severity": "error"' in first.stdout


def test_cached_page_still_sees_a_target_deleted_since(govlint: Run, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text('<a href="about.html">About</a>')
    (site / "about.html").write_text("<h1>About</h1>")
    args = ("--offline", "--no-config", "--select", "dead-link", "--format", "json", "--verbose")
    assert govlint(*args, "site/index.html", cwd=tmp_path).returncode == 0
    (site / "about.html").unlink()
    again = govlint(*args, "site/index.html", cwd=tmp_path)
    assert again.stderr.splitlines()[-1] == "govlint: 1 page linted, 1 from the cache"
    assert again.returncode == 1 and "about.html does not exist in the site" in again.stdout


def test_an_unusable_cache_folder_is_a_note_not_a_failure(govlint: Run, tmp_path: Path) -> None:
    (tmp_path / "cache").write_text("a file where the cache folder should be")
    (tmp_path / "p.html").write_text("<body><img src=x.png></body>")
    proc = govlint("--offline", "--no-config", "--select", "image-alt", "--cache-dir", "cache", "p.html",
                   cwd=tmp_path)
    assert proc.returncode == 1  # the page was still linted
    assert "p.html:1:7: error [image-alt]" in proc.stdout
    assert proc.stderr.startswith("govlint: note: page cache in cache is not usable")


@pytest.mark.slow
def test_cached_link_results_are_reused_only_while_the_files_they_rest_on_are_unchanged(
        govlint: Run, tmp_path: Path) -> None:
    """After each change to the site, a run with the cache gives exactly what a run without it
    gives, and link results are reused for the pages whose targets did not change."""
    site = tmp_path / "site"
    (site / "docs").mkdir(parents=True)
    outside = tmp_path / "outside.html"
    outside.write_text("<p>not part of the site</p>")
    (site / "index.html").write_text(
        '<a href="about.html">About</a> <a href="news.html#story">Story</a> '
        '<a href="missing.html">Missing</a> <a href="docs/other.html#part">Part</a>')
    (site / "about.html").write_text('<a href="index.html">Home</a>')
    (site / "news.html").write_text('<h1 id="story">Story</h1> <a href="about.html">About</a>')
    (site / "docs" / "other.html").write_text('<h2 id="part">Part</h2>')
    # docs/other.html is not linted: its anchors are read from disk by the site pass.
    pages = ("site/index.html", "site/about.html", "site/news.html")
    args = ("--offline", "--no-config", "--select", "dead-link,missing-anchor", "--format", "json",
            "--verbose", "--root", "site")

    def both() -> tuple[str, str]:
        cached = govlint(*args, *pages, cwd=tmp_path)
        fresh = govlint(*args, "--no-cache", *pages, cwd=tmp_path)
        assert cached.stdout == fresh.stdout
        return cached.stdout, cached.stderr.splitlines()[-2]

    report, _ = both()
    assert "missing.html does not exist" in report
    report, reuse = both()
    assert reuse == "govlint: link results of 3 pages reused, 0 checked again"

    (site / "missing.html").write_text("<p>here now</p>")  # a missing target appears
    report, reuse = both()
    assert "missing.html" not in report
    assert reuse == "govlint: link results of 2 pages reused, 1 checked again"

    news = site / "news.html"  # a linted target loses the anchor a cached page links to
    news.write_text(news.read_text().replace('id="story"', 'id="headline"'))
    report, reuse = both()
    assert "#story" in report and '"rule": "missing-anchor"' in report
    assert reuse == "govlint: link results of 1 page reused, 2 checked again"

    (site / "docs" / "other.html").write_text("<h2>Part</h2>")  # so does a page read from disk
    report, _ = both()
    assert "#part" in report

    (site / "about.html").unlink()  # a target becomes a symlink out of the site
    (site / "about.html").symlink_to(outside)
    report, _ = both()
    assert "about.html climbs out of the site root" in report


@pytest.mark.slow
def test_a_damaged_cache_entry_is_linted_again_not_a_crash(govlint: Run, tmp_path: Path) -> None:
    _site(tmp_path)
    args = ("--offline", "--no-config", "--format", "json", "--cache-dir", "cache", "site")
    first = govlint(*args, cwd=tmp_path)
    db = sqlite3.connect(tmp_path / "cache" / "pages.sqlite3")
    with db:
        # Valid JSON of the wrong shape, as a hand edit or another version might leave.
        db.execute("""UPDATE records SET data = '{"file": "x", "violations": [[1]]}'""")
        db.execute("""UPDATE site SET data = '{"files": [["a"]]}'""")
    db.close()
    again = govlint(*args, "--verbose", cwd=tmp_path)
    assert again.returncode == first.returncode == 1
    assert again.stdout == first.stdout
    assert again.stderr.splitlines()[-1].endswith(" pages linted, 0 from the cache")


@pytest.mark.slow
def test_a_cached_page_whose_links_cannot_be_read_back_is_linted_again(govlint: Run, tmp_path: Path) -> None:
    """A page's links are decoded only when the site pass needs them; if they turn out to be
    damaged then, every page is linted again and the cache rewritten."""
    _site(tmp_path)
    args = ("--offline", "--no-config", "--format", "json", "--cache-dir", "cache", "--verbose", "site")
    first = govlint(*args, cwd=tmp_path)
    db = sqlite3.connect(tmp_path / "cache" / "pages.sqlite3")
    with db:
        db.execute("UPDATE records SET links = '[[1, 2]]' WHERE links IS NOT NULL")
        db.execute("DELETE FROM site")  # so the site pass has to read every page's links
    db.close()
    again = govlint(*args, cwd=tmp_path)
    assert again.returncode == first.returncode == 1
    assert again.stdout == first.stdout
    assert "govlint: note: the page cache had a damaged entry, so every page was linted again" in again.stderr
    third = govlint(*args, cwd=tmp_path)  # the rewritten cache is whole again
    assert third.stdout == first.stdout and "note:" not in third.stderr
    lines = third.stderr.splitlines()
    pages = int(lines[-1].split()[1])
    assert lines[-1] == f"govlint: {pages} pages linted, {pages} from the cache"


@pytest.mark.network
def test_a_page_cached_offline_still_has_its_external_links_checked_online(tmp_path: Path) -> None:
    # Offline, links that leave the site are dropped in the page pass (they are never checked),
    # so a page cached by an offline run must not stand in for the page in an online run.
    from conftest import run_govlint
    from link_server import serve

    with serve() as (base, _):
        (tmp_path / ".govlint.toml").write_text(
            'select = ["dead-link"]\n[links]\ntimeout = 60\nretries = 0\nhost_interval = 0.0\n')
        (tmp_path / "index.html").write_text(
            f'<!DOCTYPE html>\n<html><body>\n<a href="{base}/missing">gone</a>\n</body></html>\n')
        offline = run_govlint("--offline", "--cache-dir", "c", "--format", "json", "index.html", cwd=tmp_path)
        assert offline.returncode == 0 and '"violations": []' in offline.stdout
        online = run_govlint("--cache-dir", "c", "--format", "json", "index.html", cwd=tmp_path)
        assert online.returncode == 1, online.stdout + online.stderr
        assert f"{base}/missing is dead: HTTP 404" in online.stdout
