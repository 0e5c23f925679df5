"""kaartgen: print-ready signal cards and posters from translatable content, layout data and region data.

The stages are packages, chained by :func:`kaartgen.pipeline.chain.run_edition` (see ARCHITECTURE.md):
``model`` (types only) ← ``load`` (files → model) and ``backends`` (ReportLab, Pillow, pdfium) ←
``layout`` (texts → plan) ← ``pipeline`` (the chain, selection, incremental and parallel builds, output) ←
``tools`` (preflight, previews and proofs, translators' tools) ← ``cli``. The public API is re-exported here;
everything else is internal.
"""

import gc as _gc

_collecting = _gc.isenabled()
_gc.disable()  # importing builds a long-lived heap: collecting it while it grows is wasted work (restored below)

from .model.diagnostics import (
    DataError,
    Diagnostic,
    DraftError,
    FitError,
    Interrupted,
    KaartgenError,
    OutputError,
    PreflightError,
    Severity,
    UsageError,
)
from .model.edition import EditionName, Options
from .pipeline.build import BuildReport, build, check
from .pipeline.chain import EditionResult, Stage, run_edition
from .version import __version__

if _collecting:
    _gc.enable()

__all__ = [
    "BuildReport",
    "DataError",
    "Diagnostic",
    "DraftError",
    "EditionName",
    "EditionResult",
    "FitError",
    "Interrupted",
    "KaartgenError",
    "Options",
    "OutputError",
    "PreflightError",
    "Severity",
    "Stage",
    "UsageError",
    "__version__",
    "build",
    "check",
    "run_edition",
]
