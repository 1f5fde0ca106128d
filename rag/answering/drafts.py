"""Answer drafts and their last step: verification, and refusals that point to related clauses.

Every answerer ends in `finish`, which runs `rag.answering.verify.verify_answer` and turns
a draft with no supported sentence into a refusal quoting the nearest clauses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rag.answering.prompts import refusal_text
from rag.answering.quotes import CitationBook, nest_title_marks, quote_line, short_title, titles_keep_years
from rag.answering.terms import grams_of, local_idf, question_terms
from rag.answering.verify import verify_answer
from rag.text.dates import YEAR_PHRASE
from rag.text.sentences import clause_sentences
from rag.types import Answer, Citation, Clause


@dataclass(frozen=True)
class Draft:
    """An answer text with its citations, before verification."""

    text: str
    citations: tuple[Citation, ...]
    refused: bool


def newer_sentence(clauses: Sequence[Clause], book: CitationBook) -> str:
    """Which of the cited documents is newer, by their dates; empty for one document."""
    dated = {clause.file: clause for clause in clauses if clause.date}
    if len(dated) < 2:
        return ""
    ordered = sorted(dated.values(), key=lambda clause: clause.date or "")
    newest, older = ordered[-1], ordered[:-1]
    if newest.date == older[-1].date:
        return ""
    def named(clause: Clause) -> str:  # with the title's years only where the book keeps them
        return f"《{short_title(clause, None if book.keep_years else clause.text)}》[{book.cite(clause)}]"

    return f"其中{named(newest)}的日期晚于{'、'.join(named(clause) for clause in older)}，是较新的文件。"


def refusal_draft(statement: str, related: Sequence[tuple[Clause, str]] = ()) -> Draft:
    """A refusal statement (“现有文件未规定……”) plus the nearest (clause, sentence) pairs as quoted citations."""
    book = CitationBook(keep_years=titles_keep_years(statement, [clause for clause, _ in related]))
    lines = [without_unsupported_years(statement, [clause.text for clause, _ in related])]
    if related:
        lines.append(refusal_text("related"))
        for clause, sentence in related:
            lines.append(f"- {quote_line(clause, sentence, book)}")
    return Draft("\n".join(lines), book.frozen(), refused=True)


def finish(asked: str, resolved: str, draft: Draft, question_id: str | None, answerer: str) -> Answer:
    """Verify the draft; an answer with no supported sentence becomes a refusal."""
    nested = nest_title_marks(draft.text)
    verified = verify_answer(nested, draft.citations, resolved)
    refused = draft.refused
    text, citations = verified.text, verified.citations
    statement = nested.split("\n", 1)[0]
    if draft.refused and statement and text.split("\n", 1)[0] != statement:
        # A refusal whose statement did not survive verification still says that it refuses.
        text = "\n".join([refusal_text("unknown"), text]).strip()
    if not draft.refused and not verified.supported:
        fallback = unsupported_refusal(resolved, [citation.clause for citation in draft.citations])
        checked = verify_answer(fallback.text, fallback.citations, resolved)
        text, citations, refused = checked.text, checked.citations, True
    return Answer(question=asked, answer=text, refused=refused, citations=citations, id=question_id, answerer=answerer)


def unsupported_refusal(question: str, clauses: Sequence[Clause]) -> Draft:
    """The refusal used when verification left nothing, quoting the nearest sentences of `clauses`."""
    return refusal_draft(refusal_text("unsupported"), nearest_sentences(question, clauses))


def nearest_sentences(question: str, clauses: Sequence[Clause], limit: int = 2) -> list[tuple[Clause, str]]:
    """The sentence of each of the first `limit` clauses that holds most of `question`."""
    terms = question_terms(question, local_idf([clause.text for clause in clauses]))
    chosen: list[tuple[Clause, str]] = []
    for clause in clauses[:limit]:
        sentences = clause_sentences(clause) or [clause.text]
        chosen.append((clause, max(sentences, key=lambda sentence: terms.share(grams_of(sentence)))))
    return chosen


def without_unsupported_years(statement: str, cited_texts: Sequence[str]) -> str:
    """A refusal names 所问年份 rather than a year no cited clause states.

    The statement says what the documents lack; repeating the asked year as a bare
    number would read like a figure taken from the documents.
    """
    cited = "".join(cited_texts)
    return YEAR_PHRASE.sub(lambda match: match.group(0) if match.group(1) in cited else "所问年份", statement)
