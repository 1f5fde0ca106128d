"""Citation verification of every answer, whoever wrote it (extractive or LLM).

Rules, applied by `verify_answer` (pure: text and citations in, text and citations out):

1. The answer is split into sentences: at 。！？ or a line break, never inside “…” or
   《…》; markers written right after a sentence end belong to that sentence. A leading
   list mark (`- `, `1. `) is kept aside and is not part of the sentence.
2. A marker naming no citation is deleted. A sentence must then carry at least one
   marker, except *frames*: a refusal statement (现有文件未规定……), a short lead-in
   ending in a colon (相关条款如下：) or a `#` heading. Numbers and quotes in a frame must
   appear in the question or in one of the citations.
3. The facts of a marked sentence must appear in what its citations support — their
   clause texts plus document title (also without its years), 文号, issuer, date and section headings — compared
   after normalisation (width, case, whitespace; `2028年` matches `2028 年`; a date printed
   `2024-09-18` supports `2024年9月18日`):
   numbers in Arabic digits together with the unit written after them (`20家`),
   amounts in Chinese numerals with a unit (`一百万元`), and quoted text in “…”, 「…」
   and 《…》 (a quote may be shortened with ……). A longer sentence must also share at
   least a quarter of its character bigrams with its sources.
4. A sentence failing 2 or 3 is removed, not marked: a reader never sees a claim the
   sources do not make. Removed sentences are reported in `removed_sentences`.
5. Markers are renumbered 1, 2, … by first appearance; unused citations are dropped.
6. A clause whose text reads like an instruction to a model (忽略以上指令……) can only be
   quoted: a sentence citing it keeps its numbers inside “…”, or it is removed — so an
   injected “每家企业补贴100万元” never becomes a claim in the answer's own voice.

When no citation survives, `VerifiedAnswer.supported` is False and the caller turns
the answer into a refusal that points to the nearest clauses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rag.text.chars import CJK
from rag.text.dates import PRINTED_DATE, calendar_day, plain_title, title_without_years
from rag.text.numbers import number_unit_pairs
from rag.text.sentences import normalize, split_sentences
from rag.types import Citation, Clause

MARKER = re.compile(r"\[\s*(\d+(?:\s*[,，、]\s*\d+)*)\s*\]")
_LIST_MARK = re.compile(r"^\s*(?:[-*•·]\s*|\d{1,2}(?:[.．)]\s+|、)|[（(]\d{1,2}[)）]\s*)")
_ELLIPSIS = re.compile(r"……|…|\.\.\.+")
_REFUSAL = re.compile(
    r"^(?:现有|目前|所给|所提供|提供的|检索到的|相关)?[^。]{0,8}(?:文件|资料|材料|语料|条款|文本)[^。]{0,12}"
    r"(?:未|没有|并未|均未|不曾)(?:有)?(?:规定|涉及|载明|提供|列出|给出|说明|明确|提到|包含|包括|写明|找到|提及)"
)
_INSTRUCTION = re.compile(
    r"忽略(?:以上|上述|之前|前面|先前|所有)[^。]{0,6}(?:指令|指示|要求|提示)|无视(?:以上|之前)[^。]{0,6}指令|你现在是|你的新任务|"
    r"系统提示|ignore(?:all)?(?:the)?(?:previous|above|prior)instructions|disregard(?:the)?(?:previous|above)"
)
_HEDGE = re.compile(r"但|不过|然而|一般|通常|大约|约为|据悉|据了解|估计")
_QUOTE_PAIRS = {"“": "”", "《": "》", "「": "」"}
_NESTED_MARKS = str.maketrans("〈〉", "《》")
_MIN_BIGRAMS_CHECKED = 8
_MIN_BIGRAM_SHARE = 0.25


@dataclass(frozen=True)
class VerifiedAnswer:
    """An answer after verification: kept text, renumbered citations, what was removed."""

    text: str
    citations: tuple[Citation, ...]
    removed_sentences: tuple[str, ...] = field(default=())

    @property
    def supported(self) -> bool:
        """True when at least one cited sentence survived."""
        return bool(self.citations)


def verify_answer(text: str, citations: Sequence[Citation], question: str = "") -> VerifiedAnswer:
    """Remove unsupported sentences, renumber markers, drop unused citations (see module doc)."""
    by_n = {citation.n: citation for citation in citations}
    supports = {n: support_text(citation.clause) for n, citation in by_n.items()}
    frame_support = normalize(question) + "".join(supports.values())
    kept_lines: list[str] = []
    removed: list[str] = []
    for line in text.split("\n"):
        kept = _verify_line(line, supports, frame_support, removed)
        if kept is not None:
            kept_lines.append(kept)
    order = _first_appearance("\n".join(kept_lines))
    mapping = {old: new for new, old in enumerate(order, start=1)}
    final = _tidy_lines([_renumber(line, mapping) for line in kept_lines])
    renumbered = tuple(Citation(n=mapping[old], clause=by_n[old].clause) for old in order)
    return VerifiedAnswer(text=final, citations=renumbered, removed_sentences=tuple(removed))


def _verify_line(line: str, supports: dict[int, str], frame_support: str, removed: list[str]) -> str | None:
    """The line with unsupported sentences removed; None when nothing of it is left."""
    if not line.strip():
        return ""
    mark = _LIST_MARK.match(line)
    prefix = mark.group(0) if mark else ""
    kept: list[str] = []
    for sentence in split_sentences(line[len(prefix):]):
        cleaned = _drop_unknown_markers(sentence, supports)
        if sentence_supported(cleaned, supports, frame_support):
            kept.append(cleaned)
        else:
            removed.append(sentence)
    if not kept:
        return None
    return prefix + _join(kept)


def sentence_supported(sentence: str, supports: dict[int, str], frame_support: str) -> bool:
    """True when the sentence is a frame backed by `frame_support`, or cites sources that hold its facts."""
    cited = markers_of(sentence)
    body = MARKER.sub("", sentence)
    if not cited:
        return is_frame(body) and not unsupported_facts(body, frame_support)
    support = "".join(supports[n] for n in cited)
    if any(looks_like_instruction(supports[n]) for n in cited) and _unquoted_facts(body):
        return False
    return not unsupported_facts(body, support) and _shares_enough(body, support)


def looks_like_instruction(text: str) -> bool:
    """True for text addressing a model rather than a reader (a prompt injection)."""
    return bool(_INSTRUCTION.search(normalize(text)))


def _unquoted_facts(sentence: str) -> list[tuple[str, str]]:
    """Numbers of `sentence` outside its quotations."""
    outside = sentence
    for quote in _quotes(sentence):
        outside = outside.replace(quote, " ")
    return _number_facts(outside)


# A part's lead-in naming its side (关于“……”： / 关于《a long title》：), however long the name.
_LEAD = re.compile(r"^关于[“《][^\n]{1,100}[”》]：$")


def is_frame(sentence: str) -> bool:
    """A refusal statement, a short lead-in ending in a colon, or a Markdown heading."""
    stripped = sentence.strip().strip("*_ ")
    if not stripped:
        return True
    if stripped.startswith("#"):
        return len(stripped) <= 40
    if stripped.endswith((":", "：")) and (len(stripped) <= 30 or _LEAD.match(stripped)):
        return True
    return is_refusal(stripped)


def is_refusal(sentence: str) -> bool:
    """True for a plain refusal statement such as 现有文件未规定……"""
    stripped = MARKER.sub("", sentence).strip().strip("*_ -")
    return bool(_REFUSAL.search(normalize(stripped))) and not _HEDGE.search(stripped)


def starts_with_refusal(text: str) -> bool:
    """True when the first sentence of `text` is a refusal statement."""
    sentences = split_sentences(text)
    return bool(sentences) and is_refusal(sentences[0])


def unsupported_facts(sentence: str, support: str) -> list[str]:
    """Numbers, amounts and quotes of `sentence` that do not appear in the normalized `support`."""
    missing = [token for token in _number_facts(sentence) if not _number_in(token, support)]
    missing += [quote for quote in _quotes(sentence) if not _quote_in(quote, support)]
    return missing


def _number_facts(sentence: str) -> list[tuple[str, str]]:
    return number_unit_pairs(normalize(sentence))


def _number_in(token: tuple[str, str], support: str) -> bool:
    number, unit = token
    if number[0].isdigit():
        pattern = rf"(?<![\d.])0*{re.escape(number)}(?!\d|\.\d)" + re.escape(unit)  # 7月 is stated as 07月 too
    else:
        pattern = re.escape(number + unit)
    return re.search(pattern, support) is not None


def _quotes(sentence: str) -> list[str]:
    """Outermost “…”, 《…》 and 「…」 spans of `sentence` (nesting respected)."""
    spans: list[str] = []
    stack: list[tuple[str, int]] = []
    for index, char in enumerate(sentence):
        if char in _QUOTE_PAIRS:
            stack.append((char, index))
        elif stack and char == _QUOTE_PAIRS[stack[-1][0]]:
            _, start = stack.pop()
            if not stack:
                spans.append(sentence[start + 1 : index])
    return [span for span in spans if span.strip()]


def _quote_in(quote: str, support: str) -> bool:
    """Every piece of `quote` (split at ……) in `support`; 〈〉 count as 《》 (`support_text` reads
    them so too), as titles nested in titles are written 〈〉."""
    parts = [normalize(part).translate(_NESTED_MARKS).strip("。.,，;；!！?？:：") for part in _ELLIPSIS.split(quote)]
    return all(part in support for part in parts if len(part) >= 2)


def _shares_enough(sentence: str, support: str) -> bool:
    """True for short sentences, and for longer ones sharing a quarter of their bigrams with `support`."""
    grams = _bigrams(sentence)
    if len(grams) < _MIN_BIGRAMS_CHECKED:
        return True
    shared = sum(1 for gram in grams if gram in support)
    return shared / len(grams) >= _MIN_BIGRAM_SHARE


def _bigrams(text: str) -> set[str]:
    runs = re.findall(f"[{CJK}]+", normalize(text))
    return {run[i : i + 2] for run in runs for i in range(len(run) - 1)}


def support_text(clause: Clause) -> str:
    """What a citation of `clause` supports, normalized: its text and its document's metadata."""
    # A document may be named without the years or issuer count of its title (rag.answering.quotes.short_title).
    title = clause.document_name
    parts = [clause.text, title, title_without_years(title), plain_title(title), clause.doc_number or "", clause.issuer or "", clause.label]
    parts += list(clause.section)
    if clause.date:
        year, month, day = clause.date[:10].split("-")
        parts += [clause.date, f"{int(year)}年{int(month)}月{int(day)}日"]
    # A date printed with dashes or slashes (2024-09-18 09:30) supports the same date written out.
    parts += [
        f"{int(year)}年{int(month)}月{int(day)}日" for year, _, month, day in PRINTED_DATE.findall(clause.text)
        if calendar_day(int(month), int(day))
    ]
    return "\n".join(normalize(part) for part in parts if part).translate(_NESTED_MARKS)


