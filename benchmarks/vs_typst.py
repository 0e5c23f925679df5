"""kaartgen against Typst on the same card: run by hand (`python benchmarks/vs_typst.py`), not a test.

Needs the benchmark extra (`pip install -e '.[bench]'`: the `typst` wheel from PyPI). Typst sets
`benchmarks/typst_card.typ`, the z-fold signalenkaart with the texts of kaartgen's Dutch zfold-a4 edition (read
from content/signalenkaart/nl.yaml and the region, placeholders resolved, inline marks dropped), the same sheet,
bleed, panels, Noto Sans and CMYK colours. kaartgen builds its own edition with every check on (schema,
placeholders, phone numbers, glyphs, fit, line counts, pictures, PDF/X). Both write their PDFs to disk.

Measured, in the clearly fictional regions `testregio-NN` (0800-00NN numbers):
  (1) one edition as a whole process (`kaartgen build …` against `python -c "import typst; typst.compile(…)"`);
  (2) a 50-card batch in one process (kaartgen: 50 regions, one layout and language, -j 1; Typst: one Compiler,
      50 compiles with each region's texts), per card.
Runs alternate (kaartgen, Typst, kaartgen, …) so both meet the same machine load; the report gives medians,
the spread (min–max) and the median of the paired ratios kaartgen / Typst.

(3) the engine's floor, paired against Typst the same way: a bare ReportLab program that does no more than draw
kaartgen's finished text runs of the same card (positions, fonts, sizes and colours taken from kaartgen's plan;
no checks, no layout, no PDF/X) — once as a whole process, and 50 times in one process. Python and ReportLab
cannot go below it, so it says how close to a target kaartgen can come at all.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
from bench import make_workspace  # noqa: E402 - the benchmark's fictional workspace, shared

TYPST_CARD = Path(__file__).with_name("typst_card.typ")
BATCH = 50

TYPST_ONE = """
import sys, typst
card, out, fonts, root = sys.argv[1:5]
typst.compile(root + "/typst_card.typ", output=out, font_paths=[fonts], ignore_system_fonts=True,
              sys_inputs={"card": open(card, encoding="utf-8").read()})
"""
FLOOR = """
import json, sys
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
card, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = json.load(open(card, encoding="utf-8"))
for face, path in data["fonts"].items():
    pdfmetrics.registerFont(TTFont(face, path))
for n in range(count):
    canvas = Canvas(f"{out}-{n:02d}.pdf", pagesize=data["media"])
    for page in data["pages"]:
        for x, y, text, face, size, cmyk in page:
            canvas.setFillColorCMYK(*cmyk)
            canvas.setFont(face, size)
            canvas.drawString(x, y, text)
        canvas.showPage()
    canvas.save()
"""
TYPST_BATCH = """
import sys, typst
cards, out, fonts, root = sys.argv[1:5]
compiler = typst.Compiler(root + "/typst_card.typ", font_paths=[fonts], ignore_system_fonts=True)
for n, card in enumerate(open(cards, encoding="utf-8").read().split("\\n\\x1e\\n")):
    compiler.compile(output=f"{out}/card-{n:02d}.pdf", sys_inputs={"card": card})
