"""Worker processes: editions in small batches, grouped by layout and language so each worker reuses its caches.

Each worker has its own `Inputs` (and so its own measures and line-break caches); what every edition needs is sent
once, when the worker starts. Each edition's result comes back on a queue the moment it is done, with its index,
so the caller keeps selection order — and a build stopped half-way (Ctrl-C, SIGTERM) still records every edition
that finished (only one renamed into place in the instant of the signal can miss its entry; the next build makes
it again). Stopping ends the workers at once (SIGTERM); each removes the temporary file it was writing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model.edition import EditionName, Options
from .chain import EditionResult, Entry, Stage, run_edition
from .inputs import Inputs
from .output import remove_own_temporaries

Outcome = tuple[EditionResult, Entry | None]


@dataclass(frozen=True)
class Job:
    """What every edition of one build shares."""

    workspace: Path
    out: Path | None
    options: Options
    previous: dict[str, Entry]
    until: Stage
    keep_plan: bool


_worker: tuple[Inputs, Job, Any] | None = None


def _start(job: Job, finished: Any) -> None:
    global _worker
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group: the main process
    signal.signal(signal.SIGTERM, _terminated)  # stops the workers, with SIGTERM
    _worker = (Inputs(job.workspace), job, finished)


def _build(batch: list[tuple[int, EditionName]]) -> int:
    """Run a batch, sending each edition's outcome the moment it is done (an interrupted build still records
    every PDF that was written); → how many were sent."""
    assert _worker is not None
    inputs, job, finished = _worker
    for index, name in batch:
        finished.put((index, run_edition(inputs, name, job.options, until=job.until, out=job.out,
                                         previous=job.previous, keep_plan=job.keep_plan)))
    return len(batch)


def _terminated(_signum: int, _frame: object) -> None:
    """A worker told to stop removes the temporary file it is writing and ends at once."""
    import os

    remove_own_temporaries()
    os._exit(143)  # 128 + SIGTERM, without unwinding into the executor's loop


def run_parallel(job: Job, names: list[EditionName], jobs: int, collect: Callable[[int, Outcome], None]) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    order = sorted(range(len(names)), key=lambda i: (names[i].document, names[i].layout, names[i].lang,
                                                     names[i].edition, names[i].region))
    size = max(1, min(8, len(names) // (jobs * 4) or 1))
    batches = [[(i, names[i]) for i in order[start:start + size]] for start in range(0, len(order), size)]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    finished = context.Queue()
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start, initargs=(job, finished))
    try:
        futures = [pool.submit(_build, batch) for batch in batches]
        for _ in names:
            index, outcome = _next(finished, futures)
            collect(index, outcome)
    except BaseException:
        _stop(pool)  # interrupted: no worker may go on writing PDFs after the build has ended
        raise
    pool.shutdown()


def _next(finished: Any, futures: list[Any]) -> tuple[int, Outcome]:
    """The next edition's outcome from the queue; a batch that failed as a whole (a worker that died) raises."""
    from queue import Empty

    while True:
        try:
            return finished.get(timeout=0.2)
        except Empty:
            failed = next((f.exception() for f in futures if f.done() and f.exception() is not None), None)
        if failed is not None:
            raise failed


def _stop(pool: Any) -> None:
    """Cancel what has not started and end the workers now (SIGTERM; each removes its temporary file as it dies
    — and one that cannot is cleaned up by the next build)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # (the executor has no public list)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=10)
        if process.is_alive():
            process.kill()
            process.join(timeout=5)
