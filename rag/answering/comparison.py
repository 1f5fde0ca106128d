"""The sides of a comparison question and the best sentence for each.

Sides are named documents (先导区方案 和 数智经济方案), else two or more years
(2025年和2028年), else regions (武汉 和 湖北), else — for 两份文件 / 前后两个方案 — the
two best documents. Each side gets its own search, and its best sentence must belong
to it: the document matched by title, a sentence or document naming the year, a
document issued for the region.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rag.answering.evidence import Candidate, grams_of, question_terms, score_candidates
from rag.answering.question import Ask, Intent, analyse
from rag.answering.refusal import MIN_RELEVANCE, relevance
from rag.interfaces import Search
from rag.text.sentences import normalize
from rag.types import Clause, Hit

Matcher = Callable[[Candidate], bool]
MIN_TITLE_MATCH = 0.5
_DOC_WORDS = r"方案|规划|意见|文件|通知"
_REF_SPLIT = re.compile(r"[，,。？?、;；]|和|与|及|从|到|跟|同|还是|对|里|中|相比")
_REGIONS = {"武汉": re.compile(r"武汉|全市"), "湖北": re.compile(r"湖北|全省")}
_TWO_DOCS = re.compile(r"两份|两个方案|两个文件|前后|两部|两项文件")
SIDE_K = 10


@dataclass(frozen=True)
class Side:
    """One side of a comparison: how it is named and its best sentence (None if none belongs to it)."""

    label: str
    candidate: Candidate | None


@dataclass(frozen=True)
class SideSpec:
    label: str
    query: str
    matches: Matcher
    files: tuple[str, ...] = ()


def find_sides(intent: Intent, hits: Sequence[Hit], search: Search) -> list[Side]:
    """The sides of a comparison question with their best sentences; empty for other questions."""
    if not intent.asks(Ask.COMPARE):
        return []
    specs = document_specs(intent, hits, search) or year_specs(intent) or region_specs(intent) or top_doc_specs(intent, hits)
    if len(specs) < 2:
        return []
    sides: list[Side] = []
    used: set[str] = set()
    for spec in specs:
        best = best_for(spec, hits, search, used)
        if best is not None:
            used.add(best.sentence)
        sides.append(Side(spec.label, best))
    return sides if sum(side.candidate is not None for side in sides) >= 1 else []


def best_for(spec: SideSpec, hits: Sequence[Hit], search: Search, used: set[str]) -> Candidate | None:
    """The best sentence of the side's own search (plus the shared hits) that belongs to it."""
    pool = {hit.clause.clause_id: hit for hit in [*search(spec.query, SIDE_K, spec.files), *hits]}
    ranked = list(pool.values())
    intent = analyse(spec.query)
    terms = question_terms(intent, [hit.clause for hit in ranked])
    for candidate in score_candidates(intent, ranked, terms):
        if relevance(candidate) < MIN_RELEVANCE:
            break
        if spec.matches(candidate) and candidate.sentence not in used:
            return candidate
    return None


def document_specs(intent: Intent, hits: Sequence[Hit], search: Search) -> list[SideSpec]:
    """One side per document the question names, when each names a different document."""
    refs = document_refs(intent.text)
    if len(refs) < 2:
        return []
    specs: list[SideSpec] = []
    for ref in refs:
        clause = match_document(ref, [*hits, *search(ref, SIDE_K, ())])
        if clause is None or any(spec.files == (clause.file,) for spec in specs):
            return []
        query = _without(intent.text, [other for other in refs if other != ref])
        specs.append(SideSpec(ref, query, _in_file(clause.file), (clause.file,)))
    return specs


def document_refs(text: str) -> list[str]:
    """Phrases of `text` naming a document (ending in 方案/规划/意见/文件/通知)."""
    refs: list[str] = []
    for piece in _REF_SPLIT.split(text):
        match = re.search(rf"(.{{1,20}}?(?:{_DOC_WORDS}))", piece)
        if match and len(match.group(1).strip()) >= 3:
            refs.append(match.group(1).strip())
    return list(dict.fromkeys(refs))


def match_document(ref: str, hits: Sequence[Hit]) -> Clause | None:
    """A clause of the document whose title best matches `ref`, if it matches well enough."""
    best: tuple[float, Clause | None] = (0.0, None)
    for hit in hits:
        value = title_match(ref, hit.clause.doc_title or "")
        if value > best[0]:
            best = (value, hit.clause)
    return best[1] if best[0] >= MIN_TITLE_MATCH else None


def title_match(ref: str, title: str) -> float:
    """Share of the reference's bigrams in the title, plus a little for the longest shared stretch."""
    wanted = {gram for gram in grams_of(ref) if len(gram) > 1}
    if not wanted or not title:
        return 0.0
    have = grams_of(title)
    share = len(wanted & have) / len(wanted)
    return share + 0.1 * _longest_shared(normalize(ref), normalize(title)) / max(1, len(normalize(ref)))


def _longest_shared(a: str, b: str) -> int:
    best = 0
    for start in range(len(a)):
        end = start + best + 1
        while end <= len(a) and a[start:end] in b:
            best = end - start
            end += 1
    return best


def year_specs(intent: Intent) -> list[SideSpec]:
    """One side per year named in the question."""
    if len(intent.years) < 2:
        return []
    return [
        SideSpec(f"{year}年", _without(intent.text, [y for y in intent.years if y != year]), _names_year(year))
        for year in intent.years
    ]


def region_specs(intent: Intent) -> list[SideSpec]:
    """A side for 武汉 and one for 湖北 when the question names both."""
    named = [name for name, pattern in _REGIONS.items() if pattern.search(intent.text)]
    if len(named) < 2:
        return []
    specs: list[SideSpec] = []
    for name in named:
        others = [other for other in _REGIONS if other != name]
        query = _REGIONS[others[0]].sub("", intent.text)
        specs.append(SideSpec(name, query, _issued_for(name)))
    return specs


def top_doc_specs(intent: Intent, hits: Sequence[Hit]) -> list[SideSpec]:
    """For 两份文件 / 前后两个方案: the two documents of the best hits."""
    if not _TWO_DOCS.search(intent.text):
        return []
    regions = [pattern for pattern in _REGIONS.values() if pattern.search(intent.text)]
    files: list[Clause] = []
    for hit in hits:
        title = (hit.clause.doc_title or "") + (hit.clause.issuer or "")
        if regions and not any(pattern.search(title) for pattern in regions):
            continue
        if hit.clause.doc_title and all(clause.file != hit.clause.file for clause in files):
            files.append(hit.clause)
    return [
        SideSpec("", intent.text, _in_file(clause.file), (clause.file,)) for clause in files[:2]
    ]


def _without(text: str, parts: Sequence[str]) -> str:
    for part in parts:
        text = text.replace(part, " ")
    return text


def _in_file(file: str) -> Matcher:
    return lambda candidate: candidate.clause.file == file


def _names_year(year: str) -> Matcher:
    def matches(candidate: Candidate) -> bool:
        text = normalize(candidate.sentence + (candidate.clause.doc_title or ""))
        return year in text or (candidate.clause.date or "")[:4] == year

    return matches


def _issued_for(region: str) -> Matcher:
    pattern = _REGIONS[region]
    return lambda candidate: bool(pattern.search((candidate.clause.doc_title or "") + (candidate.clause.issuer or "")))
