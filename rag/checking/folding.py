"""The comparison form of text shared by the checks: folded characters that remember
where they came from.

Folding removes whitespace, folds full-width/half-width punctuation, digits and letters
(NFKC), makes curly and straight quotes one mark and dash variants one mark; `、` stays
distinct from `,`. Every folded character keeps the offset of the original character it
came from, so a span of folded text maps back to `source[start:end]`, the exact original.

A document is folded as its clause spans (furniture lines skipped) and the text between
them (headings, titles), each stretch attributed to a clause: the wording check
(rag.checking.wording) and the consistency check (rag.checking.consistency) search
these folded documents and compare their character bigrams.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from rag.text.lines import Line, line_starts, split_lines
from rag.types import Clause, Document

_QUOTES = {"“": '"', "”": '"', "„": '"', "‟": '"', "〝": '"', "〞": '"', "＂": '"'}
_QUOTES.update({"‘": "'", "’": "'", "‚": "'", "‛": "'", "＇": "'"})
_DASHES = frozenset("—–－‐‑‒―−")


@lru_cache(maxsize=8192)
def fold_char(char: str) -> str:
    """The comparison form of one character: '' for whitespace, else exactly one character."""
    if char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp"):
        return ""
    if char in _QUOTES:
        return _QUOTES[char]
    if char in _DASHES:
        return "-"
    folded = unicodedata.normalize("NFKC", char)
    if len(folded) != 1 or folded.isspace():
        return char  # keep … or Ⅱ whole, so every folded character has one origin
    return _QUOTES.get(folded, "-" if folded in _DASHES else folded)


@dataclass(frozen=True)
class Folded:
    """Folded text plus, for each of its characters, the offset of the original character."""

    text: str
    offsets: tuple[int, ...]


def fold(text: str, spans: Iterable[tuple[int, int]] | None = None) -> Folded:
    """Fold `text` (or only the given spans of it), remembering original offsets."""
    chars: list[str] = []
    offsets: list[int] = []
    for begin, finish in spans if spans is not None else [(0, len(text))]:
        for offset in range(begin, finish):
            folded = fold_char(text[offset])
            if folded:
                chars.append(folded)
                offsets.append(offset)
    return Folded("".join(chars), tuple(offsets))


def fold_text(text: str) -> str:
    """Just the folded string."""
    return "".join(fold_char(char) for char in text)


@dataclass(frozen=True)
class Region:
    """A stretch of a document's folded text that belongs to one clause.

    Either the clause's own span or the gap before it (headings, titles), which is
    attributed to the clause that follows.
    """

    clause: Clause
    begin: int  # positions in the document's folded text
    end: int


@dataclass(frozen=True)
class FoldedDocument:
    """A document's visible text folded in document order, cut into clause regions."""

    source: str
    line_starts: tuple[int, ...]
    folded: Folded
    regions: tuple[Region, ...]

    def clause_for(self, start: int, end: int) -> Clause:
        """The clause of the region holding most of the folded span [start, end)."""
        best = max(self.regions, key=lambda region: min(end, region.end) - max(start, region.begin))
        return best.clause

    def line_of(self, offset: int) -> int:
        return bisect_right(self.line_starts, offset)


def _visible_spans(lines: list[Line], line_ends: list[int], start: int, end: int) -> list[tuple[int, int]]:
    """Content spans of non-furniture lines, clipped to [start, end); `line_ends` are the lines' ends, in order."""
    spans = []
    for line in lines[bisect_right(line_ends, start) :]:
        if line.start >= end:
            break
        if not line.furniture:
            spans.append((max(line.start, start), min(line.end, end)))
    return spans


def _region_spans(document: Document) -> list[tuple[Clause, int, int]]:
    """(clause, start, end) source spans in order: each gap before a clause, then the clause."""
    clauses = sorted(document.clauses, key=lambda clause: clause.start)
    spans: list[tuple[Clause, int, int]] = []
    previous_end = 0
    for clause in clauses:
        spans.append((clause, previous_end, max(previous_end, clause.start)))
        spans.append((clause, max(previous_end, clause.start), max(previous_end, clause.end)))
        previous_end = max(previous_end, clause.end)
    if clauses:
        spans.append((clauses[-1], previous_end, len(document.source.text)))
    return [(clause, start, end) for clause, start, end in spans if end > start]


def fold_document(document: Document) -> FoldedDocument:
    """Fold a document's clauses and the headings between them, furniture lines skipped."""
    text = document.source.text
    lines = split_lines(text)
    line_ends = [line.end for line in lines]
    chars: list[str] = []
    offsets: list[int] = []
    regions: list[Region] = []
    for clause, start, end in _region_spans(document):
        part = fold(text, _visible_spans(lines, line_ends, start, end))
        if part.text:
            regions.append(Region(clause, len(chars), len(chars) + len(part.text)))
            chars.extend(part.text)
            offsets.extend(part.offsets)
    folded = Folded("".join(chars), tuple(offsets))
    return FoldedDocument(text, line_starts(text), folded, tuple(regions))


def bigrams(text: str) -> set[str]:
    """The two-character substrings of `text`."""
    return {text[index : index + 2] for index in range(len(text) - 1)}
