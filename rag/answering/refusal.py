"""Deciding that the corpus does not hold the answer, and saying what is missing.

`screen` looks at the scored candidate sentences of a question and returns either a
`Refusal` or the candidates an answer may use. A question is refused when

- the best sentence is weakly related, or most of the question's wording occurs in
  no retrieved clause;
- a content word of the question (深圳, 个人所得税, …) occurs in no retrieved clause;
- it asks for a kind of thing (`rag.question.STRICT_KINDS`: an amount, a deadline, a
  procedure, a roster, conditions, a contact, an achieved figure) and no sentence
  close to the best one holds that kind (`rag.evidence.has_evidence`);
- it asks for a figure of a named institution (某计算中心的算力规模) and no sentence holding
  a figure names that institution;
- it names a year that no related sentence mentions.

The thresholds were tuned on the gold set with a bigram retriever; see the constants.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag.answering.evidence import Candidate, Terms, context_text, has_evidence, missing_words
from rag.answering.prompts import refusal_text
from rag.answering.question import Ask, Intent
from rag.index.tokenizer import load_jieba
from rag.text.chars import CJK
from rag.text.sentences import normalize
from rag.types import Clause

MIN_RELEVANCE = 0.2  # below this the best sentence is not about the question
MIN_MATCHABLE = 0.3  # share of the question's bigrams found in some retrieved clause
EVIDENCE_SHARE = 0.6  # an evidence sentence is at least this relevant, relative to the best
RELATED_MIN = 0.25  # nearest clauses below this relevance are not worth citing in a refusal
MAX_RELATED = 2
# Words naming an incentive: when the question names one that no retrieved clause
# mentions, the corpus does not grant it.
_INCENTIVE = re.compile(r"补贴|奖励|资助|补助|奖补|优惠|减免|税|贴息|房租|租金|利率|收费|费用|展位|落户")
_NAME_FLAGS = ("ns", "nt")  # jieba part-of-speech flags of place and organisation names
# Broad regions a policy may address in other words (东南亚 ~ 东盟): not decisive when absent.
_BROAD_PLACE = re.compile(r"亚|洲|海外|国外|境外|国际|全球|沿线|东盟|全国|中国|国家|中部|长江")
_STRICT_ORDER = (
    Ask.CONTACT, Ask.NAMES, Ask.AMOUNT, Ask.DEADLINE, Ask.DURATION, Ask.PROCEDURE, Ask.ELIGIBILITY, Ask.ACTUAL,
    Ask.NUMBER,
)


@dataclass(frozen=True)
class Refusal:
    """Why a question is refused: a refusal.txt template name, the subject and the missing thing."""

    kind: str
    subject: str = ""
    thing: str = ""
    related: tuple[Candidate, ...] = ()

    def text(self) -> str:
        subject = "" if self.subject and self.subject in self.thing else self.subject
        return refusal_text(self.kind, subject, self.thing)


def relevance(candidate: Candidate) -> float:
    """How much of the question a candidate and its clause hold, without kind boosts."""
    return 0.55 * candidate.overlap + 0.45 * candidate.context


def screen(intent: Intent, terms: Terms, candidates: Sequence[Candidate], clauses: Sequence[Clause]) -> Refusal | list[Candidate]:
    """A refusal, or the candidates (best first) an answer may quote."""
    if not candidates:
        return Refusal("english" if intent.latin_only else "unknown")
    top = max(relevance(item) for item in candidates[:10])
    related = nearest(candidates)
    if top < MIN_RELEVANCE or terms.matchable_share < MIN_MATCHABLE:
        return Refusal("english" if intent.latin_only else "unknown", related=related if top >= RELATED_MIN else ())
    absent = absent_words(intent, clauses)
    if absent:
        strict = [kind for kind in _STRICT_ORDER if kind in intent.kinds and kind is not Ask.NUMBER]
        if strict:  # say what is missing in the question's own terms
            return Refusal(strict[0].value, subject_of(intent, candidates[0]), thing_for(strict[0], intent), related)
        return Refusal("general", subject="、".join(absent[:2]), related=related)
    pool = list(candidates)
    for kind in _STRICT_ORDER:
        if kind in intent.kinds and (kind is not Ask.NUMBER or counts(intent)):
            pool = [item for item in pool if relevance(item) >= EVIDENCE_SHARE * top and has_evidence(kind, item.sentence, intent, item.clause.doc_title or "")]
            if not pool:
                return Refusal(kind.value, subject_of(intent, candidates[0]), thing_for(kind, intent), related)
            entity = named_entity(intent.topic)
            if kind in _FIGURE_KINDS and entity and not any(entity in normalize(item.sentence) for item in pool):
                # The figures found are about something else (全市总算力 for 某计算中心的算力).
                return Refusal(kind.value, entity, thing_for(kind, intent), related)
    return year_screen(intent, pool, top, related)


_FIGURE_KINDS = (Ask.AMOUNT, Ask.NUMBER)
# A named institution the question asks a figure of: 武汉人工智能计算中心的算力规模.
_ENTITY = re.compile(f"([{CJK}]{{2,20}}(?:中心|研究院|实验室|公司|集团|大学|医院|基地|产业园|创新园))的")


def named_entity(topic: str) -> str:
    """The named institution whose figure the question asks for, or ''."""
    match = _ENTITY.search(normalize(topic))
    return match.group(1) if match else ""


def year_screen(intent: Intent, pool: list[Candidate], top: float, related: tuple[Candidate, ...]) -> Refusal | list[Candidate]:
    """Keep the sentences naming the question's year; refuse when no related one does."""
    if not intent.years or intent.asks(Ask.COMPARE):
        return pool
    dated = [item for item in pool if relevance(item) >= EVIDENCE_SHARE * top and _names_year(item, intent.years)]
    if not dated:
        return Refusal("year", f"{intent.years[0]}年", "相关内容", related)
    return dated + [item for item in pool if item not in dated]


