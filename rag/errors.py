"""Domain errors: each carries a Chinese message for the user and an exit code.

The CLI turns them into one stderr line and the exit code; the app shows the message.
"""

from __future__ import annotations


class RagError(Exception):
    """Base class of every error a user may see."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(RagError):
    """Bad arguments or input from the user (exit code 2)."""

    exit_code = 2


class LoadError(RagError):
    """A source file that cannot be read or decoded."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}：{reason}")
        self.file = file
        self.reason = reason


class IndexMissingError(RagError):
    """No usable index exists and none can be built."""


class IndexDamagedError(IndexMissingError):
    """Files of the index cannot be read (damaged or removed by hand)."""


class IndexMismatchError(RagError):
    """The index was built with settings (such as the embedder) other than the configured ones."""


class ModelLoadError(RagError):
    """A model (embedder, reranker, LLM) cannot be loaded."""


class GenerationError(RagError):
    """An LLM backend failed to answer: `message` for the user, `detail` (scrubbed) for the server log."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


class GoldFileError(UsageError):
    """A gold file line that does not follow the SPEC format."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"金标准文件第 {line} 行：{reason}")
        self.line = line
