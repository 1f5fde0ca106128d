"""Consistency report: the same target stated differently across or within documents.

Quantified statements are read from every clause as facts: (indicator, target year,
number, magnitude, unit), e.g. 到2028年…全市人工智能产业规模突破2000亿元 gives
(人工智能产业规模, 2028, 2000, 亿, 元) and 培育50家智能原生企业 gives (智能原生企业, …, 50, 家).
Then, only between facts of the same target year and the same region:

- `value`: different documents give the same indicator different numbers;
- `wording`: different documents give the same number for indicators worded a little
  differently (独角兽企业 / 种子独角兽企业);
- `typo`: within one document the same indicator has the same digits but a different
  magnitude (两千元 / 2000亿元: a 亿 probably left out), or a headline disagrees with the body.

The target year of a fact is the last year named before it (in its sentence, its
clause, or earlier in the document); ranges such as (2026—2028年) and dates are skipped.
Pure: works on loaded documents.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from itertools import combinations
from typing import Any, Iterator, Sequence

from rag.checking.folding import FoldedDocument, bigrams, fold_document, fold_text
from rag.text.dates import TARGET_YEAR
from rag.text.numbers import (
    ARABIC,
    ARABIC_OR_RANGE,
    CN_QUANTITY,
    TARGET_COUNT_UNITS,
    TARGET_MEASURE_UNITS,
    alternation,
    chinese_number,
)
from rag.types import Clause, Document

SIMILAR_INDICATOR = 0.6  # Dice coefficient of character bigrams
MAX_QUOTE_CHARS = 120

_FACT = re.compile(
    rf"(?<![\d.．第])(?P<num>{ARABIC_OR_RANGE}|{CN_QUANTITY})\s*(?P<approx>余|多)?\s*(?P<mag>万亿|亿|万)?\s*"
    rf"(?P<unit>{alternation(TARGET_COUNT_UNITS | TARGET_MEASURE_UNITS)})(?P<more>以上|左右)?"
)
_MAGNITUDES = {"": 1.0, "万": 1e4, "亿": 1e8, "万亿": 1e12}
_SENTENCE_END = re.compile(r"[。；！？;!?\n]")
_NOUN = re.compile(r"[^\s，。；、,;：:（()）\d]{2,16}")
_BEFORE_STOP = re.compile(r"[\s，。；、,;：:（()）“”\"]")
_LEADING = re.compile(
    r"(?:到|至)?\s*(?:20\d\d\s*年[底末]?)?"
    r"(?:全市|全省|我市|我省|本市|[\u4e00-\u9fa5]{2,3}[市省]|力争|累计|投产|培育|集聚|建成|打造|推出|形成|建设|引进|实现|新增|拥有|开发|攻克|出口|其中|在全市|以及|和|及|与)*"
)
_TRAILING = re.compile(r"(?:突破|超过|超|达到|达|约|为|不少于|不低于|不超过|近|共|增至|提升至)+$")


@dataclass(frozen=True)
class Fact:
    """A quantified statement read from a clause."""

    clause: Clause
    region: str | None
    year: int
    indicator: str  # folded, scope words and verbs removed
    number: tuple[float, ...]  # one value, or the two ends of a range
    magnitude: str  # "", 万, 亿, 万亿
    unit: str
    phrase: str  # as written, e.g. 10家种子独角兽企业
    sentence: str
    headline: bool  # read from the document head (titles)

    @property
    def value(self) -> tuple[float, ...]:
        return tuple(item * _MAGNITUDES[self.magnitude] for item in self.number)


@dataclass(frozen=True)
class Statement:
    """One side of an inconsistency: where it is said and how."""

    clause_id: str
    file: str
    line_start: int
    line_end: int
    quote: str
    phrase: str
    doc_title: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Inconsistency:
    """Two statements of one indicator that do not agree, with a Chinese explanation."""

    kind: str  # "value" | "wording" | "typo"
    indicator: str
    a: Statement
    b: Statement
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "indicator": self.indicator,
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "explanation": self.explanation,
        }


def _number(text: str) -> tuple[float, ...]:
    if re.match(r"\d", text):
        return tuple(float(part) for part in re.findall(ARABIC, text))
    return (float(chinese_number(text)),)


def year_marks(text: str) -> list[tuple[int, int]]:
    """(position, year) of single years named in `text`; ranges and dates are skipped."""
    return [(match.start(), int(match.group(2))) for match in TARGET_YEAR.finditer(text) if not match.group(1)]


# A sentence reporting what was achieved (会上披露，2025年…达1.1万亿元; 根据测算，2020年…)
# names a year of its own facts only: it does not set the target year of what follows.
# (Not 达/累计: targets say 到2025年，规模达1000亿元 and 累计建成 too.)
_ACHIEVED = re.compile(r"披露|测算|统计|至今|同比|已经|已[建形达实完有成]")


def carried_year(sentence: str, year: int | None) -> int | None:
    """The target year in force after `sentence`: its last year, unless it reports an achievement."""
    return year if _ACHIEVED.search(sentence) else last_year(sentence, year)


def target_year_marks(text: str) -> list[tuple[int, int]]:
    """`year_marks` of the sentences of `text` that set a target year (see `carried_year`)."""
    marks: list[tuple[int, int]] = []
    start = 0
    for boundary in [*(match.end() for match in _SENTENCE_END.finditer(text)), len(text)]:
        sentence = text[start:boundary]
        if not _ACHIEVED.search(sentence):
            marks += [(start + position, year) for position, year in year_marks(sentence)]
        start = boundary
    return marks


def last_year(text: str, default: int | None = None) -> int | None:
    """The last single year named in `text`, else `default`."""
    found = year_marks(text)
    return found[-1][1] if found else default


def _indicator_before(sentence: str, position: int) -> tuple[str, int]:
    """The words naming what a number measures, read backwards from it, and where they start."""
    stops = [match.end() for match in _BEFORE_STOP.finditer(sentence, 0, position)]
    begin = stops[-1] if stops else 0
    begin += _LEADING.match(sentence, begin).end() - begin
    words = sentence[begin:position]
    return _TRAILING.sub("", words), begin


def _indicator_after(sentence: str, end: int) -> str:
    """The noun phrase counted by a number, read forwards (it ends before the next number)."""
    match = _NOUN.match(sentence, end)
    if not match:
        return ""
    return match.group(0).rstrip("和及与并")


def _read(sentence: str, match: re.Match[str]) -> tuple[str, str]:
    """(indicator, phrase as written) for a number found in a whitespace-free sentence."""
    if match.group("unit") in TARGET_COUNT_UNITS:
        after = _indicator_after(sentence, match.end())
        if len(after) >= 2:
            return after, sentence[match.start() : match.end() + len(after)]
    before, begin = _indicator_before(sentence, match.start())
    return before, sentence[begin : match.end()]


def _facts_of_sentence(sentence: str, year: int | None, clause: Clause, region: str | None, headline: bool) -> Iterator[Fact]:
    compact = re.sub(r"\s+", "", sentence)
    for match in _FACT.finditer(compact):
        number = _number(match.group("num"))
        fact_year = last_year(compact[: match.start()], year)
        indicator, phrase = _read(compact, match)
        indicator = fold_text(indicator)
        if number == (1.0,) or fact_year is None or len(indicator) < 2:
            continue  # 一 is rarely a target (一批, 一个); no year, no comparison
        unit, magnitude = match.group("unit"), match.group("mag") or ""
        yield Fact(clause, region, fact_year, indicator, number, magnitude, unit, phrase, sentence.strip(), headline)


def document_facts(document: Document) -> list[Fact]:
    """Every fact of a document, in order, each with the target year in force where it is said."""
    facts: list[Fact] = []
    marks = target_year_marks(document.source.text)
    for clause in sorted(document.clauses, key=lambda item: item.start):
        before = [year for position, year in marks if position < clause.start]
        year = before[-1] if before else None
        headline = clause.kind == "meta" and clause.clause_id.endswith(":head")
        for sentence in _SENTENCE_END.split(clause.text):
            facts.extend(_facts_of_sentence(sentence, year, clause, document.meta.region, headline))
            year = carried_year(sentence, year)
    return facts


def similar_indicators(first: str, second: str) -> bool:
    """Indicators worded a little differently: one inside the other, or bigram Dice ≥ threshold."""
    if first == second:
        return True
    if min(len(first), len(second)) >= 3 and (first in second or second in first):
        return True
    a, b = bigrams(first), bigrams(second)
    return bool(a and b) and 2 * len(a & b) / (len(a) + len(b)) >= SIMILAR_INDICATOR


def _comparable(first: Fact, second: Fact) -> bool:
    """Same target year, same unit, and not two different regions."""
    same_region = first.region is None or second.region is None or first.region == second.region
    return same_region and first.year == second.year and first.unit == second.unit


def _is_typo(first: Fact, second: Fact) -> bool:
    """The same digits with a different magnitude (两千元 / 2000亿元)."""
    return first.number == second.number and first.magnitude != second.magnitude


def _value_text(fact: Fact) -> str:
    numbers = "—".join(f"{item:g}" for item in fact.number)
    return f"{numbers}{fact.magnitude}{fact.unit}"


def _typo_explanation(first: Fact, second: Fact) -> str:
    small, large = sorted((first, second), key=lambda fact: _MAGNITUDES[fact.magnitude])
    missing = large.magnitude if not small.magnitude else f"{large.magnitude}（而非{small.magnitude}）"
    return (
        f"同一文件中“{first.indicator}”（{first.year}年）一处写作“{first.phrase}”，另一处写作“{second.phrase}”："
        f"数字相同而单位量级不同，疑似“{small.phrase}”漏写或错写“{missing}”字。"
    )


def _within_document(facts: list[Fact]) -> list[tuple[str, Fact, Fact]]:
    """Typos inside one document: magnitude slips anywhere, headline numbers against the body."""
    found: list[tuple[str, Fact, Fact]] = []
    flagged: set[int] = set()
    for first, second in combinations(facts, 2):
        if id(first) in flagged or not _comparable(first, second) or first.indicator != second.indicator:
            continue
        headline_clash = first.headline != second.headline and first.value != second.value
        if _is_typo(first, second) or headline_clash:
            found.append(("typo", first, second))
            flagged.add(id(first) if first.headline or not second.headline else id(second))
    return found


def _across_documents(first_facts: list[Fact], second_facts: list[Fact]) -> list[tuple[str, Fact, Fact]]:
    """Same indicator with another number, or the same number with another wording.

    A wording pair is reported only when neither fact has another candidate of its own
    value: 50 专业智能体 against both 50 工业智能体 and 50 服务业智能体 is not one target
    worded twice.
    """
    pairs: list[tuple[str, Fact, Fact]] = []
    for first in first_facts:
        for second in second_facts:
            if not _comparable(first, second):
                continue
            if first.indicator == second.indicator and first.value != second.value:
                pairs.append(("value", first, second))
            elif first.value == second.value and first.indicator != second.indicator and similar_indicators(first.indicator, second.indicator):
                pairs.append(("wording", first, second))
    partners: dict[int, set[str]] = {}
    for kind, first, second in pairs:
        if kind == "wording":
            partners.setdefault(id(first), set()).add(second.indicator)
            partners.setdefault(id(second), set()).add(first.indicator)
    found: list[tuple[str, Fact, Fact]] = []
    seen: set[tuple[str, str, tuple[float, ...], tuple[float, ...]]] = set()
    for kind, first, second in pairs:
        if kind == "wording" and (len(partners[id(first)]) > 1 or len(partners[id(second)]) > 1):
            continue
        key = (first.indicator, second.indicator, first.value, second.value)
        if key not in seen:
            seen.add(key)
            found.append((kind, first, second))
    return found


def _single_valued(facts: list[Fact]) -> list[Fact]:
    """Facts whose indicator has one value in its document and year.

    An indicator counted with several values (55, 25 and 10 行业智能体 for different
    fields) is a per-item count, not one target, and is not compared across documents.
    """
    values: dict[tuple[str, int, str], set[tuple[float, ...]]] = {}
    for fact in facts:
        values.setdefault((fact.indicator, fact.year, fact.unit), set()).add(fact.value)
    return [fact for fact in facts if len(values[(fact.indicator, fact.year, fact.unit)]) == 1]


def _statement(fact: Fact, folded: FoldedDocument) -> Statement:
    """Where a fact is said: the lines of its sentence when found, else the clause's."""
    clause = fact.clause
    quote = fact.sentence if len(fact.sentence) <= MAX_QUOTE_CHARS else _shorten(fact.sentence, fact.phrase)
    line_start, line_end = clause.line_start, clause.line_end
    needle = fold_text(fact.sentence)
    region = [region for region in folded.regions if region.clause.clause_id == clause.clause_id]
    at = folded.folded.text.find(needle, region[0].begin if region else 0) if needle else -1
    if at >= 0:
        offsets = folded.folded.offsets
        line_start, line_end = folded.line_of(offsets[at]), folded.line_of(offsets[at + len(needle) - 1])
    return Statement(clause.clause_id, clause.file, line_start, line_end, quote, fact.phrase, clause.doc_title)


