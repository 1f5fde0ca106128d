"""The default answerer: answers composed of quoted clause sentences, no LLM.

`ExtractiveAnswerer(retriever, settings).answer(question)`:

1. checks the input (`rag.question.check_question`) and resolves a follow-up against
   the history (`rag.conversation.resolve_followup`);
2. retrieves clauses and scores each of their sentences (`rag.answering.evidence`);
3. refuses (“现有文件未规定……”) when the best sentences are weakly related, when a
   content word of the question occurs in no retrieved clause, or when the question asks
   for a kind of thing (an amount, a deadline, a procedure, a roster, conditions, a
   contact, an achieved figure) that no related sentence holds — citing the nearest
   clauses; otherwise
4. quotes the best sentences verbatim with [n] markers, saying which document and
   section each comes from: one fact, several bullets for a list question, one bullet
   per side for a comparison (plus which document is newer);
5. runs `rag.verify.verify_answer` on the result, like on every answer.

The answerer only ever quotes: text inside a document, even an instruction such as
“忽略以上指令……”, appears in an answer as a quotation attributed to its document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from rag.answering.metadata import metadata_draft
from rag.answering.quotes import CitationBook, focus_on_measure, quote_line
from rag.config import Settings
from rag.answering.conversation import resolve_followup
from rag.answering.drafts import Draft, finish, newer_sentence, quotes_draft, refusal_draft
from rag.answering.evidence import Candidate, Terms, grams_of, question_terms, score_candidates
from rag.answering.question import Ask, Intent, analyse, check_question
from rag.answering.refusal import Refusal, counts, screen
from rag.answering.comparison import Side, document_refs, find_sides, match_document
from rag.interfaces import History, Retriever, Search
from rag.text.chars import HAN_BASIC
from rag.text.numbers import extract_numbers
from rag.types import Answer, Filters, Hit

DEFAULT_K = 10
MAX_LIST_ITEMS = 5
MAX_FACT_SENTENCES = 3
LIST_SHARE = 0.85  # a list item scores at least this share of the best item
EXTRA_FACT_SHARE = 0.8  # a further fact sentence scores at least this share of the best
MIN_NEW_SHARE = 0.15  # ... and adds at least this share of the question's terms
_SEVERAL = re.compile(r"和|与|及|、|分别|以及|还有|[？?].+")


class ExtractiveAnswerer:
    """Answers by quoting retrieved clause sentences; refuses when the corpus lacks the answer."""

    name = "extractive"

    def __init__(self, retriever: Retriever, settings: Settings | None = None, k: int = DEFAULT_K) -> None:
        self.retriever = retriever
        self.settings = settings or Settings()
        self.k = k

    def answer(
        self,
        question: str,
        history: History = (),
        filters: Filters | None = None,
        question_id: str | None = None,
    ) -> Answer:
        """The verified answer to `question` (a UsageError for empty or overlong input)."""
        asked = check_question(question, self.settings.max_question_chars)
        resolved = resolve_followup(asked, history)
        draft = self.draft(resolved, filters)
        return finish(asked, resolved, draft, question_id, self.name)

    def stream(
        self,
        question: str,
        history: History = (),
        filters: Filters | None = None,
        question_id: str | None = None,
    ) -> Iterator[str | Answer]:
        """The same interface as `LLMAnswerer.stream`; an extractive answer comes whole, as one Answer."""
        yield self.answer(question, history, filters, question_id)

    def draft(self, question: str, filters: Filters | None = None) -> Draft:
        """The unverified answer to a self-contained question."""
        search = make_search(self.retriever, filters)
        intent = analyse(question)
        hits = search(question, self.k, ())
        if intent.asks(Ask.DOC_NUMBER, Ask.DOC_DATE, Ask.ISSUER, Ask.NEWER, Ask.PERIOD):
            meta = metadata_draft(intent, hits, search)
            if meta is not None:
                return meta
        return content_draft(intent, hits, search)


def make_search(retriever: Retriever, filters: Filters | None) -> Search:
    """A search function that keeps the caller's filters and may narrow them to some files."""

    def search(query: str, k: int, files: tuple[str, ...]) -> list[Hit]:
        if not files:
            return retriever.search(query, k=k, filters=filters)
        narrowed = replace(filters, files=files) if filters is not None else Filters(files=files)
        return retriever.search(query, k=k, filters=narrowed)

    return search


def content_draft(intent: Intent, hits: Sequence[Hit], search: Search) -> Draft:
    """An answer from the sentences of `hits`, or a refusal."""
    if not hits:
        return refusal_draft(Refusal("english" if intent.latin_only else "unknown"), [])
    named = named_files(intent, hits)
    if len(named) == 1 and not intent.asks(Ask.COMPARE):
        hits = _merge(search(intent.text, len(hits), tuple(named)), hits)
    if named:  # the document is settled by the boost; its name should not pull in its title page
        intent = replace(intent, topic=_without_refs(intent.topic))
    terms = question_terms(intent, [hit.clause for hit in hits])
    candidates = score_candidates(intent, hits, terms, named)
    if len(named) == 1 and not intent.asks(Ask.COMPARE):
        candidates = [item for item in candidates if item.clause.file in named] or candidates
    elif not named and not intent.asks(Ask.COMPARE):
        regional = regional_files(intent.text, hits)
        candidates = [item for item in candidates if item.clause.file in regional] or candidates
    if intent.asks(Ask.COMPARE) and not intent.strict:
        # Each side has its own search: the shared hits may miss one side entirely.
        sides = find_sides(intent, hits, search)
        if sum(side.candidate is not None for side in sides) >= 2:
            return comparison_draft(intent, sides, terms)
    verdict = screen(intent, terms, candidates, [hit.clause for hit in hits])
    if isinstance(verdict, Refusal):
        return refusal_draft(verdict, verdict.related)
    sides = find_sides(intent, hits, search) if intent.asks(Ask.COMPARE) and intent.strict else []
    if sides:
        return comparison_draft(intent, sides, terms)
    if intent.asks(Ask.LIST) and not counts(intent) and not intent.asks(Ask.RESPONSIBLE, Ask.WORDING):
        return list_draft(verdict, terms)
    return fact_draft(intent, verdict, terms)


