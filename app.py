"""The web app launcher: `python app.py [--host H] [--port P] [--corpus DIR] [--index DIR]`.

The same command as `rag serve`, through the same argument parser and error handling.
"""

from __future__ import annotations

import sys

from rag.cli import main

if __name__ == "__main__":
    sys.exit(main(["serve", *sys.argv[1:]]))
