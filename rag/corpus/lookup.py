"""Clause lookup by number: `000 三、（二）3`, `武政办〔2023〕85号 二、（四）3.`, `003 专栏 1`.

A reference is a document designator (a file-name prefix such as `000`, a 文号, or words
of the title) followed by a numbering path. The path may skip levels (`三、3`); every
clause it fits is returned, in document order. Pure: works on loaded documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from rag.errors import UsageError
from rag.text.doc_numbers import doc_number_key, official_spelling
from rag.text.numbering import find_marker
from rag.text.numbers import CN_DIGITS, chinese_number
from rag.types import Clause, Document

Step = tuple[str, int]  # (numbering family, number), e.g. ("paren_cn", 2) for （二）

_SEPARATORS = re.compile(r"^[\s›>/／，,：:·]+")
_ANNEX = re.compile(r"^附件\s*(\d*)")
_BARE_ARABIC = re.compile(r"^(\d{1,2})(?!\d)")
_BARE_CN = re.compile(rf"^([{CN_DIGITS}]+)")


@dataclass(frozen=True)
class Reference:
    """A parsed reference: who (designator, may be empty) and where (the numbering path)."""

    designator: str
    path: tuple[Step, ...]


def _step(text: str) -> tuple[Step, int] | None:
    """The numbering step at the start of `text` and the characters it takes."""
    annex = _ANNEX.match(text)
    if annex:
        return ("annex", int(annex.group(1) or 0)), annex.end()
    marker = find_marker(text)
    if marker:
        return (marker.family, marker.number), marker.length
    bare = _BARE_ARABIC.match(text)
    if bare:
        return ("arabic", int(bare.group(1))), bare.end()
    bare = _BARE_CN.match(text)
    if bare and chinese_number(bare.group(1)):
        return ("cn", chinese_number(bare.group(1))), bare.end()
    return None


def parse_path(text: str) -> tuple[Step, ...] | None:
    """The numbering steps of `text` if it is nothing but a numbering path, else None."""
    steps: list[Step] = []
    rest = _SEPARATORS.sub("", text)
    while rest:
        found = _step(rest)
        if found is None:
            return None
        steps.append(found[0])
        rest = _SEPARATORS.sub("", rest[found[1] :])
    return tuple(steps) or None


def parse_reference(reference: str) -> Reference:
    """Split a reference into designator and path at the earliest point where a path follows."""
    text = reference.strip()
    if not text:
        raise UsageError("请输入要查找的条款编号，例如：000 三、（二）3")
    for cut in range(len(text)):
        if cut and not _may_split(text, cut):
            continue
        path = parse_path(text[cut:])
        if path:
            return Reference(text[:cut].strip(), path)
    raise UsageError(f"无法识别条款编号：{text}（示例：000 三、（二）3、武政办〔2023〕85号 二、（四）3.、003 专栏 1）")


def _may_split(text: str, cut: int) -> bool:
    """A path never starts inside a run of ASCII letters and digits (`000`, `003_1cb1`)."""
    before, after = text[cut - 1], text[cut]
    return not (before.isascii() and before.isalnum() and after.isascii() and after.isalnum())


def _matches_designator(document: Document, designator: str) -> bool:
    file = document.source.file
    stem = file.rsplit("/", 1)[-1]
    if designator.isascii() and (stem.startswith(designator) or file.startswith(designator)):
        return True
    number = document.meta.doc_number
    if number and doc_number_key(number) == doc_number_key(designator):
        return True
    wanted = official_spelling(designator)
    title = re.sub(r"\s+", "", document.meta.title or "")
    return len(wanted) >= 2 and wanted in title


def select_documents(designator: str, documents: Sequence[Document]) -> list[Document]:
    """Documents named by the designator (all when it is empty); UsageError when none is."""
    if not designator:
        return list(documents)
    chosen = [document for document in documents if _matches_designator(document, designator)]
    if not chosen:
        raise UsageError(f"没有找到文件：{designator}（可用文件名开头如 000、文号或标题中的文字）")
    return chosen


def clause_path(clause: Clause) -> tuple[Step, ...]:
    """The numbering steps of a clause: its numbered headings, then its own label."""
    steps: list[Step] = []
    for heading in clause.section:
        marker = find_marker(heading)
        if marker:
            steps.append((marker.family, marker.number))
    label = clause.label.strip()
    if label.isdigit():  # a table row's 序号
        steps.append(("arabic", int(label)))
    elif label:
        marker = find_marker(label)
        if marker:
            steps.append((marker.family, marker.number))
    return tuple(steps)


def _same(wanted: Step, step: Step) -> bool:
    """Steps agree; a bare 附件 (number 0) stands for any annex."""
    return wanted == step or (wanted == ("annex", 0) and step[0] == "annex")


def _is_subsequence(wanted: tuple[Step, ...], steps: tuple[Step, ...]) -> bool:
    """Every wanted step appears in `steps`, in order (levels may be left out)."""
    position = 0
    for step in wanted:
        while position < len(steps) and not _same(step, steps[position]):
            position += 1
        if position == len(steps):
            return False
        position += 1
    return True


def _in_annex(clause: Clause) -> bool:
    return any(step[0] == "annex" for step in clause_path(clause))


def _fitting(path: tuple[Step, ...], clauses: list[Clause]) -> list[Clause]:
    """Clauses named by the path: ending with its last step, else lying under it."""
    numbered = [(clause, clause_path(clause)) for clause in clauses if clause.kind != "meta"]
    exact = [clause for clause, steps in numbered if steps and _same(path[-1], steps[-1]) and _is_subsequence(path, steps)]
    if exact:
        return exact
    return [clause for clause, steps in numbered if _is_subsequence(path, steps)]


def lookup_clause(reference: str, documents: Sequence[Document]) -> list[Clause]:
    """Clauses a reference such as `000 三、（二）3` points to, in document order.

    An ambiguous path (levels left out) returns every candidate. Annex clauses are
    returned only when the reference names the annex or nothing else fits.
    """
    parsed = parse_reference(reference)
    found: list[Clause] = []
    for document in select_documents(parsed.designator, documents):
        found.extend(_fitting(parsed.path, list(document.clauses)))
    if not any(step[0] == "annex" for step in parsed.path):
        body = [clause for clause in found if not _in_annex(clause)]
        found = body or found
    return found
