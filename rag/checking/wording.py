"""Wording check: where the corpus says this, verbatim or nearly, and how it differs.

Pure logic over loaded documents (no file access). Query and corpus are compared in the
folded form of rag.checking.folding (whitespace dropped, widths, quotes and dashes made
one), whose characters keep their original offsets, so a match maps back to
`source[start:end]`, the exact original (line breaks, and for converted PDFs any page
furniture lines in between, included).

Each document is searched as one folded text made of its clause spans and the text
between them (headings, titles, attributed to the clause that follows), so a match may
run from a heading into the item below it; a match belongs to the clause holding most
of it. Clauses are ranked cheaply by shared rare character bigrams, then the best few
are aligned with rapidfuzz. The results are the types of rag.checking.results.

Diff semantics: the ops turn the query into the original. `equal` means equal once
folded (so `,` and `，` may sit in one `equal` op); `replace`, `delete` (in the query
only) and `insert` (in the original only) carry the characters as written. Both sides
are shown with whitespace and furniture dropped: joining the `query` parts gives the
compared query (whitespace and sentence-final punctuation removed), joining the
`original` parts gives `matched` with whitespace and furniture lines removed.

Input rules: empty input and input over `MAX_CHECK_CHARS` characters are usage errors;
input with no Chinese character at all is a usage error; inside a longer passage a
sentence with no Chinese character is reported `not_found` with a note.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from typing import Any, NamedTuple, Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from rag.checking.folding import Folded, FoldedDocument, bigrams, fold, fold_document, fold_text
from rag.checking.results import CheckMatch, CheckReport, CheckResult, DiffOp
from rag.errors import UsageError
from rag.text.chars import CJK_CHAR
from rag.types import Document

MAX_CHECK_CHARS = 20_000
NEAR_THRESHOLD = 0.78  # Levenshtein similarity of the query and the aligned window
PREFILTER_SCORE = 60.0  # rapidfuzz partial_ratio (0-100) below which a clause is not aligned
CANDIDATES = 30  # clauses aligned per query after the bigram ranking
MAX_MATCHES = 5
MAX_SENTENCE_CHARS = 300  # a longer "sentence" (no 。！？；) is cut at a comma

_FINAL_MARKS = "。!?;"  # folded sentence ends, not compared (the corpus may go on with ，)
_SENTENCE_END = re.compile(r"[。！？；!?;]+[”’」』）)\"']*")


def validate_input(text: str) -> str:
    """The stripped input, or a UsageError with a Chinese message saying what is wrong."""
    stripped = text.strip() if text else ""
    if not stripped:
        raise UsageError("请输入要核对的文字")
    if len(stripped) > MAX_CHECK_CHARS:
        raise UsageError(
            f"核对内容过长：共 {len(stripped)} 字，上限为 {MAX_CHECK_CHARS} 字，请分段核对"
        )
    if not CJK_CHAR.search(stripped):
        raise UsageError("核对内容中没有中文：本功能核对中文政策文件的原文表述，请输入中文文字")
    return stripped


def _cut_long(text: str, begin: int, end: int) -> list[tuple[int, int]]:
    """Cut a span longer than MAX_SENTENCE_CHARS at its last comma before the limit."""
    pieces = []
    while end - begin > MAX_SENTENCE_CHARS:
        window = text[begin : begin + MAX_SENTENCE_CHARS]
        cut = max(window.rfind("，"), window.rfind(","), window.rfind("、"))
        cut = begin + cut + 1 if cut > MAX_SENTENCE_CHARS // 3 else begin + MAX_SENTENCE_CHARS
        pieces.append((begin, cut))
        begin = cut
    pieces.append((begin, end))
    return pieces


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of `text`, cut after 。！？； (closing quotes kept with them)."""
    spans: list[tuple[int, int]] = []
    begin = 0
    for match in _SENTENCE_END.finditer(text):
        spans.extend(_cut_long(text, begin, match.end()))
        begin = match.end()
    spans.extend(_cut_long(text, begin, len(text)))
    result = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if fold_text(text[start:end]).strip(_FINAL_MARKS + "\"'”’)"):
            result.append((start, end))
    return result


