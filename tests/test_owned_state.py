"""State kaartgen owns: ReportLab's process-wide font tables and settings are left as a render found them; the
disk cache is keyed by file content, bounded and cleaned; the test run caches in a temporary folder."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from kaartgen.backends.pdf import render
from kaartgen.load import cache

from conftest import HOME_CACHE, REPO, plan_of


def _reportlab_tables() -> list[set]:
    from reportlab.lib import fonts
    from reportlab.pdfbase import pdfmetrics

    return [set(pdfmetrics._fonts), set(pdfmetrics._dynFaceNames), set(fonts._tt2ps_map), set(fonts._ps2tt_map)]


def test_a_render_leaves_reportlabs_font_tables_and_settings_as_it_found_them():
    from reportlab import rl_config

    plan = plan_of(REPO, "zfold-a4")
    before, a85 = _reportlab_tables(), rl_config.useA85
    first = render(plan)
    assert _reportlab_tables() == before and rl_config.useA85 == a85
    assert render(plan) == first  # and nothing left over changes the next render


def test_a_face_someone_else_registered_does_not_change_the_render():
    """Another program in the process (a test fixture, a studio plug-in) registering the same font file under a
    name of its own: ReportLab would alias kaartgen's font to that one; the render draws with its own font still
    (its ligatures extract as letters) and gives the same bytes."""
    import io

    from pypdf import PdfReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    plan = plan_of(REPO, "zfold-a4")
    alone = render(plan)
    tables = _reportlab_tables()
    pdfmetrics.registerFont(TTFont("SomeoneElsesNotoSans", str(REPO / "fonts" / "NotoSans-Regular.ttf")))
    try:
        shared = render(plan)
    finally:
        from reportlab.lib import fonts

        for table in (pdfmetrics._fonts, pdfmetrics._dynFaceNames, fonts._tt2ps_map, fonts._ps2tt_map):
            for key in [k for k in table if k not in set().union(*tables)]:
                del table[key]
    assert shared == alone
    assert "officiële" in "".join(page.extract_text() for page in PdfReader(io.BytesIO(shared)).pages)


def test_a_failing_render_also_cleans_up(monkeypatch):
    import pytest
    from reportlab import rl_config
    from reportlab.pdfgen import canvas

    plan = plan_of(REPO, "zfold-a4")
    before, a85 = _reportlab_tables(), rl_config.useA85

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(canvas.Canvas, "showPage", broken)
    with pytest.raises(RuntimeError):
        render(plan)
    assert _reportlab_tables() == before and rl_config.useA85 == a85


def test_the_cache_is_keyed_by_content_not_by_path(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("KAARTGEN_CACHE_DIR", str(tmp_path / "cache"))
    font = REPO / "fonts" / "NotoSans-Regular.ttf"
    copy = tmp_path / "elsewhere" / "Renamed.ttf"
    copy.parent.mkdir()
    shutil.copy(font, copy)
    calls = []

    def build():
        calls.append(1)
        return {"n": len(calls)}

    assert cache.cached_json("test", font, "v1", build) == {"n": 1}
    assert cache.cached_json("test", copy, "v1", build) == {"n": 1}  # same bytes elsewhere: a hit
    os.utime(copy, (time.time() + 10, time.time() + 10))
    assert cache.cached_json("test", copy, "v1", build) == {"n": 1}  # touched, not changed: still a hit
    copy.write_bytes(copy.read_bytes() + b"\0")
    assert cache.cached_json("test", copy, "v1", build) == {"n": 2}  # changed: rebuilt
    assert cache.cached_json("test", font, "v2", build) == {"n": 3}  # another library version: rebuilt


def test_the_cache_is_bounded_and_removes_what_a_killed_run_left(tmp_path: Path):
    folder = tmp_path / "cache"
    folder.mkdir()
    for n in range(cache.MAX_ENTRIES + 10):
        entry = folder / f"{cache.PREFIX}face-{n:04d}.json"
        entry.write_text("{}", encoding="utf-8")
        os.utime(entry, (1_000_000 + n, 1_000_000 + n))
    stale = folder / f".{cache.PREFIX}abandoned.tmp"
    stale.write_text("half", encoding="utf-8")
    os.utime(stale, (1_000_000, 1_000_000))
    unrelated = folder / "notes.txt"
    unrelated.write_text("mine", encoding="utf-8")
    legacy = folder / "face-0123456789abcdef.json"  # what kaartgen 0.1 wrote, never read again
    legacy.write_text("{}", encoding="utf-8")
    removed = cache.prune(folder)
    names = sorted(p.name for p in folder.iterdir())
    assert removed == 12 and len(names) == cache.MAX_ENTRIES + 1 and "notes.txt" in names
    assert f"{cache.PREFIX}face-0000.json" not in names  # the oldest went first
    assert f"{cache.PREFIX}face-{cache.MAX_ENTRIES + 9:04d}.json" in names


def test_the_cache_can_be_switched_off(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("KAARTGEN_CACHE_DIR", "off")
    assert cache.cache_dir() is None
    assert cache.cached_json("test", REPO / "fonts" / "NotoSans-Regular.ttf", "v", lambda: {"x": 1}) == {"x": 1}


def test_the_test_run_caches_in_a_temporary_folder():
    folder = cache.cache_dir()
    assert folder is not None and not folder.is_relative_to(HOME_CACHE)
    assert not Path(os.environ["XDG_CACHE_HOME"]).is_relative_to(HOME_CACHE)
