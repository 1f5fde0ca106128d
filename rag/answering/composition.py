"""Writing the answer from the part decisions: verdict first, then cited quotes.

- One answered part: a verdict for a yes/no or wording question (可以[1]。/ 原文为“……”[1]。),
  then the best sentence of each evidence clause, quoted with its source and marker
  (bullets when there are several).
- Several parts: one numbered block per part, each opening with a short lead-in naming
  the part; a part the documents do not cover says so (现有文件未涉及……) in its block.
- Every part refused: the refusal of the first part, naming the missing thing, and the
  nearest clauses as related citations.

Sentences are chosen inside a clause by the part's weighted terms, a sentence stating the
asked-for value first. Quotes are verbatim (rag.answering.quotes); the draft is verified
afterwards like every answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from rag.answering.agreement import agreement_verdict, agreement_word, only_agreement, repeated
from rag.answering.asking import Ask, holds, states_ordinal
from rag.answering.decision import PartDecision
from rag.answering.drafts import Draft, newer_sentence
from rag.answering.features import value_kinds
from rag.answering.parts import Part
from rag.answering.missing import refusal_sentence
from rag.answering.prompts import refusal_text
from rag.answering.quotes import CitationBook, quote_line, short_title, source_label, titles_keep_years
from rag.answering.selection import Scored
from rag.answering.terms import QuestionTerms, grams_of
from rag.answering.verdicts import given_wording, settled_verdict, states_wording, wording_verdict
from rag.text.chars import restore_case
from rag.text.numbers import extract_numbers, stated_measures
from rag.text.ranges import measure_fit, ranges
from rag.text.sentences import NOTE, clause_heading, clause_lines, clause_sentences, normalize
from rag.types import Clause

# Kinds of part that only circle the thing a value part asks for (yes/no, where, who, what is it).
SOFT_KINDS = frozenset({Ask.POLAR, Ask.PLACE, Ask.RESPONSIBLE, Ask.LIST, Ask.DEFINITION, Ask.COMPARE})
MAX_LEAD_CHARS = 24  # a part's lead-in is cut to stay a short frame
BARE_HEADING_CHARS = 16  # a clause heading up to this long names a topic rather than stating a rule
BRACKET_SHARE = 0.8  # a neighbouring bracket holding this share of the best sentence's terms answers alike
@lru_cache(maxsize=1024)  # pure, and asked again by the checks that compare parts' quotes
def best_sentence(clause: Clause, part: Part, terms: QuestionTerms) -> str:
    """The sentence of `clause` that answers `part` best: one stating the asked value, richest in its terms."""
    heading = clause_heading(clause)
    # A short heading (7.“互联网+”产品消费) answers nothing; a heading that is a full statement may.
    bare = heading if heading and len(heading) <= BARE_HEADING_CHARS and clause.kind != "row" else ""
    sentences = [s for s in clause_sentences(clause) if not (bare and s.rstrip("。；;") == bare)]
    sentences = sentences or clause_sentences(clause) or [clause.text]
    kinds = value_kinds(part)
    # A sentence speaks to the asker's case when a range it sets holds a measure they give (交了六年 →
    # 满5年不足10年的……), a two-sided range best; else when it names that measure (工作满十年 → 已满10年……).
    ranged, given = part.case_measures, part.named_measures
    # who is responsible, asked or put to a yes/no (是市数据局负责吗): the note saying so answers it
    responsibility = part.asks(Ask.RESPONSIBLE) or holds(Ask.RESPONSIBLE, part.text)
    def score(sentence: str) -> tuple[bool, bool, int, bool, bool, float]:
        item = part.place is not None and states_ordinal(sentence, part.place)
        text = normalize(sentence)
        fit = measure_fit(text, ranged) if ranged else 0
        named = bool(given & stated_measures(text))
        # who is responsible is stated where a sentence says so (（责任单位：……）), not in the item's first one
        answers = all(holds(kind, sentence, part.counter) for kind in kinds) and (
            not part.asks(Ask.RESPONSIBLE) or holds(Ask.RESPONSIBLE, sentence)
        )
        # a note naming who is responsible, or that the paper is public, says nothing else
        says = responsibility or not _only_note(text)
        return (item, answers, fit, named, says, terms.share(grams_of(sentence)))

    scores = [score(sentence) for sentence in sentences]
    best = max(range(len(sentences)), key=scores.__getitem__)
    if ranged:
        return sentences[best]
    # No measure of the asker's own: a rule set in brackets (……不满一年的，试用期不得超过一个月；
    # ……六个月) is quoted whole when the question fits every bracket alike (试用期最长多久).
    return bracket_run(clause, sentences, best, scores)


# A sentence that is only a note: who is responsible (a `NOTE` labelled 责任单位, 牵头部门 …), or that the
# paper is public (（此件公开发布）).
_ROLE_LABEL = re.compile(r"\s*(?:责任|牵头|配合)(?:单位|部门)\s*")
_PUBLIC = re.compile(r"^[（(]\s*此件(?:公开发布|主动公开|依申请公开)")


def _only_note(text: str) -> bool:
    """`text` opens with a note naming who is responsible, or says that the paper is public."""
    note = NOTE.match(text)
    return bool(note and _ROLE_LABEL.fullmatch(note.group(1))) or bool(_PUBLIC.match(text))


def bracket_run(clause: Clause, sentences: Sequence[str], best: int, scores: Sequence[tuple]) -> str:
    """`sentences[best]` with the neighbours that set the same rule for other ranges of the same
    measure, joined by ；, and that answer the part as well as it does; else `sentences[best]` alone."""
    dimensions = {found.dimension for found in ranges(normalize(sentences[best]))}
    if not dimensions:
        return sentences[best]

    def alike(index: int, share: float) -> bool:
        return scores[index][:5] == scores[best][:5] and scores[index][5] >= share * scores[best][5] and bool(
            dimensions & {found.dimension for found in ranges(normalize(sentences[index]))}
        )

    first = last = best
    while first > 0 and sentences[first - 1].endswith("；") and alike(first - 1, BRACKET_SHARE):
        first -= 1
    # Brackets after the first leave out the subject it names (已满10年不满20年的，年休假10天).
    while last + 1 < len(sentences) and sentences[last].endswith("；") and alike(last + 1, 0.0):
        last += 1
    run = "".join(sentences[first : last + 1])
    return run if last > first and any(run in line for line in clause_lines(clause)) else sentences[best]


def _lead(decision: PartDecision, question: str) -> str:
    """关于“…”： naming a part (no list number: an answer's digits must all come from its sources).

    A side that is a document, or names one with a number its quotes do not hold (2023年的方案),
    is named by the title of the document it is answered from; a side whose label joins words the
    question gives once for both sides (某通知的主送单位和抄送单位 → 某通知的抄送单位) by its own words
    (抄送单位), which are the asker's."""
    part = decision.part
    text = (part.label or part.text).strip(" ？?。，,")
    evidence = [item.clause for item in decision.evidence] if decision.answered else []
    if text.startswith("《"):  # a side that is a document, named by its title: in 《》 when cited
        return f"关于{text if evidence else re.sub('[《》]', '', text)}："
    if part.document and evidence and not extract_numbers(text) <= frozenset().union(*(extract_numbers(c.text) for c in evidence)):
        return f"关于《{short_title(evidence[0])}》："
    own = text.rpartition("的")[2]
    if part.label and normalize(text) not in normalize(question) and own and normalize(own) in normalize(question):
        text = own
    text = text[:MAX_LEAD_CHARS] + "……" if len(text) > MAX_LEAD_CHARS else text
    return f"关于“{text}”："


def _quote_block(decision: PartDecision, terms: QuestionTerms, book: CitationBook, question: str) -> list[str]:
    """The lines answering one part: an optional verdict line, then one quote per evidence clause."""
    part = decision.part
    quotes: list[tuple[Clause, str]] = [(item.clause, best_sentence(item.clause, part, terms)) for item in decision.evidence]
    lines: list[str] = []
    asked = part.text or question
    quoting = asked if given_wording(asked) else question  # the text quoting the wording checked, if any
    if part.asks(Ask.WORDING):  # the clause stating the quoted wording, if one does, is quoted first
        given = given_wording(quoting)
        stating = [states_wording(clause.text, given) for clause, _ in quotes]
        quotes = [(c, _stating(c, s, given)) for (c, s), yes in zip(quotes, stating) if yes] + [
            quote for quote, yes in zip(quotes, stating) if not yes
        ]
    first_clause, first_sentence = quotes[0]
    n = book.cite(first_clause)
    if part.asks(Ask.WORDING):
        # The verdict quotes the first clause's sentence and names its source: not quoted again below.
        original = first_sentence.rstrip("。；; ")
        judged = wording_verdict(quoting, original)
        lines.append(f"{source_label(first_clause, book.keep_years)}原文为“{original}”" + (f"，{judged}" if judged else "") + f"[{n}]。")
        quotes = quotes[1:]
    elif part.asks(Ask.POLAR) and not decision.hedged:  # no yes or no when no clause stands out
        word = settled_verdict(asked, first_sentence, [sentence for _, sentence in quotes[1:]])
        if word:
            lines.append(f"{word}[{n}]。")
    focus = set(group for group in grams_of(part.query))
    bullets = len(quotes) > 1
    for clause, sentence in quotes:
        line = quote_line(clause, sentence, book, focus)
        lines.append(f"- {line}" if bullets else line)
    if lines and len(lines) > 1 and not bullets:
        return [lines[0] + lines[1], *lines[2:]]
    return lines


def _stating(clause: Clause, sentence: str, given: list[str]) -> str:
    """The shortest run of sentences of `clause` (one, two or three) that states the given
    wording; `sentence` if none does."""
    sentences = clause_sentences(clause)
    for size in (1, 2, 3):
        for start in range(len(sentences) - size + 1):
            run = "".join(sentences[start : start + size])
            if states_wording(run, given):
                return run
    return sentence


def _same_evidence(decisions: Sequence[PartDecision]) -> bool:
    """True when every part is answered from the same best clause (one quote answers them all),
    unless they ask for different items of the list it enumerates (第一个和第四个)."""
    firsts = {decision.evidence[0].clause.clause_id if decision.answered and decision.evidence else None for decision in decisions}
    places = {decision.part.place for decision in decisions}
    return len(firsts) == 1 and None not in firsts and len(places) == 1


def _same_sentence(decisions: Sequence[PartDecision], terms: Sequence[QuestionTerms]) -> bool:
    """True when every part would quote the same sentence of their shared best clause; sides that
    each have their own sentence in it (甲类的……；乙类的……) are quoted one by one."""
    quoted = {best_sentence(decision.evidence[0].clause, decision.part, part_terms) for decision, part_terms in zip(decisions, terms)}
    return len(quoted) == 1


def _sides_once(decisions: Sequence[PartDecision], terms: Sequence[QuestionTerms]) -> list[tuple[PartDecision, QuestionTerms]]:
    """The parts to answer one by one: a side answered again from the same clause (……各是按什么标准发的？
    两边说法一致吗？) once, and a part only asking agreement left to the agreement line."""
    sides = sum(1 for decision in decisions if decision.part.label and decision.answered)
    return [
        (decision, part_terms) for decision, part_terms, again in zip(decisions, terms, repeated(decisions))
        if not again and not (sides >= 2 and not decision.part.label and only_agreement(decision.part.text))
    ]


def _agreement_line(question: str, kept: Sequence[tuple[PartDecision, QuestionTerms]], book: CitationBook) -> list[str]:
    """一致[1][2]。 / 不一样[1][2]。 after a comparison asking agreement, from its sides' quoted figures."""
    sides = [(decision, part_terms) for decision, part_terms in kept if decision.part.label and decision.answered]
    quotes = [(decision.evidence[0].clause, best_sentence(decision.evidence[0].clause, decision.part, part_terms)) for decision, part_terms in sides]
    word = agreement_verdict(agreement_word(question), [sentence for _, sentence in quotes])
    if not word or len({clause.clause_id for clause, _ in quotes}) < 2:
        return []
    return [word + "".join(f"[{book.cite(clause)}]" for clause, _ in quotes) + "。"]


def refusal_line(decision: PartDecision) -> str:
    """What the documents lack for a refused part, as one refusal sentence."""
    part = decision.part
    # A value a clause states, refused all the same (the documents may not speak to this case): no
    # claim that the value is missing, and none that some word of the question is.
    unsure = decision.missing is None and decision.lacks_value and bool(decision.evidence) and not decision.off_topic
    clauses = [item.clause for item in decision.evidence]
    return refusal_sentence(
        part.query if part.label else part.text, decision.missing, clauses, unsure, decision.absent, decision.off_topic
    )


def missing_value_part(decisions: Sequence[PartDecision]) -> int | None:
    """The part whose missing value refuses the whole question: one lacks its value, and every
    answered part only circles it (有没有展位补贴，补多少？ — the amount is what was asked; a
    yes/no or place part answered around it does not make the question answered). None when
    no part lacks its value or a part answers more than that."""
    missing = next((index for index, decision in enumerate(decisions) if decision.lacks_value), None)
    if missing is None or not all(decision.part.kinds <= SOFT_KINDS for decision in decisions if decision.answered):
        return None
    return missing


def compose(question: str, decisions: Sequence[PartDecision], terms: Sequence[QuestionTerms], cased: str = "") -> Draft:
    """The draft answer for all parts (see the module docstring); `cased`: the question as asked,
    whose Latin words the frames of the answer (leads, refusals) keep as written (APP, not app)."""
    book = CitationBook(keep_years=titles_keep_years(question, [item.clause for decision in decisions for item in decision.evidence]))
    answered = [index for index, decision in enumerate(decisions) if decision.answered]
    if not answered:
        return refusal(decisions[0], terms[0], book, cased) if decisions else refusal(None, QuestionTerms(()), book)
    missing = missing_value_part(decisions)
    if missing is not None:
        return refusal(decisions[missing], terms[missing], book, cased)
    if len(decisions) == 1 or _same_evidence(decisions) and _same_sentence(decisions, terms):
        lines = _quote_block(decisions[0], terms[0], book, question)
        return Draft("\n".join(lines), book.frozen(), refused=False)
    kept = _sides_once(decisions, terms)
    lines: list[str] = _agreement_line(question, kept, book)  # the verdict first: 不一样[1][2]。
    for decision, part_terms in kept:
        lines.append(restore_case(_lead(decision, question), cased))
        if decision.answered:
            lines += _quote_block(decision, part_terms, book, question)
        else:
            lines.append(restore_case(refusal_line(decision), cased))
    if any(decision.part.label for decision in decisions):  # a comparison: say which document is newer
        newer = newer_sentence([citation.clause for citation in book.citations], book)
        if newer:
            lines.append(newer)
    return Draft("\n".join(lines), book.frozen(), refused=False)


def refusal(decision: PartDecision | None, terms: QuestionTerms, book: CitationBook, cased: str = "") -> Draft:
    """A refusal naming what is missing, with the nearest clauses as related citations (`cased`: see `compose`)."""
    if decision is None:
        return Draft(refusal_text("unknown"), (), refused=True)
    lines = [restore_case(refusal_line(decision), cased)]
    # The nearest clauses of a question on another matter are not related to it: none is listed.
    related: list[Scored] = [] if decision.off_topic else list(decision.evidence)
    if related:
        lines.append(refusal_text("related"))
        for item in related:
            sentence = best_sentence(item.clause, decision.part, terms)
            lines.append(f"- {quote_line(item.clause, sentence, book)}")
    return Draft("\n".join(lines), book.frozen(), refused=True)
