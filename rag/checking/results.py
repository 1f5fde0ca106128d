"""What a wording check returns: the verdict on each sentence, its matches and their diffs.

Frozen dataclasses whose `to_dict()` gives the SPEC wording-check objects; produced by
rag.checking.wording, shown by rag.app.check_report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

VERDICT_LABELS = {"exact": "完全一致", "near": "基本一致（有差异）", "not_found": "未找到"}


@dataclass(frozen=True)
class DiffOp:
    """One step turning the query into the original: equal, replace, insert or delete."""

    op: str
    query: str
    original: str

    def to_dict(self) -> dict[str, str]:
        return {"op": self.op, "query": self.query, "original": self.original}


@dataclass(frozen=True)
class CheckMatch:
    """A passage of the corpus that says the query, verbatim or nearly."""

    clause_id: str
    file: str
    start: int  # offsets of `matched` in the source text
    end: int
    line_start: int
    line_end: int
    section: tuple[str, ...]
    doc_title: str | None
    doc_number: str | None
    matched: str  # source[start:end], exactly
    similarity: float
    diff: tuple[DiffOp, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "clause_id": self.clause_id,
            "file": self.file,
            "start": self.start,
            "end": self.end,
            "line_start": self.line_start,
            "line_end": self.line_end,
            "section": list(self.section),
            "doc_title": self.doc_title,
            "doc_number": self.doc_number,
            "matched": self.matched,
            "similarity": self.similarity,
            "diff": [op.to_dict() for op in self.diff],
        }

    @property
    def original_text(self) -> str:
        """`matched` as compared: whitespace and page furniture left out."""
        return "".join(op.original for op in self.diff)


@dataclass(frozen=True)
class CheckResult:
    """The verdict on one query (or one sentence of a passage) with its matches, best first."""

    query: str
    verdict: str  # "exact" | "near" | "not_found"
    matches: tuple[CheckMatch, ...] = ()
    note: str | None = None  # why a sentence was not checked

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "query": self.query,
            "verdict": self.verdict,
            "matches": [match.to_dict() for match in self.matches],
        }
        if self.note:
            data["note"] = self.note
        return data


@dataclass(frozen=True)
class CheckReport:
    """A passage checked sentence by sentence.

    The overall verdict is `exact` when every checked sentence is exact, `not_found` when
    none was found, otherwise `near`. Top-level `matches` are the sentence's own matches
    for a one-sentence passage, else the best match of each sentence that has one.
    """

    query: str
    sentences: tuple[CheckResult, ...]

    @property
    def verdict(self) -> str:
        checked = [item for item in self.sentences if item.note is None] or list(self.sentences)
        verdicts = {item.verdict for item in checked}
        if verdicts <= {"exact"}:
            return "exact"
        return "not_found" if verdicts == {"not_found"} else "near"

    @property
    def matches(self) -> tuple[CheckMatch, ...]:
        if len(self.sentences) == 1:
            return self.sentences[0].matches
        return tuple(item.matches[0] for item in self.sentences if item.matches)

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "verdict": self.verdict,
            "matches": [match.to_dict() for match in self.matches],
            "sentences": [item.to_dict() for item in self.sentences],
        }
