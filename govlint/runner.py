"""Lint many inputs into one Report. One bad input never stops the others."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from . import document, findingcap, heap, inputs, localfiles, pool, recursion, serialize
from .config import CliOverrides, Config, RawConfig, build
from .consistency import site as consistency_site
from .consistency.values import Judgement
from .engine import LinkContext, RunOptions, lint_page
from .errors import InputError
from .federal import site as federal_site
from .links.external_types import UrlResult
from .links.local import LocalLookup, PagePlace
from .links.settings import expand_headers
from .links.site import LocalOutcome, PageLinks, SiteOutcome, SitePass
from .links.sitefork import check_elsewhere
from .model import FileResult, Found, InputFailure, Report, Rule, with_extra, with_found
from .realpaths import RealPaths
from .records import PageOutcome, PageRecord
from .resultstore import Blob, Pickled, ResultStore, StoredViolations
from .ruleset import RuleSet, load
from .siteroot import SiteRoots
from .version import __version__

if TYPE_CHECKING:
    from .pagecache import PageCache
    from .render.page import Renderer
    from .render.settings import RenderSettings


@dataclass(frozen=True)
class _Task:
    source: inputs.Source
    data: bytes | Blob  # a Blob while it waits for its turn, so the site is not held in memory
    encoding: str | None
    info: document.PageInfo
    rel: str
    context: LinkContext
    keep_local: bool  # keep local links for the site pass (a cached page must not depend on other files)

    def page_bytes(self) -> bytes:
        return self.data.read() if isinstance(self.data, Blob) else self.data


@dataclass(frozen=True)
class FetchedPage:
    """A page fetched from the web, reported under ``url`` (where it was found, after redirects)."""

    url: str
    data: bytes
    charset: str | None = None  # from the HTTP Content-Type


@dataclass(frozen=True)
class Linter:
    config: Config
    ruleset: RuleSet
    options: RunOptions = field(default_factory=RunOptions)

    @classmethod
    def default(cls) -> Linter:
        return cls.build(RawConfig(), CliOverrides())

    @classmethod
    def build(cls, raw: RawConfig, cli: CliOverrides, options: RunOptions | None = None) -> Linter:
        options = options or RunOptions()
        ruleset = load(raw.rules_dirs)
        return cls(build(raw, ruleset, cli), ruleset, options)

    def fingerprint(self) -> str:
        """Everything that can change a page's results besides its bytes and place: govlint's
        version, the resolved config (every rule, its options and messages) and the run's
        options, including the date (VIRIN dates are judged against it)."""
        today = self.options.today or date.today()
        # What only the exit status and the reports' layout read is left out: a run with
        # another --fail-on or --group still takes its pages from the cache.
        config = replace(self.config, fail_on="", group=None)
        state = _canonical((__version__, serialize.FORMAT, config, self.options, today.isoformat()))
        return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()

    def lint_bytes(self, data: bytes | str, info: document.PageInfo, rel_path: str,
                   encoding: str | None = None) -> FileResult:
        """One page with no site around it: page rules, then the link checks that need no
        site (same-page anchors, mailto:/tel: syntax), offline."""
        if self.config.render.enabled:
            with _renderer(self.config, offline=True) as renderer:
                doc: document.Document = renderer.document(data, info, None, encoding, self.config.parser)
        else:
            doc = document.from_source(data, info, encoding, self.config.parser)
        context = LinkContext(None, None, PagePlace((info.path,), origin=self.config.site.base_url),
                              external=False)
        result, links = lint_page(doc, self.config, self.ruleset.names(), rel_path, self.options, context)
        # one page: nothing to compare it with, so what it repeats of a template is not kept
        result = replace(result, repeated=None)
        if links is None:
            return result
        site = SitePass(self.config.rules, self.config.links, offline=True, headers={},
                        max_findings=self.config.limits.max_findings).run([links])
        return _merge(result, site)

    def lint_sources(self, sources: Iterable[inputs.Source], *, offline: bool,
                     read_stdin: Callable[[int], bytes], env: Mapping[str, str] | None = None,
                     progress: Callable[[int, int], None] | None = None, jobs: int = 1,
                     cache: PageCache | None = None,
                     page_progress: Callable[[int, int], None] | None = None) -> Report:
        """Lint every source (in ``jobs`` processes; unchanged pages from ``cache``), then
        check links across the site. ``env`` fills ${VAR} in link headers;
        ``progress(done, total)`` is told about external URL checks, ``page_progress`` about
        pages linted."""
        sources = list(sources)
        if self.config.render.enabled:
            cache = None  # a rendered page depends on its scripts, styles and data: never cached
        read_once = functools.cache(read_stdin)  # a second attempt must see the same stdin
        run = functools.partial(self._lint_sources, sources, offline=offline, read_stdin=read_once,
                                env=env, progress=progress, jobs=jobs, page_progress=page_progress)
        try:
            with heap.run_scope():
                return run(cache=cache)
        except serialize.DamagedEntry:
            # Found before any URL is checked; the cache is rewritten by the second attempt.
            if cache is not None:
                cache.stop_reading()
            with heap.run_scope():
                report = run(cache=cache)
            return replace(report, notes=(*report.notes, "the page cache had a damaged entry, so every "
                                          "page was linted again and the cache rewritten"))

    def _lint_sources(self, sources: list[inputs.Source], *, offline: bool,
                      read_stdin: Callable[[int], bytes], env: Mapping[str, str] | None,
                      progress: Callable[[int, int], None] | None, jobs: int,
                      cache: PageCache | None,
                      page_progress: Callable[[int, int], None] | None) -> Report:
        outcomes: list[PageOutcome | None] = []  # None: being linted
        linting: deque[tuple[int, str | None]] = deque()  # (place in outcomes, cache key) of pages given out
        keys: dict[str, str] = {}  # file -> its cache key
        # A remapped external URL may become a local link: keep external links for the site pass.
        external = (not offline and self.config.links.check_external) or bool(self.config.links.remap)
        # A page linted offline keeps no external links, so the cache tells the two apart.
        settings = self.fingerprint() + ("" if external else ":no-external") if cache is not None else ""
        real, roots = RealPaths(), SiteRoots()
        local_digests: dict[tuple[str, str], str | None] = {}
        rules = self.config.rules
        # each page's results go to disk as soon as they are known, past what memory may hold
        store = ResultStore(in_memory=self.config.limits.results_in_memory)
        finished = 0

        def counted() -> None:
            nonlocal finished
            finished += 1
            if page_progress is not None:
                page_progress(finished, len(sources))

        def misses() -> Iterator[_Task]:
            """The pages to lint, each read as a worker is free for it (see pool.run); an
            input error or a page from the cache is done at once."""
            for source in sources:
                try:
                    self._inside_root(source, real, roots)
                    page = inputs.read(source, offline=offline, read_stdin=read_stdin,
                                       links=self.config.links, user_agent=f"govlint/{__version__}",
                                       max_bytes=self.config.limits.max_file_size)
                except InputError as exc:
                    outcomes.append(InputFailure(source.display, str(exc)))
                    counted()
                    continue
                info, rel = self.page_info(source, page.url, real, roots)
                context = replace(self.link_context(source, info, real, roots), external=external)
                task = _Task(source, page.data, page.encoding, info, rel, context,
                             keep_local=cache is not None)
                key = None
                if cache is not None:
                    from .pagecache import page_key  # SQLite: only with the cache

                    key = keys[info.path] = page_key(settings, _identity(task), page.data)
                    hit = cache.page(key, rules)
                    # The entry holds while the local files its results read (style sheets, frames) do.
                    if hit is not None and localfiles.unchanged(hit.reads, info.site_root, local_digests):
                        outcomes.append(_spilled(hit, store))
                        heap.settled()
                        counted()
                        continue
                outcomes.append(None)  # filled below, in input order
                linting.append((len(outcomes) - 1, key))
                yield replace(task, data=store.put_bytes(page.data))

        for done in self._run(misses(), jobs, offline):
            index, key = linting.popleft()
            if cache is not None and key is not None and isinstance(done, PageRecord):
                cache.put_page(key, done, rules)
            outcomes[index] = _spilled(done, store) if isinstance(done, PageRecord) else done
            heap.settled()
            counted()
        return self._finish(outcomes, offline=offline, env=env, progress=progress, cache=cache, keys=keys,
                            store=store, jobs=min(jobs, max_jobs()))

    def _finish(self, outcomes: list[PageOutcome | None], *, offline: bool,
                env: Mapping[str, str] | None, progress: Callable[[int, int], None] | None,
                cache: PageCache | None, keys: Mapping[str, str],
                known_url: Callable[[str], UrlResult | None] | None = None, resolver: object | None = None,
                headers: Mapping[str, Mapping[str, str]] | None = None,
                store: ResultStore, jobs: int = 1) -> Report:
        """The site pass over every page's results (each already in ``store``, see _spilled),
        then the Report, whose violations stay in ``store``."""
        results: list[FileResult] = []
        failures: list[InputFailure] = []
        pages: list[PageLinks] = []
        blocked: list[str] = []
        cached = 0
        for outcome in outcomes:
            if isinstance(outcome, InputFailure):
                failures.append(outcome)
            elif outcome is not None:
                results.append(outcome.result)
                if outcome.links is not None:
                    pages.append(outcome.links)
                blocked += outcome.blocked
                cached += outcome.cached
        outcomes.clear()
        render_notes = _blocked_note(blocked)
        rules = self.config.rules
        if not pages:
            results, judged = _with_sets(results, _set_passes(results, rules))
            heap.settled()
            return Report(tuple(results), tuple(failures), rules,
                          notes=(*render_notes, *self._cap_notes(results)), from_cache=cached, judged=judged)
        # The passes over sets of pages read only the pages' facts: with another core, they run
        # in a forked process while this one does the link site pass.
        forked = jobs > 1 and len(results) >= _FORKED_SET_PASSES
        with pool.later(functools.partial(_set_passes, results, rules)) if forked else (
                contextlib.nullcontext(None)) as pending:
            site = self._site_pass(pages, offline=offline, env=env, progress=progress, cache=cache, keys=keys,
                                   known_url=known_url, resolver=resolver, headers=headers, store=store,
                                   jobs=jobs)
            found = pending() if pending is not None else None
        if found is None or isinstance(found, pool.Lost):
            found = _set_passes(results, rules)
        results, judged = _with_sets(results, found)
        heap.settled()
        merged = tuple(_settled(_merge(r, site)) for r in results)
        return Report(merged, tuple(failures), rules, site.network_down,
                      (*render_notes, *site.notes, *self._cap_notes(merged)), from_cache=cached,
                      links_reused=(site.reused, site.checked), judged=judged)

    def _site_pass(self, pages: list[PageLinks], *, offline: bool, env: Mapping[str, str] | None,
                   progress: Callable[[int, int], None] | None, cache: PageCache | None,
                   keys: Mapping[str, str], known_url: Callable[[str], UrlResult | None] | None,
                   resolver: object | None, headers: Mapping[str, Mapping[str, str]] | None,
                   store: ResultStore, jobs: int) -> SiteOutcome:
        """The link site pass over every page's links (earlier results reused from ``cache``)."""
        all_headers = expand_headers(self.config.links.headers, env or {})
        for host, values in (headers or {}).items():
            all_headers[host.lower()] = {**all_headers.get(host.lower(), {}), **values}
        known = _known_local(cache, keys, pages, self.config.rules) if cache is not None else {}

        def store_local(file: str, local: LocalOutcome) -> None:
            if cache is not None and file in keys:
                cache.put_local(keys[file], local, self.config.rules)

        elsewhere = None
        if jobs > 1:  # the local checks shared with forked processes (links/sitefork.py)
            encode = None
            if cache is not None:
                from .pagecache import local_entry

                encode = functools.partial(local_entry, rules=self.config.rules)
            elsewhere = functools.partial(check_elsewhere, jobs=jobs, encode=encode)
        return SitePass(self.config.rules, self.config.links, offline=offline, headers=all_headers,
                        progress=progress, max_findings=self.config.limits.max_findings,
                        known_url=known_url, resolver=resolver, keep=store.keep_violations,
                        on_local=store_local if cache is not None else None).run(
                            pages, known, elsewhere=elsewhere)

    def _cap_notes(self, results: Iterable[FileResult]) -> list[str]:
        return findingcap.notes(((r.file, r.left_out) for r in results if r.left_out),
                                self.config.limits.max_findings)

    def lint_fetched(self, pages: Sequence[FetchedPage], *, jobs: int = 1,
                     cache: PageCache | None = None,
                     renderer: Renderer | None = None) -> Iterator[PageOutcome]:
        """The page pass on pages fetched from the web (a crawl's), in ``jobs`` processes: each
        page's record or its input error, in order. A page whose bytes, URL and settings are
        unchanged comes from ``cache``. Links are all kept for the site pass (``site_report``).
        With ``renderer`` (the caller's browser), pages are rendered by it, in this process."""
        settings = self.fingerprint() if cache is not None else ""
        tasks: list[tuple[int, _Task, str | None]] = []
        done: list[PageOutcome | None] = []
        for page in pages:
            source = inputs.Source(display=page.url, url=page.url)
            try:
                data = inputs.check_text(page.data)
            except InputError as exc:
                done.append(InputFailure(page.url, str(exc)))
                continue
            info, rel = self.page_info(source, page.url)
            task = _Task(source, data, page.charset, info, rel, self.link_context(source, info),
                         keep_local=cache is not None)
            from .pagecache import page_key

            key = page_key(settings, _identity(task), data) if cache is not None else None
            hit = cache.page(key, self.config.rules) if cache is not None and key is not None else None
            if hit is not None:
                done.append(hit)
                continue
            done.append(None)
            tasks.append((len(done) - 1, task, key))
        outcomes = self._run((task for _, task, _ in tasks), jobs, False, renderer)
        for (index, _, key), outcome in zip(tasks, outcomes, strict=True):
            done[index] = outcome
            if cache is not None and key is not None and isinstance(outcome, PageRecord):
                cache.put_page(key, outcome, self.config.rules)
        for ready in done:
            assert ready is not None
            yield ready

    def site_report(self, outcomes: Iterable[PageOutcome], *,
                    env: Mapping[str, str] | None = None,
                    progress: Callable[[int, int], None] | None = None,
                    known_url: Callable[[str], UrlResult | None] | None = None,
                    resolver: object | None = None,
                    headers: Mapping[str, Mapping[str, str]] | None = None) -> Report:
        """The site pass over pages ``lint_fetched`` gave (duplicate titles and descriptions,
        links between pages and out of the site), and the Report. ``known_url`` answers for
        URLs already fetched, which are not checked again; ``resolver`` and ``headers`` are
        used for the URLs that are checked."""
        # each page's results on disk as soon as they are read, past what memory may hold
        store = ResultStore(in_memory=self.config.limits.results_in_memory)
        held: list[PageOutcome | None] = [
            _spilled(outcome, store) if isinstance(outcome, PageRecord) else outcome for outcome in outcomes]
        with heap.run_scope():
            heap.settled()
            return self._finish(held, offline=False, env=env, progress=progress, cache=None, keys={},
                                known_url=known_url, resolver=resolver, headers=headers, store=store)

    def _run(self, tasks: Iterable[_Task], jobs: int, offline: bool,
             given: Renderer | None = None) -> Iterator[PageOutcome]:
        """Each page's outcome, in input order, as soon as it is ready. ``tasks`` are taken
        as they are needed; one page alone is linted here (a worker would cost more)."""
        tasks = iter(tasks)
        first = list(itertools.islice(tasks, 2))
        if not first:
            return
        jobs = 1 if given is not None or len(first) < 2 else min(jobs, max_jobs())
        limit = self.config.limits.page_timeout
        if jobs <= 1:
            lookups = _Lookups.of(self.config.links.clean_urls)
            with contextlib.ExitStack() as stack:
                renderer = given or (stack.enter_context(_renderer(self.config, offline=offline)) if (
                    self.config.render.enabled) else None)
                for task in itertools.chain(first, tasks):
                    yield _lint_task(self, task, lookups, renderer)
            return
        # Each worker's copy of the look-ups is its own after the fork, and lasts all its pages.
        lookups = _Lookups.of(self.config.links.clean_urls)
        work = functools.partial(_worker_task, self, lookups, offline=offline)
        sent: deque[_Task] = deque()  # given out, for naming a lost one

        def given_out() -> Iterator[_Task]:
            for task in itertools.chain(first, tasks):
                sent.append(task)
                yield task

        for out in pool.run(work, given_out(), jobs, limit, ahead=1):
            task = sent.popleft()
            yield _lost(task, out, limit) if isinstance(out, pool.Lost) else out

    def _inside_root(self, source: inputs.Source, real: RealPaths, roots: SiteRoots) -> None:
        """Refuse a file that lies in the site root as written but resolves outside it (a
        symlink to /etc/passwd in a site folder): it is never read, so its text never
        reaches a report."""
        path = source.path
        if path is None or source.stdin:
            return
        root = self.config.links.root or source.root or _default_root(path, roots)
        written = os.path.abspath(path)
        top = os.path.abspath(root)
        if os.path.commonpath([written, top]) == top and real.relative(path, root) is None:
            raise InputError("a symlink to a file outside the site root, so it is not read")

    def link_context(self, source: inputs.Source, info: document.PageInfo,
                     real: RealPaths | None = None, roots: SiteRoots | None = None) -> LinkContext:
        real = real or RealPaths()
        roots = roots or SiteRoots()
        origin = self.config.site.base_url
        if source.url is not None:
            return LinkContext(None, None, PagePlace((), page_url=info.url, origin=origin))
        path = source.path
        root = self.config.links.root or source.root or _default_root(path, roots)
        segments: tuple[str, ...] = ()
        if path is not None:
            rel = real.relative(path, root)
            segments = tuple(rel.split("/")) if rel else (path.name,)
        return LinkContext(root, real(path) if path else None,
                           PagePlace(segments, origin=origin))

    def page_info(self, source: inputs.Source, fetched_url: str | None,
                  real: RealPaths | None = None,
                  roots: SiteRoots | None = None) -> tuple[document.PageInfo, str]:
        """Where the page sits in its site (for path globs) and its URL, if known."""
        real = real or RealPaths()
        roots = roots or SiteRoots()
        if source.url is not None:
            url = fetched_url or source.url
            return document.PageInfo(source.display, url, urlsplit(url).path, rooted=True), source.display
        site = self.config.site
        path = source.path
        rel = source.display
        in_root = None
        if path is not None:
            rel = real.relative(path, self.config.base_dir) or source.display
            site_root = Path(site.root) if site.root else (source.root or self.config.links.root)
            in_root = real.relative(path, site_root) if site_root else None
            site_path = in_root or rel
        else:
            site_path = rel
        page_url = urljoin(site.base_url.rstrip("/") + "/", site_path) if site.base_url else None
        rooted = in_root is not None
        if path is None:
            return document.PageInfo(source.display, page_url, site_path, rooted=rooted), rel
        # Style sheets the page links to are read from inside the root its links resolve in.
        link_root = self.config.links.root or source.root or _default_root(path, roots)
        return document.PageInfo(source.display, page_url, site_path, rooted=rooted, disk_path=str(path),
                                 site_root=str(link_root) if link_root else None), rel


