"""What one corpus file may cost, and the guard that turns any failure while reading it
into that file's one-line skip reason.

The limits sit far above any real policy document (the longest seed has ~90,000
characters, 2,600 lines and a few hundred clauses) and far below what exhausts a small server: a file past one
is refused with a reason instead of taking the process's memory or minutes of CPU.
`bench/bombs.py` prints time and peak memory for crafted files against them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from rag.errors import LoadError

# Sum of the sizes a DOCX declares for its members. zipfile never returns more than a
# member's declared size (it stops there and checks the CRC), so the sum is a real cap.
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024
MAX_ZIP_MEMBERS = 1000
# XML tags in a DOCX body: python-docx builds objects per element, so tags, not bytes,
# bound its time and memory (a million empty paragraphs fit in a few MB of XML).
MAX_XML_TAGS = 500_000
MAX_PDF_PAGES = 3000
MAX_TEXT_CHARS = 3_000_000  # extracted characters per file
MAX_LINES = 100_000  # extracted lines per file: the clause splitter's work grows with lines
MAX_CLAUSES = 5000  # clauses per file
MAX_HTML_DEPTH = 200  # nested elements; the extractor walks the tree recursively

CORRUPT = "文件已损坏或不完整"
TOO_DEEP = "结构嵌套过深，无法解析"
OUT_OF_MEMORY = "解析所需内存过大，无法读取"

log = logging.getLogger(__name__)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def too_many_members(count: int) -> str:
    return f"压缩包内文件过多（{count} 个，上限 {MAX_ZIP_MEMBERS} 个）"


def too_large_unzipped(size: int) -> str:
    return f"解压后大小 {_mb(size)} 超过上限 {_mb(MAX_UNZIPPED_BYTES)}（疑似压缩炸弹）"


def too_many_tags() -> str:
    return f"文档结构过于庞大（超过 {MAX_XML_TAGS:,} 个元素）"


def too_many_pages(count: int) -> str:
    return f"PDF 页数过多（{count} 页，上限 {MAX_PDF_PAGES} 页）"


def too_many_chars() -> str:
    return f"提取出的文字超过 {MAX_TEXT_CHARS:,} 字的上限"


def too_many_clauses(count: int) -> str:
    return f"切分出的条款过多（{count:,} 条，上限 {MAX_CLAUSES:,} 条）"


def too_deep_html() -> str:
    return f"HTML 嵌套超过 {MAX_HTML_DEPTH} 层"


def too_many_lines() -> str:
    return f"文字超过 {MAX_LINES:,} 行的上限"


def check_chars(name: str, count: int) -> None:
    if count > MAX_TEXT_CHARS:
        raise LoadError(name, too_many_chars())


def check_text(name: str, text: str) -> None:
    """Refuse extracted text past the character or line limit."""
    check_chars(name, len(text))
    if text.count("\n") >= MAX_LINES:
        raise LoadError(name, too_many_lines())


@contextmanager
def loader_guard(name: str) -> Iterator[None]:
    """Any failure inside becomes `LoadError(name, reason)`: the file is skipped, never fatal.

    Parsers of damaged or hostile files fail in many ways (encrypted zip members,
    unsupported compression methods, unknown PDF filters, deep recursion); listing their
    exception types one by one always misses the next one, so this is the one place that
    catches them all.
    """
    try:
        yield
    except LoadError:
        raise
    except RecursionError as error:
        raise LoadError(name, TOO_DEEP) from error
    except MemoryError as error:
        raise LoadError(name, OUT_OF_MEMORY) from error
    except Exception as error:  # the loader boundary: see the docstring
        log.debug("cannot read %s: %s: %s", name, type(error).__name__, error)
        raise LoadError(name, CORRUPT) from error
