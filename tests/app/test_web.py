"""The web app in a real browser (Debian chromium driven by Playwright) and through gradio_client.

One app per module, launched in this process in a background thread on a free loopback
port, over its own copy of the seeds plus a hostile document, with its own index.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from rag.config import Settings, load_settings
from rag.app.service import DocInfo, PolicyService
from rag.app.web.server import CONCURRENCY, concurrency_limit, start_in_background
from rag.app.web.layout import official_examples

# gradio's queue statistics use pandas options that pandas 3 deprecates.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore:.*(no_silent_downcasting|copy keyword).*")

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TIMEOUT = 30_000
HOSTILE_FILE = "005_hostile.txt"
HOSTILE = """关于建设量子蜂鸟测试平台的通知

一、总体要求
量子蜂鸟测试平台应当在2027年底前建成<script>alert(1)</script>，并向全市企业开放。
二、支持措施
对入驻量子蜂鸟测试平台的企业给予场地支持<img src=x onerror=alert(1)>，最高补贴100万元。
三、其他
量子蜂鸟测试平台的说明写法 ${alert(1)} 与 {{constructor.constructor('alert(1)')()}} 以及 **加粗** 和 $$x$$ 均按原样显示。
"""


@dataclass
class App:
    url: str
    settings: Settings
    service: PolicyService

    @property
    def corpus(self) -> Path:
        return self.settings.corpus_path


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    folder = tmp_path_factory.mktemp("web")
    corpus = folder / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / HOSTILE_FILE).write_text(HOSTILE, encoding="utf-8")
    settings = load_settings({"corpus": str(corpus), "index": str(folder / "index")}, environ={})
    service = PolicyService(settings)
    demo, url = start_in_background(service)
    yield App(url, settings, service)
    demo.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (installs Debian chromium and fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, app: App) -> Iterator[Any]:
    """A fresh page on the app; fails the test if any JavaScript dialog ever opens."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(TIMEOUT)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(app.url)
    page.wait_for_selector("#question textarea")
    yield page
    page.wait_for_timeout(300)  # give any injected onerror handler time to fire
    page.close()
    assert dialogs == [], f"a dialog opened: {dialogs}"


def ask(page: Any, question: str) -> Any:
    """Ask in the chat and wait for the finished answer; returns the answer bubble."""
    done = "#chat .answer:not(.pending)"
    before = page.locator(done).count()
    page.fill("#question textarea", question)
    page.click("#send")
    page.wait_for_function("([selector, n]) => document.querySelectorAll(selector).length > n", arg=[done, before])
    return page.locator(done).nth(before)


def clause_id_of(link: Any) -> str:
    return unquote(link.get_attribute("href").removeprefix("#cite:"))


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def highlight_after_click(page: Any, link: Any, app: App) -> str:
    """Click a marker or card; wait until the viewer highlights its clause; return the clause id."""
    clause_id = clause_id_of(link)
    link.click()
    page.wait_for_function(
        "id => { const mark = document.querySelector('#source-view #src-hl'); return mark && mark.getAttribute('data-clause') === id; }",
        arg=clause_id,
    )
    clause, source = app.service.clause(clause_id)
    mark = page.locator("#source-view #src-hl")
    assert flat(mark.inner_text()) == flat(source.text[clause.start : clause.end])
    return clause_id


def assert_in_view(page: Any) -> None:
    """The highlight lies inside the visible part of the viewer's scrolling box."""
    page.wait_for_timeout(400)
    mark = page.locator("#source-view #src-hl").bounding_box()
    body = page.locator("#source-view .src-body").bounding_box()
    assert mark["y"] < body["y"] + body["height"] and mark["y"] + mark["height"] > body["y"]


@pytest.mark.browser
def test_citation_click_highlights_the_clause_in_the_source(page: Any, app: App) -> None:
    # Two documents compared: an answer with a citation per side, whatever the evidence model.
    bubble = ask(page, "武汉的行动方案和湖北的实施意见，对养老机器人分别有什么支持？")
    markers = bubble.locator("a.cite-marker")
    cards = page.locator("#cite-panel a.cite-card")
    assert markers.count() >= 2
    assert cards.count() == len({clause_id_of(markers.nth(i)) for i in range(markers.count())})
    clause_id = highlight_after_click(page, markers.nth(1), app)
    assert_in_view(page)
    header = page.locator("#source-view .src-header").inner_text()
    clause, _ = app.service.clause(clause_id)
    assert clause.file in header and (clause.doc_title or "") in header
    assert page.locator("#cite-panel a.cite-card.active").count() == 1
    highlight_after_click(page, cards.nth(0), app)  # a card opens its clause too
    assert_in_view(page)


def _make_docx(path: Path) -> None:
    from docx import Document

    document = Document()
    document.add_paragraph("关于开展星河算力券试点工作的通知")
    document.add_paragraph("一、星河算力券面向本市中小企业发放，用于购买智能算力服务。")
    document.add_paragraph("二、每家企业每年最多可申领星河算力券50万元。")
    document.save(str(path))