def _canonical(value: Any) -> Any:
    """A JSON-able form that is the same in every process (sets sorted: their iteration order
    depends on the per-process hash seed)."""
    if is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__, {f.name: _canonical(getattr(value, f.name)) for f in fields(value)}]
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, set | frozenset):
        return sorted((_canonical(v) for v in value), key=json.dumps)
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)  # Path, Enum, date and the like


def _known_local(cache: PageCache, keys: Mapping[str, str], pages: Iterable[PageLinks],
                 rules: Mapping[str, Rule]) -> dict[str, LocalOutcome]:
    """Site-pass results an earlier run stored for these very pages (same cache keys)."""
    known = {}
    for page in pages:
        key = keys.get(page.file)
        found = cache.local(key, page.file, rules) if key else None
        if found is not None:
            known[page.file] = found
            heap.settled()
    return known


def _identity(task: _Task) -> tuple[str, ...]:
    """Where a page sits, as far as its results depend on it."""
    info, context = task.info, task.context
    return (info.path, info.url or "", info.site_path or "", str(info.rooted), task.rel,
            str(context.root or ""), context.real_path or "", "/".join(context.place.segments))


@dataclass(frozen=True)
class _Lookups:
    """A process's local look-ups for the run, memoised across its pages (pages of one site
    link the same targets): one that checks local files, and one that only classifies links,
    for pages whose local files are left to the site pass (the page cache keeps their links)."""

    checking: LocalLookup
    classifying: LocalLookup

    @classmethod
    def of(cls, clean_urls: bool) -> _Lookups:
        return cls(LocalLookup(clean_urls), LocalLookup(clean_urls, check_files=False))


