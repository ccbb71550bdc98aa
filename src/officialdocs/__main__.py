"""`python -m officialdocs ...`: the command line without the `officialdocs` script (on Windows the Scripts
folder is often not on PATH)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
