"""A run's results stay on disk between the page pass and the reports (govlint/resultstore.py):
memory does not grow with the findings, and every report is what it was with the results in
memory. Bounds are counted (violation and link objects alive), never timed."""

from __future__ import annotations

import gc
import random
import sqlite3
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from report_site import make_site

from govlint import inputs
from govlint.config import CliOverrides, RawConfig
from govlint.links.extract import LinkRef
from govlint.model import FileResult, Report, Severity, Violation, with_extra
from govlint.pagecache import PageCache
from govlint.records import PageRecord
from govlint.reporters import FORMATS, Shared, github_report, json_report, left_out, pieces, text_report
from govlint.resultstore import ResultStore, StoredViolations
from govlint.runner import Linter

# Every page adds this many images with no alt text, each pointing at a file that is not
# there: an image-alt finding in the page pass and a dead-link finding in the site pass.
_IMAGES = 30


# Every site these tests lint has this in its path: the violations counted are theirs, not
# those another module's results (held in memory within results_in_memory) still keep.
_MARK = "result-store-site"


def _alive(kind: type) -> int:
    gc.collect()
    if kind is Violation:
        return sum(1 for o in gc.get_objects() if type(o) is Violation and _MARK in o.file)
    return sum(1 for o in gc.get_objects() if type(o) is kind)


def _site(root: Path, pages: int, images: int) -> Path:
    make_site(root, pages)
    extra = "".join(f'<img src="/nowhere-{n}.png">\n' for n in range(images))
    for page in root.glob("p*.html"):
        page.write_text(page.read_text(encoding="utf-8").replace("</main>", extra + "</main>"),
                        encoding="utf-8")
    return root


def _lint(root: Path, jobs: int = 1, in_memory: int = 0) -> Report:
    """Every result on disk unless ``in_memory`` says otherwise (these sites are small)."""
    raw = RawConfig(data={"results_in_memory": in_memory})
    linter = Linter.build(raw, CliOverrides(root=str(root), no_cache=True))
    sources, failures = inputs.expand([str(root)], linter.config.exclude, linter.config.base_dir)
    assert not failures
    return linter.lint_sources(sources, offline=True, read_stdin=lambda _: b"", jobs=jobs)


def _in_memory(report: Report) -> Report:
    """The same report with every page's violations held as a tuple, as runs used to."""
    return replace(report, files=tuple(replace(f, violations=tuple(f.violations)) for f in report.files))


def _render(name: str, report: Report) -> str:
    shared = Shared(report, {})
    options = {"locations": {}, "group": None, "ran": None, "run": None, "shared": shared}
    text = "".join(pieces(name, report, **options))
    notes = left_out(name, report, shared)
    summary = github_report.step_summary(report, shared=shared) if name == "github" else ""
    return text + "\n".join(notes) + summary


@pytest.fixture(scope="module")
def site_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    return _lint(_site(tmp_path_factory.mktemp(_MARK), pages=12, images=_IMAGES), jobs=2)


def test_a_run_holds_no_violation_or_link_once_its_pages_are_done(site_report: Report) -> None:
    report = site_report
    assert len(report.violations) >= 12 * 2 * _IMAGES  # image-alt and dead-link on every image
    assert all(isinstance(f.violations, StoredViolations) for f in report.files)
    assert _alive(Violation) == 0
    assert _alive(LinkRef) == 0
    dead = sum(1 for v in report.violations if v.rule == "dead-link")
    assert dead >= 12 * _IMAGES
    assert _alive(Violation) == 0  # a pass over them let them go


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_is_the_same_as_from_results_in_memory(site_report: Report, name: str) -> None:
    assert _render(name, site_report) == _render(name, _in_memory(site_report))


def test_counts_and_order_are_those_of_the_results_in_memory(site_report: Report) -> None:
    whole = _in_memory(site_report)
    assert list(site_report.violations) == list(whole.violations)
    assert site_report.violations == whole.violations  # a sequence read again equals its tuple
    for severity in Severity:
        assert site_report.count(severity) == sum(v.severity is severity for v in whole.violations)
    assert site_report.worst() is Severity.ERROR
    for result in site_report.files:  # each page in report order
        assert list(result.violations) == sorted(result.violations, key=Violation.sort_key)


def test_the_json_report_holds_one_page_of_violations_at_a_time(site_report: Report) -> None:
    per_page = max(len(f.violations) for f in site_report.files)
    most = 0
    for _ in json_report.chunks(site_report):
        most = max(most, _alive(Violation))
    assert 0 < most <= 2 * per_page < len(site_report.violations) / 4


