"""Candidate sentences of retrieved clauses, scored against a question, and evidence checks.

A candidate is one sentence of one retrieved clause. Its score mixes how much of the
question's wording the sentence holds, how much its clause (with headings) holds, and
boosts for the asked-for thing (a number with a unit, a responsible unit, a year).
Term weights are IDF over the retrieved clauses only, so the answerer needs no corpus
statistics and works behind any retriever.

`has_evidence` says whether a sentence holds the *kind* of thing asked for (an amount
of money, a date, a procedure, ...): related clauses that lack it lead to a refusal.
"""

from __future__ import annotations

from functools import lru_cache

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rag.answering.question import Ask, Intent
from rag.text.chars import CJK
from rag.text.dates import DAY, YEAR_MENTION
from rag.text.numbers import COUNT_FIGURE, COUNTED, DURATION_FIGURE, FIGURE, MONEY_FIGURE
from rag.text.sentences import clause_heading, clause_sentences, normalize
from rag.index.tokenizer import STOPWORDS
from rag.types import Clause, Hit

_RUN = re.compile(rf"[{CJK}]+|[a-z]+[a-z0-9.+\-]*|\d+(?:\.\d+)?")
_PHONE = re.compile(r"\d{3,4}\s*-\s*\d{7,8}|1\d{10}|\d{8}")
_TARGET = re.compile(r"到\s*\d{4}|力争|目标|将|计划|预计|争取|要|确保|突破|打造|建成|培育")
_PROCEDURE_WORDS = re.compile(r"申报|申请|提交|报送|受理|审核|审批|备案|登记|流程|程序|办理|申领|认定办法|评审")
_ELIGIBILITY_WORDS = re.compile(
    r"(?:申报|申请|认定|入库|入选|准入|进入|参评)[^。；;]{0,10}(?:条件|资格|标准|门槛)"
    r"|(?:符合|满足|具备)[^。；;]{0,12}(?:条件|要求|资格|标准)|条件为|条件如下|资格条件|须具备|须符合|应当具备"
)
_RESPONSIBLE_WORDS = re.compile(r"牵头|责任单位|负责|统筹|主管")
_ENUMERATION = re.compile(rf"[{CJK}a-z0-9“”()]{{2,16}}(?:、[{CJK}a-z0-9“”()]{{2,16}})+")
_PROPER_NAME = re.compile(
    r"公司|集团|大学|学院|研究院|研究所|中心|实验室|医院|孵化器|创新谷|空间|产业园|园区|基地|银行|[“”a-z]|[局厅委市区县州]$"
    r"|^(?:武汉|湖北|宜昌|襄阳|十堰|鄂州|黄石|荆州|荆门|孝感|黄冈|咸宁|随州|恩施|仙桃|潜江|天门|北京|上海|深圳|广州|杭州)"
)
_NAMES_TRIGGER = re.compile(r"名单|具体是|分别是|分别在|分别建在|分别|由哪些|哪几家")
_ACHIEVED = re.compile(r"已|已经|截至|累计|现有|目前|实际|全年|去年|上年|\d{4}年[^,，。到]{0,12}达")
MIN_MEASURE_SHARE = 0.6
MEASURE_WINDOW = 16

PREFERRED_BOOST = 0.12  # for sentences of a document the question names
HEADING_BOOST = 0.15  # times the share of the question's terms in the clause's own headings

# Question words that name no topic of a policy text (who asks, where it is written).
FILLER = frozenset(
    "我们 我们的 我是 我一个 公司 单位 政策 文件 方案 规划 意见 文件里 这次 这份 那份 里面 方面 领域 相关 情况 "
    "说法 表述 原文 具体 一下 听说 知道 想找 打算 计划 准备 目前 现在 今年 支持 帮忙 能够 需要 做 搞 用 "
    "人工智能 武汉 湖北 武汉市 湖北省 全省 全市 省 市".split()
)


@dataclass(frozen=True)
class Candidate:
    """One sentence of a retrieved clause, with its score for the question."""

    clause: Clause
    sentence: str
    score: float
    overlap: float  # weighted share of the question's matchable terms in the sentence
    context: float  # the same share over the clause text and its headings
    rank: int  # retrieval rank of the clause, from 1


