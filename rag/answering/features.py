"""Features of a retrieved clause as evidence for one part of a question.

Each retrieved clause of a part gets a fixed vector of named features: where the
retriever ranked it and how far its score is from the best, how much of the question
(weighted by informativeness, colloquial terms counted through their official ones) its
text, its best sentence and its headings hold, whether it states the kind of value the
part asks for, whether it belongs to a document the question names, and — when the
embedder offers one — its semantic similarity. `rag.answering.selection` combines them
with learned weights.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rag.answering.asking import VALUE_KINDS, Ask, holds, same_role, states_ordinal
from rag.answering.bases import names_base_only
from rag.answering.cases import value_for_other_case
from rag.answering.parts import Part
from rag.answering.references import MIN_TITLE_MATCH, title_match
from rag.answering.terms import QuestionTerms, grams_of, local_idf, question_terms
from rag.text.bounds import End, asked_end, other_end_only
from rag.text.dates import YEAR, named_years
from rag.text.numbering import find_marker
from rag.text.sentences import clause_heading, clause_sentences, normalize, read_in_context
from rag.types import Clause, Hit

FEATURES = (
    "inverse_rank", "log_rank", "score_share", "overlap", "context", "overlap_share", "sentence",
    "heading", "value_share", "value_missing", "focus", "named_file", "top_file", "meta", "row", "log_chars",
    "year_match", "year_other", "quoted", "doc_number", "kind_words", "responsibility_row", "label_match",
    "place_match", "place_other", "title_like", "local_sentence", "local_context", "local_share", "responsibility_answer", "semantic",
    "semantic_gap",
)
SEMANTIC_FEATURES = frozenset({"semantic", "semantic_gap"})  # filled only when the retriever offers similarities
_FEATURE_INDEX = {name: position for position, name in enumerate(FEATURES)}
_PLACE = re.compile(r"([\u4e00-\u9fa5]{2})(?:市|省|自治区)")
_QUOTED = re.compile(r"[“\"「]([^“”\"「」]{2,40})[”\"」]")
_RESPONSIBILITY = re.compile(r"牵头单位|责任单位")
# Kinds read from words of the clause rather than from a value: a who-question wants 负责/牵头.
_WORD_KINDS = (Ask.RESPONSIBLE, Ask.PROCEDURE, Ask.ELIGIBILITY, Ask.PENALTY, Ask.CONTACT, Ask.NAMES, Ask.PLACE)
# similarity(query, clauses) -> one cosine similarity per clause (`ClauseSimilarity.clause_similarity`).
Similarity = Callable[[str, Sequence[Clause]], "Sequence[float]"]


@dataclass(frozen=True)
class ClauseFeatures:
    """One retrieved clause of a part with its feature values (in `FEATURES` order)."""

    hit: Hit
    values: tuple[float, ...]
    value_share: float  # how well the clause states the asked value (see `value_share`; 1 when none is asked)

    @property
    def clause(self) -> Clause:
        return self.hit.clause

    def get(self, name: str) -> float:
        return self.values[_FEATURE_INDEX[name]]


def value_kinds(part: Part) -> list[Ask]:
    """The value kinds a part asks for (amount, duration, ...), most specific first."""
    return [kind for kind in Ask if kind in part.kinds and kind in VALUE_KINDS]


def value_share(
    clause: Clause, kinds: Sequence[Ask], focus: QuestionTerms | None, counter: str | None = None,
    years: frozenset[str] = frozenset(), end: End | None = None, part_text: str = "",
) -> float:
    """How well `clause` states the asked values: 0 when a kind is missing; otherwise the
    best share of what the value is about (`focus`) in a sentence stating it (1 without a focus).

    A value asked for a year (二〇二〇年的产业规模) is not stated by a sentence that names only
    other years (到2028年……突破2000亿元), unless the year is its document's own (2023年的方案);
    nor is a ceiling asked for (`end`: 最高能交百分之几) by a sentence setting only a floor (不得低于5%),
    nor a value for one case by a sentence stating it for another (`cases.value_for_other_case`).
    A list item is read with its lead-in, and a bracketed note closing the clause (（责任单位：…）)
    with the whole clause when the part (`part_text`) asks about the role its label names. No asked value gives 1."""
    if not kinds:
        return 1.0
    if not all(holds(kind, clause.text, counter) for kind in kinds):
        return 0.0
    sentences = [s for s in clause_sentences(clause) or [clause.text] if all(holds(kind, s, counter) for kind in kinds)]
    asked = years - document_years(clause)
    if asked and sentences:
        sentences = [s for s in sentences if not _other_years(s, asked)]
        if not sentences:
            return 0.0
    if end and sentences:
        sentences = [s for s in sentences if not other_end_only(s, end)]
        if not sentences:
            return 0.0
    if part_text and sentences:
        sentences = [s for s in sentences if not value_for_other_case(s, part_text, clause.text)]
        if not sentences:
            return 0.0
    if part_text and (Ask.AMOUNT in kinds or Ask.RATIO in kinds):
        sentences = [s for s in sentences if not names_base_only(s, part_text)]
        if not sentences:
            return 0.0
    if focus is None or not focus.groups:
        return 1.0
    contexts = read_in_context(clause, lambda label: same_role(label, part_text))
    return best_sentence_share(clause, [contexts.get(sentence, sentence) for sentence in sentences], focus)


def document_years(clause: Clause) -> frozenset[str]:
    """The years of a clause's document: in its title, and its date."""
    years = set(YEAR.findall(clause.doc_title or ""))
    if clause.date:
        years.add(clause.date[:4])
    return frozenset(years)


