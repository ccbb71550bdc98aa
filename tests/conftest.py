"""Shared fixtures: the sample rendered once per session, and its LibreOffice conversion."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "2011-shuangyong" / "plan.yaml"
REFERENCE = ROOT.parent / "shared" / "reference"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(docx: Path, out_dir: Path) -> Path:
    """Convert with LibreOffice in a private profile (parallel runs do not share a lock)."""
    exe = soffice()
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI: .ci/run installs libreoffice-writer-nogui")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    profile = out_dir / "lo-profile"
    subprocess.run(
        [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(out_dir), str(docx)],
        check=True, capture_output=True, timeout=180,
    )
    pdf = out_dir / (docx.stem + ".pdf")
    assert pdf.is_file(), f"LibreOffice produced no PDF for {docx}"
    return pdf


@pytest.fixture(scope="session")
def sample_family(tmp_path_factory):
    """The whole sample family (notice, plan, schemes, unit schemes) as .docx and PDF, rendered once."""
    from officialdocs import render_file

    out = tmp_path_factory.mktemp("family")
    result = render_file(SAMPLE, out, ["docx", "pdf"], jobs=2)
    assert not result.failed, result.failed
    return result


def family_files(result, kind: str, fmt: str) -> list[Path]:
    import json

    manifest = json.loads(result.manifest.read_text(encoding="utf-8"))
    return [result.manifest.parent / o["path"] for o in manifest["outputs"] if o["kind"] == kind and o["format"] == fmt]


@pytest.fixture(scope="session")
def sample_docx(sample_family) -> Path:
    """The cover notice: masthead, text, signature, the plan and its task table as attachments, 版记."""
    return family_files(sample_family, "notice", "docx")[0]


@pytest.fixture(scope="session")
def sample_pdf(sample_family) -> Path:
    return family_files(sample_family, "notice", "pdf")[0]


@pytest.fixture(scope="session")
def sample_docx_pdf(sample_docx, tmp_path_factory) -> Path:
    return convert_to_pdf(sample_docx, tmp_path_factory.mktemp("sample-lo"))


# Fixtures that render the whole sample family or run LibreOffice: every test that uses one is slow (it still
# runs in CI; `pytest -m "not slow"` is the quick loop).
_SLOW_FIXTURES = {"sample_family", "sample_docx", "sample_pdf", "sample_docx_pdf"}
_SLOW_MODULES = {"test_docx_render", "test_docx_variants", "test_font_cache", "test_startup", "test_check_reference",
                 "test_family", "test_tasks_xlsx", "test_fallback", "test_fuzz"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("exhaustive"):  # `-m "not slow"` replaces addopts' `not exhaustive`
            item.add_marker(pytest.mark.slow)
        if _SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) or item.module.__name__.split(".")[-1] in _SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
