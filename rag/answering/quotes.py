"""Building blocks of answer texts: numbered citations, source labels, faithful quotes.

Everything an answer quotes comes from a clause's text verbatim (line breaks inside a
sentence joined); a long sentence may be shortened at commas, the cut marked with ……
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from rag.text.sentences import clause_heading, normalize, strip_label
from rag.text.dates import PERIOD_AT_END, YEAR_MENTION, plain_title, title_without_years, title_years
from rag.text.numbers import extract_numbers
from rag.types import Citation, Clause
from rag.answering.verify import looks_like_instruction

_PHRASE_END = re.compile(r"(?<=[,，;；:：])")
_POLICY_TITLE = re.compile(r"方案|规划|意见|通知|办法|规定|决定|细则|措施|纲要")
MAX_QUOTE_CHARS = 160


@dataclass
class CitationBook:
    """Numbers clauses in the order an answer first cites them; `keep_years`: the answer names
    its documents with the years of their titles (`titles_keep_years`)."""

    citations: list[Citation] = field(default_factory=list)
    keep_years: bool = False

    def cite(self, clause: Clause) -> int:
        """The marker number of `clause`, assigning the next one on first use."""
        for citation in self.citations:
            if citation.clause.clause_id == clause.clause_id:
                return citation.n
        self.citations.append(Citation(n=len(self.citations) + 1, clause=clause))
        return len(self.citations)

    def frozen(self) -> tuple[Citation, ...]:
        return tuple(self.citations)


def short_title(clause: Clause, cited: str | None = None) -> str:
    """The document title without a trailing period such as (2023—2025年); the file name (without
    its extension) if untitled.

    With `cited` (the text an answer sentence cites), a year the title names (某市2025年……细则)
    is left out unless that text states it, and so is the count of its issuers (等7部门): every
    number of an answer must be found in the text it cites. The full title stays in the citation."""
    title = clause.document_name
    short = PERIOD_AT_END.sub("", title).strip() or title
    if cited is None:
        return short
    return plain_title(short, extract_numbers(cited))


def nest_title_marks(text: str) -> str:
    """`text` with 《》 written inside another 《》 as 〈〉 (《国务院关于印发〈……计划〉的通知》), as
    Chinese typesetting nests them; quoted original text (“……”) is left as it is."""
    out: list[str] = []
    depth = quoted = 0
    for char in text:
        if char == "“":
            quoted += 1
        elif char == "”" and quoted:
            quoted -= 1
        elif not quoted and char == "《":
            depth += 1
            char = "〈" if depth > 1 else char
        elif not quoted and char == "》" and depth:
            char = "〉" if depth > 1 else char
            depth -= 1
        out.append(char)
    return "".join(out)


def place(clause: Clause, depth: int = 3) -> str:
    """Where the clause sits: the last `depth` section headings and the clause's own heading.

    Headings with Arabic digits (专栏 3, 到2028年) are left out unless the clause text
    repeats them: every number of an answer must be found in the text it cites.
    """
    parts = [
        part
        for part in clause.section[-depth:]
        if (not re.search(r"\d", part) or normalize(part) in normalize(clause.text))
        and normalize(part) != normalize(clause.doc_title or "")
    ]
    heading = clause_heading(clause)
    if heading and clause.kind != "row":
        parts.append(heading)
    return " › ".join(part.strip() for part in parts if part.strip())


def source_label(clause: Clause, keep_years: bool = False) -> str:
    """《title》（section › heading） for the start of a quoting sentence; a clause of a regulation
    that a notice issues (印发《……规定》的通知) is named by that regulation, not by the notice.
    The title's years are left out where the clause does not state them, unless `keep_years`."""
    issued = issued_document(clause)
    where = place(replace(clause, section=clause.section[1:]) if issued else clause)
    title = issued or short_title(clause)
    named = title if keep_years else plain_title(title, extract_numbers(clause.text))
    return f"《{named}》" + (f"（{where}）" if where else "")


def titles_keep_years(question: str, clauses: Sequence[Clause]) -> bool:
    """Whether an answer citing `clauses` must name their documents with the years of their
    titles: two of them differ only by those years (某市2024年工作要点, 某市2025年工作要点), or
    the question names one of those years."""
    titles = {short_title(clause) for clause in clauses}
    if len({title_without_years(title) for title in titles}) < len(titles):
        return True
    asked = extract_numbers(question)
    return any(years & asked for title in titles for years in title_years(title))


