"""A run's page results kept on disk between the page pass and the reports.

A big site holds hundreds of thousands of findings (and as many link facts for the site pass);
held as objects they made a run's memory grow with its findings. Each page's violations and
links go to an unnamed temporary file as soon as the page is done, and what the run keeps is a
sequence that reads them back on each pass (a page at a time), so memory stays flat however
many findings there are. The file is private to the process that made it and gone when the
run's results are: pickle is only ever read back from it, never from anywhere else."""

from __future__ import annotations

import heapq
import os
import pickle
import tempfile
import weakref
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar, cast, overload

from .model import KeptViolations, Kinds, Violation, kinds_of, same_items

T = TypeVar("T")

_Run = tuple[int, int]  # (offset, length) of one pickled tuple in the file


@dataclass(frozen=True)
class Blob:
    """Bytes in a ResultStore's file, read back by the process that wrote them or by a worker
    forked from it (which inherits the open file): a page waiting to be linted holds no more
    than this. The store must outlive it."""

    fd: int
    offset: int
    length: int

    def read(self) -> bytes:
        return os.pread(self.fd, self.length, self.offset)


class ResultStore:
    """An append-only file of pickled tuples, unlinked as soon as it is made (nothing is left
    behind whatever happens to the run) and closed when the last sequence reading it is gone.
    Reads use ``os.pread``: no shared file position, so a reader never disturbs another."""

    def __init__(self, folder: str | None = None, in_memory: int = 0) -> None:
        """``in_memory``: how many items (violations and links) the store may hold as they
        are before it writes the rest to disk. A run of a few thousand findings then pays
        nothing for the file (a twentieth of a small run's CPU), and a big one holds at most
        that many in memory."""
        fd, path = tempfile.mkstemp(prefix="govlint-results-", dir=folder)
        os.unlink(path)
        self._fd = fd
        self._end = 0
        self._room = in_memory
        self._closed = weakref.finalize(self, os.close, fd)

    def _held(self, count: int) -> bool:
        """Whether ``count`` more items may stay in memory (counted as held if so)."""
        if count > self._room or not self._room:
            self._room = 0  # what comes next goes to disk, so memory stops growing here
            return False
        self._room -= count
        return True

    def _write(self, data: bytes) -> _Run:
        view = memoryview(data)
        while view:  # os.write may write less than it was given
            view = view[os.write(self._fd, view):]
        run = (self._end, len(data))
        self._end += len(data)
        return run

    def _put(self, items: tuple[object, ...]) -> _Run:
        return self._write(pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL))

    def put_bytes(self, data: bytes) -> Blob:
        return Blob(self._fd, *self._write(data))

    @property
    def size(self) -> int:
        """Bytes written so far."""
        return self._end

    def read(self, run: _Run) -> tuple[object, ...]:
        offset, length = run
        data = os.pread(self._fd, length, offset)
        items: tuple[object, ...] = pickle.loads(data)
        return items

    def keep(self, items: Sequence[T]) -> Sequence[T]:
        """``items`` as a sequence read from disk on each pass (an empty one stays as it is)."""
        if not items:
            return items
        if self._held(len(items)):
            return tuple(items)
        return Stored(self, self._put(tuple(items)), len(items))

    def keep_pickled(self, items: Pickled[T]) -> Sequence[T]:
        """Items a worker pickled (see Pickled), written as they came, never decoded here."""
        if not items:
            return ()
        if self._held(len(items)):
            return items._items()
        return Stored(self, self._write(items.data), len(items))

    def keep_violations(self, violations: Sequence[Violation]) -> Sequence[Violation]:
        """A page's violations (in report order) as a StoredViolations, even none (what a site
        pass adds to a page is written beside them), or as a tuple while there is room."""
        if isinstance(violations, StoredViolations):
            return violations
        if self._held(len(violations)):
            return tuple(violations)
        if isinstance(violations, Pickled):  # a worker's, in report order: written as they came
            runs = (self._write(violations.data),) if violations else ()
            return StoredViolations(self, runs, len(violations), violations.kinds)
        runs = (self._put(tuple(violations)),) if violations else ()
        return StoredViolations(self, runs, len(violations), kinds_of(violations))

    def close(self) -> None:
        self._closed()


