"""Text generators behind one small interface, and `make_generator` to pick one from settings.

A generator turns chat messages (`{"role": "system" | "user" | "assistant", "content": ...}`)
into text, whole (`generate`) or piece by piece (`stream`):

- `OpenAICompatibleGenerator`: any OpenAI-compatible chat endpoint — vLLM, Ollama,
  DeepSeek, Qwen (DashScope), OpenAI — through LangChain's `ChatOpenAI`. Base URL, model
  and API key come from the settings (`RAG_LLM_BASE_URL`, `RAG_LLM_MODEL`,
  `RAG_LLM_API_KEY`), the key falling back to `OPENAI_API_KEY` (also read by `Settings`),
  then to a placeholder that local servers accept.
- `TransformersGenerator`: a local chat model given by name (from the local cache) or
  folder, through transformers with the tokenizer's chat template; loaded on first use
  (or by `warm_up()`).

LangChain and transformers are imported only when a generator is used.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from rag.answering.llm_failures import failure_reason
from rag.config import AnswererKind, Settings
from rag.errors import GenerationError, ModelLoadError, UsageError
from rag.interfaces import Generator, Message
from rag.redaction import safe_url, scrub

PLACEHOLDER_KEY = "EMPTY"  # vLLM and Ollama ignore the key but the client requires one


class OpenAICompatibleGenerator:
    """Chat completions from an OpenAI-compatible endpoint via `langchain_openai.ChatOpenAI`."""

    def __init__(
        self,
        model: str,
        base_url: str | None = None,
        api_key: str | None = None,
        temperature: float = 0.1,
        max_tokens: int = 800,
        timeout: float = 120.0,
    ) -> None:
        self.model = model
        self.base_url = base_url
        self.api_key = api_key or PLACEHOLDER_KEY
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.timeout = timeout
        self._chat: Any = None

    @classmethod
    def from_settings(cls, settings: Settings) -> "OpenAICompatibleGenerator":
        if not settings.llm_model:
            raise UsageError("未配置语言模型：请设置 llm_model（环境变量 RAG_LLM_MODEL）")
        return cls(
            model=settings.llm_model,
            base_url=settings.llm_base_url,
            api_key=settings.llm_api_key or settings.openai_api_key,
            temperature=settings.llm_temperature,
            max_tokens=settings.llm_max_tokens,
        )

    def chat_model(self) -> Any:
        """The LangChain chat model, created on first use."""
        if self._chat is None:
            from langchain_openai import ChatOpenAI

            self._chat = ChatOpenAI(
                model=self.model,
                base_url=self.base_url,
                api_key=self.api_key,
                temperature=self.temperature,
                max_tokens=self.max_tokens,
                timeout=self.timeout,
                max_retries=1,
            )
        return self._chat

    def generate(self, messages: Sequence[Message]) -> str:
        """The whole reply to `messages`."""
        try:
            reply = self.chat_model().invoke(to_langchain(messages))
        except _service_errors() as error:
            raise self._failure(error) from error
        return _text_of(reply.content)

    def stream(self, messages: Sequence[Message]) -> Iterator[str]:
        """The reply to `messages` in pieces, as the server sends them."""
        try:
            for chunk in self.chat_model().stream(to_langchain(messages)):
                text = _text_of(chunk.content)
                if text:
                    yield text
        except _service_errors() as error:
            raise self._failure(error) from error

    def _failure(self, error: Exception) -> GenerationError:
        """A Chinese message without secrets; the scrubbed detail goes with it for the server log."""
        where = safe_url(self.base_url) if self.base_url else "default OpenAI endpoint"
        detail = scrub(f"{where}, model {self.model}: {type(error).__name__}: {error}", [self.api_key])
        return GenerationError(f"语言模型服务调用失败：{failure_reason(error)}", detail=detail)


def _service_errors() -> tuple[type[BaseException], ...]:
    """Errors of the OpenAI client and its HTTP layer, imported lazily."""
    import httpx
    import openai

    return (openai.OpenAIError, httpx.HTTPError)


def to_langchain(messages: Sequence[Message]) -> list[Any]:
    """Our message dicts as LangChain message objects."""
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

    kinds = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
    converted: list[Any] = []
    for message in messages:
        kind = kinds.get(message.get("role", "user"))
        if kind is None:
            raise UsageError(f"未知的消息角色：{message.get('role')}（可用：{'、'.join(kinds)}）")
        converted.append(kind(content=message.get("content", "")))
    return converted


def _text_of(content: Any) -> str:
    """Text of a LangChain message content (a string, or a list of parts)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(part if isinstance(part, str) else str(part.get("text", "")) for part in content)
    return str(content or "")