def _names_year(candidate: Candidate, years: Sequence[str]) -> bool:
    text = normalize(" ".join([candidate.sentence, candidate.clause.doc_title or "", *candidate.clause.section]))
    return any(year in text for year in years)


def nearest(candidates: Sequence[Candidate]) -> tuple[Candidate, ...]:
    """The best candidates of distinct clauses that are related enough to cite in a refusal."""
    chosen: list[Candidate] = []
    for candidate in candidates:
        if len(chosen) == MAX_RELATED or relevance(candidate) < RELATED_MIN:
            break
        if all(item.clause.clause_id != candidate.clause.clause_id for item in chosen):
            chosen.append(candidate)
    return tuple(chosen)


def counts(intent: Intent) -> bool:
    """True for a single (not comparative) question asking how many or how much, which needs a figure."""
    if intent.asks(Ask.COMPARE) or not intent.measure:
        return False
    return bool(re.search(r"多少|多大|(?<!哪)几[个家款项名条所座台套种批件位户张辆]", intent.text))


def absent_words(intent: Intent, clauses: Sequence[Clause]) -> list[str]:
    """Names (places, organisations) and incentives the question mentions but no retrieved clause does."""
    import jieba.posseg

    load_jieba()  # initialises the dictionary quietly
    pairs = [(item.word, item.flag) for item in jieba.posseg.lcut(intent.topic)]
    decisive = [
        word
        for word, flag in pairs
        if (flag.startswith(_NAME_FLAGS) and not _BROAD_PLACE.search(word)) or _INCENTIVE.search(word)
    ]
    return missing_words(intent, clauses, decisive)


def subject_of(intent: Intent, candidate: Candidate) -> str:
    """The stretch of the question also found in the candidate's clause with the most Chinese characters (3+)."""
    source = normalize(context_text(candidate.clause))
    topic = normalize(intent.topic)
    best, best_cjk = "", 0
    for start in range(len(topic)):
        for end in range(len(topic), start, -1):
            piece = topic[start:end]
            if piece in source:
                cjk = len(re.findall(f"[{CJK}]", piece))
                if cjk > best_cjk:
                    best, best_cjk = piece, cjk
                break
    best = re.sub(r"^[的和与及在对,，、 ]+|[的和与及在对建,，、 ]+$", "", best)
    best = re.sub(r"^[个家款项名](?=人工智能)", "", best)  # 多少个人工智能…: the count word is not the subject
    best = re.sub(r"[a-z]+", lambda match: match.group(0).upper(), best)
    return best if best_cjk >= 3 and best not in _GENERIC_SUBJECTS else ""


_GENERIC_SUBJECTS = frozenset({"人工智能", "人工智能产业", "武汉市", "湖北省"})


def thing_for(kind: Ask, intent: Intent) -> str:
    """What the refusal says is missing, in the question's own terms."""
    text = intent.text
    if kind is Ask.AMOUNT:
        return _amount_thing(text, intent.money_concepts)
    if kind is Ask.DEADLINE:
        return "申报截止时间" if re.search("截止|申报|申请", text) else "具体时间"
    if kind is Ask.PROCEDURE:
        return "申报材料" if "材料" in text else "申领方式" if "申领" in text else "申请流程" if "申请" in text else "申报认定程序"
    if kind is Ask.ELIGIBILITY:
        return "认定条件" if "认定" in text else "入库条件" if "入库" in text else "申报条件" if "申报" in text else "具体条件"
    labels = {Ask.DURATION: "办理时限", Ask.NAMES: "具体名单", Ask.ACTUAL: "实际完成情况"}
    if kind is Ask.NUMBER:
        measure = intent.measure
        return measure if re.search("规模|数量|比例|占比|总量", measure) else f"{measure}数量" if measure else "具体数字"
    if kind is Ask.CONTACT:
        return "联系电话" if "电话" in text else "联系方式"
    return labels.get(kind, "相关内容")


def _amount_thing(text: str, concepts: Sequence[str]) -> str:
    phrase = re.search(r"(?:房租|租金|落户|展位|算力|资金)?(?:补贴|奖励|资助|补助|奖补|补偿)", text)
    concept = phrase.group(0) if phrase else concepts[0] if concepts else "补贴"
    if "比例" in text or "百分之" in text:
        return f"{concept}比例"
    if "利率" in text:
        return "额度和利率" if "额度" in text else "利率"
    if "收费" in text or "费用" in text:
        return "收费标准"
    if "上限" in text or "最多" in text:
        return "支持金额上限"
    if "基金" in text:
        return "基金规模"
    return f"{concept}金额" if concept not in {"资金", "费用"} else "具体金额"
