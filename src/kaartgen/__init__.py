"""kaartgen: print-ready signal cards and posters from translatable content, layout data and region data.

The stages are packages, chained by :func:`kaartgen.pipeline.chain.run_edition` (see ARCHITECTURE.md):
``model`` (types only) ← ``load`` (files → model) and ``backends`` (ReportLab, pypdf, Pillow, pdfium) ←
``layout`` (texts → plan) ← ``pipeline`` (the chain, selection, incremental and parallel builds, output) ←
``tools`` (preflight, previews and proofs, translators' tools) ← ``cli``. The public API is re-exported here;
everything else is internal.
"""

__version__ = "0.2.0"

from .model.diagnostics import (  # noqa: E402
    DataError,
    Diagnostic,
    DraftError,
    FitError,
    KaartgenError,
    OutputError,
    PreflightError,
    Severity,
    UsageError,
)
from .model.edition import EditionName, Options  # noqa: E402
from .pipeline.build import BuildReport, build, check  # noqa: E402
from .pipeline.chain import EditionResult, Stage, run_edition  # noqa: E402

__all__ = ["build", "check", "run_edition", "Stage", "BuildReport", "EditionResult", "EditionName", "Options",
           "Diagnostic", "Severity", "KaartgenError", "DataError", "DraftError", "FitError", "OutputError",
           "PreflightError", "UsageError", "__version__"]
