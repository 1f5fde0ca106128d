"""Hostile and bad requests to the running web app: uploads from outside the upload
cache, bad filters, and what a refused request leaves in the server log."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from rag.app.service import PolicyService
from rag.app.web.handlers import Handlers
from rag.app.web.layout import UPLOAD_CACHE_CLEANUP, build_app
from rag.app.web.server import start_in_background
from rag.config import load_settings


@dataclass
class Running:
    url: str
    service: PolicyService
    corpus: Path


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    folder = tmp_path_factory.mktemp("requests")
    corpus = folder / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("关于星河算力券的通知\n一、每家企业最多申领50万元。\n", encoding="utf-8")
    service = PolicyService(load_settings({"corpus": str(corpus), "index": str(folder / "index")}, environ={}))
    app, url = start_in_background(service)
    yield Running(url, service, corpus)
    app.close()


def _run_event(url: str, api_name: str, data: list[Any]) -> dict[str, Any]:
    """Post one page event the way the browser does; returns Gradio's final message."""
    config = httpx.get(url + "config").json()
    event = next(item for item in config["dependencies"] if item.get("api_name") == api_name)
    session = f"test-{api_name}"
    body = {"data": data, "fn_index": event["id"], "session_hash": session, "event_data": None, "trigger_id": event["targets"][0][0]}
    assert httpx.post(url + "gradio_api/queue/join", json=body).status_code == 200
    with httpx.stream("GET", url + "gradio_api/queue/data", params={"session_hash": session}, timeout=60) as stream:
        for line in stream.iter_lines():
            if line.startswith("data:") and (message := json.loads(line[5:])).get("msg") == "process_completed":
                return message
    raise AssertionError("the event never completed")


def test_an_upload_event_naming_a_server_path_is_refused_and_nothing_copied(running: Running, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("一、服务器上的私有文件，不得公开。\n", encoding="utf-8")
    before = sorted(path.name for path in running.corpus.iterdir())
    message = _run_event(running.url, "ui_upload", [[{"path": str(secret), "orig_name": "secret.txt", "meta": {"_type": "gradio.FileData"}}]])
    assert message.get("success") is not True
    assert sorted(path.name for path in running.corpus.iterdir()) == before
    assert "secret.txt" not in running.service.snapshot.sources
    assert not any(Path(running.service.settings.corpus).glob("secret*"))


def test_the_handler_takes_only_files_inside_the_upload_folder(running: Running, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    (cache / "abc").mkdir(parents=True)
    outside = tmp_path / "outside.txt"
    outside.write_text("一、不应加入的文件。\n", encoding="utf-8")
    (cache / "abc" / "link.txt").symlink_to(outside)
    handlers = Handlers(running.service, upload_folder=cache)
    before = sorted(path.name for path in running.corpus.iterdir())
    for path in (outside, cache / "abc" / "link.txt", cache / "abc" / ".." / ".." / "outside.txt", cache):
        message = handlers.upload([str(path)])[0]
        assert "只能加入通过本页面上传的文件" in message
    assert sorted(path.name for path in running.corpus.iterdir()) == before and outside.exists()


def test_handled_uploads_leave_the_upload_folder_and_old_ones_expire(running: Running, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    (cache / "h1").mkdir(parents=True)
    upload = cache / "h1" / "新规.txt"
    upload.write_text("关于云端数据券的通知\n一、每家企业最多申领20万元。\n", encoding="utf-8")
    message = Handlers(running.service, upload_folder=cache).upload([str(upload)])[0]
    assert "已加入并索引：新规.txt" in message
    assert not upload.exists() and not (cache / "h1").exists()
    demo = build_app(running.service)
    assert demo.delete_cache == UPLOAD_CACHE_CLEANUP


def test_bad_filters_get_a_chinese_reason(running: Running) -> None:
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    client = Client(running.url, verbose=False)
    with pytest.raises(AppError, match="年份应为四位数字"):
        client.predict("算力券", None, None, "abc", api_name="/ask")
    with pytest.raises(AppError, match="索引中没有这些文件：不存在.txt"):
        client.predict("算力券", ["不存在.txt"], None, None, api_name="/ask")


def test_a_refused_api_request_is_one_log_line_without_traceback(running: Running, capfd, caplog) -> None:
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    client = Client(running.url + "api/", verbose=False)
    capfd.readouterr()
    with caplog.at_level(logging.INFO, logger="rag"), pytest.raises(AppError, match="返回条数"):
        client.predict("算力", 0, api_name="/search")
    captured = capfd.readouterr()
    assert "Traceback" not in captured.err + captured.out
    refused = [record for record in caplog.records if "返回条数" in record.getMessage()]
    assert len(refused) == 1 and refused[0].exc_info is None
