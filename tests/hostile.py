"""Hostile inputs built by the tests themselves: a YAML billion laughs, a .docx zip bomb."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path


def billion_laughs() -> str:
    """The ~330-byte classic (issue 12.2): nine lol strings, then six levels of nine aliases (9^7 values if expanded)."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    previous = "a"
    for name in "bcdefg":
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
        previous = name
    return "\n".join(lines) + "\n"


def zip_bomb(path: Path, inflated_gib: float = 10, declared: int | None = None,
             part: str = "word/document.xml") -> Path:
    """A .docx-named zip whose `part` inflates to `inflated_gib` GiB of zeros (about 1 MB per GiB on disk).
    `declared` sets the uncompressed size the headers claim (default: the true size, as zip64)."""
    block = zlib.compressobj(9, zlib.DEFLATED, -15)
    segment = block.compress(b"\0" * (1 << 20)) + block.flush(zlib.Z_FULL_FLUSH)  # 1 MiB, self-contained
    count = int(inflated_gib * 1024)
    stream = segment * count + zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
    size = count << 20 if declared is None else declared
    name = part.encode()
    crc = 0  # never reached: the reader stops long before the end
    extra = struct.pack("<HHQQ", 1, 16, size, len(stream))
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 8, 0, 0x21, crc, 0xFFFFFFFF, 0xFFFFFFFF,
                        len(name), len(extra)) + name + extra
    central_extra = struct.pack("<HHQQQ", 1, 24, size, len(stream), 0)
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 8, 0, 0x21, crc, 0xFFFFFFFF, 0xFFFFFFFF,
                          len(name), len(central_extra), 0, 0, 0, 0, 0xFFFFFFFF) + name + central_extra
    offset = len(local) + len(stream)
    zip64_end = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, 1, 1, len(central), offset)
    locator = struct.pack("<IIQI", 0x07064B50, 0, offset + len(central), 1)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), 0xFFFFFFFF, 0)
    path.write_bytes(local + stream + central + zip64_end + locator + end)
    return path