class _Reread(Sequence[T], Generic[T]):
    """Items of known number, made again from their bytes (``_items``) on each pass."""

    __slots__ = ("_length",)
    _length: int

    def _items(self) -> tuple[T, ...]:
        raise NotImplementedError

    def __len__(self) -> int:
        return self._length

    def __iter__(self) -> Iterator[T]:
        return iter(self._items())

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...
    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        return self._items()[index]

    # Equal to any sequence of the same items, as the tuple it stands for is.
    def __eq__(self, other: object) -> bool:
        return same_items(self, other)

    def __hash__(self) -> int:
        return hash(tuple(self))


class Pickled(_Reread[T]):
    """Items as one pickled tuple, the form a ResultStore keeps them in: a --jobs worker sends
    a page's violations and links so, and the run writes the bytes to its store as they came
    instead of building every object to pickle it again. Still a sequence (decoded on each
    pass) for anything that reads it before then."""

    __slots__ = ("data", "kinds")

    def __init__(self, items: Sequence[T]) -> None:
        self.data = pickle.dumps(tuple(items), protocol=pickle.HIGHEST_PROTOCOL)
        self._length = len(items)
        # how many of each (tags, severity), when the items are violations
        self.kinds: Kinds = kinds_of(
            cast(Sequence[Violation], items)) if items and isinstance(items[0], Violation) else {}

    def _items(self) -> tuple[T, ...]:
        items: tuple[T, ...] = pickle.loads(self.data)
        return items

    def __getstate__(self) -> tuple[bytes, int, Kinds]:
        return self.data, self._length, dict(self.kinds)

    def __setstate__(self, state: tuple[bytes, int, Kinds]) -> None:
        self.data, self._length = state[0], state[1]
        self.kinds = Counter(state[2])


class Stored(_Reread[T]):
    """Items on disk, read again on each pass; nothing but their place is held."""

    __slots__ = ("_run", "_store")

    def __init__(self, store: ResultStore, run: _Run, length: int) -> None:
        self._store, self._run, self._length = store, run, length

    def _items(self) -> tuple[T, ...]:
        return self._store.read(self._run)  # type: ignore[return-value]


class StoredViolations(KeptViolations):
    """A page's violations on disk: its page-pass findings and what each site pass added, each
    a run in report order. A pass merges the runs as the site passes used to sort them
    together: by position, and among equal positions the earlier run first (a stable sort of
    the runs one after another gives exactly that)."""

    __slots__ = ("_length", "_runs", "_store", "kinds")

    def __init__(self, store: ResultStore, runs: tuple[_Run, ...], length: int,
                 kinds: Kinds) -> None:
        self._store, self._runs, self._length = store, runs, length
        self.kinds = kinds  # how many of each, so counting them reads nothing back

    def plus(self, extra: Sequence[Violation]) -> StoredViolations:
        """These violations and ``extra`` (sorted by position), as one sequence in report order."""
        if not extra:
            return self
        if isinstance(extra, StoredViolations) and extra._store is self._store:
            runs = extra._runs  # on disk beside these already (a site pass's): joined, never read back
        else:
            runs = (self._store._put(tuple(extra)),)
        return StoredViolations(self._store, (*self._runs, *runs), self._length + len(extra),
                                kinds_of(extra, self.kinds))

    def after(self, first: Sequence[Violation]) -> StoredViolations:
        """``first`` (sorted by position) and these, as one sequence in report order: written
        as a run ahead of these, which are never read back."""
        if not first:
            return self
        runs = (self._store._put(tuple(first)), *self._runs)
        return StoredViolations(self._store, runs, self._length + len(first), kinds_of(first, self.kinds))

    def _run(self, run: _Run) -> tuple[Violation, ...]:
        return self._store.read(run)  # type: ignore[return-value]

    def __len__(self) -> int:
        return self._length

    def __iter__(self) -> Iterator[Violation]:
        if len(self._runs) <= 1:
            return iter(self._run(self._runs[0]) if self._runs else ())
        return heapq.merge(*(self._run(run) for run in self._runs), key=Violation.sort_key)

    @overload
    def __getitem__(self, index: int) -> Violation: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Violation]: ...
    def __getitem__(self, index: int | slice) -> Violation | Sequence[Violation]:
        return tuple(self)[index]

    # Equal to any sequence of the same items, as the tuple it stands for is.
    def __eq__(self, other: object) -> bool:
        return same_items(self, other)

    def __hash__(self) -> int:
        return hash(tuple(self))

