"""Run by the OFD tests in a subprocess: convert an OFD to PDF with the third-party reader ofd2img.

    python tests/ofd_convert.py in.ofd out.pdf

A separate process because the reader writes its work files into the current folder, logs to stderr and
registers fonts in reportlab's process-wide registry; the tests run it with an empty fontconfig and HOME,
so only the fonts inside the OFD can draw the text.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> None:
    from ofd2img import OFD

    reader = OFD()
    reader.read(sys.argv[1], fmt="path")
    Path(sys.argv[2]).write_bytes(reader.to_pdf())


if __name__ == "__main__":
    main()
