"""Packaging: `python -m officialdocs`, one version, the wheel's licence files, type information and metadata."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

import officialdocs

from .conftest import ROOT


def test_python_dash_m_runs_the_command_line():
    done = subprocess.run([sys.executable, "-m", "officialdocs", "--version"], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == f"officialdocs {officialdocs.__version__}"


@pytest.mark.slow
def test_the_wheel_carries_licences_types_and_metadata(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    [wheel] = tmp_path.glob("officialdocs-*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        info = f"officialdocs-{officialdocs.__version__}.dist-info"
        assert {f"{info}/licenses/LICENSE", f"{info}/licenses/fonts/LICENSE-Fandol.txt", "officialdocs/py.typed",
                "officialdocs/__main__.py"} <= names
        assert any(n.startswith("officialdocs/_data/fonts/officialdocs-") for n in names)
        meta = Parser().parsestr(z.read(f"{info}/METADATA").decode("utf-8"))
    assert meta["Version"] == officialdocs.__version__  # the one version source
    assert meta["License-Expression"] == "MIT AND GPL-3.0-only WITH Font-exception-2.0"
    assert "Typing :: Typed" in meta.get_all("Classifier")
    extras = set(meta.get_all("Provides-Extra"))
    assert {"check", "preview", "import", "all", "test"} <= extras
    core = [r for r in meta.get_all("Requires-Dist") if "extra ==" not in r]
    assert not [r for r in core if r.split(">")[0].split("=")[0].strip().lower() in
                {"pdfplumber", "pdfminer.six", "opencc", "pypinyin", "pypdfium2", "openpyxl"}], core
    assert "MIT License" in (Path(ROOT) / "LICENSE").read_text(encoding="utf-8")
