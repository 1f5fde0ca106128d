"""Cleaning for what readers and indexes see, never for offsets.

Lines keep their source offsets; markdown marks and page furniture are recognised here,
and hard line breaks inside sentences are joined when lines are assembled into text.
"""

from __future__ import annotations

import re
import statistics
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from rag.text.dates import DATE_AND_TIME

# Words a web page prints beside a posting stamp: its source, author, view count, font size.
PAGE_WORDS = "来源|作者|浏览|人气|点击|阅读|字号"
# Page furniture: page numbers, running headers and footers of converted PDFs and web pages.
_FURNITURE = (
    re.compile(r"^[-－—–]\s*\d{1,4}\s*[-－—–]$"),  # - 3 -
    re.compile(r"^第\s*\d{1,4}\s*页(\s*[/，,]?\s*共\s*\d{1,4}\s*页)?$"),  # 第 3 页 / 共 9 页
    re.compile(r"^\d{1,4}\s*/\s*\d{1,4}$"),  # 3/9
    re.compile(r"^[XxＸ×]$"),  # a stray mark left by the PDF converter
    re.compile(r"^.{2,30}(厅|局|委|办|院|部|政府|办公室)(规范性文件|发布)$"),  # running header / footer of PDFs
    re.compile(r"^当前位置\s*[:：]"),  # web breadcrumb
    re.compile(r".*人气\s*[:：]\s*\d+$"),  # web page view counter
    # a web page's posting stamp followed by its source or view count (2024-09-18 09:30 来源：…)
    re.compile(rf"^{DATE_AND_TIME}\s.*(?:{PAGE_WORDS})"),
    re.compile(r"^-{3,}$|^\*{3,}$|^_{3,}$"),  # markdown rules
)
_MD_PREFIX = re.compile(r"^\s*(#{1,6}\s*|[-*+]\s+(?=\S))?")
_BOLD = re.compile(r"^\*\*(.+?)\*\*$")
TERMINAL = "。！？；：!?;:…"
CLOSERS = "”’」』）)】》\"'"
_OPENERS = {"“": "”", "（": "）", "(": ")", "《": "》", "【": "】", "「": "」"}


@dataclass(frozen=True)
class Line:
    """One source line with offsets; `content` is the line without markdown marks."""

    number: int  # 1-based
    start: int  # offset of the content's first character
    end: int  # offset just past the content's last character
    content: str
    heading_mark: bool = False  # the line was a markdown heading (#)
    bullet: bool = False  # the line was a markdown list item (- )
    furniture: bool = False
    tabbed: bool = False  # the raw line holds a tab: a table row, even when its trailing cells are empty


def _strip_marks(raw: str) -> tuple[int, int, bool, bool]:
    """Offsets (within `raw`) of the content once markdown marks and spaces are removed."""
    prefix = _MD_PREFIX.match(raw)
    mark = prefix.group(1) or "" if prefix else ""
    begin = prefix.end() if prefix else 0
    finish = len(raw.rstrip())
    body = raw[begin:finish]
    bold = _BOLD.match(body)
    if bold:
        begin, finish = begin + 2, finish - 2
    while begin < finish and raw[begin].isspace():
        begin += 1
    return begin, finish, mark.startswith("#"), mark[:1] in "-*+" and bool(mark)


def split_lines(text: str) -> list[Line]:
    """Every non-empty line of `text` with content offsets; furniture is flagged, not removed."""
    lines: list[Line] = []
    offset = 0
    for number, raw_with_end in enumerate(text.splitlines(keepends=True), start=1):
        raw = raw_with_end.rstrip("\r\n")
        begin, finish, heading, bullet = _strip_marks(raw)
        content = raw[begin:finish]
        if content.strip():
            lines.append(
                Line(
                    number,
                    offset + begin,
                    offset + finish,
                    content,
                    heading,
                    bullet,
                    is_furniture(content) or is_furniture(raw),
                    "\t" in raw,
                )
            )
        offset += len(raw_with_end)
    return lines


def is_furniture(content: str) -> bool:
    """True for page numbers, running headers and similar non-text on a line of its own."""
    stripped = content.strip()
    return any(pattern.match(stripped) for pattern in _FURNITURE)


def wrap_width(lines: list[Line]) -> int:
    """Length below which an unpunctuated line is taken as complete rather than hard-wrapped."""
    lengths = sorted(len(line.content) for line in lines if not line.furniture)
    if not lengths:
        return 40
    p75 = lengths[int(0.75 * (len(lengths) - 1))]
    return int(min(40, max(15, 0.8 * p75)))


_TRAILING_NOTE = re.compile(r"[。；！？][（(][^（()）]*[）)]$")


def ends_sentence(text: str) -> bool:
    """True when `text` ends a sentence: final punctuation, closing quotes allowed, or a
    parenthetical note after one, as in `……建设。(责任单位:市经信局)`."""
    stripped = text.rstrip()
    if _TRAILING_NOTE.search(stripped):
        return True
    stripped = stripped.rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in TERMINAL


def unbalanced(text: str) -> bool:
    """True when a quote or bracket opened in `text` is not closed."""
    depth = 0
    for opener, closer in _OPENERS.items():
        depth += max(0, text.count(opener) - text.count(closer))
    return depth > 0


def continues(previous: str, width: int) -> bool:
    """Whether a line is hard-wrapped so that the next line continues its sentence."""
    if ends_sentence(previous):
        return False
    return len(previous.strip()) >= width or unbalanced(previous)


def join_text(pieces: list[tuple[str, bool]]) -> str:
    """Join line contents; a piece flagged True is glued to the previous one (hard wrap)."""
    parts: list[str] = []
    for content, glued in pieces:
        if parts and not glued:
            parts.append("\n")
        parts.append(content.strip() if glued else content)
    return "".join(parts)


def median(values: list[int]) -> float:
    return statistics.median(values) if values else 0.0


@lru_cache(maxsize=8)
def line_starts(text: str) -> tuple[int, ...]:
    """Offsets at which the lines of `text` start (cached: a document asks for many lines)."""
    return (0,) + tuple(match.end() for match in re.finditer("\n", text))


def line_of(text: str, offset: int) -> int:
    """1-based line number of `offset` in `text`."""
    return bisect_right(line_starts(text), offset)