def issued_document(clause: Clause) -> str:
    """The document a notice issues that `clause` belongs to: its first section heading when the
    notice's title names it in 《》; '' otherwise."""
    first = clause.section[0].strip() if clause.section else ""
    return first if first and f"《{first}》" in (clause.doc_title or "") else ""


def is_policy(clause: Clause) -> bool:
    """True for a government document (it has a 文号 or a policy-like title), False for news."""
    return bool(clause.doc_number) or bool(_POLICY_TITLE.search(clause.doc_title or ""))


def quote_line(clause: Clause, sentence: str, book: CitationBook, focus: set[str] | None = None) -> str:
    """One answer sentence quoting `sentence` of `clause`, cited in `book` (whose `keep_years`
    says how its documents are named, `source_label`)."""
    body = row_quote(sentence) if clause.kind == "row" else trim_sentence(sentence, focus or set())
    verb = "列明" if clause.kind == "row" else "提出" if is_policy(clause) and not looks_like_instruction(sentence) else "写道"
    return f"{source_label(clause, book.keep_years)}{verb}：“{body}”[{book.cite(clause)}]。"


def row_quote(sentence: str) -> str:
    """A table row without its serial number field."""
    return re.sub(r"^序号[:：][^；;]*[；;]\s*", "", sentence).rstrip("。；; ")


def trim_sentence(sentence: str, focus: set[str], limit: int = MAX_QUOTE_CHARS) -> str:
    """`sentence` without its end mark; if too long, the run of phrases richest in `focus` grams."""
    text = sentence.rstrip("。；;！!？? ")
    if len(text) <= limit:
        return text
    phrases = [phrase for phrase in _PHRASE_END.split(text) if phrase]
    best = (0.0, 0, 1)
    for start in range(len(phrases)):
        length, end = 0, start
        while end < len(phrases) and length + len(phrases[end]) <= limit:
            length += len(phrases[end])
            end += 1
        value = sum(_focus_hits(phrase, focus) for phrase in phrases[start:end])
        if end > start and value > best[0]:
            best = (value, start, end)
    _, start, end = best
    piece = "".join(phrases[start:end]).rstrip(",，;；:：") or text[:limit]
    return ("……" if start > 0 else "") + piece + ("……" if end < len(phrases) else "")


def _focus_hits(phrase: str, focus: set[str]) -> float:
    plain = normalize(phrase)
    hits = sum(1 for gram in focus if gram in plain)
    return hits + (0.5 if re.search(r"\d", plain) else 0.0)


def topic_label(clause: Clause) -> str:
    """A short name of what a clause is about: its task or heading without the number."""
    heading = clause_heading(clause)
    if heading:
        return strip_label(heading)
    return strip_label(clause.section[-1]) if clause.section else ""


def focus_on_measure(sentence: str, measures: tuple[str, ...], min_chars: int = 60) -> str:
    """For a long sentence, only its time phrase and the phrases naming `measure`, gaps marked ……

    `到 2028 年,全市…,集聚海洋经济企业超 1500 家,建成…` asked about 海洋经济企业 becomes
    `到 2028 年,……集聚海洋经济企业超 1500 家……`. Unchanged when no measure is found.
    """
    heads = [measure[-2:] for measure in measures if len(measure) >= 2]
    text = sentence.rstrip("。；;！!？? ")
    if not heads or len(text) < min_chars:
        return sentence
    phrases = [phrase for phrase in _PHRASE_END.split(text) if phrase]
    keep = {index for index, phrase in enumerate(phrases) if any(head in normalize(phrase) for head in heads)}
    if not keep:
        return sentence
    if YEAR_MENTION.search(phrases[0]) and len(phrases[0]) <= 16:
        keep.add(0)
    pieces: list[str] = []
    for index, phrase in enumerate(phrases):
        if index in keep:
            pieces.append(phrase if index + 1 in keep or index == len(phrases) - 1 else phrase.rstrip(",，;；:："))
        elif not pieces or pieces[-1] != "……":
            pieces.append("……")
    return "".join(pieces)