def _lint_task(linter: Linter, task: _Task, lookups: _Lookups,
               renderer: Renderer | None = None) -> PageOutcome:
    """One page's results, or its input error. The cycle collector waits until the page's
    tree and memos are gone: back on while they were alive, its first collection walked
    them all (a third of a millisecond a page on the 2,005-page site)."""
    with heap.paused():
        return _page_outcome(linter, task, lookups, renderer)


def _page_outcome(linter: Linter, task: _Task, lookups: _Lookups,
                  renderer: Renderer | None = None) -> PageOutcome:
    """Whatever goes wrong while linting a page is that page's failure, never the run's."""
    limit = linter.config.limits.page_timeout
    try:
        with pool.soft_limit(limit):
            if renderer is not None:
                doc: document.Document = renderer.document(task.page_bytes(), task.info, task.context.root,
                                                           task.encoding, linter.config.parser)
            else:
                doc = document.from_source(task.page_bytes(), task.info, task.encoding, linter.config.parser)
            lookup = lookups.classifying if task.keep_local else lookups.checking
            result, links = lint_page(doc, linter.config, linter.ruleset.names(), task.rel, linter.options,
                                      replace(task.context, local=lookup))
            record = PageRecord(result, links, doc.local_files.record(), doc.blocked_requests())
    except pool.TimeLimit:
        return _timed_out(task, limit)
    except RecursionError:
        return InputFailure(task.source.display, "page is nested too deeply to lint")
    except MemoryError:
        return InputFailure(task.source.display, "not enough memory to lint this page")
    except InputError as exc:  # rendered mode: the page did not settle, or crashed its renderer
        return InputFailure(task.source.display, str(exc))
    except Exception as exc:  # any failure on one page is that page's error
        return InputFailure(task.source.display, f"internal error while linting this page: {_one_line(exc)}")
    return record


