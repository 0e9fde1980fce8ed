"""A run's long-lived results and Python's cycle collector.

A run keeps every page's results (facts, findings in memory, link records) until its report is
written: hundreds of thousands of objects that never become garbage. The collector's full
collections walked all of them again and again as they grew: on a 2,005-page site 1.4 s of a
5.4 s warm run, and 0.8 s of a 17.6 s cold `--jobs 2` run (measured with gc.callbacks). What
the run has settled is moved out of the collector's sight (``gc.freeze``, a constant-time
list splice); what is allocated after is collected as usual, and when the run is over
everything is handed back (``gc.unfreeze``), so a cycle that became garbage meanwhile is
still collected later."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def settled() -> None:
    """Everything alive now stays for the rest of the run: collections stop walking it. Cheap
    enough to call after each page."""
    gc.freeze()


@contextmanager
def run_scope() -> Iterator[None]:
    """A run: what it settles is given back to the collector when it ends, however it ends."""
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def paused() -> Iterator[None]:
    """The collector waits while a piece of work makes many objects that hold no cycle (a
    page's tree, positions and findings; a site's link checks): its collections would walk
    them again and again as they grew. It runs again as usual afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
