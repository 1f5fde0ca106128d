"""Retrieving the evidence of each part: the only stage of the answerer that searches.

Each part is searched twice — as written, and with its colloquial words' official terms
added (rag.text.colloquial) — and the two rankings are fused by reciprocal rank, so a
colloquial question finds the clause that uses the official term without losing what
its own words find. A part of a longer question is also searched without the question's
context, and a part that names a document is also searched inside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from rag.answering.asking import Ask, asked_head, value_focus
from rag.answering.parts import Part
from rag.answering.quotes import short_title
from rag.answering.references import document_refs, matching_documents, named_count, names_several
from rag.answering.terms import IdfSource, QuestionTerms, local_idf, question_terms, word_terms
from rag.interfaces import Search
from rag.text.colloquial import expand
from rag.text.numbers import chinese_numeral, numeral_forms
from rag.text.word_lists import interchangeable
from rag.types import Clause, Hit

RRF_K = 60  # the usual reciprocal-rank constant: ranks matter, raw scores do not
NAMED_SHARE = 1.0  # weight of a search inside a named document, relative to an open search
REF_K = 20  # clauses searched to find the document a name refers to


@dataclass(frozen=True)
class PartEvidence:
    """A part with its retrieved clauses (fused ranking) and its weighted terms."""

    part: Part
    hits: tuple[Hit, ...]
    terms: QuestionTerms
    focus: QuestionTerms | None = None  # the terms of what a measured value measures
    named_files: frozenset[str] = frozenset()  # files of the documents the question names
    nouns: QuestionTerms | None = None  # the part's nouns, one group each (what it talks about)
    asked: QuestionTerms | None = None  # the nouns next to its question word (what it asks about)
    meaning: str = ""  # the text whose embedding stands for the part: the question (one embedding per answer)


def fuse(rankings: Sequence[tuple[Sequence[Hit], float]], k: int) -> list[Hit]:
    """Reciprocal-rank fusion of weighted hit lists; each clause once, best first."""
    scores: dict[str, float] = {}
    clauses: dict[str, Hit] = {}
    for hits, weight in rankings:
        for rank, hit in enumerate(hits, start=1):
            key = hit.clause.clause_id
            scores[key] = scores.get(key, 0.0) + weight / (RRF_K + rank)
            clauses.setdefault(key, hit)
    order = sorted(scores, key=lambda key: -scores[key])[:k]
    return [Hit(clauses[key].clause, scores[key], rank) for rank, key in enumerate(order, start=1)]


def part_hits(part: Part, search: Search, k: int, files: tuple[str, ...] = ()) -> list[Hit]:
    """The fused ranking of a part: as written, with official terms, without the question's
    context when it has a topic of its own, and inside named documents."""
    rankings: list[tuple[Sequence[Hit], float]] = [(search(part.query, k, ()), 1.0)]
    expanded = reworded(part.query)
    if expanded != part.query:
        rankings.append((search(expanded, k, ()), 1.0))
    if part.own:
        rankings.append((search(part.own, k, ()), 1.0))
    if files:
        # Inside the named document its name matches only the title page: search without it.
        # The name's own words reworded would match other documents: the question is reworded without it.
        rankings.append((search(reworded(without_refs(part.query)), k, files), NAMED_SHARE))
    if part.article is not None:  # 第19条 / 第十九条: the article as laws number it
        rankings.append((search(f"第{chinese_numeral(part.article)}条", k, files), 1.0))
    return fuse(rankings, k)


def reworded(text: str) -> str:
    """`text` with the official terms of its colloquial words and its numbers in the other numerals."""
    return " ".join([expand(text), *numeral_forms(text)])


def without_refs(text: str) -> str:
    """`text` without the phrases naming documents; unchanged if too little would be left."""
    stripped = text
    for ref in document_refs(text):
        stripped = stripped.replace(ref, " ")
    return stripped if len(stripped.strip()) >= 4 else text


def named_documents(question: str, search: Search) -> dict[str, list[Clause]]:
    """Each document name of `question` → a clause of each document it names (`documents_named`)."""
    return {ref: documents_named(ref, search) for ref in document_refs(question)}


def documents_named(ref: str, search: Search) -> list[Clause]:
    """A clause of the document whose title `ref` names, by title match over a search for it (of
    each of the best matches when it names several: 两份方案); empty when none matches."""
    return matching_documents(ref, search(ref, REF_K, ()))[: named_count(ref)]


def targets(parts: Sequence[Part], named: dict[str, list[Clause]], search: Search) -> list[tuple[Part, tuple[str, ...]]]:
    """Each part with the files it must be answered from (none: any). A comparison over a name
    of several documents (两份方案分别……、各方案……一致吗) becomes one side per document."""
    several = list({clause.file: clause for ref, clauses in named.items() if names_several(ref) for clause in clauses}.values())
    found: list[tuple[Part, tuple[str, ...]]] = []
    for part in parts:
        if part.document:
            clauses = named[part.document] if part.document in named else documents_named(part.document, search)
            found.append((part, tuple(clause.file for clause in clauses)))
        elif len(several) >= 2 and part.asks(Ask.COMPARE) and not part.label:
            found += [(replace(part, label=label, document=short_title(clause)), (clause.file,)) for label, clause in side_labels(several)]
        else:
            found.append((part, ()))
    return found


def side_labels(documents: Sequence[Clause]) -> list[tuple[str, Clause]]:
    """Each document's 《short title》, with its 文号 (else its year) where two titles are the same."""
    titles = [short_title(clause) for clause in documents]
    return [
        (f"《{title}》（{clause.doc_number or (clause.date or '')[:4]}）" if titles.count(title) > 1 else f"《{title}》", clause)
        for title, clause in zip(titles, documents)
    ]


def gather(question: str, parts: Sequence[Part], search: Search, k: int, idf: IdfSource | None = None) -> list[PartEvidence]:
    """Each part with its evidence and its weighted terms (corpus IDF when `idf` is given)."""
    named = named_documents(question, search)
    files = tuple(dict.fromkeys(clause.file for clauses in named.values() for clause in clauses))
    gathered: list[PartEvidence] = []
    for part, own in targets(parts, named, search):
        # Inside its own document a document's name matches only its title page: searched without it.
        hits = fuse([(search(reworded(without_refs(part.query)), k, own), 1.0)], k) if own else part_hits(part, search, k, files)
        source = idf or local_idf([hit.clause.text for hit in hits])
        # What a value is about may be named by either of two interchangeable words (运营补贴, 运营补助).
        focus = question_terms(part.focus, source, interchangeable()) if part.focus else None
        nouns = word_terms(value_focus(part.query, whole=True).split(), source)
        # A side asks what its own query asks (甲……完成改造？, 乙……出台细则？), not the whole question.
        asked = word_terms(asked_head(part.query if part.label else part.text), source)
        terms = question_terms(part.query, source)
        gathered.append(PartEvidence(part, tuple(hits), terms, focus, frozenset(own or files), nouns, asked, question))
    return gathered