class TransformersGenerator:
    """A local chat model run with transformers; nothing is loaded before the first call."""

    def __init__(self, model: str, max_new_tokens: int = 800, temperature: float = 0.1) -> None:
        self.model_name = model
        self.max_new_tokens = max_new_tokens
        self.temperature = temperature
        self._tokenizer: Any = None
        self._model: Any = None

    @classmethod
    def from_settings(cls, settings: Settings) -> "TransformersGenerator":
        if not settings.llm_model:
            raise UsageError("未配置本地语言模型：请把 llm_model（环境变量 RAG_LLM_MODEL）设为模型名称或目录")
        return cls(settings.llm_model, settings.llm_max_tokens, settings.llm_temperature)

    def warm_up(self) -> None:
        """Load the tokenizer and model (a ModelLoadError with a Chinese message if impossible)."""
        if self._model is not None:
            return
        from transformers import AutoModelForCausalLM, AutoTokenizer

        try:
            tokenizer = AutoTokenizer.from_pretrained(self.model_name)
            model = AutoModelForCausalLM.from_pretrained(self.model_name)
        except (OSError, ValueError, KeyError) as error:
            raise ModelLoadError(
                f"无法加载本地语言模型“{self.model_name}”：请确认目录存在，或模型已下载到本地缓存（{error}）"
            ) from error
        if not getattr(tokenizer, "chat_template", None):
            raise ModelLoadError(f"本地语言模型“{self.model_name}”没有对话模板（chat_template），无法用于问答")
        model.eval()
        self._tokenizer, self._model = tokenizer, model

    def generate(self, messages: Sequence[Message]) -> str:
        """The whole reply to `messages`."""
        import torch

        inputs = self._inputs(messages)
        with torch.no_grad():
            output = self._model.generate(**inputs, **self._generation_options())
        new_tokens = output[0][inputs["input_ids"].shape[1] :]
        return self._tokenizer.decode(new_tokens, skip_special_tokens=True)

    def stream(self, messages: Sequence[Message]) -> Iterator[str]:
        """The reply to `messages` in pieces, generated in a background thread."""
        from threading import Thread

        from transformers import TextIteratorStreamer

        inputs = self._inputs(messages)
        streamer = TextIteratorStreamer(self._tokenizer, skip_prompt=True, skip_special_tokens=True)
        worker = Thread(target=self._model.generate, kwargs={**inputs, **self._generation_options(), "streamer": streamer})
        worker.start()
        try:
            for text in streamer:
                if text:
                    yield text
        finally:
            worker.join()

    def _inputs(self, messages: Sequence[Message]) -> dict[str, Any]:
        self.warm_up()
        encoded = self._tokenizer.apply_chat_template(
            [dict(message) for message in messages], add_generation_prompt=True, return_tensors="pt", return_dict=True
        )
        return {"input_ids": encoded["input_ids"], "attention_mask": encoded["attention_mask"]}

    def _generation_options(self) -> dict[str, Any]:
        options: dict[str, Any] = {"max_new_tokens": self.max_new_tokens}
        pad = self._tokenizer.pad_token_id if self._tokenizer.pad_token_id is not None else self._tokenizer.eos_token_id
        if pad is not None:
            options["pad_token_id"] = pad
        if self.temperature > 0:
            options.update(do_sample=True, temperature=self.temperature)
        else:
            options["do_sample"] = False
        return options


def make_generator(settings: Settings) -> Generator | None:
    """The generator the settings ask for; None for the extractive answerer (no LLM)."""
    if settings.answerer == AnswererKind.EXTRACTIVE:
        return None
    if settings.answerer == AnswererKind.OPENAI:
        return OpenAICompatibleGenerator.from_settings(settings)
    if settings.answerer == AnswererKind.TRANSFORMERS:
        return TransformersGenerator.from_settings(settings)
    allowed = "、".join(kind.value for kind in AnswererKind)
    raise UsageError(f"未知的回答方式：{settings.answerer}（可用：{allowed}）")