def _other_years(sentence: str, years: frozenset[str]) -> bool:
    """The sentence names years (with 年: 2000元 is no year), and no asked year is one of them,
    lies between them (2023—2025年) or after one it runs from (自2023年起)."""
    named = [int(year) for year in named_years(sentence)]
    if not named:
        return False
    last = math.inf if _FROM_ON.search(sentence) else max(named)
    return not any(min(named) <= int(year) <= last for year in years)


_FROM_ON = re.compile(r"年[^，。；]{0,12}?(?:起|以来|以后|之后)")


def label_match(part: Part, clause: Clause) -> bool:
    """Whether `clause` is the side or item the part names: the list item at the place it asks
    about (第四个 → 四是……), the article it names (第十九条), else a clause naming its side's label
    — for a side naming a document, also any clause of a document whose title matches it (and
    holds the years it names)."""
    if part.place is not None:
        return states_ordinal(clause.text, part.place)
    if part.article is not None and not part.label:
        marker = find_marker(clause.label or "")  # read at ingest, cached
        return clause.kind == "article" and marker is not None and marker.family == "article" and marker.number == part.article
    if part.label and part.document == part.label:  # a side naming a document in the asker's words (异地就医结算)
        named = normalize(label_name(part.label)) in normalize(context_text(clause))
        years = named_years(part.label)
        titled = title_match(part.label, clause.document_name) >= MIN_TITLE_MATCH and years <= document_years(clause)
        return named or titled
    return bool(part.label) and normalize(label_name(part.label)) in normalize(context_text(clause))


def label_name(label: str) -> str:
    """What a side's label names: the title inside 《》 (《title》（文号）→ title), else the label."""
    titled = re.match(r"《([^》]+)》", label)
    return titled.group(1) if titled else label


def focus_share(clause: Clause, focus: QuestionTerms | None) -> float:
    """The best share of the part's focus in one sentence of `clause` (with its headings and title); 0 without a focus."""
    if focus is None or not focus.groups:
        return 0.0
    return best_sentence_share(clause, clause_sentences(clause) or [clause.text], focus)


def best_sentence_share(clause: Clause, sentences: Sequence[str], focus: QuestionTerms) -> float:
    """The best share of `focus` in one of `sentences` read with `clause`'s headings and title; 0 without sentences."""
    heading = " ".join([clause_heading(clause), *clause.section, clause.doc_title or ""])
    return max((focus.share(grams_of(sentence + heading)) for sentence in sentences), default=0.0)


def asked_places(question: str, hits: Sequence[Hit]) -> tuple[frozenset[str], frozenset[str]]:
    """(places the question names, every place) among the places in the retrieved documents'
    titles and issuers (银川 of 银川市人民政府): the corpus says which places there are."""
    known = frozenset(
        match.group(1) for hit in hits for match in _PLACE.finditer(hit.clause.origin)
    )
    return frozenset(place for place in known if place in question), known


def place_features(places: tuple[frozenset[str], frozenset[str]], clause: Clause) -> tuple[float, float]:
    """(the clause's document is of a place the question names, it is of another known place only)."""
    asked, known = places
    if not asked:
        return 0.0, 0.0
    where = clause.origin
    if any(place in where for place in asked):
        return 1.0, 0.0
    return 0.0, float(any(place in where for place in known))


