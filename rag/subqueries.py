"""Comparison questions split into one query per side, so each side finds its own clause.

`武汉人工智能产业规模目标，2025年和2028年分别是多少？` becomes the question itself plus
`…2025年…` and `…2028年…`. Pure string work; retrieval fuses the rankings.
"""

from __future__ import annotations

import re

_COMPARISON = re.compile(r"分别|各是|各自|各为|对比|比较|变化|一致|区别|不同|哪个|哪份|还是|相比|新旧|更新")
_PAIR = re.compile(
    r"(?P<a>[\u4e00-\u9fa5A-Za-z0-9“”\"+]{1,14}?)(?P<sep>和|与|及|跟|、|还是|vs|VS)(?P<b>[\u4e00-\u9fa5A-Za-z0-9“”\"+]{1,14}?)"
    r"(?=的|分别|各|对比|比较|有|一致|哪|相比|，|,|？|\?|$)"
)
_YEARS = re.compile(r"(\d{4})\s*年?\s*(?:和|与|、|及|到|至|—|-|～)\s*(\d{4})\s*年")


def _year_pair(question: str) -> list[str]:
    match = _YEARS.search(question)
    if not match:
        return []
    first, second = match.group(1), match.group(2)
    return [question.replace(match.group(0), f"{year}年") for year in (first, second)]


def _entity_pair(question: str) -> list[str]:
    match = _PAIR.search(question)
    if not match:
        return []
    a, b = match.group("a"), match.group("b")
    if len(a) < 2 or len(b) < 2:
        return []
    return [question.replace(match.group(0), side) for side in (a, b)]


def sub_queries(question: str) -> list[str]:
    """Queries to search besides the question: one per side of a comparison, else none."""
    if not _COMPARISON.search(question):
        return []
    sides = _year_pair(question) or _entity_pair(question)
    return [side for side in sides if side != question]
