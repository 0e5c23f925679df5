"""kaartgen: print-ready signal cards and posters from translatable content, layout data and region data.

The stages are packages, chained by :func:`kaartgen.pipeline.chain.run_edition` (see ARCHITECTURE.md):
``model`` (types only) ← ``load`` (files → model) and ``backends`` (ReportLab, Pillow, pdfium) ←
``layout`` (texts → plan) ← ``pipeline`` (the chain, selection, incremental and parallel builds, output) ←
``tools`` (preflight, previews and proofs, translators' tools) ← ``cli``. The public API is re-exported here;
everything else is internal.
"""

from typing import TYPE_CHECKING, Any

from .version import __version__

# The API is imported on first use (PEP 562): `kaartgen.cli` and a no-op rebuild start without the pipeline,
# ReportLab or Pillow.
_API = {
    "DataError": ".model.diagnostics", "Diagnostic": ".model.diagnostics", "DraftError": ".model.diagnostics",
    "FitError": ".model.diagnostics", "Interrupted": ".model.diagnostics", "KaartgenError": ".model.diagnostics",
    "OutputError": ".model.diagnostics", "PreflightError": ".model.diagnostics", "Severity": ".model.diagnostics",
    "UsageError": ".model.diagnostics", "EditionName": ".model.edition", "Options": ".model.edition",
    "BuildReport": ".pipeline.build", "build": ".pipeline.build", "check": ".pipeline.build",
    "EditionResult": ".pipeline.chain", "Stage": ".pipeline.chain", "run_edition": ".pipeline.chain",
}

if TYPE_CHECKING:
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


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'kaartgen' has no attribute '{name}'")
    import importlib

    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


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
