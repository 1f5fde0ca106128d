"""Loading a model by hub id or local folder, with a Chinese message that says how to fix a failure.

Shared by every model-backed component (embedders, the reranker): `LazyModel` loads on
first use; `load_model` tries a local folder, then the local cache, then the hub only
when it answers, so a machine without network fails in seconds instead of retrying.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, TypeVar
from urllib.parse import urlparse

from rag.config import Settings
from rag.errors import ModelLoadError

T = TypeVar("T")


@dataclass(frozen=True)
class Hub:
    """The model hub a download would use (settings `hf_endpoint`, `hf_hub_offline`)."""

    endpoint: str = "https://huggingface.co"
    offline: bool = False

    @classmethod
    def from_settings(cls, settings: Settings) -> Hub:
        return cls(settings.hf_endpoint, settings.hf_hub_offline)


class LazyModel:
    """A model (hub name or local folder) loaded on first use by `warm_up`.

    Subclasses set `name`, the labels of the Chinese error message and `_create`;
    `hub` says whether and where a model missing from the local cache may be fetched."""

    name: str
    hub: Hub = Hub()
    kind = "模型"  # named in the error message
    env_var = ""  # the setting a user changes to point at a local copy
    alternative = ""  # what else the user can do, appended to the message
    _model: Any = None

    def _create(self, name: str, local_files_only: bool) -> Any:
        raise NotImplementedError

    def warm_up(self) -> None:
        """Load the model if it is not loaded yet; ModelLoadError when it cannot be."""
        if self._model is not None:
            return

        def factory(name: str, local_files_only: bool = False) -> Any:
            quiet_transformers()
            return self._create(name, local_files_only)

        self._model = load_model(factory, self.name, self.kind, self.env_var, self.alternative, self.hub)


def _load_errors() -> tuple[type[BaseException], ...]:
    """Exceptions that mean "this model cannot be loaded" (not programming errors)."""
    errors: list[type[BaseException]] = [OSError, ValueError, KeyError]
    try:
        from huggingface_hub.errors import EntryNotFoundError

        errors.append(EntryNotFoundError)
    except ImportError:
        pass
    try:
        from safetensors import SafetensorError

        errors.append(SafetensorError)
    except ImportError:
        pass
    return tuple(errors)


def _looks_like_path(name: str) -> bool:
    """True when `name` is meant as a folder rather than a hub id such as BAAI/bge-small-zh-v1.5."""
    return name.startswith(("/", ".", "~")) or "\\" in name or name.count("/") > 1 or ":" in name


def _hub_reachable(hub: Hub, timeout: float = 3.0) -> bool:
    """Whether the Hugging Face endpoint answers a TCP connection (a quick check before slow retries)."""
    if hub.offline:
        return False
    url = urlparse(hub.endpoint)
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        with socket.create_connection((url.hostname or "huggingface.co", port), timeout=timeout):
            return True
    except OSError:
        return False


def _download_hint(name: str, env_var: str, alternative: str) -> str:
    return (
        f"请在能联网的机器上运行 `hf download {name} --local-dir 模型目录`"
        f"（旧版 huggingface_hub 为 `huggingface-cli download`），把模型目录拷到本机后设置 "
        f"{env_var}=模型目录（即指向本地路径）{alternative}"
    )


def _reason(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return (text[0] if text else type(error).__name__)[:200].rstrip("。.")


def load_model(
    factory: Callable[..., T], name_or_path: str, what: str, env_var: str, alternative: str = "。", hub: Hub = Hub()
) -> T:
    """`factory(name, local_files_only=...)` on a local folder or hub id; ModelLoadError with a fix otherwise.

    A hub id is tried from the local cache first and downloaded only when the hub answers,
    which avoids a minute of retries on machines without network.
    """
    errors = _load_errors()
    path = Path(name_or_path).expanduser()
    hint = _download_hint(name_or_path if not _looks_like_path(name_or_path) else "模型名", env_var, alternative)
    if path.exists():
        try:
            return factory(str(path))
        except errors as error:
            reason = f"{_reason(error)}。请确认该目录是完整下载的模型；"
            raise ModelLoadError(f"无法加载{what} {name_or_path}：{reason}{hint}") from error
    if _looks_like_path(name_or_path):
        raise ModelLoadError(f"找不到{what}目录 {name_or_path}。{hint}")
    try:
        return factory(name_or_path, local_files_only=True)
    except errors:
        pass  # not in the local cache: try the hub below
    if not _hub_reachable(hub):
        reason = "本机缓存中没有该模型，且无法连接 Hugging Face。"
        raise ModelLoadError(f"无法加载{what} {name_or_path}：{reason}{hint}")
    try:
        return factory(name_or_path)
    except errors as error:
        raise ModelLoadError(f"无法加载{what} {name_or_path}：{_reason(error)}。{hint}") from error


def quiet_transformers() -> None:
    """Silence transformers' progress bars and info logs, which would clutter the CLI's stderr."""
    try:
        from transformers.utils import logging as transformers_logging

        transformers_logging.set_verbosity_error()
        transformers_logging.disable_progress_bar()
    except ImportError:
        pass
