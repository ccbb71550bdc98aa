"""The font caches: never executed, self-healing, usable without a writable folder (issue 12.5)."""

from __future__ import annotations

import hashlib
import os
import pickle
import subprocess
import sys
from array import array
from pathlib import Path

import pytest

from officialdocs import fonts
from officialdocs.fonts import cache

from .conftest import ROOT

NOTICE = ROOT / "samples" / "notice.md"
WARNING = "字体缓存"


class _Touch:
    """Unpickling this object would create `marker` (what a planted cache file could do)."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def render(cache_root: Path, out: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, OFFICIALDOCS_CACHE_DIR=str(cache_root))
    return subprocess.run([sys.executable, "-m", "officialdocs.cli", "render", str(NOTICE), "-o", str(out),
                           "--format", "pdf"], capture_output=True, text=True, env=env, timeout=300)


def old_key(path: Path, *extra: object) -> str:
    """The file names the pickle caches of officialdocs 0.1 used (path, size, mtime, ...)."""
    st = path.stat()
    text = "\0".join(map(str, (path.resolve(), st.st_size, st.st_mtime_ns, *extra)))
    return hashlib.sha1(text.encode()).hexdigest()


def test_a_planted_pickle_is_never_executed(tmp_path):
    marker = tmp_path / "executed"
    payload = pickle.dumps(_Touch(marker))
    root = tmp_path / "cache"
    planted = []
    for name in ("fang", "hei", "kai", "song", "xbs"):
        font = fonts.bundled_path(name)
        planted += [root / "fonts" / "metrics" / f"{old_key(font, 0, 1, 1.0)}.pickle",
                    root / "fonts" / "reportlab" / f"{old_key(font, 0, '4.4.4')}.pickle"]
    for path in planted:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(payload)
    first = render(root, tmp_path / "a")
    assert first.returncode == 0, first.stderr
    # Now plant the payload under every name the new cache uses, too: it must be read as a corrupt entry.
    entries = list((root / "fonts").glob("*/*.odc"))
    assert entries
    for entry in entries:
        entry.write_bytes(payload)
    second = render(root, tmp_path / "b")
    assert second.returncode == 0, second.stderr
    assert not marker.exists()
    assert second.stderr.count(WARNING) == 1, second.stderr


def test_a_corrupt_cache_heals_with_one_warning(tmp_path):
    root = tmp_path / "cache"
    assert render(root, tmp_path / "fill").returncode == 0
    good = next((tmp_path / "fill").glob("*.pdf")).read_bytes()
    entries = sorted((root / "fonts").glob("*/*.odc"))
    assert {e.parent.name for e in entries} >= {"metrics", "info", "hashes", "profiles", "discovery"}
    for n, entry in enumerate(entries):  # every way an entry goes bad: truncated, flipped, emptied
        data = entry.read_bytes()
        entry.write_bytes(data[: len(data) // 2] if n % 3 == 0 else b"" if n % 3 == 1 else
                          data[:40] + bytes([data[40] ^ 0xFF]) + data[41:])
    healing = render(root, tmp_path / "heal")
    assert healing.returncode == 0, healing.stderr
    assert healing.stderr.count(WARNING) == 1, healing.stderr
    healed = render(root, tmp_path / "healed")
    assert healed.returncode == 0 and WARNING not in healed.stderr, healed.stderr
    for out in ("heal", "healed"):
        assert next((tmp_path / out).glob("*.pdf")).read_bytes() == good


def test_an_unwritable_cache_folder_costs_only_speed(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")  # unwritable even for root
    result = render(blocked, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert WARNING not in result.stderr and "错误" not in result.stderr
    assert next((tmp_path / "out").glob("*.pdf")).stat().st_size > 10_000
    assert blocked.read_text() == "a file where the cache folder should be"


def test_entries_are_checked_before_use(tmp_path, monkeypatch):
    monkeypatch.setenv("OFFICIALDOCS_CACHE_DIR", str(tmp_path))
    arrays = {"codepoints": array("I", [0x4E2D, 0x6587]), "advances": array("d", [1.0, 0.5])}
    data = cache.encode("metrics", "k1", {"upem": 1000}, arrays)
    meta, back = cache.decode(data, "metrics", "k1")
    assert meta == {"upem": 1000} and back == arrays
    bad = [data[:-1], data[:60], b"", data.replace(b'"k1"', b'"k2"'), data[:-33] + b"x" + data[-32:],
           pickle.dumps({"upem": 1000})]
    for case in bad:
        with pytest.raises(cache.CorruptEntry):
            cache.decode(case, "metrics", "k1")
    with pytest.raises(cache.CorruptEntry):
        cache.decode(data, "info", "k1")  # the right key in the wrong kind


FANDOL_FANG = Path("/usr/local/share/fonts/fandol/FandolFang-Regular.otf")


@pytest.mark.skipif(not FANDOL_FANG.is_file(), reason="Fandol fonts not installed (tools/install-test-fonts.sh)")
def test_a_corrupt_converted_font_is_converted_again(tmp_path, monkeypatch, caplog):
    from fontTools.ttLib import TTFont

    from .test_fonts import small_cff_font

    monkeypatch.setenv("OFFICIALDOCS_CACHE_DIR", str(tmp_path / "cache"))
    source = small_cff_font(tmp_path / "small.otf")
    target = fonts.converted_path(source)
    size = target.stat().st_size
    target.write_bytes(target.read_bytes()[: size // 2])  # a half-copied file
    fonts.clear_caches()
    cache._reset_warning()
    again = fonts.converted_path(source)
    assert again == target and target.stat().st_size == size
    assert "glyf" in TTFont(target)
    assert sum(WARNING in r.getMessage() for r in caplog.records) == 1
    good = target.read_bytes()
    target.write_bytes(good[:1000] + bytes([good[1000] ^ 0xFF]) + good[1001:])  # same size, one byte changed
    fonts.clear_caches()
    cache._reset_warning()
    assert fonts.converted_path(source) == target and target.read_bytes() == good
    assert sum(WARNING in r.getMessage() for r in caplog.records) == 2
    fonts.clear_caches()
