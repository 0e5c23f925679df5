"""The versions of the libraries whose output ends up in a PDF (part of every edition's inputs hash)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def library_versions() -> dict[str, str]:
    """Versions of the libraries whose output ends up in the PDF. Read from the modules, which a build imports
    anyway (importlib.metadata alone would cost more start-up time than all of them together)."""
    import fontTools
    import phonenumbers
    import PIL
    import pypdf
    import pyphen
    import reportlab

    return {"reportlab": reportlab.Version, "pypdf": pypdf.__version__, "pillow": PIL.__version__,
            "pyphen": str(pyphen.__version__), "fonttools": str(fontTools.version),
            "phonenumbers": phonenumbers.__version__}