def _worker_task(linter: Linter, lookups: _Lookups, task: _Task, offline: bool = False) -> PageOutcome:
    renderer = _worker_renderer(linter.config.render, offline) if linter.config.render.enabled else None
    return _packed(_lint_task(linter, task, lookups, renderer), linter.config.rules, task.keep_local)


def _packed(outcome: PageOutcome, rules: Mapping[str, Rule], cached: bool) -> PageOutcome:
    """A worker's record in the form the run keeps it: violations and links pickled once here
    (the run writes the bytes to its result store as they come) and, when the run has a page
    cache, the cache's entry made here too. The run then builds none of the page's objects,
    which cost it as much CPU as a third of a worker."""
    if not isinstance(outcome, PageRecord):
        return outcome
    from .pagecache import entry

    kept = entry(outcome, rules) if cached else None
    result = replace(outcome.result, violations=Pickled(outcome.result.violations))
    links = outcome.links
    if links is not None and isinstance(links.refs, tuple | list):
        links = replace(links, refs=Pickled(links.refs))
    return replace(outcome, result=result, links=links, cache_entry=kept)


def _renderer(config: Config, *, offline: bool) -> Renderer:
    from .render.page import Renderer  # static mode never imports the browser machinery

    return Renderer(config.render, offline=offline)


