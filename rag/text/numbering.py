"""Numbering families of Chinese government documents, recognised at the start of a line.

Pure functions: a line's leading marker, its family, its rank in the hierarchy and its
number as an ASCII path component for clause ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rag.text.numbers import CN_DIGITS, chinese_number

_CN = f"[{CN_DIGITS}]+"

# Rank: smaller is outer. A marker pops every open heading of equal or deeper rank.
FAMILY_RANKS: dict[str, float] = {
    "annex": -1,  # 附件
    "part": 0,  # 第X编
    "chapter": 1,  # 第X章
    "subchapter": 2,  # 第X节
    "article": 3,  # 第X条
    "cn": 4,  # 一、
    "paren_cn": 5,  # （一）
    "arabic": 6,  # 1． 1. 1、
    "paren_arabic": 7,  # （1）
    "circled": 8,  # ①
    "box": 5.5,  # 专栏 N: inside a （一） section, outside its numbered items
}

ARTICLE = rf"第({_CN}|\d+)条"  # 第十九条, 第19条: an article of a law, its number in group 1

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("annex", re.compile(r"^附件\s*(\d*)\s*[：:]?\s*$")),
    ("part", re.compile(rf"^第({_CN}|\d+)编(?=\s|$)")),
    ("chapter", re.compile(rf"^第({_CN}|\d+)章(?=\s|$)")),
    ("subchapter", re.compile(rf"^第({_CN}|\d+)节(?=\s|$)")),
    ("article", re.compile(rf"^{ARTICLE}(?:之{_CN})?(?=\s|$)")),
    ("cn", re.compile(rf"^({_CN})、")),
    ("paren_cn", re.compile(rf"^[（(]\s*({_CN})\s*[）)]")),
    ("arabic", re.compile(r"^(\d{1,2})\s?[．.、](?!\d)")),
    ("paren_arabic", re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]")),
    ("circled", re.compile(r"^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])")),
    ("box", re.compile(r"^专栏\s*(\d+)")),
)


@dataclass(frozen=True)
class Marker:
    """A numbering marker found at the start of a line."""

    family: str
    label: str  # as written, e.g. "（二）" or "第五条"
    number: int
    length: int  # characters the marker occupies in the line

    @property
    def rank(self) -> float:
        return FAMILY_RANKS[self.family]

    @property
    def path_part(self) -> str:
        prefix = {"part": "b", "chapter": "c", "subchapter": "s", "article": "a", "box": "box", "annex": "annex"}
        return f"{prefix.get(self.family, '')}{self.number}" if self.number or self.family != "annex" else "annex"


def _circled_value(char: str) -> int:
    return ord(char) - ord("①") + 1


@lru_cache(maxsize=4096)  # the splitter asks about the same line several times
def find_marker(line: str) -> Marker | None:
    """The numbering marker that opens `line` (already stripped of markdown marks), if any."""
    for family, pattern in _PATTERNS:
        match = pattern.match(line)
        if not match:
            continue
        raw = match.group(1)
        if family == "circled":
            number = _circled_value(raw)
        elif family == "annex":
            number = int(raw) if raw else 0
        else:
            number = chinese_number(raw)
        return Marker(family=family, label=match.group(0).strip(), number=number, length=match.end())
    return None
