"""`kaartgen build`, `check`, `preflight` and `manifest verify`: making, checking and verifying PDFs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..model.diagnostics import Diagnostic, KaartgenError, unique
from ..model.edition import Options
from .options import OutputFolder, emit_json, json_option, print_diagnostics, report_error, selectors

if TYPE_CHECKING:
    from ..pipeline.build import BuildReport
    from ..pipeline.chain import EditionResult

LABELS = {"built": "built", "up-to-date": "up to date", "checked": "ok", "failed": "FAILED"}


def _progress_printer(quiet: bool) -> Any:
    """A bar on a terminal; plain lines (one per edition) when output goes to a file or a pipe."""
    tty = sys.stderr.isatty()

    def progress(result: EditionResult, done: int, total: int) -> None:
        if quiet:
            return
        if tty:
            width = 30
            filled = round(width * done / total)
            line = f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {LABELS[result.status]:10} {result.name}"
            click.echo(line[:120].ljust(120), err=True, nl=done == total)
            return
        size = f" (body {result.body_size:g} pt)" if result.body_size else ""
        click.echo(f"[{done}/{total}] {LABELS[result.status]:10} {result.name}{size}", err=result.status == "failed")
    return progress


def _summary(report: BuildReport, verb: str) -> None:
    """Counts, every warning once, and the failed editions — grouped when they failed for the same reasons,
    so a region's problem shows once, not once per layout."""
    parts = [f"{report.count('built')} built", f"{report.count('up-to-date')} up to date"] if verb == "build" \
        else [f"{report.count('checked')} ok"]
    print_diagnostics(d for r in report.results for d in r.warnings)
    failed = [r for r in report.results if r.status == "failed"]
    parts.append(f"{len(failed)} failed")
    click.echo(", ".join(parts))
    groups: dict[tuple[Diagnostic, ...], list[EditionResult]] = {}
    for result in failed:
        groups.setdefault(tuple(unique(result.errors)), []).append(result)
    for diagnostics, results in groups.items():
        click.echo(f"FAILED {', '.join(str(r.name) for r in results)}:", err=True)
        print_diagnostics(diagnostics, indent="  ")


def _json_report(report: BuildReport) -> None:
    emit_json({
        "ok": report.ok and bool(report.results),
        "counts": {status: report.count(status) for status in ("built", "up-to-date", "checked", "failed")},
        "manifest": str(report.manifest) if report.manifest else None,
        "results": [{
            "edition": str(r.name), "document": r.name.document, "layout": r.name.layout, "region": r.name.region,
            "lang": r.name.lang, "kind": r.name.edition, "draft": r.name.draft, "status": r.status,
            "path": str(r.path) if r.path else None, "body_size": r.body_size, "pages": r.pages,
            "sha256": r.sha256 or None, "diagnostics": [d.to_json() for d in r.diagnostics],
        } for r in report.results],
    })


@click.command()
@selectors
@click.option("--marks", is_flag=True, help="Add crop and fold marks and a slug line (print edition).")
@click.option("--overprint-black", is_flag=True,
              help="Set text in 100 % K to overprint (print edition; ask your print shop whether it wants this).")
@click.option("--pdfx", type=click.Choice(["4", "1a"]), default="4", show_default=True, help="PDF/X level.")
@click.option("-o", "--output", "out_dir", type=OutputFolder(), default=None,
              help="Output folder (default: <workspace>/output).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes (default: CPUs).")
@click.option("--force", is_flag=True, help="Rebuild even when the inputs are unchanged.")
@click.option("--allow-low-res", is_flag=True, help="Print logos under 150 ppi anyway (with a warning).")
@click.option("--allow-unverified", is_flag=True,
              help="Print contact data that was never verified, or long ago (the proof says so).")
@click.option("--no-record", "no_record", is_flag=True,
              help="Do not add this build to the edition log (editions/): for trying things out.")
@click.option("-q", "--quiet", is_flag=True, help="Only the summary.")
@json_option
def build(workspace: Path, documents: tuple[str, ...], layouts: tuple[str, ...], langs: tuple[str, ...],
          regions: tuple[str, ...], editions: tuple[str, ...], draft: bool, marks: bool, overprint_black: bool,
          pdfx: str, out_dir: Path | None, jobs: int | None, force: bool, allow_low_res: bool,
          allow_unverified: bool, no_record: bool, quiet: bool, as_json: bool) -> None:
    """Build print-ready PDFs (default: the workspace's editions, see kaartgen.yaml).

    Each final print edition that comes out different from the last one is recorded in editions/<region>.jsonl
    with the contact data it prints (see kaartgen editions and kaartgen diff)."""
    from ..pipeline.build import build as run

    options = Options(marks=marks, pdfx=pdfx, draft=draft, force=force, allow_low_res=allow_low_res,
                      overprint_black=overprint_black,
                      allow_unverified=allow_unverified, record=not no_record)
    report = run(workspace, documents=documents, layouts=layouts, langs=langs, regions=regions,
                 editions=editions, out_dir=out_dir, options=options, jobs=jobs,
                 progress=_progress_printer(quiet or as_json))
    if as_json:
        _json_report(report)
    else:
        _summary(report, "build")
        if report.manifest:
            click.echo(f"manifest: {report.manifest}")
        for log in report.edition_logs:
            click.echo(f"recorded in {log}")
    sys.exit(0 if report.ok and report.results else 1)