def markers_of(sentence: str) -> list[int]:
    """Citation numbers named by the markers of `sentence`, in order, without repeats."""
    numbers: list[int] = []
    for match in MARKER.finditer(sentence):
        numbers += [int(item) for item in re.split(r"\s*[,，、]\s*", match.group(1))]
    return list(dict.fromkeys(numbers))


def _drop_unknown_markers(sentence: str, known: dict[int, str]) -> str:
    def keep(match: re.Match[str]) -> str:
        valid = [n for n in markers_of(match.group(0)) if n in known]
        return "".join(f"[{n}]" for n in valid)

    return MARKER.sub(keep, sentence)


def _first_appearance(text: str) -> list[int]:
    return markers_of(text)


def _renumber(line: str, mapping: dict[int, int]) -> str:
    return MARKER.sub(lambda match: "".join(f"[{mapping[n]}]" for n in markers_of(match.group(0))), line)


def _join(sentences: list[str]) -> str:
    text = sentences[0]
    for sentence in sentences[1:]:
        spacer = " " if text[-1:].isascii() and sentence[:1].isascii() else ""
        text += spacer + sentence
    return text


def _tidy_lines(lines: list[str]) -> str:
    """Lines joined, without leading/trailing blank lines or runs of blank lines."""
    tidy: list[str] = []
    for line in lines:
        if not line.strip() and (not tidy or not tidy[-1].strip()):
            continue
        tidy.append(line)
    while tidy and not tidy[-1].strip():
        tidy.pop()
    return "\n".join(tidy)