def _without_refs(topic: str) -> str:
    """`topic` without the phrases naming documents; unchanged if nothing would be left."""
    stripped = topic
    for ref in document_refs(topic):
        stripped = stripped.replace(ref, " ")
    return stripped if len(stripped.strip()) >= 2 else topic


def _merge(first: Sequence[Hit], second: Sequence[Hit]) -> list[Hit]:
    """Hits of both lists, first list first, each clause once."""
    merged: dict[str, Hit] = {}
    for hit in [*first, *second]:
        merged.setdefault(hit.clause.clause_id, hit)
    return list(merged.values())


_PLACE = re.compile(rf"([{HAN_BASIC}]{{2}})(?:市|省)")


def regional_files(question: str, hits: Sequence[Hit]) -> frozenset[str]:
    """Files of the one place the question names (武汉 → the Wuhan documents); empty when it
    names none or several. A place counts when a retrieved document's title or issuer has it."""
    def where(hit: Hit) -> str:
        return f"{hit.clause.doc_title or ''} {hit.clause.issuer or ''}"

    places = {match.group(1) for hit in hits for match in _PLACE.finditer(where(hit))}
    asked = {place for place in places if place in question}
    if len(asked) != 1:
        return frozenset()
    (place,) = asked
    return frozenset(hit.clause.file for hit in hits if place in where(hit))


def named_files(intent: Intent, hits: Sequence[Hit]) -> frozenset[str]:
    """Files of the documents the question names (先导区方案, 湖北“十四五”规划, ...)."""
    files: set[str] = set()
    for ref in document_refs(intent.text):
        clause = match_document(ref, hits)
        if clause is not None:
            files.add(clause.file)
    return frozenset(files)


def fact_draft(intent: Intent, candidates: Sequence[Candidate], terms: Terms) -> Draft:
    """The best sentence; for a question joining several asks (A和B), more sentences that cover what it lacks."""
    chosen = [candidates[0]]
    covered = grams_of(candidates[0].sentence) | grams_of(candidates[0].clause.text)
    several = bool(_SEVERAL.search(intent.topic))
    for candidate in candidates[1:12]:
        if not several or len(chosen) == MAX_FACT_SENTENCES or candidate.score < EXTRA_FACT_SHARE * chosen[0].score:
            break
        new = (terms.matchable - covered) & grams_of(candidate.sentence)
        if terms.share(new) >= MIN_NEW_SHARE and candidate.sentence not in {item.sentence for item in chosen}:
            chosen.append(candidate)
            covered |= grams_of(candidate.sentence)
    return quotes_draft(chosen, terms, intent, bullets=len(chosen) > 1)


def list_draft(candidates: Sequence[Candidate], terms: Terms) -> Draft:
    """One bullet per relevant clause (its best sentence), up to `MAX_LIST_ITEMS`."""
    items = [candidate for candidate in candidates if candidate.clause.kind != "row"] or list(candidates)
    chosen: list[Candidate] = []
    seen: set[str] = set()
    for candidate in items:
        if candidate.score < LIST_SHARE * items[0].score or len(chosen) == MAX_LIST_ITEMS:
            break
        if candidate.clause.clause_id not in seen:
            chosen.append(candidate)
            seen.add(candidate.clause.clause_id)
    chosen = chosen or [items[0]]
    return quotes_draft(chosen, terms, None, bullets=len(chosen) > 1, lead="相关规定如下：")


def numbers_within(label: str, text: str) -> bool:
    """True when every number of `label` also stands in `text`."""
    return extract_numbers(label) <= extract_numbers(text)


def comparison_draft(intent: Intent, sides: Sequence[Side], terms: Terms) -> Draft:
    """One bullet per side of a comparison, then which document is newer."""
    book = CitationBook()
    focus = set(terms.matchable)
    lines = ["对比如下："]
    for side in sides:
        prefix = f"{side.label}：" if side.label else ""
        if side.candidate is not None and not numbers_within(side.label, side.candidate.clause.text):
            prefix = ""  # a year from the question is no fact of the cited clause
        if side.candidate is None:
            lines.append(f"- {prefix}现有文件未涉及这一方面的相关内容。")
            continue
        sentence = focus_on_measure(side.candidate.sentence, intent.measures)
        quote = quote_line(side.candidate.clause, sentence, book.cite(side.candidate.clause), focus)
        lines.append(f"- {prefix}{quote}")
    newer = newer_sentence([side.candidate.clause for side in sides if side.candidate], book)
    if newer:
        lines.append(newer)
    return Draft("\n".join(lines), book.frozen(), refused=False)
