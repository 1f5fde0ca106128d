"""The web app's server: one ASGI app (the page at /, the lean API under API_PATH), served
by uvicorn in the foreground (`rag serve`, `python app.py`) or in a background thread
(tests, benchmarks).

The page itself is built in rag.app.web.layout, its events handled in
rag.app.web.handlers. Gradio, FastAPI and uvicorn are imported inside functions, so
`import rag.app.web.server` stays cheap. `serve(settings, host, port)` is the entry point.
"""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any

from rag.app.gradio_mcp import MCP_PATH, mcp_blocks
from rag.app.openai_api import router
from rag.app.service import PolicyService
from rag.app.web.assets import CSS, GRADIO_LABELS_ZH, HEAD_SCRIPT
from rag.app.web.layout import api_blocks, build_app, theme
from rag.config import Settings
from rag.index.store import store_label
from rag.errors import RagError, UsageError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
API_PATH = "/api"  # gradio_client.Client("http://127.0.0.1:7860/api/") reaches the lean API
STARTUP_SECONDS = 60
# Worker threads per event. Answering is CPU-bound Python under one GIL, yet Gradio's
# own per-request work interleaves with it: bench/load.py with 64 clients served 33 req/s
# with 1 worker, 54 with 4 and 64 with 16; more only adds contention.
CONCURRENCY = 16
QUEUE_SIZE = 512
# Gradio's default ("auto") sends every waiting request its queue position after each
# finished request: O(waiting²) messages under load. Every 2 s is enough for a position display.
STATUS_UPDATE_SECONDS = 2.0


def asgi_app(service: PolicyService) -> Any:
    """One ASGI app: the lean API under API_PATH, the page (with the same endpoints) at /."""
    import fastapi
    import gradio as gr

    demo = build_app(service)
    demo.queue(
        default_concurrency_limit=concurrency_limit(service.settings), max_size=QUEUE_SIZE,
        status_update_rate=STATUS_UPDATE_SECONDS,
    )
    app = fastapi.FastAPI()
    app.include_router(router(service))  # the chat API (/v1/...), before Gradio's mounts take every other path
    mcp, api = mcp_blocks(service), api_blocks(service)
    app = gr.mount_gradio_app(app, mcp, path=MCP_PATH, show_error=False, ssr_mode=False, mcp_server=True)
    app = gr.mount_gradio_app(app, api, path=API_PATH, show_error=False, ssr_mode=False)
    app = gr.mount_gradio_app(
        app, demo, path="", max_file_size=f"{service.settings.max_upload_mb}mb",
        theme=theme(), css=CSS, head=HEAD_SCRIPT, i18n=gr.I18n(en=GRADIO_LABELS_ZH), show_error=False, ssr_mode=False,
    )
    for blocks in (mcp, api, demo):
        # Gradio checks that a file named by an event was uploaded (is in its upload folder)
        # only once `launch()` has set this; a mounted app never launches, and without the
        # check Gradio copies any server path an event names into its cache for the handler.
        blocks.has_launched = True
    return app


@dataclass
class RunningApp:
    """A server started by `launch`; `close()` stops it."""

    server: Any
    thread: threading.Thread | None = None

    def close(self) -> None:
        self.server.should_exit = True
        if self.thread is not None:
            self.thread.join(timeout=15)


def _check_port_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise UsageError(f"无法在 {host}:{port} 上启动：{error.strerror or error}（端口可能已被占用，可用 --port 换一个）") from error


def launch(service: PolicyService, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, block: bool = True) -> RunningApp:
    """Serve the app with uvicorn; with `block=False` it runs in a background thread."""
    import uvicorn

    _check_port_free(host, port)
    server = uvicorn.Server(uvicorn.Config(asgi_app(service), host=host, port=port, log_level="warning"))
    if block:
        server.run()
        return RunningApp(server)
    thread = threading.Thread(target=server.run, name="web-app", daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RagError(f"网页应用未能在 {host}:{port} 上启动")
        time.sleep(0.05)
    return RunningApp(server, thread)


def concurrency_limit(settings: Settings) -> int:
    """Worker threads per event: `concurrency_limit` (GRADIO_DEFAULT_CONCURRENCY_LIMIT) when set, else CONCURRENCY."""
    return settings.concurrency_limit or CONCURRENCY


def run_app(service: PolicyService, host: str, port: int, block: bool = True) -> RunningApp:
    """Build the page and API over `service` and serve them; with `block=False` in a background thread."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    return launch(service, host, port, block)


def free_port(host: str = DEFAULT_HOST) -> int:
    """A TCP port nobody listens on right now (for tests and benchmarks)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def start_in_background(
    service: PolicyService, host: str = DEFAULT_HOST, port: int | None = None
) -> tuple[Any, str]:
    """The app over `service` running in a background thread of this process, and its URL."""
    chosen = port or free_port(host)
    return run_app(service, host, chosen, block=False), f"http://{host}:{chosen}/"


def serve(settings: Settings, host: str | None = None, port: int | None = None) -> None:
    """Run the web app until interrupted (`rag serve`, `python app.py`).

    Opens the index, building or updating it first when it is missing or stale, and
    answers one question before listening so that the first user does not wait.
    """
    chosen_host = host or settings.server_name or DEFAULT_HOST
    chosen_port = port if port is not None else settings.server_port or DEFAULT_PORT
    _check_port_free(chosen_host, chosen_port)  # before the index work, so a taken port fails at once
    print(f"政策问答助手：正在打开索引（{store_label(settings)}）……", file=sys.stderr)
    service = PolicyService(settings)
    service.warm_up()
    print(f"政策问答助手：{service.status()}", file=sys.stderr)
    shown = "127.0.0.1" if chosen_host in ("0.0.0.0", "::") else chosen_host
    print(f"政策问答助手：请在浏览器中打开 http://{shown}:{chosen_port}/（API：http://{shown}:{chosen_port}{API_PATH}/）", file=sys.stderr)
    print(f"政策问答助手：MCP：http://{shown}:{chosen_port}{MCP_PATH}/gradio_api/mcp/ ｜ 聊天接口（OpenAI 兼容）：http://{shown}:{chosen_port}/v1", file=sys.stderr)
    try:
        run_app(service, chosen_host, chosen_port, block=True)
    except OSError as error:  # e.g. the port is taken
        raise RagError(f"无法在 {chosen_host}:{chosen_port} 启动网页服务：{error}") from error
