"""Build hook: the wheel carries the workspace `kaartgen init` writes (everything else is in pyproject.toml).

The files are listed once, in src/kaartgen/data/workspace-files.txt; they stay where people edit them (content/,
layouts/, fonts/) and are copied into kaartgen/workspace/ inside the wheel when it is built."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).parent
MANIFEST = ROOT / "src/kaartgen/data/workspace-files.txt"


def workspace_files() -> list[Path]:
    patterns = [line.strip() for line in MANIFEST.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")]
    files = []
    for pattern in patterns:
        found = sorted(ROOT.glob(pattern))
        if not found:
            raise SystemExit(f"{MANIFEST.name}: '{pattern}' matches no file; the workspace template would be "
                             "incomplete")
        files.extend(path for path in found if path.is_file())
    return files


class BuildWithWorkspace(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the checkout itself
            return
        target = Path(self.build_lib) / "kaartgen" / "workspace"
        for path in workspace_files():
            destination = target / path.relative_to(ROOT)
            destination.parent.mkdir(parents=True, exist_ok=True)
            self.copy_file(str(path), str(destination), preserve_mode=False)


setup(cmdclass={"build_py": BuildWithWorkspace})
