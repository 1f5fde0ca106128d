"""Answers written by an LLM from retrieved clauses, verified like every answer.

`LLMAnswerer(retriever, generator, settings)`:

1. checks the input and resolves a follow-up (with the generator, prompts/rewrite.txt);
2. retrieves clauses and numbers them [1], [2], … as context blocks, each labelled with
   its locator (《title》 文号 · section · file:lines) and its text delimited as data
   between <document> and </document> (prompts/system.txt says text there is material
   to quote, never instructions);
3. asks for a Chinese answer with [n] markers (prompts/answer.txt);
4. runs `rag.verify.verify_answer` on the reply: unsupported sentences go, markers are
   renumbered; a reply with nothing supported becomes a refusal citing the nearest clauses.

`stream()` yields the reply as it is generated (str pieces), then the verified `Answer`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rag.answering.conversation import as_turns, format_history, resolve_followup
from rag.answering.drafts import refusal_draft, unsupported_refusal
from rag.answering.prompts import load_prompt, render
from rag.answering.question import check_question
from rag.answering.prompts import refusal_text
from rag.answering.verify import VerifiedAnswer, starts_with_refusal, verify_answer
from rag.config import Settings
from rag.interfaces import Generator, History, Message, Retriever
from rag.text.sentences import split_sentences
from rag.types import Answer, Citation, Clause, Filters, Turn

DEFAULT_K = 6
_DOCUMENT_TAG = re.compile(r"<\s*(/?)\s*document", re.IGNORECASE)


@dataclass(frozen=True)
class Prepared:
    """A question ready for the generator: the messages and the numbered context clauses."""

    asked: str
    resolved: str
    messages: list[Message]
    citations: tuple[Citation, ...]


class LLMAnswerer:
    """Answers with a generator over retrieved clauses; every reply is verified."""

    name = "llm"

    def __init__(
        self, retriever: Retriever, generator: Generator, settings: Settings | None = None, k: int = DEFAULT_K
    ) -> None:
        self.retriever = retriever
        self.generator = generator
        self.settings = settings or Settings()
        self.k = k

    def answer(
        self, question: str, history: History = (), filters: Filters | None = None, question_id: str | None = None
    ) -> Answer:
        """The verified answer to `question`."""
        prepared = self.prepare(question, history, filters)
        if isinstance(prepared, Answer):
            return _with_id(prepared, question_id)
        return self.finish(prepared, self.generator.generate(prepared.messages), question_id)

    def stream(
        self, question: str, history: History = (), filters: Filters | None = None, question_id: str | None = None
    ) -> Iterator[str | Answer]:
        """Pieces of the reply as they are generated, then the verified Answer."""
        prepared = self.prepare(question, history, filters)
        if isinstance(prepared, Answer):
            yield _with_id(prepared, question_id)
            return
        pieces: list[str] = []
        for piece in self.generator.stream(prepared.messages):
            pieces.append(piece)
            yield piece
        yield self.finish(prepared, "".join(pieces), question_id)

    def prepare(self, question: str, history: History = (), filters: Filters | None = None) -> Prepared | Answer:
        """Messages for the generator, or a refusal when nothing is retrieved."""
        asked = check_question(question, self.settings.max_question_chars)
        turns = as_turns(history)
        resolved = resolve_followup(asked, turns, self.generator)
        hits = self.retriever.search(resolved, k=self.k, filters=filters)
        if not hits:
            draft = refusal_draft(refusal_text("unknown"))
            return Answer(asked, draft.text, True, (), answerer=self.name)
        citations = tuple(Citation(n=index, clause=hit.clause) for index, hit in enumerate(hits, start=1))
        return Prepared(asked, resolved, build_messages(resolved, citations, turns), citations)

    def finish(self, prepared: Prepared, reply: str, question_id: str | None = None) -> Answer:
        """Verify the reply; one with nothing supported becomes a refusal with the nearest clauses."""
        verified = verify_answer(reply, prepared.citations, prepared.resolved)
        if verified.supported:
            refused = starts_with_refusal(verified.text)
            return Answer(prepared.asked, verified.text, refused, verified.citations, question_id, self.name)
        return self._refusal(prepared, verified, question_id)

    def _refusal(self, prepared: Prepared, verified: VerifiedAnswer, question_id: str | None) -> Answer:
        clauses = [citation.clause for citation in prepared.citations]
        draft = unsupported_refusal(prepared.resolved, clauses)
        lines = draft.text.split("\n")
        if starts_with_refusal(verified.text):  # keep the model's own wording of what is missing
            lines[0] = split_sentences(verified.text)[0]
        checked = verify_answer("\n".join(lines), draft.citations, prepared.resolved)
        return Answer(prepared.asked, checked.text, True, checked.citations, question_id, self.name)


def build_messages(question: str, citations: Sequence[Citation], turns: Sequence[Turn] = ()) -> list[Message]:
    """The system prompt and the user prompt holding the numbered, delimited context."""
    context = "\n\n".join(context_block(citation.n, citation.clause) for citation in citations)
    user = render("answer", question=question, context=context, history=format_history(turns))
    return [{"role": "system", "content": load_prompt("system")}, {"role": "user", "content": user}]


def context_block(n: int, clause: Clause) -> str:
    """`[n] 《title》 文号 · section · file:lines` then the clause text inside <document> tags."""
    parts = [f"[{n}] 《{clause.document_name}》"]
    if clause.doc_number:
        parts.append(clause.doc_number)
    label = " ".join(parts)
    if clause.section:
        label += " · " + " › ".join(clause.section)
    label += f" · {clause.file}:{clause.line_start}-{clause.line_end}"
    return f"{label}\n<document>\n{escape_document(clause.text)}\n</document>"


def escape_document(text: str) -> str:
    """Document text that cannot close or open a <document> tag itself."""
    return _DOCUMENT_TAG.sub(lambda match: f"＜{match.group(1)}document", text)


def _with_id(answer: Answer, question_id: str | None) -> Answer:
    return Answer(answer.question, answer.answer, answer.refused, answer.citations, question_id, answer.answerer)
