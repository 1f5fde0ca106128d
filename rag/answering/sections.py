"""A list question that names a section of a document, and asks for nothing else: its parts.

优化政务服务包括哪几个方面 names the heading 二、优化政务服务 and asks for its parts; the answer
cites the most probable clause of each part of that section (a subsection, or a clause right
under it) in that one document, shown in document order. A question that asks about
something inside the section (优化政务服务的人才措施有哪些) is answered as any list question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answering.asking import QUESTION_PHRASING
from rag.answering.references import document_refs
from rag.text.chars import CJK_CHAR
from rag.text.sentences import normalize, strip_label
from rag.types import Clause

MIN_HEADING_CHARS = 4  # a heading shorter than this (一、总则) is too common to be what a question names
# Chinese characters a question may hold besides the heading, its document's name and list
# phrasing. No dev question names a section this way, so the dev figures do not depend on it.
MAX_REST_CHARS = 2
_LIST_PHRASING = re.compile(
    QUESTION_PHRASING + r"包括|包含|涵盖|哪几个|几个|方面|部分|内容|主要|具体|分别|里|中|的|有|是|呢|吗|都"
)


def named_section(text: str, clauses: Sequence[Clause]) -> tuple[Clause, int] | None:
    """The first of `clauses` (most probable first) under a section whose heading is all `text`
    asks about, and the heading's depth in its section path; None when `text` names none."""
    asked = normalize(text)
    refs = [normalize(ref) for ref in document_refs(text)]
    for clause in clauses:
        for depth, heading in enumerate(clause.section):
            core = normalize(strip_label(heading))
            if len(core) >= MIN_HEADING_CHARS and core in asked and _asks_nothing_else(asked.replace(core, " "), refs):
                return clause, depth
    return None


def _asks_nothing_else(rest: str, refs: Sequence[str]) -> bool:
    """Whether `rest` holds little more than document names and list phrasing."""
    for ref in refs:
        rest = rest.replace(ref, " ")
    return len(CJK_CHAR.findall(_LIST_PHRASING.sub("", rest))) <= MAX_REST_CHARS


def section_parts(text: str, clauses: Sequence[Clause], limit: int) -> list[int]:
    """Positions in `clauses` (most probable first) of the first clause of each part of the section
    `text` names, at most `limit` (the most probable parts kept), in document order; [] when it
    names none or the clauses show only one of its parts."""
    found = named_section(text, clauses)
    if found is None:
        return []
    anchor, depth = found
    path = anchor.section[: depth + 1]
    first: dict[str, int] = {}
    for index, clause in enumerate(clauses):  # a clause right under the section is a part of its own
        if clause.file == anchor.file and clause.section[: depth + 1] == path:
            first.setdefault(clause.section[depth + 1] if len(clause.section) > depth + 1 else clause.clause_id, index)
    if len(first) < 2:
        return []
    return sorted(list(first.values())[:limit], key=lambda index: clauses[index].start)