def _title_like(clause: Clause) -> bool:
    """A clause that only repeats its document's title (or a heading): no answer in it."""
    text = normalize(clause.text)
    return clause.kind == "meta" or bool(text) and (text in normalize(clause.doc_title or "") or len(text) <= 12)


def year_features(years: set[str], clause: Clause) -> tuple[float, float]:
    """(the clause or its document names a year of the question, it names only other years)."""
    if not years:
        return 0.0, 0.0
    stated = set(YEAR.findall(" ".join([clause.text, *clause.section]))) | document_years(clause)
    return float(bool(stated & years)), float(bool(stated) and not stated & years)


def context_text(clause: Clause) -> str:
    """The clause with its headings and document title, for context matching."""
    return " ".join([*clause.section, clause.text, clause.doc_title or ""])


def clause_features(
    part: Part,
    hits: Sequence[Hit],
    terms: QuestionTerms,
    named_files: frozenset[str] = frozenset(),
    similarity: Similarity | None = None,
    focus: QuestionTerms | None = None,
    meaning: str = "",
) -> list[ClauseFeatures]:
    """The feature vector of every hit of a part, in rank order; its similarity in meaning is
    that of `meaning` (the whole question, embedded once per answer) or else of the part."""
    if not hits:
        return []
    top_score = max(hit.score for hit in hits) or 1.0
    overlaps = [terms.share(grams_of(hit.clause.text)) for hit in hits]
    best_overlap = max(overlaps) or 1.0
    semantic = [float(value) for value in similarity(meaning or part.query, [hit.clause for hit in hits])] if similarity else None
    best_semantic = max(semantic) if semantic else 0.0
    kinds = value_kinds(part)
    years = set(YEAR.findall(part.query))
    named = named_years(part.query)  # the years a value is asked for (with 年)
    end = asked_end(part.text) if kinds else None  # 最高能贷多少: the ceiling
    quoted = [normalize(phrase) for phrase in _QUOTED.findall(part.query)]
    word_kinds = [kind for kind in _WORD_KINDS if kind in part.kinds]
    places = asked_places(part.query, hits)
    # Weights over the retrieved clauses only: the terms that tell these candidates apart.
    local = question_terms(part.query, local_idf([context_text(hit.clause) for hit in hits]))
    local_contexts = [local.share(grams_of(context_text(hit.clause))) for hit in hits]
    best_local = max(local_contexts) or 1.0
    rows: list[ClauseFeatures] = []
    for index, hit in enumerate(hits):
        clause = hit.clause
        share = value_share(clause, kinds, focus, part.counter, named, end, part.text)
        heading = " ".join([clause_heading(clause), *clause.section[-1:]])
        sentences = clause_sentences(clause) or [clause.text]
        values = (
            1.0 / (index + 1),
            math.log(index + 1),
            hit.score / top_score,
            overlaps[index],
            terms.share(grams_of(context_text(clause))),
            overlaps[index] / best_overlap,
            max(terms.share(grams_of(sentence)) for sentence in sentences),
            terms.share(grams_of(heading)),
            share if kinds else 0.0,
            float(bool(kinds) and share == 0.0),
            focus_share(clause, focus),
            float(clause.file in named_files),
            float(clause.file == hits[0].clause.file),
            float(clause.kind == "meta"),
            float(clause.kind == "row"),
            math.log(1 + len(clause.text)),
            *year_features(years, clause),
            float(any(phrase in normalize(context_text(clause)) for phrase in quoted)),
            float(bool(clause.doc_number)),
            sum(holds(kind, clause.text) for kind in word_kinds) / len(word_kinds) if word_kinds else 0.0,
            float(bool(_RESPONSIBILITY.search(clause.text)) and not part.asks(Ask.RESPONSIBLE)),
            float(label_match(part, clause)),
            *place_features(places, clause),
            float(_title_like(clause)),
            max(local.share(grams_of(sentence)) for sentence in sentences),
            local_contexts[index],
            local_contexts[index] / best_local,
            float(bool(_RESPONSIBILITY.search(clause.text)) and part.asks(Ask.RESPONSIBLE)),
            semantic[index] if semantic is not None else 0.0,
            semantic[index] - best_semantic if semantic is not None else 0.0,
        )
        rows.append(ClauseFeatures(hit, values, share))
    return rows