def test_the_text_report_lists_every_place_from_disk(site_report: Report) -> None:
    text = "".join(text_report.chunks(site_report, group=False))
    assert text.count(" [dead-link] ") == sum(1 for v in site_report.violations if v.rule == "dead-link")
    assert _alive(Violation) == 0


def test_ten_times_the_findings_leave_nothing_more_in_memory(tmp_path: Path) -> None:
    few = _lint(_site(tmp_path / _MARK / "few", pages=6, images=1))
    assert _alive(Violation) == 0
    many = _lint(_site(tmp_path / _MARK / "many", pages=6, images=40))
    assert len(many.violations) > 5 * len(few.violations)
    assert _alive(Violation) == 0
    assert _alive(LinkRef) == 0


def _violation(rng: random.Random, file: str, tag: str) -> Violation:
    return Violation(rule=rng.choice(["a", "b"]), severity=rng.choice(list(Severity)),
                     message=rng.choice("xy"), file=file, line=rng.randint(1, 4),
                     column=rng.randint(1, 3), selector=tag, snippet="", help_url="", tags=())


def test_what_site_passes_add_is_merged_as_the_sorts_in_memory_merged_it() -> None:
    """Equal positions (same file, line, column, rule and message) keep the order in which the
    passes found them: the page pass, then each site pass in turn."""
    rng = random.Random(7)
    store = ResultStore()
    for _ in range(200):
        page = sorted((_violation(rng, "p.html", "page") for _ in range(rng.randint(0, 8))),
                      key=Violation.sort_key)
        passes = [[_violation(rng, "p.html", f"pass{n}") for _ in range(rng.randint(0, 6))] for n in range(3)]
        held: tuple[Violation, ...] = tuple(page)
        stored = store.keep_violations(page)
        for extra in passes:
            held = tuple(sorted((*held, *extra), key=Violation.sort_key))  # as each pass sorted
            stored = with_extra(stored, extra)
        assert isinstance(stored, StoredViolations)
        assert list(stored) == list(held)
        assert len(stored) == len(held)
        assert stored[1:3] == held[1:3]
    store.close()


def test_a_site_pass_findings_kept_on_disk_join_the_page_unread() -> None:
    """A site pass keeps a page's findings in report order; joined to the page's own, they are
    neither read back nor written again (the store's file does not grow), and read as the
    sorts in memory would have merged them."""
    rng = random.Random(11)
    store = ResultStore()
    for _ in range(100):
        page = sorted((_violation(rng, "p.html", "page") for _ in range(rng.randint(1, 8))),
                      key=Violation.sort_key)
        extra = sorted((_violation(rng, "p.html", "site") for _ in range(rng.randint(1, 6))),
                       key=Violation.sort_key)
        stored, kept = store.keep_violations(page), store.keep_violations(extra)
        size = store.size
        joined = with_extra(stored, kept)
        assert store.size == size
        assert list(joined) == sorted((*page, *extra), key=Violation.sort_key)
        assert dict(joined.severities) == dict(Counter(v.severity for v in (*page, *extra)))
        assert dict(joined.kinds) == dict(Counter((v.tags, v.severity) for v in (*page, *extra)))
    store.close()


def test_a_page_held_in_memory_joins_site_findings_on_disk_without_reading_them() -> None:
    """A page's own findings may be held in memory (the store's room) when a site pass's are on
    disk already: they are written ahead of those, which are not read back, and the whole is
    read as the sort in memory would have merged it."""
    rng = random.Random(13)
    store = ResultStore()
    reads = 0
    read = store.read

    def counted(run: tuple[int, int]) -> tuple[object, ...]:
        nonlocal reads
        reads += 1
        return read(run)

    store.read = counted  # type: ignore[method-assign]
    for _ in range(100):
        page = tuple(sorted((_violation(rng, "p.html", "page") for _ in range(rng.randint(0, 8))),
                            key=Violation.sort_key))
        extra = sorted((_violation(rng, "p.html", "site") for _ in range(rng.randint(1, 6))),
                       key=Violation.sort_key)
        kept = store.keep_violations(extra)
        assert isinstance(kept, StoredViolations)
        joined = with_extra(page, kept)
        assert reads == 0
        assert isinstance(joined, StoredViolations) and len(joined) == len(page) + len(extra)
        assert dict(joined.kinds) == dict(Counter((v.tags, v.severity) for v in (*page, *extra)))
        assert list(joined) == sorted((*page, *extra), key=Violation.sort_key)
        reads = 0
    store.close()