class _Window(NamedTuple):
    """A matched stretch of one document's folded text, with opcodes query -> original."""

    number: int  # index of the document
    start: int
    end: int
    similarity: float
    ops: list[tuple[str, int, int, int, int]]  # (tag, query from, query to, doc from, doc to)

    def overlaps(self, other: "_Window") -> bool:
        return self.number == other.number and self.start < other.end and other.start < self.end


class CheckIndex:
    """The folded corpus, ready for many checks: build once, check many queries."""

    def __init__(self, documents: list[FoldedDocument]) -> None:
        self.documents = documents
        self.rows = [(number, region) for number, document in enumerate(documents) for region in document.regions]
        self._joined = "\x00".join(document.folded.text for document in documents)
        self._starts = list(accumulate([0] + [len(document.folded.text) + 1 for document in documents[:-1]]))
        self._matrix, self._vocabulary = self._bigram_matrix()

    @classmethod
    def build(cls, documents: Sequence[Document]) -> "CheckIndex":
        """Fold every document of the corpus."""
        return cls([fold_document(document) for document in documents])

    def _row_text(self, row: int) -> str:
        number, region = self.rows[row]
        return self.documents[number].folded.text[region.begin : region.end]

    def _bigram_matrix(self) -> tuple[Any, dict[str, int]]:
        """Regions x bigrams, weighted by inverse document frequency (CSC for column slicing)."""
        import numpy as np
        from scipy.sparse import csr_matrix

        vocabulary: dict[str, int] = {}
        rows, cols = [], []
        for row in range(len(self.rows)):
            for gram in bigrams(self._row_text(row)):
                rows.append(row)
                cols.append(vocabulary.setdefault(gram, len(vocabulary)))
        shape = (max(1, len(self.rows)), max(1, len(vocabulary)))
        matrix = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
        frequency = np.asarray(matrix.sum(axis=0)).ravel()
        idf = np.log((1 + len(self.rows)) / (1 + frequency)) + 1.0
        return matrix.multiply(idf).tocsc(), vocabulary

    def candidates(self, folded_query: str, limit: int = CANDIDATES) -> list[int]:
        """Rows (regions) sharing the most rare bigrams with the query, best first."""
        import numpy as np

        columns = [self._vocabulary[gram] for gram in bigrams(folded_query) if gram in self._vocabulary]
        if not columns:
            return []
        scores = np.asarray(self._matrix[:, columns].sum(axis=1)).ravel()
        count = min(limit, int((scores > 0).sum()))
        if count == 0:
            return []
        top = np.argpartition(-scores, count - 1)[:count]
        return [int(row) for row in top[np.argsort(-scores[top], kind="stable")]]

    def exact_hits(self, folded_query: str) -> list[tuple[int, int]]:
        """(document number, folded start) of verbatim occurrences, in corpus order.

        A hit may run across clause boundaries (a heading and the item below it).
        """
        hits = []
        position = self._joined.find(folded_query)
        while position >= 0 and len(hits) < MAX_MATCHES:
            number = bisect_right(self._starts, position) - 1
            hits.append((number, position - self._starts[number]))
            position = self._joined.find(folded_query, position + 1)
        return hits

    def check_text(self, query: str) -> CheckResult:
        """Check one query as a whole (no sentence splitting)."""
        return self._check(validate_input(query))

    def check_passage(self, text: str) -> CheckReport:
        """Check a passage sentence by sentence (a one-sentence query gives one result)."""
        stripped = validate_input(text)
        cache: dict[str, CheckResult] = {}
        results = []
        for start, end in split_sentences(stripped):
            sentence = stripped[start:end]
            key = fold_text(sentence)
            if key not in cache:
                cache[key] = self._check(sentence)
            results.append(cache[key] if cache[key].query == sentence else _renamed(cache[key], sentence))
        return CheckReport(stripped, tuple(results))

    def _check(self, query: str) -> CheckResult:
        if not CJK_CHAR.search(query):
            return CheckResult(query, "not_found", (), "该句不含中文，未核对")
        folded = _query_form(query)
        if not folded.text:
            return CheckResult(query, "not_found", (), "该句只有标点，未核对")
        size = len(folded.text)
        exact = [
            _Window(number, at, at + size, 1.0, [("equal", 0, size, at, at + size)])
            for number, at in self.exact_hits(folded.text)
        ]
        near = self._near_windows(folded.text, exact)
        windows = (exact + near)[:MAX_MATCHES]
        matches = tuple(_make_match(self.documents[window.number], query, folded, window) for window in windows)
        verdict = "exact" if exact else ("near" if near else "not_found")
        return CheckResult(query, verdict, matches)

    def _near_windows(self, folded_query: str, taken: list[_Window]) -> list[_Window]:
        """Aligned windows at least NEAR_THRESHOLD similar, one per place, best first."""
        found: list[_Window] = []
        pad = len(folded_query)  # lets a window run into the neighbouring region
        for row in self.candidates(folded_query):
            number, region = self.rows[row]
            text = self.documents[number].folded.text
            low, high = max(0, region.begin - pad), min(len(text), region.end + pad)
            aligned = align(folded_query, text[low:high])
            if aligned is None or aligned[2] < NEAR_THRESHOLD:
                continue
            start, end = low + aligned[0], low + aligned[1]
            window = _Window(number, start, end, aligned[2], [])
            if any(window.overlaps(other) for other in taken + found):
                continue
            opcodes = Levenshtein.opcodes(folded_query, text[start:end])
            ops = [(op.tag, op.src_start, op.src_end, start + op.dest_start, start + op.dest_end) for op in opcodes]
            found.append(window._replace(ops=ops))
        return sorted(found, key=lambda window: -window.similarity)


