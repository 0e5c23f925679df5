"""Command line: a thin Click layer over the library. Commands parse options, call the API and print.

Exit codes: 0 all good; 1 some edition, check or file failed (each named); 2 usage error. A `KaartgenError`
is printed as its message (one located line per problem), never as a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .errors import KaartgenError

from .cli_options import ONE_LAYOUT, ONE_REGION, fail, selectors, workspace_option


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kaartgen")
def main() -> None:
    """kaartgen — print-ready signal cards and posters from content, layout and region data."""


def _progress_printer(quiet: bool):
    """A bar on a terminal; plain lines (one per edition) when output goes to a file or a pipe."""
    labels = {"built": "built", "up-to-date": "up to date", "checked": "ok", "failed": "FAILED"}
    tty = sys.stderr.isatty()

    def progress(result, done: int, total: int) -> None:
        if quiet:
            return
        if tty:
            width = 30
            filled = round(width * done / total)
            line = f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {labels[result.status]:10} {result.name}"
            click.echo(line[:120].ljust(120), err=True, nl=done == total)
            return
        size = f" (body {result.body_size:g} pt)" if result.body_size else ""
        click.echo(f"[{done}/{total}] {labels[result.status]:10} {result.name}{size}", err=result.status == "failed")
    return progress


def _summary(report, verb: str) -> None:
    parts = [f"{report.count('built')} built", f"{report.count('up-to-date')} up to date"] if verb == "build" \
        else [f"{report.count('checked')} ok"]
    for warning in dict.fromkeys(w for r in report.results for w in r.warnings):
        click.echo(f"warning: {warning}", err=True)
    failed = [r for r in report.results if r.status == "failed"]
    parts.append(f"{len(failed)} failed")
    click.echo(", ".join(parts))
    for result in failed:
        click.echo(f"FAILED {result.name}:", err=True)
        for line in result.message.splitlines():
            click.echo(f"  {line}", err=True)


@main.command()
@selectors
@click.option("--marks", is_flag=True, help="Add crop and fold marks and a slug line (print edition).")
@click.option("--pdfx", type=click.Choice(["4", "1a"]), default="4", show_default=True, help="PDF/X level.")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: <workspace>/output).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes (default: CPUs).")
@click.option("--force", is_flag=True, help="Rebuild even when the inputs are unchanged.")
@click.option("--allow-low-res", is_flag=True, help="Print logos under 150 ppi anyway (with a warning).")
@click.option("-q", "--quiet", is_flag=True, help="Only the summary.")
def build(workspace, documents, layouts, langs, regions, editions, draft, marks, pdfx, out_dir, jobs, force,
          allow_low_res, quiet) -> None:
    """Build print-ready PDFs (default: the reference edition, every layout)."""
    from .build import Options, build as run

    options = Options(marks=marks, pdfx=pdfx, draft=draft, force=force, allow_low_res=allow_low_res)
    try:
        report = run(workspace, documents=documents, layouts=layouts, langs=langs, regions=regions,
                     editions=editions, out_dir=out_dir, options=options, jobs=jobs,
                     progress=_progress_printer(quiet))
    except KaartgenError as error:
        fail(error)
    _summary(report, "build")
    if report.manifest:
        click.echo(f"manifest: {report.manifest}")
    sys.exit(0 if report.ok and report.results else 1)


@main.command()
@selectors
@click.option("--allow-low-res", is_flag=True, help="Accept print logos under 150 ppi (with a warning).")
@click.option("-q", "--quiet", is_flag=True, help="Only the summary.")
def check(workspace, documents, layouts, langs, regions, editions, draft, allow_low_res, quiet) -> None:
    """Validate content, regions, layouts, translations, glyphs and fit; writes no PDF."""
    from .build import Options, build as run

    try:
        report = run(workspace, documents=documents, layouts=layouts, langs=langs, regions=regions,
                     editions=editions, options=Options(draft=draft, check_only=True, allow_low_res=allow_low_res),
                     progress=_progress_printer(quiet))
    except KaartgenError as error:
        fail(error)
    _summary(report, "check")
    sys.exit(0 if report.ok and report.results else 1)


@main.command()
@click.argument("pdfs", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable report.")
@click.option("-v", "--verbose", is_flag=True, help="Show passed checks too.")
def preflight(pdfs, as_json, verbose) -> None:
    """Check the print-readiness of any PDF: boxes, bleed, fonts, colour, text size, images, PDF/X."""
    from .errors import PreflightError
    from .preflight import format_report, preflight as check_pdf

    reports, failed = [], False
    for path in pdfs:
        try:
            report = check_pdf(path)
        except PreflightError as error:
            failed = True
            if as_json:
                reports.append({"path": str(path), "ok": False, "error": str(error)})
            else:
                click.echo(f"FAIL  {error}", err=True)
            continue
        failed |= not report.ok
        if as_json:
            reports.append(report.to_dict())
        else:
            click.echo(format_report(report, verbose=verbose))
    if as_json:
        click.echo(json.dumps(reports, indent=2, ensure_ascii=False))
    sys.exit(1 if failed else 0)


@main.group()
def manifest() -> None:
    """Inspect build manifests."""


@manifest.command("verify")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path), default=Path("output"))
def manifest_verify(folder: Path) -> None:
    """Check every file listed in FOLDER/manifest.json against its recorded sha256 and size."""
    from .output import verify_manifest

    try:
        problems, count = verify_manifest(folder)
    except KaartgenError as error:
        fail(error)
    for problem in problems:
        click.echo(problem, err=True)
    click.echo(f"{count - len(problems)} of {count} files match {folder / 'manifest.json'}")
    sys.exit(1 if problems else 0)


@main.group()
def regions() -> None:
    """List, show and create region files."""


@regions.command("list")
@workspace_option
def regions_list(workspace) -> None:
    """Every region of the workspace."""
    from .regions import list_regions, load_region

    for name in list_regions(workspace):
        try:
            region = load_region(workspace, name)
            click.echo(f"{name:20} {region.name}")
        except KaartgenError:
            click.echo(f"{name:20} (has errors: run kaartgen check -r {name})")


@regions.command("show")
@click.argument("region", type=ONE_REGION)
@workspace_option
def regions_show(region, workspace) -> None:
    """The merged values of one region, with the file and line each comes from."""
    from .regions import load_region

    try:
        data = load_region(workspace, region)
    except KaartgenError as error:
        fail(error)
    width = max(len(k) for k in data.values)
    for key, value in data.values.items():
        click.echo(f"{key:{width}}  {value.text:32}  {value.source}")
    for logo in data.logos:
        click.echo(f"{'logo':{width}}  {logo.shown:32}  {logo.source}" + (f"  ({logo.alt})" if logo.alt else ""))


@regions.command("new")
@click.argument("region", type=ONE_REGION)
@workspace_option
def regions_new(region, workspace) -> None:
    """Write a commented template for a new region (fails `check` until filled in)."""
    from .regions import new_region

    try:
        path = new_region(workspace, region)
    except KaartgenError as error:
        fail(error)
    shown = path.relative_to(workspace) if path.is_relative_to(workspace) else path
    click.echo(f"wrote {shown}; fill in every TODO, then run: kaartgen check -r {region}")


@main.group()
def layouts() -> None:
    """List and show layouts."""


@layouts.command("list")
@workspace_option
def layouts_list(workspace) -> None:
    """Every layout of the workspace."""
    from .layoutspec import list_layouts, load_layout

    for name in list_layouts(workspace):
        try:
            spec = load_layout(workspace, name)
            click.echo(f"{name:16} {spec.description}")
        except KaartgenError:
            click.echo(f"{name:16} (has errors: run kaartgen layouts show {name})")


@layouts.command("show")
@click.argument("layout", type=ONE_LAYOUT)
@workspace_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def layouts_show(layout, workspace, as_json) -> None:
    """Sheet, bleed, folds and panels of one layout (mm)."""
    from .layoutspec import load_layout

    try:
        spec = load_layout(workspace, layout)
    except KaartgenError as error:
        fail(error)

    def mm(v: float) -> float:
        return round(v * 25.4 / 72, 2)

    info = {
        "name": spec.name, "description": spec.description,
        "sheet_mm": [mm(spec.trim_w), mm(spec.trim_h)], "bleed_mm": mm(spec.bleed), "safe_mm": mm(spec.safe),
        "fold": spec.fold_type, "fold_panels_mm": [mm(w) for w in spec.fold_widths],
        "fit": {"base_pt": spec.base_size, "minimum_pt": spec.min_size, "step_pt": spec.step},
        "sides": [{"name": side, "panels": [
            {"id": p.id, "x_mm": mm(p.rect.x), "y_mm": mm(spec.trim_h - p.rect.top), "width_mm": mm(p.rect.w),
             "height_mm": mm(p.rect.h)} for p in spec.panels.values() if p.side == i]}
            for i, side in enumerate(spec.sides)],
        "flows": [{"panels": list(f.panels), "content": [e.key or e.kind for e in f.entries]} for f in spec.flows],
    }
    if as_json:
        click.echo(json.dumps(info, indent=2, ensure_ascii=False))
        return
    click.echo(f"{spec.name}: {spec.description}")
    click.echo(f"  sheet {info['sheet_mm'][0]} × {info['sheet_mm'][1]} mm, bleed {info['bleed_mm']} mm, "
               f"safe {info['safe_mm']} mm, fold {spec.fold_type} {info['fold_panels_mm'] or ''}")
    click.echo(f"  body {spec.base_size:g} pt, never below {spec.min_size:g} pt")
    for side in info["sides"]:
        click.echo(f"  {side['name']}:")
        for p in side["panels"]:
            click.echo(f"    {p['id']:12} x {p['x_mm']:7} mm  width {p['width_mm']} mm")
    for index, flow in enumerate(info["flows"], 1):
        click.echo(f"  flow {index}: {' → '.join(flow['panels'])}: {', '.join(flow['content'])}")


def _register_subcommands() -> None:
    """Command groups that live in their own modules (kept out of this file to keep it short)."""
    from .cli_i18n import i18n
    from .cli_preview import preview

    main.add_command(i18n)
    main.add_command(preview)


_register_subcommands()
