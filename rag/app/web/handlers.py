"""The page's event handlers and the public API functions, bound to one `PolicyService`.

They translate between widgets and service calls and turn every error into a Chinese
message (never a traceback). Gradio is imported inside the functions that need it, so
importing this module stays cheap.
"""

# No `from __future__ import annotations` here: gr.api reads the return annotations of the
# API functions at runtime, and they must be real types.

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from html import escape
from pathlib import Path

from rag.app.check_report import check_report_html
from rag.app.service import DocInfo, PolicyService
from rag.app.web.citations import answer_html, user_html
from rag.app.web.panels import answer_bubble, cards_panel, documents_table_html, source_panel, status_html
from rag.app.web.source import source_html, source_message_html
from rag.app.upload import discard_uploads, in_upload_folder
from rag.errors import RagError, UsageError
from rag.types import Answer, Filters

log = logging.getLogger(__name__)

HISTORY_TURNS = 4
TYPING_PIECES = 8
TYPING_DELAY = 0.02
ALL = "全部"
PENDING = "正在检索相关条款……"
INTERNAL_ERROR = "处理请求时出错，请稍后重试；如果问题持续出现，请联系管理员查看服务日志。"


def error_message(error: Exception) -> str:
    """The Chinese message to show for `error`, logged once.

    A domain error (bad input, an unreachable model service) is one log line with its
    detail and no traceback; only an unexpected error logs its traceback, and the page
    then shows a generic message, never the error's text.
    """
    if isinstance(error, RagError):
        detail = getattr(error, "detail", "")
        log.info("request refused: %s%s", error.message, f" ({detail})" if detail else "")
        return error.message
    log.error("unexpected error in the web app", exc_info=error)
    return INTERNAL_ERROR


def api_error(error: Exception) -> Exception:
    """The gr.Error an API function raises for `error`; Gradio prints no second traceback."""
    import gradio as gr

    return gr.Error(error_message(error), print_exception=False)


def make_filters(files: Sequence[str] | None, level: str | None, year: str | int | None) -> Filters | None:
    """Filters from the widgets or an API call; None when nothing is restricted."""
    chosen_year = None if year in (None, "", ALL) else _year(year)
    filters = Filters(files=tuple(files or ()), level=None if level in (None, "", ALL) else level, year=chosen_year)
    return None if filters.empty else filters


def _year(value: str | int) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = 0
    if not 1900 <= year <= 2100:
        raise UsageError(f"年份应为四位数字，例如 2024（收到：{str(value)[:20]!r}）")
    return year


def typing_prefixes(text: str, pieces: int = TYPING_PIECES) -> list[str]:
    """Growing prefixes of `text`, to show an answer being written."""
    step = max(1, -(-len(text) // pieces))
    return [text[:end] for end in range(step, len(text), step)]


def bubble(role: str, content: str) -> dict[str, str]:
    """A chat message."""
    return {"role": role, "content": content}


def document_choices(documents: Sequence[DocInfo]) -> list[tuple[str, str]]:
    """(label, file) of each indexed document, for the files filter."""
    return [(f"{doc.title}（{doc.file}）", doc.file) for doc in documents]


class Handlers:
    """The event handlers of the page, bound to one service."""

    def __init__(self, service: PolicyService, upload_folder: Path | None = None) -> None:
        self.service = service
        self.upload_folder = upload_folder  # the page's Gradio upload cache; set by build_app

    def respond(
        self, question: str, chat: list, answers: list, files: list, level: str, year: str
    ) -> Iterator[tuple]:
        """Stream the answer into the chat, then show its citation cards.

        Yields (chat, answers so far, citation panel, question box).
        """
        import gradio as gr

        question = (question or "").strip()
        if not question:
            gr.Warning("请输入问题", title="提示")
            yield chat, answers, gr.skip(), question
            return
        asked = [*chat, bubble("user", user_html(question))]

        def shown(content: str) -> list[dict[str, str]]:
            return [*asked, bubble("assistant", content)]

        yield shown(answer_html(PENDING, (), "answer pending")), answers, gr.skip(), ""
        try:
            filters = make_filters(files, level, year)
            for partial, answer in self._pieces(question, answers[-HISTORY_TURNS:], filters):
                if answer is None:
                    yield shown(answer_html(partial, (), "answer pending")), answers, gr.skip(), ""
                else:
                    yield shown(answer_bubble(answer)), [*answers, answer], cards_panel(answer.citations), ""
        except Exception as error:  # the page shows a message, never a traceback
            yield shown(answer_html(error_message(error), (), "answer error")), answers, gr.skip(), ""

    def _pieces(
        self, question: str, history: Sequence[Answer], filters: Filters | None
    ) -> Iterator[tuple[str, Answer | None]]:
        """(text so far, None) while the answer is written, then ("", the Answer)."""
        written = ""
        for item in self.service.stream(question, history, filters):
            if isinstance(item, Answer):
                if not written:  # extractive: the whole answer at once, shown as it would be typed
                    for prefix in typing_prefixes(item.answer):
                        yield prefix, None
                        time.sleep(TYPING_DELAY)
                yield "", item
                return
            written += item
            yield written, None

    def open_citation(self, clause_id: str) -> str:
        """The source viewer for a clause id sent by the page (looked up in the index only)."""
        if not clause_id:
            return source_panel(source_message_html())
        found = self.service.clause(clause_id.strip())
        if found is None:
            return source_panel(source_message_html("该条款已不在当前索引中（文件可能已更新），请重新提问。"))
        clause, source = found
        return source_panel(source_html(clause, source))

    def clear(self) -> tuple:
        """Empty chat, answers, citation panel, source viewer and question box."""
        return [], [], cards_panel(()), source_panel(source_message_html()), ""

    def check(self, text: str) -> str:
        """The wording-check report as HTML, or the error as a message."""
        try:
            return check_report_html(self.service.check(text or ""))
        except Exception as error:
            return f'<div class="check-report answer error"><p>{escape(error_message(error))}</p></div>'

    def upload(self, paths: list | None) -> tuple:
        """Add uploaded files; returns message, status, documents filter, documents table, cleared input.

        Only files in the app's upload folder are taken (the event's paths come from the
        request), and they are deleted from there once handled, whatever the outcome.
        """
        import gradio as gr

        folder = Path(self.upload_folder or gr.utils.get_upload_folder())
        try:
            files = in_upload_folder(paths or [], folder)
            message = self.service.add_files(files).message() if files else "请先选择要上传的文件。"
        except Exception as error:
            message = error_message(error)
        finally:
            discard_uploads(paths or [], folder)
        docs = self.service.documents()
        choices = gr.Dropdown(choices=document_choices(docs))
        return message, status_html(self.service), choices, documents_table_html(docs), None


def api_functions(service: PolicyService) -> list[Callable]:
    """The public API for gradio_client, named by their function names: ask, search, check."""
    import gradio as gr

    def ask(
        question: str, files: list[str] | None = None, level: str | None = None, year: int | None = None
    ) -> dict:
        """The SPEC answer object for `question` (optional filters: files, level 市/省, year)."""
        try:
            return service.ask(question, filters=make_filters(files, level, year)).to_dict()
        except Exception as error:
            raise api_error(error) from None

    def search(query: str, k: int = 10) -> list:
        """Ranked clause objects, each with its score."""
        try:
            return [hit.to_dict() for hit in service.search(query, int(k))]
        except Exception as error:
            raise api_error(error) from None

    def check(text: str) -> dict:
        """The wording-check report object."""
        try:
            return service.check(text).to_dict()
        except Exception as error:
            raise api_error(error) from None

    return [ask, search, check]