@functools.lru_cache(maxsize=1)
def _worker_renderer(settings: RenderSettings, offline: bool) -> Renderer:
    """One browser per worker process, reused for its pages and closed when the worker ends
    (the pool lets idle workers exit by themselves, which runs this finaliser)."""
    import multiprocessing.util

    from .render.page import Renderer

    renderer = Renderer(settings, offline=offline)
    multiprocessing.util.Finalize(renderer, renderer.close, exitpriority=10)
    return renderer


def _blocked_note(blocked: list[str]) -> tuple[str, ...]:
    if not blocked:
        return ()
    count = len(blocked)
    return (f"rendered pages asked for {count} {'URL' if count == 1 else 'URLs'} outside the site, "
            f"blocked (first: {blocked[0]})",)


def _timed_out(task: _Task, limit: float | None) -> InputFailure:
    return InputFailure(task.source.display, f"linting took longer than the page time limit ({limit:g} s)")


def _lost(task: _Task, lost: pool.Lost, limit: float | None) -> InputFailure:
    if lost.reason == "time limit":
        return _timed_out(task, limit)
    return InputFailure(task.source.display, f"the process linting this page stopped ({lost.reason})")


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:300]}" if text else type(exc).__name__


def max_jobs() -> int:
    """More processes than twice the CPUs only adds memory and switching."""
    return 2 * (os.cpu_count() or 1)


