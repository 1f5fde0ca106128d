"""Sentences of clause texts and answers, and the normal form used to compare them.

Clause sentences end at 。；！？ (a table row stays whole); answer sentences end at
。！？ or a line break, never inside quotation marks or 《》, and keep the citation
markers written right after them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import re

from rag.text.chars import CJK, fold
from rag.types import Clause

_CLAUSE_END = "。；;！!？?"
_ANSWER_END = "。！!？?"
_OPENERS = {"“": "”", "《": "》", "「": "」"}
_CLOSERS = set(_OPENERS.values())
_TRAILING = re.compile(r"(?:\s*\[\s*\d+(?:\s*[,，、]\s*\d+)*\s*\])+|[”》」）)]+")
_SPACE = re.compile(r"\s+")
_HARD_BREAK = re.compile(rf"(?<=[{CJK}，,、“”（）()《》：:])\n(?=[{CJK}，,、“”（）()《》0-9])")


def normalize(text: str) -> str:
    """Width-folded, lowercase, without whitespace: the form in which texts are compared."""
    return _SPACE.sub("", fold(text))


def longest_shared(part: str, whole: str) -> int:
    """Length of the longest stretch of `part` that `whole` also holds (0 when none)."""
    best = 0
    for first in range(len(part)):
        last = first + best + 1
        while last <= len(part) and part[first:last] in whole:
            best = last - first
            last += 1
    return best


def join_lines(text: str) -> str:
    """`text` with line breaks inside a Chinese sentence removed and other breaks as spaces."""
    return _SPACE.sub(" ", _HARD_BREAK.sub("", text)).strip()


def clause_sentences(clause: Clause) -> list[str]:
    """The sentences of a clause's text (see `_clause_sentences`), as a fresh list."""
    return list(_clause_sentences(clause))


@lru_cache(maxsize=16384)
def _clause_sentences(clause: Clause) -> tuple[str, ...]:
    """The sentences of a clause's text; a table row is one sentence.

    A line break left in a clause text is a real break (SPEC: hard breaks inside
    sentences are already joined), so it ends a sentence too.
    """
    if clause.kind == "row":
        return (join_lines(clause.text),)
    sentences: list[str] = []
    for line in clause_lines(clause):
        sentences += split_sentences(line, _CLAUSE_END)
    return tuple(sentences)


# A note in brackets under a label, closing what it annotates: （责任单位：省财政厅、省税务局）; one
# level of brackets may nest inside it (省发展改革委（省能源局）). Group 1: the label.
NOTE = re.compile(r"[（(]([^（）():：；;\d]{1,8})[:：](?:[^（）()]|[（(][^（）()]*[）)])+[）)]")
_LEAD_IN = re.compile(r"：|(?<!\d):(?!\d)")  # a colon opening a list, not the one of 17:30
_LIST_GOES_ON = ("：", ":", "；", ";")


def read_in_context(clause: Clause, asked_label: Callable[[str], bool] = lambda label: False) -> dict[str, str]:
    """Each sentence of `clause` (as `clause_sentences` reads it) with the words it is read with.

    A sentence of a list is read with the lead-in that opened it (小学课后服务分为两个时段：第一时段
    ……；第二时段……), up to the sentence that ends the list (。！？) or a line that does not go on
    (ending neither in ： nor ；). A sentence inside a bracketed note whose label is asked about
    (`asked_label`: 责任单位 for 由哪些单位负责) is read with the whole clause. Any other
    sentence is read alone."""
    contexts: dict[str, str] = {}
    for sentence, led, label in _readings(clause):
        contexts.setdefault(sentence, clause.text if label is not None and asked_label(label) else led)
    return contexts


@lru_cache(maxsize=16384)
def _readings(clause: Clause) -> tuple[tuple[str, str, str | None], ...]:
    """(sentence, the sentence with its list's lead-in, the label of the note it lies in or None)
    for each sentence of `clause`: what does not depend on the question, read once per clause."""
    if clause.kind == "row":
        return tuple((sentence, sentence, None) for sentence in clause_sentences(clause))
    notes = [(match.start(), match.end(), match.group(1)) for match in NOTE.finditer(clause.text)]
    readings: list[tuple[str, str, str | None]] = []
    lead = ""
    for line in clause_lines(clause):
        for sentence in split_sentences(line, _CLAUSE_END):
            at = clause.text.find(sentence)
            label = next((name for start, end, name in notes if at >= 0 and start <= at < end), None)
            readings.append((sentence, lead + sentence, label))
            if not lead and sentence.endswith(_LIST_GOES_ON):
                colon = _LEAD_IN.search(sentence)
                lead = sentence[: colon.end()] if colon else ""
            elif not sentence.endswith(_LIST_GOES_ON):
                lead = ""
        if not line.endswith(_LIST_GOES_ON):
            lead = ""
    return tuple(readings)


def clause_lines(clause: Clause) -> list[str]:
    """The lines of a clause's text with their spacing collapsed, as its sentences are read from them."""
    return [_SPACE.sub(" ", line).strip() for line in clause.text.splitlines()]


def split_sentences(text: str, ends: str = _ANSWER_END) -> list[str]:
    """Split at `ends` outside quotation marks and brackets; trailing markers stay attached."""
    pieces: list[str] = []
    start, depth, index = 0, 0, 0
    while index < len(text):
        char = text[index]
        if char in _OPENERS:
            depth += 1
        elif char in _CLOSERS and depth:
            depth -= 1
        elif char == "\n" or (char in ends and depth == 0):
            index = _after_trailing(text, index + 1) if char != "\n" else index + 1
            pieces.append(text[start:index])
            start, depth = index, 0
            continue
        index += 1
    pieces.append(text[start:])
    return [piece.strip() for piece in pieces if piece.strip()]


def _after_trailing(text: str, index: int) -> int:
    """Index after closing quotes and citation markers that follow a sentence end."""
    while True:
        match = _TRAILING.match(text, index)
        if not match or match.end() == index:
            return index
        index = match.end()


@lru_cache(maxsize=16384)
def clause_heading(clause: Clause) -> str:
    """The clause's own title: a table row's task, or a short first sentence such as
    `(四)强化企业梯队培育` or `4.“人工智能+”农业`; empty when there is none."""
    if clause.kind == "row":
        match = re.search(r"重点任务[:：]([^；;]+)", clause.text)
        return match.group(1).strip() if match else ""
    lines = clause.text.splitlines()
    first = split_sentences(_SPACE.sub(" ", lines[0]).strip(), "。") if lines else []
    if first and len(first[0]) <= 30 and len(first) > 1:
        return first[0].rstrip("。").strip()
    return ""


def strip_label(heading: str) -> str:
    """A heading without its leading number: `4.“人工智能+”农业` → `“人工智能+”农业`."""
    return re.sub(r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+\s*[.．、])\s*", "", heading)
