"""The OFD container: a zip of parts with fixed times and attributes (byte-identical output), and the
images it carries as MultiMedia resources."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ...errors import Location, OfficialDocsError, Problem

_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold


@dataclass(frozen=True)
class Part:
    name: str  # path inside the package
    data: bytes


def zip_parts(parts: list[Part]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for part in parts:
            info = zipfile.ZipInfo(part.name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # fixed, not the writing machine's OS: the same bytes everywhere
            info.external_attr = 0o100644 << 16  # a plain file, rw-r--r--
            archive.writestr(info, part.data)
    return out.getvalue()


def image_resource(path: Path) -> tuple[str, tuple[int, int], bytes]:
    """(Format, pixel size, bytes) of an image for the package: PNG and JPEG as they are, any other
    format converted to PNG (the two formats every OFD reader shows)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            size = image.size
            if image.format in ("PNG", "JPEG"):
                return image.format, size, Path(path).read_bytes()
            out = io.BytesIO()
            image.save(out, "PNG")
            return "PNG", size, out.getvalue()
    except (OSError, UnidentifiedImageError) as exc:
        raise OfficialDocsError(Problem(f"无法读取图片：{exc}", Location(str(path)),
                                        "印章图片应为 PNG 或 JPEG 文件")) from None