def _default_root(path: Path | None, roots: SiteRoots) -> Path:
    """A file named on its own: see siteroot (standard input: the current directory)."""
    if path is None:
        return Path.cwd()
    return roots(Path(os.path.abspath(path.parent)))[0]


def _spilled(outcome: PageRecord, store: ResultStore) -> PageRecord:
    """The page's violations and links on disk (resultstore): only its facts stay in memory.
    Links a cached page (or a crawl's state) holds as text go there as text."""
    result, links = outcome.result, outcome.links
    if not isinstance(result.violations, StoredViolations):
        result = replace(result, violations=store.keep_violations(result.violations))
    if links is not None and isinstance(links.refs, tuple | list):
        links = replace(links, refs=store.keep(links.refs))
    elif links is not None and isinstance(links.refs, Pickled):
        links = replace(links, refs=store.keep_pickled(links.refs))
    elif links is not None and isinstance(links.refs, serialize.LazyRefs):
        links = replace(links, refs=links.refs.spilled(store))
    return replace(outcome, result=result, links=links, cache_entry=None)


def _settled(result: FileResult) -> FileResult:
    """``result``, kept till the run ends (see heap)."""
    heap.settled()
    return result


# Fewer pages than this have their set passes done here: forking costs more than they do.
_FORKED_SET_PASSES = 64