@pytest.mark.browser
def test_uploaded_docx_is_indexed_and_cited(page: Any, app: App, tmp_path: Path) -> None:
    upload = tmp_path / "xinghe_quan.docx"
    _make_docx(upload)
    files_before = len(app.service.documents())
    page.get_by_role("tab", name="上传文件").click()
    page.set_input_files("#upload-files input[type=file]", str(upload))
    page.wait_for_function("() => document.querySelector('#upload-message textarea').value.includes('已加入并索引')")
    assert (app.corpus / "xinghe_quan.docx").is_file()
    assert f"已索引 {files_before + 1} 个文件" in page.locator("#status-line").inner_text()
    page.get_by_role("tab", name="问答").click()
    bubble = ask(page, "星河算力券每家企业每年最多可以申领多少？")
    assert "50万元" in bubble.inner_text()
    card = page.locator("#cite-panel a.cite-card", has_text="xinghe_quan.docx").first
    assert highlight_after_click(page, card, app).startswith("xinghe_quan")


@pytest.mark.browser
def test_document_markup_is_shown_as_text_and_never_runs(page: Any, app: App) -> None:
    questions = {
        "量子蜂鸟测试平台什么时候建成？": "<script>alert(1)</script>",
        "对入驻量子蜂鸟测试平台的企业有什么支持？": "<img src=x onerror=alert(1)>",
        # Worded after the clause: the app's index here embeds with a hashing stand-in for e5,
        # whose similarities follow shared characters only.
        "量子蜂鸟测试平台的说明写法按什么显示？": "{{constructor.constructor('alert(1)')()}}",
    }
    for question, markup in questions.items():
        bubble = ask(page, question)
        assert markup in bubble.inner_text()
        highlight_after_click(page, bubble.locator("a.cite-marker").first, app)
        assert markup in page.locator("#source-view #src-hl").inner_text()
        assert markup in page.locator("#cite-panel").inner_text()
    ask(page, "<img src=x onerror=alert(1)>量子蜂鸟测试平台在哪里？")
    assert "<img src=x onerror=alert(1)>量子蜂鸟测试平台在哪里？" in page.locator("#chat .question").last.inner_text()
    assert "${alert(1)}" in page.locator("#source-view").inner_text()
    assert "**加粗** 和 $$x$$" in page.locator("#chat").inner_text()
    scripts = page.evaluate("Array.from(document.querySelectorAll('script')).filter(s => s.textContent.includes('alert(1)')).length")
    assert scripts == 0
    assert page.locator("img[src=x], img[onerror]").count() == 0


@pytest.mark.browser
def test_wording_check_tab_shows_the_verdict(page: Any) -> None:
    page.get_by_role("tab", name="原文核对").click()
    page.fill("#check-text textarea", "打造全国数智经济一线城市<img src=x onerror=alert(1)>")
    page.click("#check-run")
    page.wait_for_selector("#check-result .check-verdict")
    assert "<img src=x onerror=alert(1)>" in page.locator("#check-result").inner_text()
    page.fill("#check-text textarea", "打造全国数智经济一线城市")
    page.click("#check-run")
    page.wait_for_function("() => document.querySelector('#check-result').innerText.includes('完全一致')")


# ---------------------------------------------------------------- API (gradio_client)


@pytest.fixture(scope="module")
def client(app: App) -> Any:
    from gradio_client import Client

    return Client(app.url, verbose=False)


def test_api_ask_returns_the_spec_answer_object(client: Any) -> None:
    result = client.predict("武汉“人工智能+”行动方案提出到2028年全市人工智能产业规模要达到多少？", api_name="/ask")
    assert set(result) >= {"question", "answer", "refused", "citations"}
    assert result["refused"] is False and "2000" in result["answer"]
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", result["answer"])}
    assert markers == {citation["n"] for citation in result["citations"]}
    citation = result["citations"][0]
    assert {"clause_id", "file", "start", "end", "line_start", "line_end", "section", "doc_title", "doc_number", "text"} <= set(citation)
    source = (SEEDS / citation["file"]).read_text(encoding="utf-8")
    assert "2000" in source[citation["start"] : citation["end"]]


def test_api_ask_with_filters_and_refusal(client: Any) -> None:
    result = client.predict("人工智能产业发展目标", ["003_1cb10e2aa7aa96ef.txt"], None, None, api_name="/ask")
    assert {citation["file"] for citation in result["citations"]} == {"003_1cb10e2aa7aa96ef.txt"}
    refused = client.predict("武汉市对养猪场的环保补贴标准是多少？", api_name="/ask")
    assert refused["refused"] is True


def test_api_search_and_check(client: Any) -> None:
    hits = client.predict("算力基础设施建设", 5, api_name="/search")
    assert 1 <= len(hits) <= 5
    assert all({"clause_id", "file", "start", "end", "score"} <= set(hit) for hit in hits)
    assert [hit["score"] for hit in hits] == sorted((hit["score"] for hit in hits), reverse=True)
    report = client.predict("打造全国数智经济一线城市", api_name="/check")
    assert report["verdict"] == "exact" and report["matches"][0]["file"].endswith(".txt")


