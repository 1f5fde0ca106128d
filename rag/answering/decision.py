"""Deciding, part by part, whether the documents answer it.

A part is refused only when what it asks is missing:

- the answerable model, over the part's evidence (how probable its best clause is, how
  much of the question's informative wording the top clauses hold, ...), says the
  documents do not address it; or
- the part asks for a value (an amount, a time limit, a date, a count, a contact, a
  penalty, a roster) and none of the clauses near the top states one, or the part names a
  year that only other years' values answer — the refusal then names that thing.

A word of the question missing from the clauses is one feature of the model, never a
reason on its own; the phrasing of a yes/no question (能不能, 是真的吗) never is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from rag.answering.absence import NOTHING_ABSENT, Absence
from rag.answering.asking import Ask
from rag.answering.features import value_kinds
from rag.answering.model import AnsweringModel, Thresholds
from rag.answering.parts import Part
from rag.answering.selection import (
    NEAR_TOP, WORD_TOP, Scored, absent_objects, choose_evidence, hedges, other_years_only, part_values, stating_candidates,
    states_value,
)
from rag.answering.terms import QuestionTerms
from rag.text.chars import CJK_CHAR

MAX_RELATED = 2  # nearest clauses a refusal points to


class Verdict(StrEnum):
    ANSWER = "answer"
    REFUSE = "refuse"


@dataclass(frozen=True)
class PartDecision:
    """What to do with one part: answer from `evidence`, or refuse pointing to `evidence`."""

    part: Part
    verdict: Verdict
    evidence: tuple[Scored, ...]
    answerable: float  # the answerable model's probability
    missing: Ask | None = None  # the asked value kind no clause near the top states, for a refusal
    absent: Absence = NOTHING_ABSENT  # what the part asks for that no top clause holds (哪个APP), for a refusal
    off_topic: bool = False  # refused as far in meaning from every clause: its nearest clauses are no related ones
    hedged: bool = False  # answered though no clause stands out (the best less probable than `uncertain_below`)

    @property
    def lacks_value(self) -> bool:
        """Refused, and it asks for a value (whether none is stated or the documents do not address it)."""
        return not self.answered and bool(value_kinds(self.part))

    @property
    def answered(self) -> bool:
        return self.verdict is Verdict.ANSWER


def decide(
    part: Part, scored: Sequence[Scored], terms: QuestionTerms, model: AnsweringModel,
    nouns: QuestionTerms | None = None, asked: QuestionTerms | None = None, semantic: bool = False,
) -> PartDecision:
    """Answer or refuse one part from its scored clauses (`nouns`, `asked`: its word terms, see
    `part_values`; `semantic`: the clauses carry the similarities the model was fitted on)."""
    answerable = model.answerable.probability(part_values(part, scored, terms, nouns, asked)) if _usable(part, scored) else 0.0
    off_topic = semantic and off_topics(scored, model.thresholds)
    return settle(part, scored, answerable, model.thresholds, absent_objects(part, scored[:WORD_TOP]), off_topic)


def off_topics(scored: Sequence[Scored], thresholds: Thresholds) -> bool:
    """The question is no closer in meaning than `min_similarity` to any retrieved clause: the
    documents are about other things (离婚以后孩子的抚养权归谁 asked of industrial policies),
    however well some words match."""
    return bool(scored) and max(item.row.get("semantic") for item in scored) < thresholds.min_similarity


def _usable(part: Part, scored: Sequence[Scored]) -> bool:
    """Something was retrieved, and there is Chinese to match a Chinese corpus against."""
    return bool(scored) and bool(CJK_CHAR.search(part.text))


def settle(
    part: Part, scored: Sequence[Scored], answerable: float, thresholds: Thresholds, absent: Absence,
    off_topic: bool = False,
) -> PartDecision:
    """Answer or refuse one part given its answerable probability and what it asks for that no top
    clause names (`absent`, see `absent_objects`: read once per part, not once per threshold tried);
    `off_topic`: the question is far in meaning from every retrieved clause (see `off_topics`)."""
    if not _usable(part, scored):
        return PartDecision(part, Verdict.REFUSE, (), 0.0)
    related = tuple(scored[:MAX_RELATED])
    kinds = value_kinds(part)
    near = scored[:NEAR_TOP]
    # Stated by a clause the answer may cite (`stating_candidates`), measured against the best clause of
    # any place: a value far less probable than it does not count.
    stated = not kinds or (
        any(states_value(item, scored[0], thresholds) for item in stating_candidates(part, scored))
        and not other_years_only(near)
    )
    if answerable < thresholds.answer_min or not stated or absent or off_topic:
        # A part asking for a value that the documents do not answer lacks that value: the
        # refusal names it (未规定……的申报截止时间), not the question's other words; so does
        # a part asking for a thing no top clause names (在哪个APP上用 → APP).
        missing = kinds[0] if kinds and not stated and not off_topic else None
        return PartDecision(part, Verdict.REFUSE, related, answerable, missing=missing, absent=absent, off_topic=off_topic)
    chosen = choose_evidence(part, scored, thresholds)
    return PartDecision(part, Verdict.ANSWER, tuple(chosen), answerable, hedged=hedges(part, chosen[0], thresholds))