@dataclass(frozen=True)
class Terms:
    """The question's terms with weights; `matchable` holds those found in some clause."""

    weights: dict[str, float]
    matchable: frozenset[str]
    all_terms: frozenset[str]

    def share(self, grams: set[str]) -> float:
        """Weighted share of the matchable terms present in `grams` (0 when nothing is matchable)."""
        total = sum(self.weights[term] for term in self.matchable)
        if total == 0:
            return 0.0
        return sum(self.weights[term] for term in self.matchable & grams) / total

    @property
    def matchable_share(self) -> float:
        return len(self.matchable) / len(self.all_terms) if self.all_terms else 0.0


@lru_cache(maxsize=65536)
def grams_of(text: str) -> frozenset[str]:
    """Character bigrams of Chinese runs (single characters for one-character runs) and Latin/number runs.

    Cached: clause texts and headings recur in every answer."""
    result: set[str] = set()
    for run in _RUN.findall(normalize(text)):
        if not re.match(f"[{CJK}]", run):
            result.add(run)
        elif len(run) == 1:
            result.add(run)
        else:
            result.update(run[i : i + 2] for i in range(len(run) - 1))
    return frozenset(result)


def question_terms(intent: Intent, clauses: Sequence[Clause]) -> Terms:
    """Bigrams of the question's topic, weighted by IDF over `clauses`."""
    wanted = {gram for gram in grams_of(intent.topic) if (gram not in STOPWORDS and len(gram) > 1) or gram.isdigit()}
    texts = [grams_of(context_text(clause)) for clause in clauses]
    df = Counter(gram for grams in texts for gram in grams & wanted)
    n = max(1, len(clauses))
    weights = {gram: math.log(1 + n / (1 + df[gram])) for gram in wanted}
    return Terms(weights=weights, matchable=frozenset(gram for gram in wanted if df[gram]), all_terms=frozenset(wanted))


def context_text(clause: Clause) -> str:
    """The clause text with its section headings and document title, for context matching."""
    return " ".join([*clause.section, clause.text, clause.doc_title or ""])


def score_candidates(
    intent: Intent, hits: Sequence[Hit], terms: Terms, preferred: frozenset[str] = frozenset()
) -> list[Candidate]:
    """Every sentence of every hit, scored and sorted best first; `preferred` files get a boost."""
    found: list[Candidate] = []
    for rank, hit in enumerate(hits, start=1):
        context = terms.share(grams_of(context_text(hit.clause)))
        named = PREFERRED_BOOST if hit.clause.file in preferred else 0.0
        heading = clause_heading(hit.clause)
        # A clause whose own heading names the topic (4.“人工智能+”农业) is about it.
        named += HEADING_BOOST * terms.share(grams_of(" ".join([heading, *hit.clause.section[-1:]])))
        for sentence in clause_sentences(hit.clause):
            if heading and sentence.rstrip("。；;") == heading and hit.clause.kind != "row":
                continue  # a bare heading answers nothing
            overlap = terms.share(grams_of(sentence))
            score = 0.55 * overlap + 0.45 * context + named + boost(intent, hit.clause, sentence) + 0.04 / rank
            found.append(Candidate(hit.clause, sentence, score, overlap, context, rank))
    found.sort(key=lambda item: (-item.score, item.rank))
    return found


def boost(intent: Intent, clause: Clause, sentence: str) -> float:
    """Extra score for sentences holding the kind of thing the question asks for."""
    extra = 0.0
    if intent.asks(Ask.NUMBER) and FIGURE.search(sentence):
        extra += 0.12
    if intent.asks(Ask.RESPONSIBLE):
        if (clause.kind == "row" and "牵头单位" in sentence) or "责任单位" in sentence:
            extra += 0.2
        elif _RESPONSIBLE_WORDS.search(sentence):
            extra += 0.12
    elif clause.kind == "row" and ("牵头单位" in sentence or "责任单位" in sentence):
        extra -= 0.1  # the responsibility table answers only who-questions
    if "目标" in intent.text and _TARGET.search(normalize(sentence)):
        extra += 0.06
    if clause.doc_number:
        extra += 0.08  # an official document with a 文号 outranks a news report saying the same
    if clause.kind == "meta":
        extra -= 0.15  # a title page or signature block rarely answers a question about content
    extra += _year_boost(intent, clause, sentence)
    for phrase in intent.quoted:
        if normalize(phrase) in normalize(sentence):
            extra += 0.15
        elif normalize(phrase) in normalize(" ".join(clause.section)):
            extra += 0.08
    return extra


def _year_boost(intent: Intent, clause: Clause, sentence: str) -> float:
    if not intent.years:
        return 0.0
    text = normalize(sentence)
    if any(year in text for year in intent.years):
        return 0.1
    if clause.date and clause.date[:4] in intent.years:
        return 0.03
    return -0.05 if YEAR_MENTION.search(text) else 0.0


