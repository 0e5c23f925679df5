"""Worker processes: editions in small batches, grouped by layout and language so each worker reuses its caches.

Each worker has its own `Inputs` (and so its own measures and line-break caches); what every edition needs is sent
once, when the worker starts. Results come back with their index, so the caller keeps selection order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..model.edition import EditionName, Options
from .chain import EditionResult, Entry, Stage, run_edition
from .inputs import Inputs

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


_worker: tuple[Inputs, Job] | None = None


def _start(job: Job) -> None:
    global _worker
    _worker = (Inputs(job.workspace), job)


def _build(batch: list[tuple[int, EditionName]]) -> list[tuple[int, Outcome]]:
    assert _worker is not None
    inputs, job = _worker
    return [(index, run_edition(inputs, name, job.options, until=job.until, out=job.out, previous=job.previous,
                                keep_plan=job.keep_plan)) for index, name in batch]


def run_parallel(job: Job, names: list[EditionName], jobs: int, collect: Callable[[int, Outcome], None]) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    order = sorted(range(len(names)), key=lambda i: (names[i].document, names[i].layout, names[i].lang,
                                                     names[i].edition, names[i].region))
    size = max(1, min(8, len(names) // (jobs * 4) or 1))
    batches = [[(i, names[i]) for i in order[start:start + size]] for start in range(0, len(order), size)]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start, initargs=(job,)) as pool:
        futures = [pool.submit(_build, batch) for batch in batches]
        for future in as_completed(futures):
            for index, outcome in future.result():
                collect(index, outcome)
