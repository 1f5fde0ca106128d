"""An OpenAI-compatible chat API on the app's server: `POST /v1/chat/completions`, `GET /v1/models`.

Chat front-ends (Open WebUI, LobeChat, Cherry Studio, Dify ...) add the assistant as a
model of an "OpenAI-compatible" provider. The last user message is the question, earlier
user messages are the conversation (follow-ups such as “那省里呢？” are resolved against
them). The reply is the answer with its numbered citations listed after it, in Markdown;
the same citations come as SPEC citation objects in the extra top-level field `citations`
(and `refused` says whether the documents lacked the answer). `stream: true` sends the
reply as server-sent events in OpenAI's chunk format, ending with `data: [DONE]`.

With the `api_key` setting (`RAG_API_KEY`) every request needs `Authorization: Bearer
<key>`; a missing or wrong key gets 401. Errors use OpenAI's error shape with a Chinese
message; nothing internal (paths, keys, tracebacks) reaches the client.
"""

# No `from __future__ import annotations`: FastAPI reads the handlers' annotations at
# runtime, and `Request` is imported inside `router` (FastAPI loads only when serving).

import hmac
import json
import logging
import time
import uuid
from collections.abc import Iterator
from typing import Any

from rag.app.terminal_answer import citation_entry
from rag.errors import RagError, UsageError
from rag.types import Answer

log = logging.getLogger("rag.app.openai_api")

MODEL_ID = "policy-qa"
STREAM_PIECE_CHARS = 24
INTERNAL_ERROR = "处理请求时出错，请稍后重试；如果问题持续出现，请联系管理员查看服务日志。"


class ApiError(Exception):
    """An error reply: HTTP status, OpenAI error type and code, Chinese message."""

    def __init__(self, status: int, message: str, kind: str = "invalid_request_error", code: str | None = None, param: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.kind, self.code, self.param = status, message, kind, code, param

    def body(self) -> dict[str, Any]:
        return {"error": {"message": self.message, "type": self.kind, "param": self.param, "code": self.code}}


def check_key(expected: str | None, authorization: str | None) -> None:
    """Nothing when no key is configured or the bearer token matches; else a 401 ApiError."""
    if not expected:
        return
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise ApiError(401, "API 密钥无效或缺失：请在请求头 Authorization 中提供 Bearer 密钥（与服务端 RAG_API_KEY 一致）",
                       "invalid_request_error", "invalid_api_key")


def message_text(content: Any) -> str:
    """The text of a message's content: a string, or OpenAI's list of parts (text parts joined)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, dict) and part.get("type") == "text")
    if content is None:
        return ""
    raise ApiError(400, "消息的 content 应为字符串或内容片段列表", param="messages")


def parse_request(raw: bytes) -> tuple[str, list[str], bool, str]:
    """(question, earlier questions, stream, model) from a chat completion request body."""
    try:
        body = json.loads(raw or b"null")
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "请求体不是有效的 JSON") from None
    if not isinstance(body, dict):
        raise ApiError(400, "请求体应为 JSON 对象")
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages or not all(isinstance(item, dict) for item in messages):
        raise ApiError(400, "缺少 messages：应为非空的消息列表，如 [{\"role\": \"user\", \"content\": \"问题\"}]", param="messages")
    questions = [message_text(item.get("content")) for item in messages if item.get("role") == "user"]
    if not questions:
        raise ApiError(400, "messages 中没有用户消息（role 为 user）", param="messages")
    model = body.get("model") if isinstance(body.get("model"), str) and body.get("model") else MODEL_ID
    return questions[-1], [text for text in questions[:-1] if text.strip()], bool(body.get("stream")), model


def reply_text(answer: Answer) -> str:
    """The answer, then its citations as a Markdown list of locators with a short quote each."""
    parts = [answer.answer.strip() or "（无回答）"]
    if answer.citations:
        entries = [citation_entry(citation).replace("\n    > ", "\n  > ") for citation in answer.citations]
        parts.append("**引用**\n\n" + "\n".join(f"- {entry}" for entry in entries))
    return "\n\n".join(parts)


def extras(answer: Answer) -> dict[str, Any]:
    """The structured fields beside OpenAI's: SPEC citation objects and the refusal flag."""
    return {"citations": [citation.to_dict() for citation in answer.citations], "refused": answer.refused}


def completion(answer: Answer, model: str, question: str) -> dict[str, Any]:
    """A `chat.completion` object (usage counts characters: there is no token model)."""
    text = reply_text(answer)
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion", "created": int(time.time()), "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": len(question), "completion_tokens": len(text), "total_tokens": len(question) + len(text)},
        **extras(answer),
    }


def completion_chunks(answer: Answer, model: str) -> Iterator[str]:
    """The reply as server-sent events of `chat.completion.chunk` objects, then `[DONE]`."""
    head = {"id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion.chunk", "created": int(time.time()), "model": model}

    def event(delta: dict[str, Any], finish: str | None = None, **more: Any) -> str:
        chunk = {**head, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **more}
        return f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"

    yield event({"role": "assistant", "content": ""})
    text = reply_text(answer)
    for start in range(0, len(text), STREAM_PIECE_CHARS):
        yield event({"content": text[start : start + STREAM_PIECE_CHARS]})
    yield event({}, "stop", **extras(answer))
    yield "data: [DONE]\n\n"


def models() -> dict[str, Any]:
    return {"object": "list", "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "rag"}]}


def answer_for(service: Any, question: str, history: list[str]) -> Answer:
    """The service's answer; domain errors become ApiErrors with their Chinese message."""
    try:
        return service.ask(question, history=history)
    except UsageError as error:
        raise ApiError(400, error.message) from None
    except RagError as error:  # e.g. the LLM service failed: its scrubbed detail goes to the log once
        detail = getattr(error, "detail", "")
        log.warning("chat API answer failed: %s%s", error.message, f" ({detail})" if detail else "")
        raise ApiError(500, error.message, "server_error") from None


def router(service: Any) -> Any:
    """The FastAPI router of the two endpoints over `service` (a PolicyService)."""
    from fastapi import APIRouter, Request
    from fastapi.responses import JSONResponse, StreamingResponse
    from starlette.concurrency import run_in_threadpool

    routes = APIRouter()

    def failure(error: Exception) -> JSONResponse:
        if not isinstance(error, ApiError):
            log.exception("unexpected error in the chat API", exc_info=error)
            error = ApiError(500, INTERNAL_ERROR, "server_error")
        headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else None
        return JSONResponse(error.body(), status_code=error.status, headers=headers)

    @routes.get("/v1/models")
    def list_models(request: Request) -> Any:
        try:
            check_key(service.settings.api_key, request.headers.get("authorization"))
            return JSONResponse(models())
        except Exception as error:
            return failure(error)

    @routes.post("/v1/chat/completions")
    async def chat_completions(request: Request) -> Any:
        try:
            check_key(service.settings.api_key, request.headers.get("authorization"))
            question, history, stream, model = parse_request(await request.body())
            answer = await run_in_threadpool(answer_for, service, question, history)
        except Exception as error:  # one OpenAI-shaped Chinese error, never a traceback
            return failure(error)
        if stream:
            return StreamingResponse(completion_chunks(answer, model), media_type="text/event-stream")
        return JSONResponse(completion(answer, model, question))

    return routes
