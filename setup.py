"""Build hook: the top-level ``resources/`` folder goes into the wheel as ``divert_desktop/resources``."""

# Everything else about the package is declared in pyproject.toml; this file only adds one step.
#
# resources/ (fonts for the PDFs, assessment forms, help, icons, stylesheet, common-passwords list)
# stays at the top of the checkout as the one source that the app, the PyInstaller spec
# (installer/divert-desktop.spec) and the tests read. Package data cannot reach outside a package
# folder, and mapping it as a package of its own (package-dir) would take the package list out of
# `packages.find` and change how the editable install finds the code. So `build_py` copies it into
# the built package, where paths.resource_path finds it in an installed wheel. An editable install
# (installer/dev.sh) copies nothing: the app reads the checkout's resources/ directly. MANIFEST.in
# puts resources/ in the sdist, from which `python -m build` builds the wheel.
# installer/check_wheel.py builds, installs and checks the wheel; tests/e2e/test_wheel.py runs it.

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

RESOURCES = Path(__file__).resolve().parent / "resources"
INSIDE = ("divert_desktop", "resources")


class BuildPyWithResources(build_py):
    """``build_py``, then a fresh copy of resources/ into the built package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        if not (RESOURCES / "fonts").is_dir():  # an sdist made without MANIFEST.in's resources/
            raise FileNotFoundError(f"{RESOURCES} is missing: the app would be built without it")
        shutil.rmtree(Path(self.build_lib, *INSIDE), ignore_errors=True)  # no stale files
        for source, target in self._resource_files():
            self.mkpath(str(target.parent))
            self.copy_file(str(source), str(target))

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = super().get_outputs(include_bytecode)
        if self.editable_mode:
            return outputs
        return [*outputs, *(str(target) for _, target in self._resource_files())]

    def _resource_files(self) -> list[tuple[Path, Path]]:
        built = Path(self.build_lib, *INSIDE)
        return [
            (path, built / path.relative_to(RESOURCES))
            for path in sorted(RESOURCES.rglob("*"))
            if path.is_file() and "__pycache__" not in path.parts
        ]


setup(cmdclass={"build_py": BuildPyWithResources})
