"""kaartgen: print-ready signal cards and posters from translatable content, layout data and region data.

Pipeline (one module per stage): content → layoutspec/layout → render → prepress → output, chained by
`build.build`. The public API is re-exported here; everything else is internal.
"""

__version__ = "0.1.0"

from .build import BuildReport, EditionResult, Options, build  # noqa: E402
from .errors import DataError, DraftError, FitError, KaartgenError, OutputError, Problem  # noqa: E402

__all__ = ["build", "BuildReport", "EditionResult", "Options", "KaartgenError", "DataError", "DraftError",
           "FitError", "OutputError", "Problem", "__version__"]
