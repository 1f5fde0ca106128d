"""Comparison questions split into one query per side, so each side finds its own clause.

`银川海洋经济产业规模目标，2025年和2028年分别是多少？` becomes the question itself plus
`…2025年…` and `…2028年…`. Pure string work; retrieval fuses the rankings.
"""

from __future__ import annotations

import re

from rag.text.chars import HAN_BASIC
from rag.text.dates import YEAR, YEAR_WITH_UNIT

_COMPARISON = re.compile(r"分别|各是|各自|各为|对比|比较|变化|一致|区别|不同|哪个|哪份|还是|相比|新旧|更新")
_PAIR = re.compile(
    rf"(?P<a>[{HAN_BASIC}A-Za-z0-9“”\"+]{{1,14}}?)(?P<sep>和|与|及|跟|、|还是|vs|VS)(?P<b>[{HAN_BASIC}A-Za-z0-9“”\"+]{{1,14}}?)"
    r"(?=的|对|在|里|中|分别|各|对比|比较|有|一致|哪|相比|，|,|？|\?|$)"
)


def _year_pair(question: str) -> list[str]:
    """One query per target year: the question with the other years taken out."""
    years = list(dict.fromkeys(YEAR.findall(question)))
    if len(years) != 2:
        return []
    return [YEAR_WITH_UNIT.sub(lambda match: match.group(0) if match.group(1) == keep else "", question) for keep in years]


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
