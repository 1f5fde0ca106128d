"""`rag serve` (the web app) and `rag mcp` (an MCP server on stdin/stdout)."""

from __future__ import annotations

import argparse

from rag.app.mcp_server import serve_stdio
from rag.app.web.server import serve as serve_web
from rag.config import Settings


def serve(args: argparse.Namespace, settings: Settings) -> int:
    serve_web(settings, args.host, args.port)
    return 0


def mcp(args: argparse.Namespace, settings: Settings) -> int:
    serve_stdio(settings)
    return 0
