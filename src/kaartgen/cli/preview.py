"""`kaartgen preview`: build (or reuse) editions, then PNG pictures of their pages and, on request, a proof sheet."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .options import OutputFolder, selectors


@click.command()
@selectors
@click.option("--dpi", type=click.IntRange(min=10, max=600), default=100, show_default=True,
              help="Resolution of the pictures.")
@click.option("--proof", is_flag=True,
              help="Also write a proof sheet per edition (PNG and a one-page PDF) to check and sign.")
@click.option("--marks", is_flag=True, help="Preview the print edition with crop and fold marks and a slug line.")
@click.option("--overprint-black", is_flag=True, help="Set text in 100 % K to overprint (print edition).")
@click.option("--pdfx", type=click.Choice(["4", "1a"]), default="4", show_default=True, help="PDF/X level.")
@click.option("-o", "--output", "out_dir", type=OutputFolder(), default=None,
              help="Folder for the pictures and proofs (default: beside each PDF; proofs in proofs/ there).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for the build (default: CPUs).")
@click.option("--allow-low-res", is_flag=True, help="Print logos under 150 ppi anyway (with a warning).")
@click.option("--allow-unverified", is_flag=True,
              help="Build contact data that was never verified, or long ago (the proof marks it): e.g. for a "
                   "proof to send to the organisation to check.")
@click.option("--no-record", "no_record", is_flag=True,
              help="Do not add the print PDFs this builds to the edition log (editions/).")
@click.option("-q", "--quiet", is_flag=True, help="Only the summary.")
def preview(workspace: Path, documents: tuple[str, ...], layouts: tuple[str, ...], langs: tuple[str, ...],
            regions: tuple[str, ...], editions: tuple[str, ...], draft: bool, dpi: int, proof: bool, marks: bool,
            overprint_black: bool, pdfx: str, out_dir: Path | None, jobs: int | None, allow_low_res: bool,
            allow_unverified: bool, no_record: bool, quiet: bool) -> None:
    """Pictures of the built PDFs: one PNG per page, and with --proof a proof sheet to sign."""
    from ..model.edition import Options
    from ..tools.preview import PreviewResult, preview as run

    def progress(result: PreviewResult, done: int, total: int) -> None:
        if result.ok:
            if not quiet:
                click.echo(f"[{done}/{total}] {result.edition.name}")
                for path in result.pages + result.proof:
                    click.echo(f"  {path}")
            return
        click.echo(f"[{done}/{total}] FAILED {result.edition.name}", err=True)
        for line in (result.message or result.edition.message).splitlines():
            click.echo(f"  {line}", err=True)

    results = run(workspace, documents=documents, layouts=layouts, langs=langs, regions=regions,
                  editions=editions, dpi=dpi, proof=proof, out_dir=out_dir,
                  options=Options(marks=marks, pdfx=pdfx, draft=draft, allow_low_res=allow_low_res,
                                  overprint_black=overprint_black,
                                  allow_unverified=allow_unverified, record=not no_record),
                  jobs=jobs, progress=progress)
    failed = sum(1 for r in results if not r.ok)
    click.echo(f"{len(results) - failed} previewed, {failed} failed")
    if not results:
        click.echo("nothing selected", err=True)
    sys.exit(0 if results and not failed else 1)