def _renamed(result: CheckResult, sentence: str) -> CheckResult:
    """A cached result for a repeated sentence written slightly differently (spaces, widths)."""
    return CheckResult(sentence, result.verdict, result.matches, result.note)


def _query_form(query: str) -> Folded:
    """The folded query without sentence-final punctuation (a boundary, not wording)."""
    folded = fold(query)
    keep = len(folded.text.rstrip(_FINAL_MARKS))
    return Folded(folded.text[:keep], folded.offsets[:keep])


def align(query: str, target: str) -> tuple[int, int, float] | None:
    """The window of `target` closest to `query`: (start, end, similarity), or None.

    rapidfuzz finds the best window of the query's length; its edges are then moved a
    few characters either way, keeping the smallest edit distance and, on a tie, the
    length nearest the query's (so a changed first word is replaced, not cut off).
    Similarity is 1 - edit distance / length of the longer of query and window.
    """
    hit = fuzz.partial_ratio_alignment(query, target, score_cutoff=PREFILTER_SCORE)
    if hit is None:
        return None
    slack = min(8, max(2, len(query) // 6))
    spans = [
        (start, end)
        for start in range(max(0, hit.dest_start - slack), min(len(target), hit.dest_start + slack) + 1)
        for end in range(max(start + 1, hit.dest_end - slack), min(len(target), hit.dest_end + slack) + 1)
    ]
    if not spans:
        return None
    scored = [(Levenshtein.distance(query, target[start:end]), abs(end - start - len(query)), start, end) for start, end in spans]
    distance, _, start, end = min(scored)
    return start, end, 1.0 - distance / max(len(query), end - start)


def _make_match(document: FoldedDocument, query: str, folded: Folded, window: _Window) -> CheckMatch:
    """A CheckMatch from a window's opcodes over folded positions (query side, document side)."""
    start, end = window.start, window.end
    offsets = document.folded.offsets
    source = document.source
    diff = tuple(
        DiffOp(
            tag,
            "".join(query[folded.offsets[i]] for i in range(q1, q2)),
            "".join(source[offsets[j]] for j in range(o1, o2)),
        )
        for tag, q1, q2, o1, o2 in window.ops
    )
    first, last = offsets[start], offsets[end - 1] + 1
    clause = document.clause_for(start, end)
    return CheckMatch(
        clause_id=clause.clause_id,
        file=clause.file,
        start=first,
        end=last,
        line_start=document.line_of(first),
        line_end=document.line_of(last - 1),
        section=clause.section,
        doc_title=clause.doc_title,
        doc_number=clause.doc_number,
        matched=source[first:last],
        similarity=round(window.similarity, 4),
        diff=diff,
    )


def check_text(query: str, documents: Sequence[Document]) -> CheckResult:
    """Check one query against the documents as a whole (SPEC wording check object)."""
    return CheckIndex.build(documents).check_text(query)


def check_passage(text: str, documents: Sequence[Document]) -> CheckReport:
    """Check a passage sentence by sentence; `to_dict()` keeps the SPEC fields at the top."""
    return CheckIndex.build(documents).check_passage(text)
