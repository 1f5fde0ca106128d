"""A failing LLM service: the user reads what failed, never the address, the key or the upstream's text."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from rag.answering.generators import OpenAICompatibleGenerator
from rag.errors import GenerationError
from rag.redaction import safe_url, scrub

KEY = "sk-test-0123456789abcdef"
ECHO = "upstream says: your key sk-test-0123456789abcdef and prompt were rejected"


class _Refusing(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = ('{"error": {"message": "%s", "type": "invalid_request_error"}}' % ECHO).encode()
        self.send_response(int(self.path.split("/")[1]))
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = HTTPServer(("127.0.0.1", 0), _Refusing)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.mark.parametrize(("status", "reason"), [(401, "鉴权失败"), (500, "HTTP 500"), (429, "请求过于频繁")])
def test_an_upstream_error_shows_its_kind_only(server: str, status: int, reason: str) -> None:
    url = f"http://admin:hunter2pass@{server}/{status}/v1?token=abcd1234"
    generator = OpenAICompatibleGenerator("m", base_url=url, api_key=KEY, timeout=10)
    with pytest.raises(GenerationError) as caught:
        generator.generate([{"role": "user", "content": "问"}])
    message, detail = caught.value.message, caught.value.detail
    assert reason in message
    for secret in ("hunter2pass", "admin", KEY, "upstream says", server, "abcd1234"):
        assert secret not in message
    for secret in ("hunter2pass", KEY, "abcd1234"):
        assert secret not in detail
    assert server in detail and "upstream says" in detail  # the operator's log keeps what happened


def test_an_unreachable_service_is_a_connection_failure() -> None:
    generator = OpenAICompatibleGenerator("m", base_url="http://u:p4ssword@127.0.0.1:9/v1", api_key=KEY, timeout=5)
    with pytest.raises(GenerationError) as caught:
        list(generator.stream([{"role": "user", "content": "问"}]))
    assert "无法连接" in caught.value.message and "p4ssword" not in caught.value.message + caught.value.detail


def test_urls_lose_credentials_and_secrets_are_masked() -> None:
    assert safe_url("https://user:pw@api.example.com:8443/v1?key=abc#x") == "https://api.example.com:8443/v1"
    assert scrub("failed at http://u:pw@h/v1 with sk-abcdef", ["sk-abcdef"]) == "failed at http://h/v1 with ***"