def test_the_page_cache_writes_pages_of_many_findings_before_256_wait(tmp_path: Path) -> None:
    """Rows wait in memory for one transaction; big ones are written once 8 million characters
    wait, so 256 pages of many findings never all do."""
    linter = Linter.build(RawConfig(), CliOverrides(no_cache=True))
    rules = linter.config.rules
    rule = rules["image-alt"]
    big = tuple(Violation(rule=rule.id, severity=Severity.ERROR, message="m", file="p.html", line=n,
                          column=1, selector="img", snippet="x" * 1000, help_url="", tags=())
                for n in range(1, 2001))  # about 2 million characters a page
    cache = PageCache(tmp_path)
    try:
        for n in range(5):
            cache.put_page(f"key{n}", PageRecord(FileResult("p.html", big)), rules)
        with sqlite3.connect(tmp_path / "pages.sqlite3") as other:
            written = other.execute("SELECT COUNT(*) FROM records").fetchone()[0]
    finally:
        cache.close()
    assert written == 4  # the first four pages passed 8 million characters


def test_links_read_as_text_go_to_disk_as_text_and_are_never_kept_decoded() -> None:
    from govlint.serialize import DamagedEntry, LazyRefs, SpilledRefs, _refs_json

    refs = tuple((LinkRef(f"/p{n}.html", "href", "a", n + 1, 3, 0, f"a:nth-of-type({n})", "<a>"),
                  frozenset({"dead-link"} if n % 2 else set())) for n in range(50))
    text = _refs_json(refs)
    store = ResultStore()
    spilled = LazyRefs(text).spilled(store)
    assert isinstance(spilled, SpilledRefs)
    assert store.size == len(text)  # the text went to disk as it was, nothing decoded
    assert tuple(spilled) == refs and spilled[7] == refs[7] and len(spilled) == 50
    assert spilled.text == text  # what the page cache stores again
    before = _alive(LinkRef)
    for _ in range(3):
        assert len(list(spilled)) == 50
    assert _alive(LinkRef) == before  # each pass decodes anew and keeps nothing
    # A page's links already decoded go to disk as they are.
    decoded = LazyRefs(text)
    assert decoded[0] == refs[0]
    assert tuple(decoded.spilled(store)) == refs
    # Damage is found when the links are first read, as for links kept in memory.
    with pytest.raises(DamagedEntry):
        list(LazyRefs('[["not a link"]]').spilled(store))


def test_a_workers_pickled_results_are_written_as_they_came() -> None:
    import pickle

    from govlint.resultstore import Pickled

    found = tuple(Violation("image-alt", Severity.ERROR if n % 3 else Severity.WARNING, "m", "p.html", n, 1,
                            "img", "<img>", "", ()) for n in range(1, 31))
    sent = pickle.loads(pickle.dumps(Pickled(found)))  # as a --jobs worker's record comes back
    assert len(sent) == 30 and tuple(sent) == found and sent[4] == found[4]
    assert sent.kinds[(), Severity.ERROR] == 20 and sent.kinds[(), Severity.INFO] == 0
    store = ResultStore()
    kept = store.keep_violations(sent)
    assert isinstance(kept, StoredViolations)
    assert store.size == len(sent.data)  # the worker's bytes, not pickled again
    assert tuple(kept) == found and kept.kinds == sent.kinds
    assert kept.severities == {Severity.ERROR: 20, Severity.WARNING: 10}
    refs = Pickled([(LinkRef("/a.html", "href", "a", 2, 3, 0, "a", "<a>"), frozenset())])
    assert tuple(store.keep_pickled(refs)) == tuple(refs)
    assert store.keep_violations(Pickled(())) == () and store.keep_pickled(Pickled([])) == ()


def test_results_stay_in_memory_up_to_the_limit_then_go_to_disk() -> None:
    found = [Violation("image-alt", Severity.ERROR, "m", "p.html", n, 1, "img", "<img>", "", ())
             for n in range(1, 13)]
    store = ResultStore(in_memory=10)
    assert isinstance(store.keep_violations(found[:6]), tuple)  # 6 held, room for 4
    assert store.size == 0
    spilled = store.keep_violations(found[6:11])  # 5: past the room, so on disk
    assert isinstance(spilled, StoredViolations) and list(spilled) == found[6:11]
    assert not isinstance(store.keep(found[11:]), tuple)  # and from then on, everything
    assert isinstance(store.keep_violations([]), StoredViolations)


def test_a_run_within_the_limit_reports_what_a_run_on_disk_reports(tmp_path: Path) -> None:
    root = _site(tmp_path / "site", pages=4, images=3)
    on_disk, held = _lint(root, in_memory=0), _lint(root, in_memory=1_000_000)
    assert all(isinstance(f.violations, tuple) for f in held.files)
    assert all(isinstance(f.violations, StoredViolations) for f in on_disk.files)
    assert len(held.violations) > 4 * 2 * 3
    for name in sorted(FORMATS):
        assert _render(name, held) == _render(name, on_disk), name