def has_evidence(kind: Ask, sentence: str, intent: Intent, title: str = "") -> bool:
    """True when `sentence` holds the kind of thing `kind` asks for.

    `title` is the document's title: what it says about everything in it (人工智能) counts
    towards what a figure measures.
    """
    text = normalize(sentence)
    if kind is Ask.AMOUNT:
        concepts = intent.money_concepts
        return bool(MONEY_FIGURE.search(text)) and (not concepts or any(word in text for word in concepts))
    if kind is Ask.DEADLINE:
        return bool(DAY.search(text)) and bool(re.search(r"截止|之前|前|申报|申请|成立|启动|开始", text))
    if kind is Ask.DURATION:
        return bool(DURATION_FIGURE.search(text))
    if kind is Ask.PROCEDURE:
        return bool(_PROCEDURE_WORDS.search(text))
    if kind is Ask.ELIGIBILITY:
        return bool(_ELIGIBILITY_WORDS.search(text))
    if kind is Ask.CONTACT:
        return bool(_PHONE.search(text)) or "电话" in text or "邮箱" in text
    if kind is Ask.NAMES:
        return names_listed(text, name_heads(intent.text))
    if kind is Ask.ACTUAL:
        return bool(FIGURE.search(text)) and bool(_ACHIEVED.search(text)) and not _TARGET.search(text)
    if kind is Ask.NUMBER:
        return counts_measure(text, intent.measure, normalize(title))
    return True


def counts_measure(text: str, measure: str, title: str = "") -> bool:
    """True when `text` states a figure near the head noun of what the question measures."""
    if measure_share(measure, text + " " + title) < MIN_MEASURE_SHARE:
        return False
    head = measure[-2:]
    for match in COUNT_FIGURE.finditer(text):
        window = text[max(0, match.start() - MEASURE_WINDOW) : match.end() + MEASURE_WINDOW]
        if not head or head in window:
            return True
    return False


def measure_share(measure: str, text: str) -> float:
    """Share of the bigrams of what the question counts that `text` holds; 1 when nothing is counted."""
    wanted = {gram for gram in grams_of(measure) if len(gram) > 1}
    if not wanted:
        return 1.0
    return len(wanted & grams_of(text)) / len(wanted)


def name_heads(question: str) -> set[str]:
    """What kind of entity a roster question names: the nouns before and after 分别/具体/哪些."""
    heads: set[str] = set()
    trigger = _NAMES_TRIGGER.search(question)
    if trigger:
        before = re.sub(r"[“”的里中]+$", "", question[: trigger.start()])
        if len(before) >= 2:
            heads.add(before[-2:])
        after = re.search(rf"(?:哪些|哪几|哪)([{CJK}]{{1,3}})", question[trigger.start():])
        if after:
            heads.add(after.group(1)[-2:])
    return {head for head in heads if head not in {"几家", "几个", "哪里", "什么"}}


def names_listed(text: str, heads: set[str]) -> bool:
    """True when `text` enumerates proper names right next to one of `heads`.

    `A、B、C等创新孵化平台` or `平台包括A、B`, where most items look like names (an
    organisation suffix, a place, quotation marks, Latin letters); an explanation
    introduced by 即 also counts. Lists of fields or of counts (50家…、10家…) do not.
    """
    if re.search(r"即[^。；]{2,}[,，、][^。；]{2,}", text):
        return True
    for match in _ENUMERATION.finditer(text):
        items = match.group(0).split("、")
        if sum(1 for item in items if _PROPER_NAME.search(item)) * 2 < len(items) or COUNTED.search(match.group(0)):
            continue
        after = text[match.end() : match.end() + 6]
        before = text[max(0, match.start() - 8) : match.start()]
        if any(re.match(rf"等?.{{0,4}}{head}", after) for head in heads):
            return True
        if any(re.search(rf"{head}.{{0,3}}(?:包括|有|为|即|:)$", before) for head in heads):
            return True
    return False


def missing_words(intent: Intent, clauses: Sequence[Clause], words: Sequence[str]) -> list[str]:
    """Content words of the question that occur in none of `clauses` (nor their titles)."""
    haystack = normalize(" ".join(context_text(clause) for clause in clauses))
    missing: list[str] = []
    for word in words:
        folded = normalize(word)
        if len(folded) < 2 or folded in FILLER or folded in STOPWORDS or not re.search(f"[{CJK}]", folded):
            continue
        if folded not in haystack:
            missing.append(word)
    return missing
