"""Start-up: `--help` and `--version` import no stage; a render with warm caches imports no font or image
library (fontTools, PIL), no reportlab, and no .docx machinery for a PDF."""

from __future__ import annotations

import os
import subprocess
import sys

from .conftest import ROOT

HEAVY = ("pydantic", "fontTools", "PIL", "reportlab", "jinja2", "markdown_it", "ruamel", "docx", "lxml")

_PROBE = """
import atexit, sys
atexit.register(lambda: print("MODULES", " ".join(sorted({m.split(".")[0] for m in sys.modules}))))
from officialdocs.cli import main
code = main(sys.argv[1:])
sys.stdout.flush()
sys.exit(code)
"""


def imported(args: list[str], env: dict[str, str]) -> set[str]:
    result = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, env=env,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("MODULES "))
    return set(line.split()[1:])


def test_help_and_version_import_no_stage(tmp_path):
    env = dict(os.environ, OFFICIALDOCS_CACHE_DIR=str(tmp_path))
    for args in (["--help"], ["--version"], ["render", "--help"]):
        loaded = imported(args, env)
        assert not loaded & set(HEAVY), (args, loaded & set(HEAVY))
        assert "officialdocs" in loaded and "click" in loaded


def test_a_warm_pdf_render_needs_no_font_library(tmp_path):
    env = dict(os.environ, OFFICIALDOCS_CACHE_DIR=str(tmp_path / "cache"))
    args = ["render", str(ROOT / "samples" / "notice.md"), "-o", str(tmp_path / "out"), "--format", "pdf"]
    first = imported(args, env)
    assert "fontTools" in first  # the first run reads the fonts' tables and fills the cache
    again = imported(args, env)
    assert not again & {"fontTools", "PIL", "reportlab", "docx", "lxml", "jinja2"}, again
    assert list((tmp_path / "cache" / "fonts" / "profiles").glob("*.odc"))
    assert list((tmp_path / "cache" / "fonts" / "discovery").glob("*.odc"))
