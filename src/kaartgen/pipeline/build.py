"""Build: selectors → editions, each run through the chain, with a report and the output folder's manifest.

`build()` is the library entry point the CLI and tests call. It checks the selectors, expands them into editions
(document × layout × region × language × edition), and runs each through :func:`kaartgen.pipeline.chain.run_edition`
— in this process or in worker processes — so one failing edition is reported in its result and never stops the
others. `check()` is the same without writing (every stage up to the plan).

A build first asks the output folder's stamp (:mod:`kaartgen.pipeline.stamp`) whether the last build of the same
selection still stands; if it does, that is the answer, and neither the inputs nor the chain (ReportLab, Pillow,
YAML) are loaded — so this module imports the chain only when something must be made.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..model.diagnostics import Interrupted, KaartgenError, problem
from ..model.edition import Options
from ..model.messages import T
from ..model.report import BuildReport, EditionResult
from . import stamp

if TYPE_CHECKING:
    from .inputs import Inputs
    from .parallel import Outcome

Progress = Callable[[EditionResult, int, int], None]


def build(workspace: Path | str = ".", *, documents: Iterable[str] = (), layouts: Iterable[str] = (),
          langs: Iterable[str] = (), regions: Iterable[str] = (), editions: Iterable[str] = (),
          out_dir: Path | str | None = None, options: Options = Options(), jobs: int | None = 1,
          progress: Progress | None = None, inputs: Inputs | None = None, keep_plans: bool = False) -> BuildReport:
    """Build (or with options.check_only, check) every selected edition; never raises for one bad edition.

    `jobs` worker processes share the work (None: one per CPU; never more than the CPUs this process may use);
    each worker loads fonts, layouts and content once and reuses line breaking across regions. Results come back
    in selection order whatever `jobs` is.
    With `keep_plans`, every result carries the plan of its edition (for previews and proofs).
    """
    documents, layouts, langs, regions = list(documents), list(layouts), list(langs), list(regions)
    from ..load.names import check_selectors

    check_selectors(documents, layouts, langs, regions)
    workspace = Path(workspace).resolve()
    out = (Path(out_dir) if out_dir is not None else workspace / "output").resolve()
    stamped = inputs is None and not options.check_only and not options.force and not keep_plans
    if stamped:
        started_ns = time.time_ns()
        key = stamp.build_key(workspace, out, {"documents": documents, "layouts": layouts, "langs": langs,
                                               "regions": regions, "editions": editions}, options)
        before = stamp.workspace_files(workspace, out)
        answer = stamp.trusted(out, key, before)
        if answer is not None:  # the last build of this selection stands: nothing is loaded, nothing made
            for done, result in enumerate(answer.results, 1):
                if progress:
                    progress(result, done, len(answer.results))
            return answer
    report = _build(workspace, out, documents, layouts, langs, regions, editions, options, jobs, progress, inputs,
                    keep_plans)
    if stamped and not stamp.write(workspace, out, key, before, started_ns, report):
        stamp.forget(out)
    elif not options.check_only and not stamped:
        stamp.forget(out)  # a forced or partial build: what the stamp says may no longer be so
    return report


def _build(workspace: Path, out: Path, documents: Iterable[str], layouts: Iterable[str], langs: Iterable[str],
           regions: Iterable[str], editions: Iterable[str], options: Options, jobs: int | None,
           progress: Progress | None, inputs: Inputs | None, keep_plans: bool) -> BuildReport:
    from ..load.cache import forget_digests
    from ..load.settings import require_workspace
    from .chain import Stage, run_edition
    from .inputs import Inputs
    from .output import read_manifest, remove_stale_temporaries
    from .parallel import Job, run_parallel
    from .select import nothing_selected, select_editions

    require_workspace(workspace)
    if inputs is None:
        forget_digests()  # files may have changed since the last build in this process
        inputs = Inputs(workspace)
    names = select_editions(inputs, documents, layouts, langs, regions, editions, options.draft)
    if not names:
        raise KaartgenError(nothing_selected(workspace, documents, layouts, regions))
    until = Stage.PLAN if options.check_only else Stage.WRITE
    previous = {} if options.check_only else read_manifest(out).get("editions", {})
    job = Job(workspace, None if options.check_only else out, options, previous, until, keep_plans)
    cpus = usable_cpus()
    jobs = min(jobs or cpus, cpus, len(names)) or 1  # -j 1000 would start 1000 processes of ~100 MB each
    outcomes: list[Outcome | None] = [None] * len(names)
    done = 0

    def collect(index: int, outcome: Outcome) -> None:
        nonlocal done
        outcomes[index] = outcome
        done += 1
        if progress:
            progress(outcome[0], done, len(names))
        if _STOP.is_set():  # the signal's KeyboardInterrupt may have been swallowed by a library's bare except
            raise KeyboardInterrupt

    if job.out is not None:
        remove_stale_temporaries(job.out)  # left by a build that was killed (SIGKILL) mid-write
    try:
        with _stops_as_interrupt():
            if jobs == 1:
                for index, name in enumerate(names):
                    collect(index, run_edition(inputs, name, options, until=until, out=job.out, previous=previous,
                                               keep_plan=keep_plans))
            else:
                run_parallel(job, names, jobs, collect)
    except KeyboardInterrupt:
        _finish(workspace, out, options, outcomes)  # what finished is kept and recorded
        raise Interrupted(problem(str(out), None, "", T(
            "interrupted after {done} of {total} editions; the finished ones are written and in the manifest",
            done=done, total=len(names)), T("build again to make the rest: finished editions are up to date"
                                            ))) from None
    return _finish(workspace, out, options, outcomes)


def _finish(workspace: Path, out: Path, options: Options, outcomes: list[Outcome | None]) -> BuildReport:
    """The report of the editions that finished, their manifest entries merged and their records appended."""
    from .chain import Entry
    from .editions import append_records
    from .output import write_manifest

    finished = [outcome for outcome in outcomes if outcome is not None]
    report = BuildReport([result for result, _entry in finished])
    entries: dict[str, Entry] = {result.path.relative_to(out).as_posix(): entry for result, entry in finished
                                 if entry is not None and result.path is not None}
    if entries and not options.check_only:
        report.manifest = write_manifest(out, entries)
        if options.record:
            report.edition_logs = append_records(workspace, [r.record for r in report.results
                                                             if r.record is not None])
    return report


_STOP = threading.Event()  # a stop was asked for (a signal), whatever became of its KeyboardInterrupt


@contextlib.contextmanager
def _stops_as_interrupt() -> Iterator[None]:
    """Ctrl-C (SIGINT) and SIGTERM (a service manager stopping kaartgen, `kill`) end a build the same way: the
    workers are stopped, temporary files removed, finished editions recorded. The handler raises KeyboardInterrupt
    and also sets `_STOP`, checked after every edition: a library with a bare `except:` (ReportLab has
    dozens) can swallow the exception, never the request. Only the main thread may set handlers."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(_signum: int, _frame: object) -> None:
        _STOP.set()
        raise KeyboardInterrupt

    _STOP.clear()
    previous = {number: signal.signal(number, interrupt) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        _STOP.clear()


def check(workspace: Path | str = ".", *, options: Options = Options(), **selectors: object) -> BuildReport:
    """Every check `build` makes (schema, placeholders, glyphs, fit, pictures), writing nothing."""
    from dataclasses import replace

    return build(workspace, options=replace(options, check_only=True), **selectors)  # type: ignore[arg-type]


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity, e.g. a container's limit), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux
        return max(1, os.cpu_count() or 1)