_SetFindings = tuple[list[Found | None], list[Found | None], tuple[Judgement, ...]]


def _set_passes(results: Sequence[FileResult], rules: Mapping[str, Rule]) -> _SetFindings:
    """What the passes over sets of pages find on each page, nothing written: duplicate titles
    and descriptions, then consistency (navigation, names, help, ways), with what it judged."""
    federal = federal_site.find(results, rules)
    return (federal, *consistency_site.find(results, rules))


def _with_sets(results: Sequence[FileResult], found: _SetFindings
               ) -> tuple[list[FileResult], tuple[Judgement, ...]]:
    """The pages' results with what the set passes found added, in the order the passes run."""
    federal, consistency, judged = found
    return [consistency_site.without_repeated(with_found(with_found(r, f), c))
            for r, f, c in zip(results, federal, consistency, strict=True)], judged


def _merge(result: FileResult, site: SiteOutcome) -> FileResult:
    extra = site.violations(result.file)
    return replace(result, violations=with_extra(result.violations, extra),
                   suppressed=result.suppressed + site.suppressed.get(result.file, 0),
                   left_out=findingcap.merge_left_out(dict(result.left_out), site.left_out(result.file)))


def lint_paths(args: Iterable[str], linter: Linter | None = None, *, offline: bool = True,
               read_stdin: Callable[[int], bytes] = lambda _size: b"") -> Report:
    """Lint files, directories, globs and URLs (URLs only when ``offline`` is False)."""
    recursion.make_room()
    linter = linter or Linter.default()
    sources, failures = inputs.expand(args, linter.config.exclude, linter.config.base_dir)
    report = linter.lint_sources(sources, offline=offline, read_stdin=read_stdin)
    return replace(report, errors=(*failures, *report.errors))


def lint_html(html: bytes | str, *, path: str = "<string>", url: str | None = None,
              linter: Linter | None = None) -> FileResult:
    """Lint one page given as text or bytes."""
    recursion.make_room()
    linter = linter or Linter.default()
    return linter.lint_bytes(html, document.PageInfo(path, url, path), path)
