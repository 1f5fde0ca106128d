"""Answer drafts: quoted sentences with numbered citations, refusals, and final verification.

Every answerer ends in `finish`, which runs `rag.verify.verify_answer` and turns a draft
with no supported sentence into a refusal quoting the nearest clauses.
"""

from __future__ import annotations

import re

from collections.abc import Sequence
from dataclasses import dataclass

from rag.answering.quotes import CitationBook, focus_on_measure, quote_line, short_title
from rag.answering.evidence import Candidate, Terms, question_terms, score_candidates
from rag.answering.prompts import refusal_text
from rag.answering.question import Intent, analyse
from rag.answering.refusal import Refusal
from rag.text.sentences import clause_sentences
from rag.text.dates import YEAR_PHRASE
from rag.types import Answer, Citation, Clause, Hit
from rag.answering.verify import verify_answer


@dataclass(frozen=True)
class Draft:
    """An answer text with its citations, before verification."""

    text: str
    citations: tuple[Citation, ...]
    refused: bool


def quotes_draft(
    chosen: Sequence[Candidate], terms: Terms, intent: Intent | None, bullets: bool, lead: str = ""
) -> Draft:
    """Quote each chosen sentence with its source label and marker."""
    book = CitationBook()
    focus = set(terms.matchable)
    lines = [lead] if lead and bullets else []
    for candidate in chosen:
        sentence = focus_on_measure(candidate.sentence, intent.measures) if intent is not None else candidate.sentence
        line = quote_line(candidate.clause, sentence, book.cite(candidate.clause), focus)
        lines.append(f"- {line}" if bullets else line)
    return Draft("\n".join(lines), book.frozen(), refused=False)


def newer_sentence(clauses: Sequence[Clause], book: CitationBook) -> str:
    """Which of the cited documents is newer, by their dates; empty for one document."""
    dated = {clause.file: clause for clause in clauses if clause.date}
    if len(dated) < 2:
        return ""
    ordered = sorted(dated.values(), key=lambda clause: clause.date or "")
    newest, older = ordered[-1], ordered[:-1]
    if newest.date == older[-1].date:
        return ""
    names = "、".join(f"《{short_title(clause)}》[{book.cite(clause)}]" for clause in older)
    return f"其中《{short_title(newest)}》[{book.cite(newest)}]的日期晚于{names}，是较新的文件。"


def refusal_draft(refusal: Refusal, related: Sequence[Candidate]) -> Draft:
    """“现有文件未规定……” plus the nearest related clauses as quoted citations."""
    book = CitationBook()
    lines = [without_unsupported_years(refusal.text(), [candidate.clause.text for candidate in related])]
    if related:
        lines.append(refusal_text("related"))
        for candidate in related:
            lines.append(f"- {quote_line(candidate.clause, candidate.sentence, book.cite(candidate.clause))}")
    return Draft("\n".join(lines), book.frozen(), refused=True)


def finish(asked: str, resolved: str, draft: Draft, question_id: str | None, answerer: str) -> Answer:
    """Verify the draft; an answer with no supported sentence becomes a refusal."""
    verified = verify_answer(draft.text, draft.citations, resolved)
    refused = draft.refused
    text, citations = verified.text, verified.citations
    if not draft.refused and not verified.supported:
        fallback = unsupported_refusal(resolved, [citation.clause for citation in draft.citations])
        checked = verify_answer(fallback.text, fallback.citations, resolved)
        text, citations, refused = checked.text, checked.citations, True
    return Answer(question=asked, answer=text, refused=refused, citations=citations, id=question_id, answerer=answerer)


def unsupported_refusal(question: str, clauses: Sequence[Clause]) -> Draft:
    """The refusal used when verification left nothing, quoting the nearest sentences of `clauses`."""
    return refusal_draft(Refusal("unsupported"), related_candidates(question, clauses))


def related_candidates(question: str, clauses: Sequence[Clause], limit: int = 2) -> list[Candidate]:
    """The sentences of `clauses` nearest to `question`, one per clause."""
    intent = analyse(question)
    hits = [Hit(clause, 0.0, rank) for rank, clause in enumerate(clauses, start=1)]
    chosen: list[Candidate] = []
    for candidate in score_candidates(intent, hits, question_terms(intent, clauses)):
        if all(item.clause.clause_id != candidate.clause.clause_id for item in chosen):
            chosen.append(candidate)
        if len(chosen) == limit:
            break
    return chosen


def clause_candidate(clause: Clause) -> Candidate | None:
    """The first sentence of `clause` as an unscored candidate (for citing it in a refusal)."""
    sentences = clause_sentences(clause)
    return Candidate(clause, sentences[0], 0.0, 0.0, 0.0, 0) if sentences else None




def without_unsupported_years(statement: str, cited_texts: Sequence[str]) -> str:
    """A refusal names 该年份 rather than a year no cited clause states.

    The statement says what the documents lack; repeating the asked year as a bare
    number would read like a figure taken from the documents.
    """
    cited = "".join(cited_texts)
    return YEAR_PHRASE.sub(lambda match: match.group(0) if match.group(1) in cited else "所问年份", statement)
