"""Work on the next pages in a second process while the build is busy with the current one.

A static-site build renders its pages one after the other, on one core. Glossa's work on a page
(rendering the annotation bodies, anchoring, weaving, the W3C export) only needs the page's HTML
once every page is rendered, and the site's annotations, so a worker process can do it a few pages
ahead of the build, on another core; the build takes each page's result when it reaches the page.
Only a few results wait at a time (`WINDOW`), so memory does not grow with the site, and the
worker stops once the build has taken its last result.

The worker is forked, not spawned, early in the build: it starts with the build's state as it is
then (the annotations, the Markdown configuration, the site's files) without reading anything
again, and each page's job (its HTML and metadata) and result cross a pipe. It imports only what
weaving needs and the build has not loaded (lxml and nh3, which the build's own process then loads
only if it weaves a page itself). Forking is only safe from a process that runs one thread; `mkdocs
serve` runs several.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import Future

WINDOW = 4
"""Results computed ahead and not taken yet, at most: enough that the build never waits."""

MINIMUM_PAGES = 50
"""Below this many annotated pages, the worker saves too little time (under about 0.2 s) to be
worth the memory it takes (about 20 MB: benchmarks/README.md)."""

_work: Callable[[Any], Any] | None = None
"""The work, set before the fork: the worker calls it with each job it is sent."""

PR_SET_PDEATHSIG = 1  # linux/prctl.h


class WorkerStopped(RuntimeError):
    """The worker process died (killed, out of memory): its results are lost."""


def available() -> bool:
    """Whether a worker can be forked safely and has a core of its own to run on."""
    return sys.platform == "linux" and cores() >= 2 and threading.active_count() == 1


def cores(cgroup: Path = Path("/sys/fs/cgroup")) -> float:
    """The cores this process may use: those it may run on, or fewer if its control group has
    a CPU quota (a container started with `--cpus=1` still sees every core of the machine). Only
    the process's own control group is read, not the quotas of the groups above it."""
    available = float(len(os.sched_getaffinity(0)))
    try:  # cgroup v2: "<quota> <period>", or "max <period>"
        quota, period = (cgroup / "cpu.max").read_text().split()[:2]
        if quota != "max":
            return min(available, int(quota) / int(period))
    except (OSError, ValueError):
        pass
    try:  # cgroup v1: a quota of -1 is none
        quota = (cgroup / "cpu" / "cpu.cfs_quota_us").read_text().strip()
        period = (cgroup / "cpu" / "cpu.cfs_period_us").read_text().strip()
        if int(quota) > 0:
            return min(available, int(quota) / int(period))
    except (OSError, ValueError):
        pass
    return available


def _prepare_worker(build: int) -> None:
    """In the worker, first: die with the build, and leave Ctrl-C to it. A worker whose build was
    killed would otherwise wait for work forever, holding the build's output pipes open."""
    import ctypes
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(Exception):  # a Python without ctypes or dlopen: no such guard
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != build:  # the build died before prctl took effect
        os._exit(0)


def _run(job: bytes) -> Any:
    assert _work is not None
    return _work(pickle.loads(job))


def _broken_pool() -> type[Exception]:
    from concurrent.futures.process import BrokenProcessPool
    return BrokenProcessPool


class Ahead:
    """`work(job(key))` for each of `keys`, in order, in a forked worker, a few keys ahead of `take`.

    The worker is forked when this is made, while the build's memory is small: every memory page
    the build writes to after the fork is one the worker keeps a copy of. `start` sends the first
    jobs, once they can be made. Raises what the system refused (OSError for the fork,
    RuntimeError for the pool's thread), with no worker left behind."""

    def __init__(self, work: Callable[[Any], Any], keys: Sequence[str],
                 job: Callable[[str], Any]) -> None:
        # Imported here: a build without the worker should not hold them in memory (0.8 MB).
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        global _work
        self._keys = list(keys)
        self._position = {key: index for index, key in enumerate(self._keys)}
        self._job = job
        self._sent: dict[str, tuple[bytes, Future[Any]]] = {}
        self.changed: list[str] = []
        """Keys whose job had changed when taken: their result was dropped."""
        self._submitted = 0
        self._executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"),
                                             initializer=_prepare_worker, initargs=(os.getpid(),))
        _work = work
        # Both processes' garbage collectors leave the objects that exist now alone: walking one
        # writes to it, and the first write to a memory page shared since the fork copies it.
        # They are unfrozen when the worker stops, unless a program running the build had frozen
        # objects of its own (unfreezing is all or nothing): those stay frozen, as it wanted.
        self._unfreeze = gc.get_freeze_count() == 0
        gc.collect()
        gc.freeze()
        try:
            self._executor.submit(int)  # forks the worker now
        except BaseException:
            # Kill any worker already forked, without waiting for a thread that never started.
            for process in list((self._executor._processes or {}).values()):
                process.kill()
                process.join()
            with contextlib.suppress(Exception):
                self._executor.shutdown(wait=False, cancel_futures=True)
            _let_go(self._unfreeze)
            raise

    def start(self) -> None:
        """Send the first jobs. Raises WorkerStopped if the worker has died."""
        self._submit_until(WINDOW)

    def _submit_until(self, end: int) -> None:
        """Send jobs up to `end`, pickled here rather than in the pool's feeder thread: the job is
        then what it was when sent, whatever the build does to the objects it came from. A job
        that cannot be pickled is not sent, and its key is worked on by the build itself."""
        while self._submitted < min(end, len(self._keys)):
            key = self._keys[self._submitted]
            self._submitted += 1
            job = self._job(key)
            payload = None if job is None else _pickled(job)
            if payload is None:
                continue
            try:
                self._sent[key] = (payload, self._executor.submit(_run, payload))
            except _broken_pool() as error:
                raise WorkerStopped(str(error)) from error

    def take(self, key: str, job: Any) -> Any | None:
        """The result for `key` (waiting for it if need be), if it was sent as `job`; None if it
        was not sent, or sent as another job (its result, or its exception, is dropped once the
        worker is done with it). Exceptions the work raised are raised here; WorkerStopped if the
        worker has died."""
        position = self._position.get(key)
        if position is not None and self._submitted:
            self._submit_until(position + 1 + WINDOW)
        sent = self._sent.pop(key, None)
        if sent is None:
            return None
        payload, future = sent
        try:
            if _pickled(job) != payload:
                self.changed.append(key)
                future.exception()  # wait: the worker may still be writing what the build will
                return None
            return future.result()
        except _broken_pool() as error:
            raise WorkerStopped(str(error)) from error
        finally:
            if self._submitted == len(self._keys) and not self._sent:
                self.close()  # its work is done: give its memory back before the build's peak

    def close(self) -> None:
        """Stop the worker, dropping what it has not started."""
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._sent.clear()
        _let_go(self._unfreeze)


def _let_go(unfreeze: bool) -> None:
    global _work
    _work = None
    if unfreeze:
        gc.unfreeze()


def _pickled(job: Any) -> bytes | None:
    try:
        return pickle.dumps(job, pickle.HIGHEST_PROTOCOL)
    except Exception:
        return None
