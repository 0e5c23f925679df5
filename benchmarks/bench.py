"""kaartgen benchmark: run by hand (`python benchmarks/bench.py`), not a test. Prints wall time, ms per PDF, peak RSS.

In a temporary copy of the workspace with 25 generated, clearly fictional regions (0800-00NN numbers,
example.nl addresses) it measures:
  (a) one reference edition (one layout) as a whole `kaartgen build` process;
  (b) the whole matrix — 25 regions × every shipped language (drafts included) × every layout, print edition —
      cold, with -j 1 and -j 2;
  (c) a no-op rebuild of the matrix;
  (d) a rebuild after one region file changed (only that region's editions are rebuilt).
Every run is a separate process, so the figures include start-up, and peak RSS is that of the largest process
of that run (the parent or one worker): the process reports its own peak and its workers' at exit.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REGIONS = 25
RSS_TAG = "kaartgen-bench-maxrss"
# Runs kaartgen's CLI in-process and, at exit, reports the peak RSS (kB on Linux) of this process and of the largest
# of its waited-for children (the build's worker processes, which are grandchildren of the benchmark).
WRAPPER = f"""
import atexit, resource, sys

def report():
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print("{RSS_TAG}", own, workers, file=sys.stderr)

atexit.register(report)
from kaartgen.cli import main
main(sys.argv[1:], prog_name="kaartgen")
"""


def make_workspace(root: Path, regions: int = REGIONS) -> Path:
    workspace = root / "ws"
    for folder in ("content", "layouts", "fonts"):
        shutil.copytree(REPO / folder, workspace / folder)
    checked = (datetime.date.today() - datetime.timedelta(days=30)).isoformat()  # recently verified: builds
    for real in (workspace / "content" / "regions").glob("[!_]*.yaml"):
        real.unlink()  # only the generated, fictional regions
    for n in range(1, regions + 1):
        (workspace / "content" / "regions" / f"testregio-{n:02d}.yaml").write_text(
            f"region:\n  name: Testregio {n:02d}\n"
            f"contacts:\n  zorgcoordinator:\n    - organisation: Zorgpunt Testregio {n:02d}\n"
            f"      email: zorg@testregio-{n:02d}.example.nl\n      phone: 0800-00{n:02d}\n"
            f"      verified: {{on: {checked}, by: benchmark}}\n", encoding="utf-8")
    return workspace


def run(args: list[str], env: dict) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) of the largest process of this run, and the summary line of one kaartgen run."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", WRAPPER, *args], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"kaartgen {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    reported = [line.split()[1:] for line in done.stderr.splitlines() if line.startswith(RSS_TAG + " ")]
    if not reported:
        sys.exit(f"kaartgen {' '.join(args)} reported no peak RSS:\n{done.stderr}")
    peak_kb = max(int(value) for value in reported[-1])  # kB on Linux
    summary = next((line for line in done.stdout.splitlines() if "built" in line), "")
    return wall, peak_kb / 1024, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of (a); the best is reported")
    options = parser.parse_args()
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600")
    # as installed: Python keeps its compiled bytecode (some machines switch that off; the first run writes it)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        workspace = make_workspace(Path(tmp))
        ws = ["-w", str(workspace), "-q"]
        languages = 1 + len(list((workspace / "content/signalenkaart/locales").glob("*.po")))
        layouts = len(list((workspace / "layouts").glob("*.yaml")))
        matrix = ["-r", "all", "--lang", "all", "--draft", "--edition", "print"]
        pdfs = REGIONS * languages * layouts
        print(f"kaartgen benchmark — {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
        print(f"matrix: {REGIONS} regions × {languages} languages × {layouts} layouts = {pdfs} PDFs\n")

        runs = [run(["build", *ws, "-l", "zfold-a4", "-r", "testregio-01", "--force", "-o", f"{tmp}/one"], env)
                for _ in range(options.repeat)]
        best = min(wall for wall, _rss, _summary in runs)
        peaks = [rss for _wall, rss, _summary in runs]
        print(f"(a) one reference edition, whole process:   {best:6.3f} s  peak RSS {max(peaks):5.0f} MB")
        for jobs in (1, 2):
            out = f"{tmp}/matrix-j{jobs}"
            wall, rss, summary = run(["build", *ws, *matrix, "-j", str(jobs), "-o", out], env)
            peaks.append(rss)
            print(f"(b) matrix cold, -j {jobs}:                    {wall:6.2f} s  {wall / pdfs * 1000:5.1f} ms/PDF"
                  f"  peak RSS {rss:5.0f} MB  [{summary}]")
        out = f"{tmp}/matrix-j2"
        wall, rss, summary = run(["build", *ws, *matrix, "-j", "2", "-o", out], env)
        peaks.append(rss)
        print(f"(c) no-op rebuild of the matrix:             {wall:6.2f} s  peak RSS {rss:5.0f} MB  [{summary}]")
        region = workspace / "content/regions/testregio-07.yaml"
        region.write_text(region.read_text().replace("0800-0007", "0800-0077"))
        wall, rss, summary = run(["build", *ws, *matrix, "-j", "2", "-o", out], env)
        peaks.append(rss)
        print(f"(d) rebuild after one region changed:        {wall:6.2f} s  peak RSS {rss:5.0f} MB  [{summary}]")
        print(f"peak RSS of any process:                     {max(peaks):5.0f} MB")


if __name__ == "__main__":
    main()
