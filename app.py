"""The web app launcher: `python app.py [--host H] [--port P]` (same as `rag serve`)."""

from __future__ import annotations

import sys

from rag.app.web.server import main

if __name__ == "__main__":
    sys.exit(main())