"""


def card_texts(workspace: Path, region: str) -> dict:
    """The texts of the Dutch card for `region`, grouped by panel as typst_card.typ reads them."""
    content = yaml.safe_load((workspace / "content/signalenkaart/nl.yaml").read_text(encoding="utf-8"))
    data = yaml.safe_load((workspace / "content/regions/_national.yaml").read_text(encoding="utf-8"))
    own = yaml.safe_load((workspace / f"content/regions/{region}.yaml").read_text(encoding="utf-8"))
    coordinator = own["contacts"]["zorgcoordinator"][0]
    data.update(region=dict(own["region"], note=""), zorgcoordinator=coordinator, edition={"month": "januari 2026"})

    def resolve(text: str) -> str:
        def value(match: re.Match[str]) -> str:
            found: object = data
            for part in match.group(1).split("."):
                found = found[part] if isinstance(found, dict) else ""
            return str(found)

        return re.sub(r"\*\*?|\\", "", re.sub(r"\{([a-z_.]+)\}", value, text))

    blocks = content["blocks"]

    def block(key: str) -> dict:
        b = blocks[key]
        out = {"style": b["style"]}
        if "items" in b:
            out["items"] = [resolve(item) for item in b["items"].values()]
        else:
            out["text"] = resolve(b.get("text", ""))
        return out

    contact = [block(k) for k in ("coordinator_heading", "coordinator")]
    contact.append({"style": "contacts", "items": [coordinator["organisation"], coordinator["phone"],
                                                    coordinator["email"]]})
    contact += [block(k) for k in ("chat_heading", "chat", "chat_link", "chat_open", "chat_hours")]
    return {
        "title": resolve(content["document"]["title"]), "author": resolve(content["document"]["author"]),
        "cover": {"title": resolve(blocks["cover_title"]["text"]),
                  "subtitle": resolve(blocks["cover_subtitle"]["text"]),
                  "intro": resolve(blocks["intro"]["text"]), "region": resolve(blocks["cover_region"]["text"])},
        "signals": [block(k) for k in ("why_signal", "signals_heading", "signals", "own_choice_heading", "own_choice",
                                       "own_choice_conclusion")],
        "action": [block(k) for k in ("action_heading", "action_dont_avoid", "meldcode", "steps", "contacts_heading",
                                      "contacts")],
        "talk": [block(k) for k in ("conversation_heading", "helps_heading", "helps", "hinders_heading", "hinders")],
        "contact": contact,
        "edition": resolve(blocks["edition_line"]["text"]),
    }


def text_runs(workspace: Path, region: str) -> dict:
    """kaartgen's finished text runs of the card (for the floor): fonts, page size, per page (x, y, text, face,
    size, CMYK)."""
    from kaartgen import EditionName, Options, Stage, run_edition
    from kaartgen.model.plan import TextRun
    from kaartgen.pipeline.inputs import Inputs

    result, _ = run_edition(Inputs(workspace), EditionName("signalenkaart", "zfold-a4", region, "nl", "print"),
                            Options(), until=Stage.PLAN, keep_plan=True)
    plan = result.plan
    assert plan is not None, result.message
    margin = plan.frame.margin
    pages = [[(item.x + margin, item.y + margin, item.text, item.face, item.size,
               list(plan.colours[item.colour]))
              for item in page.items if isinstance(item, TextRun)] for page in plan.pages]
    return {"fonts": {face: str(path) for face, path in plan.fonts.items()}, "media": list(plan.media),
            "pages": pages}


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command[:3])} … failed:\n{done.stdout}\n{done.stderr}")
    return wall


def paired(name: str, kaartgen: list[str], typst: list[str], env: dict[str, str], runs: int, per: int = 1,
           ours_label: str = "kaartgen") -> float:
    ours, theirs = [], []
    timed(kaartgen, env), timed(typst, env)  # warm the caches of both (fonts, page cache)
    for _ in range(runs):
        ours.append(timed(kaartgen, env) / per)
        theirs.append(timed(typst, env) / per)
    ratios = [a / b for a, b in zip(ours, theirs, strict=True)]
    unit = "per card" if per > 1 else "whole process"
    print(f"{name} ({unit}, {runs} paired runs)")
    for label, values in ((ours_label, ours), ("typst", theirs)):
        print(f"  {label:9} median {statistics.median(values) * 1000:7.1f} ms   spread "
              f"{min(values) * 1000:7.1f}–{max(values) * 1000:7.1f} ms")
    ratio = statistics.median(ratios)
    print(f"  {ours_label} / typst: median {ratio:.2f}×  (paired ratios {min(ratios):.2f}–{max(ratios):.2f})")
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="paired runs of each measurement")
    options = parser.parse_args()
    try:
        import typst
    except ImportError:
        sys.exit("the typst wheel is missing: pip install -e '.[bench]'")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600")
    # as installed: Python keeps its compiled bytecode (some machines switch that off; the first run writes it)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        workspace = make_workspace(root, regions=BATCH)
        env["KAARTGEN_CACHE_DIR"] = str(root / "cache")
        fonts, here = str(workspace / "fonts"), str(TYPST_CARD.parent)
        one = root / "card.json"
        one.write_text(json.dumps(card_texts(workspace, "testregio-01"), ensure_ascii=False), encoding="utf-8")
        batch = root / "cards.txt"
        batch.write_text("\n\x1e\n".join(json.dumps(card_texts(workspace, f"testregio-{n:02d}"), ensure_ascii=False)
                                         for n in range(1, BATCH + 1)), encoding="utf-8")
        (root / "typst-batch").mkdir()
        print(f"kaartgen against Typst {typst.__version__} — {os.cpu_count()} CPUs, Python {sys.version.split()[0]}\n")
        ws = ["-m", "kaartgen", "build", "-w", str(workspace), "-q", "-l", "zfold-a4", "--lang", "nl",
              "--edition", "print", "--force"]
        first = paired("(1) one edition", [sys.executable, *ws, "-r", "testregio-01", "-o", str(root / "one")],
                       [sys.executable, "-c", TYPST_ONE, str(one), str(root / "typst-one.pdf"), fonts, here],
                       env, options.runs)
        print()
        second = paired(f"(2) {BATCH}-card batch in one process",
                        [sys.executable, *ws, "-r", "all", "-j", "1", "-o", str(root / "batch")],
                        [sys.executable, "-c", TYPST_BATCH, str(batch), str(root / "typst-batch"), fonts, here],
                        env, options.runs, per=BATCH)
        runs = root / "runs.json"
        runs.write_text(json.dumps(text_runs(workspace, "testregio-01"), ensure_ascii=False), encoding="utf-8")
        print()
        floor_one = paired("(3a) ReportLab's floor, one card", [sys.executable, "-c", FLOOR, str(runs),
                                                                  str(root / "floor-one"), "1"],
                           [sys.executable, "-c", TYPST_ONE, str(one), str(root / "typst-one.pdf"), fonts, here],
                           env, options.runs, ours_label="floor")
        print()
        floor_batch = paired(f"(3b) ReportLab's floor, {BATCH} cards in one process",
                             [sys.executable, "-c", FLOOR, str(runs), str(root / "floor-batch"), str(BATCH)],
                             [sys.executable, "-c", TYPST_BATCH, str(batch), str(root / "typst-batch"), fonts, here],
                             env, options.runs, per=BATCH, ours_label="floor")
        print(f"\nReportLab's floor / Typst: one card {floor_one:.2f}×, per card in a batch {floor_batch:.2f}× "
              "(no ReportLab program can do better)")
        print(f"\ntargets (issue 19): one edition ≤ 2.0× Typst ({first:.2f}×), per card in a batch ≤ 1.0× Typst "
              f"({second:.2f}×)")


if __name__ == "__main__":
    main()
