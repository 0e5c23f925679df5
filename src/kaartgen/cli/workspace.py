"""`kaartgen regions`, `layouts`, `editions` and `diff`: what a workspace holds, and what it has printed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..model.diagnostics import KaartgenError
from ..model.geometry import to_mm
from ..model.region import PrintedValue
from .options import ONE_LANGUAGE, ONE_LAYOUT, ONE_REGION, json_option, workspace_option


@click.group()
def regions() -> None:
    """List, show, create and migrate region files."""


@regions.command("list")
@workspace_option
def regions_list(workspace: Path) -> None:
    """Every region of the workspace."""
    from ..load.regions import list_regions, load_region
    from ..load.settings import require_workspace

    require_workspace(workspace)
    _list(list_regions(workspace), lambda name: load_region(workspace, name).name, 20,
          "no regions yet: make one with 'kaartgen regions new REGION'", "kaartgen check -r {name}")


@regions.command("show")
@click.argument("region", type=ONE_REGION)
@workspace_option
@click.option("--lang", "lang", type=ONE_LANGUAGE, default="nl", show_default=True,
              help="Show the region's texts (note, labels, hours) in this language.")
def regions_show(region: str, workspace: Path, lang: str) -> None:
    """Every value a card of this region prints, with where it comes from and when it was verified."""
    from ..load.regions import ROLE_SHORT, load_region

    data = load_region(workspace, region)
    values = data.printed(lang, ROLE_SHORT)
    width = max(len(v.label) for v in values)
    text_width = min(max(len(v.text) for v in values), 44)
    for value in values:
        verified = f"  verified {value.verified}" if value.verified and value.key.endswith(".organisation") else ""
        click.echo(f"{value.label:{width}}  {value.text:{text_width}}  {value.source}{verified}")
    for logo in data.logos:
        click.echo(f"{'logo':{width}}  {logo.shown:{text_width}}  {logo.source}" + (f"  ({logo.alt})" if logo.alt
                                                                                   else ""))


@regions.command("new")
@click.argument("region", type=ONE_REGION)
@workspace_option
def regions_new(region: str, workspace: Path) -> None:
    """Write a commented template for a new region (fails `check` until filled in)."""
    from ..load.regions import new_region
    from ..load.settings import SETTINGS_FILE, load_settings

    path = new_region(workspace, region)
    shown = path.relative_to(workspace) if path.is_relative_to(workspace) else path
    click.echo(f"wrote {shown}; fill in every TODO, then run: kaartgen check -r {region}")
    try:
        defaults = load_settings(workspace).regions
    except KaartgenError:
        return  # kaartgen.yaml has problems of its own: the next build names them
    if (workspace / SETTINGS_FILE).is_file() and region not in defaults and "all" not in defaults:
        click.echo(f"kaartgen build makes {', '.join(defaults) or 'no region'} by default; to make it {region}, "
                   f"set regions: [{region}] in {SETTINGS_FILE}")


@regions.command("migrate")
@click.argument("region", type=ONE_REGION)
@workspace_option
def regions_migrate(region: str, workspace: Path) -> None:
    """Rewrite a region file of kaartgen 0.1 in the current format (values, comments and other lines kept)."""
    from ..tools.migrate_region import migrate_region

    path = migrate_region(workspace, region)
    if path is None:
        click.echo(f"{region}: already in the current format; nothing to do")
        return
    shown = path.relative_to(workspace) if path.is_relative_to(workspace) else path
    click.echo(f"rewrote {shown} in the current format: every value prints as before. Once the data has been "
               f"checked with the organisation, fill in its verified: line; then run: kaartgen check -r {region}")


@click.group()
def layouts() -> None:
    """List and show layouts."""


@layouts.command("list")
@workspace_option
def layouts_list(workspace: Path) -> None:
    """Every layout of the workspace."""
    from ..load.layouts import list_layouts, load_layout
    from ..load.settings import require_workspace

    require_workspace(workspace)
    _list(list_layouts(workspace), lambda name: load_layout(workspace, name).description, 16,
          "no layouts in layouts/: copy one from a workspace made with 'kaartgen init'",
          "kaartgen layouts show {name}")


def _list(names: list[str], describe: Callable[[str], str], width: int, none: str, fix: str) -> None:
    """One line per name with what it is, or the command that shows what is wrong with it."""
    if not names:
        click.echo(none)
    for name in names:
        try:
            click.echo(f"{name:{width}} {describe(name)}")
        except KaartgenError:
            click.echo(f"{name:{width}} (has errors: run {fix.format(name=name)})")


@layouts.command("show")
@click.argument("layout", type=ONE_LAYOUT)
@workspace_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def layouts_show(layout: str, workspace: Path, as_json: bool) -> None:
    """Sheet, bleed, folds and panels of one layout (mm)."""
    from ..load.layouts import load_layout

    spec = load_layout(workspace, layout)

    def mm(v: float) -> float:
        return round(to_mm(v), 2)

    info: dict[str, Any] = {
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


def _regional(values: list[PrintedValue] | tuple[PrintedValue, ...]) -> tuple[PrintedValue, ...]:
    """The values a region itself gives (contacts, note, its name): what an edition record is read for."""
    return tuple(v for v in values
                 if v.key.startswith(("contacts.", "note", "region.")) or v.key == "veilig_thuis.name")


@click.command()
@click.argument("region", type=ONE_REGION)
@workspace_option
@json_option
def editions(region: str, workspace: Path, as_json: bool) -> None:
    """The recorded print runs of a region: when, which layout and language, and the contact data printed."""
    from ..load.settings import require_workspace
    from ..pipeline.editions import log_path, read_log
    from .options import emit_json, print_diagnostics

    records, problems = read_log(require_workspace(workspace), region)
    print_diagnostics(problems)
    if as_json:
        emit_json({"ok": True, "region": region, "records": [r.to_json() for r in records]})
        return
    shown = log_path(Path("."), region).as_posix()
    if not records:
        click.echo(f"{shown}: no print runs recorded yet (a final print build records one)")
        return
    click.echo(f"{shown}: {len(records)} print run{'s' if len(records) != 1 else ''}")
    # one build makes several layouts with the same values: they are listed together, the values once
    groups: list[list[Any]] = []
    for record in records:
        key = (record.when, record.lang, record.edition_date, record.kaartgen, _regional(record.values))
        if groups and groups[-1][0] == key:
            groups[-1][1].append(record)
        else:
            groups.append([key, [record]])
    for (when, lang, date, version, values), group in groups:
        click.echo(f"{when}  {lang}  dated {date}  kaartgen {version}")
        click.echo("    " + ", ".join(f"{r.layout} (sha256 {r.sha256[:12]})" for r in group))
        for value in values:
            click.echo(f"    {value.label}: {value.text}")


@click.command()
@click.argument("region", type=ONE_REGION)
@workspace_option
@click.option("--lang", "lang", type=ONE_LANGUAGE, default="nl", show_default=True,
              help="Compare the edition in this language.")
@json_option
def diff(region: str, workspace: Path, lang: str, as_json: bool) -> None:
    """What changed in the region's printed data since its last recorded print run (old → new)."""
    from ..load.settings import require_workspace
    from ..pipeline.editions import changes_since, read_log
    from ..pipeline.inputs import Inputs
    from .options import emit_json, print_diagnostics

    records, problems = read_log(require_workspace(workspace), region)
    print_diagnostics(problems)
    inputs = Inputs(workspace)
    inputs.region(region)  # a region that does not exist or has errors: its own message, before any comparison
    last, changes = changes_since(inputs, records, region, lang)
    if as_json:
        emit_json({"ok": True, "region": region, "lang": lang,
                   "since": last.to_json() if last is not None else None,
                   "changes": [{"kind": c.kind, "key": c.key, "label": c.label, "old": c.old, "new": c.new}
                               for c in changes]})
        return
    if last is None:
        click.echo(f"{region}: no print run recorded in {lang} yet; nothing to compare with")
        return
    since = f"the print run of {last.when} ({last.layout}, {last.lang}, dated {last.edition_date})"
    if not changes:
        click.echo(f"{region}: no changes since {since}")
        return
    click.echo(f"{region}: {len(changes)} change{'s' if len(changes) != 1 else ''} since {since}:")
    for change in changes:
        if change.kind == "changed":
            click.echo(f"  changed  {change.label}: {change.old} → {change.new}")
        elif change.kind == "added":
            click.echo(f"  added    {change.label}: {change.new}")
        elif change.kind == "removed":
            click.echo(f"  removed  {change.label}: {change.old}")
        else:
            click.echo(f"  text     {change.key}:\n             was: {change.old or '(none)'}\n"
                       f"             now: {change.new or '(none)'}")


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
def init(directory: Path) -> None:
    """Make a new workspace in DIRECTORY (default: here): the text, its translations, every layout, the fonts
    and a fictional example region, ready for `kaartgen build`. Never overwrites a file."""
    from ..tools.new_workspace import EXAMPLE_REGION, init_workspace

    written = init_workspace(directory)
    click.echo(f"wrote a kaartgen workspace in {directory} ({len(written)} files), with the fictional example "
               f"region '{EXAMPLE_REGION}'. Next:")
    here = "" if directory == Path(".") else f"cd {directory} && "
    click.echo(f"  {here}kaartgen build                     # the example region's cards, into output/")
    click.echo("  kaartgen regions new REGION        # your own region: fill in every TODO")
