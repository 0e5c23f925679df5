"""`kaartgen init`: a complete new workspace, from the template kaartgen carries.

The template is the files `kaartgen/data/workspace-files.txt` lists (the Dutch source and its translations,
`_national.yaml`, the fictional example region `voorbeeld`, every layout, the fonts with their licence). An
installed kaartgen has them inside the package (`kaartgen/workspace/`, put there by setup.py when the wheel is
built); a checkout reads them from the repository root. `init` copies them and adds what belongs to the new
workspace only: `kaartgen.yaml` with the example region as the default (allowed unverified: it is fictional), a
`.gitignore` for `output/`, and a short README in Dutch. It never overwrites a file: if one is in the way it
names it and writes nothing.

A new workspace never carries a real region's contact data — the regions people print are theirs to add.
"""

from __future__ import annotations

import contextlib
import shutil
from importlib import resources
from pathlib import Path

from ..load.settings import DEFAULT_MAX_AGE_MONTHS, SETTINGS_FILE, TEMPLATE
from ..model.diagnostics import KaartgenError, problem

EXAMPLE_REGION = "voorbeeld"
PACKAGE = Path(__file__).resolve().parents[1]  # src/kaartgen in a checkout, site-packages/kaartgen installed
LIST = PACKAGE / "data" / "workspace-files.txt"

GITIGNORE = """\
# What kaartgen builds can always be built again; the edition log (editions/) is the record: commit it.
output/
"""

README = """\
# kaartgen-werkmap

In deze map staat alles waaruit `kaartgen build` de signalenkaart maakt:

| map | wat | wie past het aan |
| --- | --- | --- |
| `content/{document}/nl.yaml` | de Nederlandse tekst | redactie |
| `content/{document}/locales/*.po` | de vertalingen | vertalers (Poedit, Weblate) |
| `content/regions/` | de contactgegevens per regio | communicatie |
| `layouts/` | de vouwkaarten en posters | vormgeving |
| `fonts/` | Noto Sans (licentie: `OFL.txt`); Droid Sans Fallback, voor Chinees en Japans (`Apache-2.0.txt`) | — |
| `editions/` | wat er gedrukt is, één regel per drukbestand: commit deze map | kaartgen |
| `kaartgen.yaml` | wat `kaartgen build` maakt als u niets opgeeft | communicatie |

Beginnen:

```sh
kaartgen build                          # de voorbeeldregio → output/
kaartgen regions new mijn-regio         # uw regio: vul elk TODO in, met de organisatie zelf
kaartgen check -r mijn-regio            # elke fout met bestand en regel
kaartgen preview -r mijn-regio --proof  # een proef om te controleren en te tekenen
```

Zet daarna in `kaartgen.yaml` bij `regions:` uw regio in plaats van `{example}`.

*Voorbeeldland* (`content/regions/{example}.yaml`) is verzonnen: elke naam en elk nummer erin bestaat niet.
Druk het nooit; het laat zien wat een regiobestand kan bevatten.
"""


def template() -> tuple[Path, list[Path]]:
    """(root, files relative to it) of the workspace template: inside the package, else the checkout's root."""
    packaged = resources.files("kaartgen") / "workspace"
    if packaged.is_dir():
        root = Path(str(packaged))
    else:  # a checkout or an editable install: the files where people edit them
        root = PACKAGE.parents[1]
        if not (root / "pyproject.toml").is_file():
            raise KaartgenError(problem(str(PACKAGE), None, "", "this kaartgen was installed without its "
                                        "workspace template", "reinstall kaartgen from its wheel or from a "
                                        "checkout of the repository"))
    files: list[Path] = []
    for pattern in _patterns():
        found = sorted(path for path in root.glob(pattern) if path.is_file())
        if not found:
            raise KaartgenError(problem(str(root), None, "", f"the workspace template has no {pattern}",
                                        "reinstall kaartgen; the package is incomplete"))
        files.extend(path.relative_to(root) for path in found)
    return root, files


def _patterns() -> list[str]:
    lines = LIST.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def init_workspace(target: Path) -> list[Path]:
    """Write a new workspace into `target` (made if needed); the files written, relative to it."""
    if target.exists() and not target.is_dir():
        raise KaartgenError(problem(str(target), None, "", "is a file, not a folder",
                                    "name a new folder: kaartgen init DIR"))
    root, files = template()
    documents = sorted({path.parts[1] for path in files if path.parts[0] == "content" and path.parts[1] != "regions"})
    document = documents[0]
    written: dict[Path, str | Path] = {path: root / path for path in files}
    written[Path(SETTINGS_FILE)] = TEMPLATE.format(document=document, regions=EXAMPLE_REGION,
                                                   reference=EXAMPLE_REGION, max_age=DEFAULT_MAX_AGE_MONTHS,
                                                   unverified=EXAMPLE_REGION)
    written[Path(".gitignore")] = GITIGNORE
    written[Path("README.md")] = README.format(document=document, example=EXAMPLE_REGION)
    in_the_way = [path for path in written if _in_the_way(target, path)]
    if in_the_way:
        shown = ", ".join(path.as_posix() for path in in_the_way[:5]) + (" …" if len(in_the_way) > 5 else "")
        raise KaartgenError(problem(str(target), None, "", f"already has {shown}; kaartgen init never "
                                    "overwrites a file", "choose a new folder: kaartgen init DIR"))
    made_files: list[Path] = []
    made_dirs: list[Path] = []
    try:
        for path, what in written.items():
            destination = target / path
            for folder in reversed([destination.parent, *destination.parent.parents]):
                if not folder.exists():
                    folder.mkdir()
                    made_dirs.append(folder)
            if isinstance(what, Path):
                shutil.copyfile(what, destination)
            else:
                destination.write_text(what, encoding="utf-8")
            made_files.append(destination)
    except OSError as exc:  # a full disk, no permission, a file where a folder must go: take back what was written
        for made in reversed(made_files):
            made.unlink(missing_ok=True)
        for folder in reversed(made_dirs):
            with contextlib.suppress(OSError):  # a folder someone else filled meanwhile stays
                folder.rmdir()
        where = exc.filename or target
        raise KaartgenError(problem(str(where), None, "", f"cannot write the workspace: {exc.strerror or exc}",
                                    "choose a folder you can write to, with room to spare; nothing was left "
                                    "behind")) from None
    return sorted(written)


def _in_the_way(target: Path, path: Path) -> bool:
    """Whether `path` (relative to `target`) or a folder on the way to it is taken by something else."""
    destination = target / path
    if destination.exists() or destination.is_symlink():
        return True
    for folder in destination.parents:
        if folder == target.parent:
            break
        if folder.is_symlink() and not folder.is_dir():  # a link to nowhere, or to a file
            return True
        if folder.exists() and not folder.is_dir():
            return True
    return False