@click.command()
@selectors
@click.option("--allow-low-res", is_flag=True, help="Accept print logos under 150 ppi (with a warning).")
@click.option("-q", "--quiet", is_flag=True, help="Only the summary.")
@json_option
def check(workspace: Path, documents: tuple[str, ...], layouts: tuple[str, ...], langs: tuple[str, ...],
          regions: tuple[str, ...], editions: tuple[str, ...], draft: bool, allow_low_res: bool, quiet: bool,
          as_json: bool) -> None:
    """Validate content, regions, layouts, translations, glyphs and fit; writes no PDF."""
    from ..pipeline.build import check as run

    report = run(workspace, documents=documents, layouts=layouts, langs=langs, regions=regions, editions=editions,
                 options=Options(draft=draft, allow_low_res=allow_low_res),
                 progress=_progress_printer(quiet or as_json))
    if as_json:
        _json_report(report)
    else:
        _summary(report, "check")
    sys.exit(0 if report.ok and report.results else 1)


@click.command()
@click.argument("pdfs", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@json_option
@click.option("-v", "--verbose", is_flag=True, help="Show passed checks too.")
@click.option("--profile", "profile_name", default=None, metavar="NAME|FILE",
              help="Limits to judge by: sheetfed-cmyk (default), digital, newspaper, or a profile file (YAML).")
@click.option("--limit", "limits", multiple=True, metavar="NAME=VALUE",
              help="Change one limit of the profile, e.g. --limit max_ink_percent=300. Repeatable.")
@click.option("--folds", default="", metavar="MM,MM",
              help="x positions of vertical folds in mm from the trim's left edge (text too close is reported).")
def preflight(pdfs: tuple[Path, ...], as_json: bool, verbose: bool, profile_name: str | None,
              limits: tuple[str, ...], folds: str) -> None:
    """Check any PDF against a print shop's profile: boxes, page sizes, bleed, fonts, colour and ink, separations,
    overprint, text size and position, lines, images, annotations, layers, output intent, PDF/X rules."""
    from ..model.diagnostics import PreflightError
    from ..tools.preflight import format_report, preflight as check_pdf
    from ..tools.preflight_profiles import load_profile

    overrides = {}
    for item in limits:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"'{item}' is not NAME=VALUE (e.g. max_ink_percent=300)", param_hint="--limit")
        overrides[key.strip()] = value.strip()
    try:
        fold_positions = tuple(float(part) for part in folds.split(",") if part.strip())
    except ValueError:
        raise click.BadParameter(f"'{folds}' is not a list of millimetres (e.g. 99,198)", param_hint="--folds") \
            from None
    try:
        profile = load_profile(profile_name, overrides)
    except KaartgenError as error:
        report_error(error, as_json)
        sys.exit(2)
    reports: list[dict[str, Any]] = []
    failed = False
    for path in pdfs:
        try:
            report = check_pdf(path, profile=profile, folds_mm=fold_positions)
        except PreflightError as error:
            failed = True
            if as_json:
                reports.append({"path": str(path), "ok": False,
                                "diagnostics": [d.to_json() for d in error.diagnostics]})
            else:
                print_diagnostics(error.diagnostics)
            continue
        failed |= not report.ok
        if as_json:
            reports.append(report.to_dict())
        else:
            click.echo(format_report(report, verbose=verbose))
    if as_json:
        emit_json({"ok": not failed, "files": reports})
    sys.exit(1 if failed else 0)


@click.group()
def manifest() -> None:
    """Inspect build manifests."""


@manifest.command("verify")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path), default=Path("output"))
def manifest_verify(folder: Path) -> None:
    """Check every file listed in FOLDER/manifest.json against its recorded sha256 and size."""
    from ..pipeline.output import verify_manifest

    problems, count = verify_manifest(folder)
    print_diagnostics(problems)
    click.echo(f"{count - len(problems)} of {count} files match {folder / 'manifest.json'}")
    sys.exit(1 if problems else 0)