def _shorten(sentence: str, phrase: str) -> str:
    """A window of the sentence around the phrase, marked with ellipses where cut."""
    compact = re.sub(r"\s+", "", sentence)
    at = max(0, compact.find(phrase))
    start = max(0, at - MAX_QUOTE_CHARS // 2)
    end = min(len(compact), start + MAX_QUOTE_CHARS)
    return ("……" if start else "") + compact[start:end] + ("……" if end < len(compact) else "")


def _explain(kind: str, first: Fact, second: Fact) -> str:
    if kind == "typo":
        if _is_typo(first, second):
            return _typo_explanation(first, second)
        return f"标题与正文对“{first.indicator}”（{first.year}年）的数值不一致：“{first.phrase}”与“{second.phrase}”。"
    if kind == "value":
        return (
            f"两份文件对同一指标“{first.indicator}”（{first.year}年目标）给出不同数值："
            f"{_value_text(first)} 与 {_value_text(second)}，请核实以哪份为准。"
        )
    return (
        f"两份文件的{first.year}年目标数值相同（{_value_text(first)}），但指标表述不同："
        f"“{first.indicator}”与“{second.indicator}”，请确认是否指同一事项、统一表述。"
    )


def consistency_report(documents: Sequence[Document]) -> list[Inconsistency]:
    """Inconsistent statements of the same indicator, within and across documents."""
    folded = {document.source.file: fold_document(document) for document in documents}
    facts = {document.source.file: document_facts(document) for document in documents}
    pairs: list[tuple[str, Fact, Fact]] = []
    typos: set[int] = set()
    for file in facts:
        inside = _within_document(facts[file])
        pairs.extend(inside)
        typos.update(id(fact) for _, first, second in inside for fact in (first, second) if fact.headline or _is_typo(first, second))
    usable = {file: _single_valued([fact for fact in items if id(fact) not in typos]) for file, items in facts.items()}
    for first_file, second_file in combinations(facts, 2):
        pairs.extend(_across_documents(usable[first_file], usable[second_file]))
    return [
        Inconsistency(
            kind,
            first.indicator,
            _statement(first, folded[first.clause.file]),
            _statement(second, folded[second.clause.file]),
            _explain(kind, first, second),
        )
        for kind, first, second in pairs
    ]