def test_api_errors_are_chinese_messages(client: Any) -> None:
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="请输入问题"):
        client.predict("   ", api_name="/ask")
    with pytest.raises(AppError, match="返回条数"):
        client.predict("算力", 0, api_name="/search")


@pytest.mark.browser
def test_level_filter_restricts_the_citations(page: Any, app: App) -> None:
    page.get_by_text("筛选范围").click()
    page.locator("#filter-level label", has_text="省").click()
    ask(page, "人工智能产业发展目标是什么？")
    places = page.locator("#cite-panel .cite-place").all_inner_texts()
    provincial = {doc.file for doc in app.service.documents() if doc.level == "省"}
    assert places and all(place.split(":")[0] in provincial for place in places)


# ---------------------------------------------------------------- handlers (no browser)


class _FakeService:
    """Streams like an LLM answerer: two pieces, then the verified answer; or fails."""

    def __init__(self, failure: Exception | None = None) -> None:
        self.failure = failure

    def stream(self, question: str, history: Any, filters: Any) -> Iterator[Any]:
        from rag.types import Answer, Citation, Clause

        if self.failure:
            raise self.failure
        yield "依据<b>文件</b>"
        yield "[1]。"
        clause = Clause("doc:1", "doc.txt", 0, 4, 1, 1, (), "条款原文")
        yield Answer(question, "依据<b>文件</b>[1]。", False, (Citation(1, clause),))


def test_respond_streams_pieces_then_links_the_markers() -> None:
    from rag.app.web.handlers import Handlers

    updates = list(Handlers(_FakeService()).respond("问题", [], [], [], "全部", "全部"))  # type: ignore[arg-type]
    texts = [chat[-1]["content"] for chat, *_ in updates]
    assert "正在检索" in texts[0] and "&lt;b&gt;文件&lt;/b&gt;" in texts[1] and "cite-marker" not in texts[2]
    chat, answers, cards, box = updates[-1]
    assert 'href="#cite:doc%3A1"' in chat[-1]["content"] and "<b>" not in chat[-1]["content"]
    assert len(answers) == 1 and "doc.txt:1" in cards and box == ""


def test_respond_shows_errors_as_chinese_messages(caplog: pytest.LogCaptureFixture) -> None:
    from rag.errors import UsageError
    from rag.app.web.handlers import INTERNAL_ERROR, Handlers

    usage = list(Handlers(_FakeService(UsageError("问题过长"))).respond("问题", [], [], [], "全部", "全部"))  # type: ignore[arg-type]
    assert "问题过长" in usage[-1][0][-1]["content"]
    crash = list(Handlers(_FakeService(KeyError("x"))).respond("问题", [], [], [], "全部", "全部"))  # type: ignore[arg-type]
    assert INTERNAL_ERROR in crash[-1][0][-1]["content"] and "KeyError" not in crash[-1][0][-1]["content"]


def test_lean_api_path_serves_the_same_endpoints(app: App) -> None:
    from gradio_client import Client

    lean = Client(app.url + "api/", verbose=False)
    result = lean.predict("武汉“人工智能+”行动方案提出到2028年全市人工智能产业规模要达到多少？", api_name="/ask")
    assert result["refused"] is False and "2000" in result["answer"]
    hits = lean.predict("算力基础设施", 3, api_name="/search")
    assert len(hits) == 3 and {"clause_id", "score"} <= set(hits[0])
    assert lean.predict("打造全国数智经济一线城市", api_name="/check")["verdict"] in ("exact", "near")


def test_app_py_takes_the_arguments_of_rag_serve() -> None:
    """`python app.py` goes through the `rag serve` parser: same options, same usage errors."""

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(ROOT / "app.py"), *args], capture_output=True, text=True, cwd=ROOT)

    usage = run("--help")
    assert usage.returncode == 0 and all(option in usage.stdout for option in ("--host", "--port", "--corpus", "--index"))
    wrong = run("--port", "七八六零")
    assert wrong.returncode == 2 and wrong.stderr.startswith("rag: 参数错误") and "--port" in wrong.stderr


def test_worker_threads_come_from_the_settings() -> None:
    assert concurrency_limit(Settings()) == CONCURRENCY
    environ = {"GRADIO_DEFAULT_CONCURRENCY_LIMIT": "4"}
    assert concurrency_limit(load_settings(environ=environ)) == 4


def test_official_examples_come_from_the_indexed_documents() -> None:
    documents = [
        DocInfo("a.txt", "a.txt", None, None),
        DocInfo("b.txt", "某市促进养老服务发展若干措施", "市", 2025, "某政发〔2025〕3号"),
    ]
    examples = official_examples(documents)
    assert examples[0] == "某政发〔2025〕3号的成文日期是哪天？"
    assert "《某市促进养老服务发展若干措施》提出的主要目标是什么？" in examples
    assert len(examples) == 3
    assert official_examples([]) == ["各文件的发文机关分别是哪个单位？"]
