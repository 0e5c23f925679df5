"""QR codes: data → the modules of its symbol, with ReportLab's own QR encoder (error correction level M).

The encoder module is loaded on its own: importing it as `reportlab.graphics.barcode.qrencoder` runs the barcode
package's ``__init__``, which pulls in platypus and every widget (~0.1 s of start-up). The result is plain data —
the module count and the dark modules as runs (row, first column, length) — which the plan carries.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path
from types import ModuleType


@lru_cache(maxsize=1)
def _qrencoder() -> ModuleType:
    import reportlab

    path = Path(reportlab.__file__).parent / "graphics" / "barcode" / "qrencoder.py"
    spec = importlib.util.spec_from_file_location("kaartgen._rl_qrencoder", path)
    if spec is None or spec.loader is None:  # pragma: no cover - depends on the ReportLab install
        raise ImportError(f"ReportLab's QR encoder is missing: {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=64)
def encode(data: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """(modules per side, dark runs as (row, first column, length)) of the QR symbol for `data`."""
    qrencoder = _qrencoder()
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(data)
    code.make()
    count = code.getModuleCount()
    runs = []
    for row in range(count):
        col = 0
        while col < count:
            if code.isDark(row, col):
                start = col
                while col < count and code.isDark(row, col):
                    col += 1
                runs.append((row, start, col - start))
            else:
                col += 1
    return count, tuple(runs)
