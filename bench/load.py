"""Load benchmark of the web app's `/ask` endpoint through gradio_client.

N concurrent clients (threads, each with its own `gradio_client.Client`) send questions
from gold/gold.jsonl back to back; each client stops after `--requests` requests or at
`--seconds`, whichever comes first. Prints p50/p95/max latency, throughput, errors, and
the share of requests repeating a question already asked in this run (the app answers a
repeated question from its cache, so that share matters when reading the figures).
Each load level continues in the question list where the previous one stopped.

    .venv/bin/python bench/load.py                         # starts app.py on the seeds: 16 and 64 clients
    .venv/bin/python bench/load.py --clients 64 --requests 10
    .venv/bin/python bench/load.py --url http://127.0.0.1:7860/api/   # an app already running

Without --url the app runs as a separate process (its own interpreter, as in production)
over the seeds with a temporary index.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import http.client
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import gold_questions, nearest_rank

ROOT = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 120


@dataclass
class Run:
    """Latencies and errors of one load level."""

    clients: int
    repeats: int = 0
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def percentile(self, share: float) -> float:
        return nearest_rank(self.latencies, share)

    def line(self) -> str:
        done = len(self.latencies)
        rate = done / self.seconds if self.seconds else 0.0
        mean = statistics.mean(self.latencies) if self.latencies else float("nan")
        share = self.repeats / max(1, done + len(self.errors))
        return (
            f"{self.clients:>7} {done + len(self.errors):>8} {share:>7.0%} {len(self.errors):>6} "
            f"{self.percentile(0.5) * 1000:>8.0f} {self.percentile(0.95) * 1000:>8.0f} "
            f"{max(self.latencies, default=float('nan')) * 1000:>8.0f} {mean * 1000:>8.0f} {rate:>7.1f}"
        )


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="an app already running (default: start app.py on the seeds)")
    parser.add_argument("--clients", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--requests", type=int, default=8, help="requests per client (default 8)")
    parser.add_argument("--seconds", type=float, default=60.0, help="time limit per load level (default 60)")
    parser.add_argument("--gold", default=str(ROOT / "gold" / "gold.jsonl"))
    parser.add_argument(
        "--client", nargs="+", choices=["http", "gradio"], default=["http", "gradio"],
        help="http: keep-alive POSTs to the app's /gradio_api/run/ask (light client: measures the app); "
        "gradio: gradio_client.Client.predict (heavy client sharing the same 2 cores)",
    )
    return parser.parse_args()


def _reachable(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "config", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextmanager
def running_app() -> Iterator[str]:
    """app.py on the seeds in its own process, with a temporary index; yields its URL."""
    sys.path.insert(0, str(ROOT))
    from rag.app.web.server import free_port

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory() as index:
        env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "RAG_CORPUS": str(ROOT / "seeds"), "RAG_INDEX": index}
        command = [sys.executable, str(ROOT / "app.py"), "--port", str(port)]
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + STARTUP_SECONDS
            while not _reachable(url):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"app did not start: {process.stderr.read() if process.stderr else ''}")
                time.sleep(0.5)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=30)


def _client_loop(
    client: Any, asked: list[str], start: int, count: int, deadline: float, run: Run, lock: threading.Lock,
    barrier: threading.Barrier,
) -> None:
    barrier.wait()  # every client starts at once
    for number in range(count):
        if time.monotonic() > deadline:
            return
        question = asked[(start + number) % len(asked)]
        if start + number >= len(asked):
            with lock:
                run.repeats += 1
        began = time.perf_counter()
        try:
            result = client.predict(question, api_name="/ask")
            if "answer" not in result:
                raise ValueError(f"no answer in {result!r:.80}")
        except Exception as error:  # every failure counts; the benchmark goes on
            with lock:
                run.errors.append(f"{type(error).__name__}: {error}")
            continue
        with lock:
            run.latencies.append(time.perf_counter() - began)


class HttpClient:
    """The app's REST API (`POST /gradio_api/run/<name>`) over one keep-alive connection."""

    def __init__(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.prefix = parts.path.rstrip("/")
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        # Connect before the clock starts: the figures are about answering, not TCP set-up.
        self.connection.request("GET", f"{self.prefix}/config")
        self.connection.getresponse().read()

    def predict(self, question: str, api_name: str) -> dict:
        body = json.dumps({"data": [question, None, None, None]}, ensure_ascii=False).encode("utf-8")
        try:
            self.connection.request("POST", f"{self.prefix}/gradio_api/run{api_name}", body, {"Content-Type": "application/json"})
            response = self.connection.getresponse()
            payload = json.loads(response.read())
        except (OSError, http.client.HTTPException):
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
            raise
        if response.status != 200 or not payload.get("data"):
            raise ValueError(f"HTTP {response.status}: {str(payload)[:80]}")
        return payload["data"][0]


def _clients(kind: str, url: str, count: int) -> list[Any]:
    if kind == "http":
        return [HttpClient(url) for _ in range(count)]
    from gradio_client import Client

    # gradio_client opens a new httpx client for every call; with certificate verification
    # on, each loads the CA bundle (~60 ms of CPU per request on this machine), which made the
    # *benchmark* the bottleneck. The app is plain http on loopback, so nothing is lost.
    return [Client(url, verbose=False, ssl_verify=False) for _ in range(count)]


def load_level(
    url: str, clients: int, asked: list[str], requests: int, seconds: float, offset: int = 0, kind: str = "gradio"
) -> Run:
    """`clients` concurrent clients, each sending up to `requests` questions from `offset` on."""
    connected = _clients(kind, url, clients)
    run, lock, barrier = Run(clients), threading.Lock(), threading.Barrier(clients)
    began = time.perf_counter()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=_client_loop, args=(client, asked, offset + index * requests, requests, deadline, run, lock, barrier)
        )
        for index, client in enumerate(connected)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.seconds = time.perf_counter() - began
    return run


def report(url: str, args: argparse.Namespace) -> None:
    asked = gold_questions(Path(args.gold))
    warm_up = [f"{question}（预热）" for question in asked[:4]]  # not in the list: leaves the cache cold
    load_level(url, 2, warm_up, 2, args.seconds)  # first connections, lazily loaded parts
    print(f"questions: {len(asked)} from {args.gold}")
    print(f"{'client':>7} {'clients':>7} {'requests':>8} {'repeats':>7} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'mean ms':>8} {'req/s':>7}")
    offset = 0
    for kind in args.client:
        for clients in args.clients:
            run = load_level(url, clients, asked, args.requests, args.seconds, offset, kind)
            offset += clients * args.requests
            print(f"{kind:>7} {run.line()}", flush=True)
            for error in sorted(set(run.errors))[:5]:
                print(f"        error: {error}")


def main() -> int:
    args = parse_args()
    if args.url:
        report(args.url.rstrip("/") + "/", args)
        return 0
    with running_app() as url:
        report(url + "api/", args)  # the lean API app (rag.web.API_PATH)
    return 0


if __name__ == "__main__":
    sys.exit(main())
