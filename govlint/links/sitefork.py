"""The link site pass's local checks shared with forked processes (--jobs).

After the page pass the run checked every page's links alone while the other cores idled: on
the 2,005-page site the link site pass was 2.5 s of a 17 s `--jobs 2` run. Here processes
forked from the run, holding the pass as it stands (every page's links and ids, the run's
look-ups), each check a share of the pages that have no earlier results, exactly as the run
would, and send back each page's LocalOutcome with its violations pickled once and its
page-cache entry made. The run adopts them in page order (SitePass._adopt); a share whose
process was lost is checked by the run itself.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Generator, Sequence
from dataclasses import replace

from .. import pool
from ..resultstore import Pickled
from .site import LocalOutcome, PageLinks, SitePass

# Fewer pages than this are checked by the run itself: forking costs more than they do.
MIN_PAGES = 64
# Shares per process, so that one slow share does not leave the other processes idle.
SHARES = 16


class Checked:
    """Pages checked elsewhere, taken in page order as they arrive (never all held at once)."""

    def __init__(self, files: Sequence[str], outcomes: Generator[LocalOutcome | None, None, None]) -> None:
        self._files = set(files)
        self._source = outcomes
        self._outcomes = zip(files, outcomes, strict=True)

    def close(self) -> None:
        """Stop the processes, whatever is left (they have nothing left once every page was
        taken)."""
        self._source.close()

    def take(self, file: str) -> LocalOutcome | None:
        """The page's outcome, if it was checked elsewhere (pages are asked for in order)."""
        if file not in self._files:
            return None
        for done, local in self._outcomes:
            if done == file:
                return local
        return None


def check_elsewhere(site: SitePass, pages: Sequence[PageLinks], *, jobs: int,
                    encode: Callable[[LocalOutcome], str] | None = None) -> Checked | None:
    """The pages' LocalOutcomes, checked in ``jobs`` forked processes; None when there are
    too few pages or processes for it to pay."""
    if jobs < 2 or len(pages) < MIN_PAGES:
        return None
    size = -(-len(pages) // (jobs * SHARES))
    spans = [(start, min(start + size, len(pages))) for start in range(0, len(pages), size)]
    work = functools.partial(_check_share, site, pages, encode)
    return Checked([page.file for page in pages], _outcomes(spans, pool.run(work, spans, jobs, ahead=1)))


def _outcomes(spans: list[tuple[int, int]], done: Generator[list[LocalOutcome] | pool.Lost, None, None],
              ) -> Generator[LocalOutcome | None, None, None]:
    """Each page's outcome in page order; None for the pages of a share whose process was lost
    (the run checks them itself)."""
    try:
        for (start, end), share in zip(spans, done, strict=True):
            if isinstance(share, pool.Lost):
                yield from (None for _ in range(start, end))
            else:
                yield from share
    finally:
        done.close()  # the pool's processes end now, not when it is collected


def _check_share(site: SitePass, pages: Sequence[PageLinks], encode: Callable[[LocalOutcome], str] | None,
                 span: tuple[int, int]) -> list[LocalOutcome]:
    """In a forked process: the pages of ``span`` checked. What the run keeps (its result store,
    its page cache) is never touched here: results go back to it."""
    site.keep = tuple
    site.on_local = None
    out = []
    for page in pages[span[0]:span[1]]:
        local = site._check_page(page, tuple(page.refs))
        site.outcome.found.pop(page.file, None)
        site.outcome.suppressed.pop(page.file, None)
        out.append(replace(local, violations=Pickled(local.violations),
                           cache_text=encode(local) if encode is not None else None))
    return out
