"""The title line of a document, and the documents a notice issues.

A notice 关于印发《A规定》和《B办法》的通知 issues A规定 and B办法; 关于印发X的通知 issues X.
Pure functions over the lines of the document head.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HEAD_LINES = 30
MAX_WRAPS = 2  # a title line wrapped over at most three lines
MAX_ISSUED_CHARS = 200
_SPACES = re.compile(r"[ \t\u3000]+")
# 关于印发/转发/发布 … 的通知: what is issued may be wrapped over lines of the head.
_ISSUING = re.compile(r"关于(?:印发|转发|发布|公布|颁布)([\s\S]+?)的(?:通知|决定|通告|公告)")
_QUOTED = re.compile(r"《([^《》]+)》")


@dataclass(frozen=True)
class IssuingTitle:
    """The title line of a notice that issues documents, and the documents it names."""

    line: str  # the whole title line, spaces and line breaks removed
    issued: tuple[str, ...]  # the issued documents' titles, without 《》


def compact(text: str) -> str:
    """`text` without spaces, tabs, ideographic spaces or line breaks."""
    return re.sub(r"\s+", "", text)


def _inside_quotes(text: str, position: int) -> bool:
    before = text[:position]
    return before.count("《") > before.count("》")


def issued_titles(notice: str) -> tuple[str, ...]:
    """Titles of the documents a notice title issues (《》 removed); empty when it issues none."""
    found = issuing_title([notice])
    return found.issued if found else ()


def issuing_title(head_lines: list[str]) -> IssuingTitle | None:
    """The 关于印发……的通知 title among the first lines of a document, if it has one.

    A 关于印发 inside 《》 is a document the text refers to, not this one's title.
    """
    joined = _SPACES.sub("", "\n".join(head_lines[:HEAD_LINES]))
    for match in _ISSUING.finditer(joined):
        if _inside_quotes(joined, match.start()):
            continue
        if match.group(1).count("\n") > MAX_WRAPS or len(match.group(1)) > MAX_ISSUED_CHARS:
            continue  # a sentence of the body running on to some later 的通知
        inner = match.group(1).replace("\n", "")
        quoted = _QUOTED.findall(inner)
        line_start = joined.rfind("\n", 0, match.start()) + 1
        line = joined[line_start : match.end()].replace("\n", "")
        return IssuingTitle(line, tuple(quoted) if quoted else (inner,))
    return None
