"""Saying what the documents lack, in the question's own terms.

`refusal_sentence` words the refusal of one part: for a missing value, its subject (the
longest stretch of the question the nearest clause also has: 国家卓越级智能工厂) and the
thing (奖励金额, 申报截止时间, 认定条件); otherwise the informative words of the question
that no retrieved clause holds (深圳市), or the plain “未涉及该问题”.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answering.absence import NOTHING_ABSENT, Absence, Lack
from rag.answering.asking import PERSON_ASKED, QUESTION_PHRASING, Ask, asked_head, place_names, proper_names, value_focus
from rag.answering.bases import base_named
from rag.answering.cases import grade_names
from rag.answering.prompts import refusal_text
from rag.index.tokenizer import pos_tags
from rag.text.chars import CJK
from rag.text.sentences import clause_sentences, normalize
from rag.types import Clause

_TEMPLATES = {
    Ask.AMOUNT: "amount", Ask.RATIO: "amount", Ask.DURATION: "duration", Ask.DATE: "deadline", Ask.COUNT: "number",
    Ask.CONTACT: "contact", Ask.NAMES: "names", Ask.PENALTY: "general", Ask.ACTUAL: "actual",
    Ask.PROCEDURE: "procedure", Ask.ELIGIBILITY: "eligibility", Ask.PLACE: "general",
}
_PHRASING = re.compile(
    QUESTION_PHRASING + r"百分之几|百分之多少|吗|呢|吧|具体|分别|需要|满足|提交|申请|认定|今年|现在"
)
_EDGE = re.compile(r"[的和与及在对为被把给向从个家款项名建这那是,，、 ]+|这个|那个|这些|那些|我们|你们")
_LEVEL = re.compile(r"(?<=..)(?:省|市|自治区|县|区)$")
_MEASURE = re.compile(r"[\u4e00-\u9fa5]{2}(?:规模|数量|总量|占比)")
_MONEY = re.compile(r"(?:房租|租金|落户|展位|资金|运营|建设)?(?:补贴|奖励|资助|补助|奖补|补偿|贴息|赔偿|罚款)")


def subject_of(text: str, clause: Clause) -> str:
    """The longest stretch of whole words of `text` (question phrasing removed) that `clause` or its
    headings also hold, trimmed to a name (`_trimmed`: no function word, count, particle or place word at its
    ends); '' if under 3 characters.

    Whole words: 医疗期一般 and 停工留薪期一般 share 期一般, which names nothing."""
    source = normalize(" ".join([*clause.section, clause.text, clause.document_name]))
    best = ""
    for piece in _PHRASING.split(normalize(text)):
        tagged = pos_tags(piece)
        words = [word for word, _ in tagged]
        edges = [sum(len(word) for word in words[:index]) for index in range(len(words) + 1)]
        for first in range(len(words)):
            for last in range(len(words), first, -1):
                stretch = piece[edges[first] : edges[last]]
                if len(stretch) <= len(best):
                    break
                if stretch in source:
                    trimmed = _trimmed(tagged[first:last])
                    if len(re.findall(f"[{CJK}]", trimmed)) >= 3 and len(trimmed) > len(best):
                        best = trimmed
                        break
    return best


# Parts of speech a subject does not begin with (一台电梯, 直接结算, 六个“……”) or end with (盲道上, 人以上,
# 万美元): numbers, measure words, adverbs, prepositions, particles. Verbs and adjectives may end a
# name (劳务派遣, 职业伤害保障, 专精特新), so they are kept.
_NO_START = frozenset({"q", "ad", "p", "u", "uj", "ul", "uz", "c", "y"})
# A count opening a subject (六个“……”, 一台电梯, 十来万美元), not a number inside a name (万人研发基地,
# 多模态, 十四五, 三维闪存, 一老一小); a one-character adverb (还, 就), not 长期 or 永久.
_COUNT = re.compile(r"[0-9０-９一二三四五六七八九十百千万两几来多余第]+[个台家件次条项批位名只辆份套年元]$")
_NO_END = frozenset({"m", "mq", "q", "p", "u", "uj", "ul", "uz", "c", "y"})
_PLACE_AFTER = frozenset({"上", "下", "里", "中", "内", "前", "后", "以上", "以下", "以内"})  # 盲道上 (not 见习期间)
_MODALS = frozenset({"能", "会", "可", "可以", "要", "应", "应当", "得", "该"})  # 能直接结算 (not 能繁母猪)


def _trimmed(words: Sequence[tuple[str, str]]) -> str:
    """The tagged `words` joined, without whole function words at either end (的, 和, 这个 …; not 个体,
    家电), nor words that cannot begin or end the name of a thing."""
    words = list(words)
    while words and (
        _EDGE.fullmatch(words[0][0]) or words[0][1] in _NO_START or words[0][0].startswith("每")
        or words[0][1] in ("m", "mq") and _COUNT.match(words[0][0]) or words[0][1] == "d" and len(words[0][0]) == 1
        or words[0][0] in _MODALS and len(words) > 1 and words[1][1] in ("d", "ad")
    ):
        words.pop(0)
    while words and (_EDGE.fullmatch(words[-1][0]) or words[-1][1] in _NO_END or words[-1][0] in _PLACE_AFTER):
        words.pop()
    return "".join(word for word, _ in words)


def thing_for(kind: Ask, text: str) -> str:
    """What the refusal says is missing, in the question's own words where it has them."""
    money = _MONEY.search(text)
    if kind is Ask.AMOUNT:
        return f"{money.group(0)}金额" if money else "具体金额"
    if kind is Ask.RATIO:
        found = re.search(r"利率|税率|费率|征收率", text)
        return found.group(0) if found else f"{money.group(0)}比例" if money else "具体比例"
    if kind is Ask.DATE:
        return "申报截止时间" if re.search("截止|申报", text) else "具体时间"
    if kind is Ask.PROCEDURE:
        return "申报材料" if "材料" in text else "申请流程" if "申请" in text else "办理程序"
    if kind is Ask.ELIGIBILITY:
        return "认定条件" if "认定" in text else "申报条件" if "申报" in text else "具体条件"
    if kind is Ask.COUNT:
        measured = _MEASURE.search(text)
        return measured.group(0) if measured else "具体数量"
    if kind is Ask.DURATION:
        return "办理时限" if re.search(r"办|审|批|答复|受理|处理|认定|登记", text) else "具体期限"
    if kind is Ask.NAMES and PERSON_ASKED.search(text):
        return "具体人选"  # 组长是谁: who holds the post
    if kind is Ask.NAMES and re.search("抄送|主送", text):
        return "抄送单位" if "抄送" in text else "主送单位"  # the roster a document's head or foot would list
    labels = {Ask.NAMES: "具体名单", Ask.ACTUAL: "实际完成情况", Ask.COUNT: "具体数量",
              Ask.CONTACT: "联系方式", Ask.PENALTY: "处罚规定", Ask.PLACE: "具体地点"}
    return labels.get(kind, "相关内容")


def absent_words(words: Sequence[str], clauses: Sequence[Clause]) -> list[str]:
    """Those of `words` that none of `clauses` (with headings and titles) holds."""
    haystack = normalize(" ".join(" ".join([*c.section, c.text, c.document_name, c.issuer or ""]) for c in clauses))
    # 银川市 is present where the text says 银川: a place is compared without its level; 那岚川, a
    # demonstrative jieba joined to a name, where it says 岚川 (那坡县 stays whole where the text has it).
    return [word for word in words if not any(_LEVEL.sub("", form) in haystack for form in _forms(normalize(word)))]


def _forms(word: str) -> tuple[str, ...]:
    """`word`, and without a leading demonstrative when two characters or more remain."""
    bare = _DEMONSTRATIVE.sub("", word)
    return (word, bare) if bare != word else (word,)


_DEMONSTRATIVE = re.compile(r"^[这那该此](?=[\u4e00-\u9fff]{2})")


_COUNTED_WORD = re.compile(r"[0-9一二三四五六七八九十百千万两]")  # 钱一平: a price per unit, not a thing


def _asked_thing(text: str) -> list[str]:
    """The nouns the question word asks about (`asked_head`), the last two joined when the question
    writes them together (孩子抚养权, 美国总统); none that is no noun, holds a number (钱一平) or ends in 的."""
    nouns = [
        word for word in asked_head(text)
        if not word.endswith("的") and not _COUNTED_WORD.search(word) and all(flag.startswith("n") for _, flag in pos_tags(word))
    ]
    joined = "".join(nouns[-2:])
    return [joined] if len(nouns) >= 2 and joined in text else nouns[-1:]


def _subject_apart(text: str, clauses: Sequence[Clause], things: Sequence[str]) -> str:
    """The subject of a refusal naming `things` missing (see `subject_of`); '' when it holds one of
    them already (未规定补贴金额, not 未规定补贴金额的补贴金额)."""
    subject = subject_of(text, clauses[0]) if clauses else ""
    return "" if any(thing in subject for thing in things) else subject


def _absent_grade(text: str, clauses: Sequence[Clause]) -> str:
    """The first grade the question names (D类人才) that the nearest clause does not: whose value is
    missing, when the table sets values for other grades only; '' otherwise."""
    names = absent_words(grade_names(text), clauses[:1]) if clauses else []
    return names[0] if names else ""


def _base_of_nearest(text: str, missing: Ask, clauses: Sequence[Clause]) -> str:
    """The asked thing, when the nearest clause names it only as the base of another value (see
    `bases.base_named`); '' otherwise or when a measure other than an amount or a rate is missing."""
    if missing not in (Ask.AMOUNT, Ask.RATIO) or not clauses:
        return ""
    return base_named(text, clause_sentences(clauses[0]) or [clauses[0].text])


def refusal_sentence(
    text: str, missing: Ask | None, clauses: Sequence[Clause], unsure: bool = False, absent: Absence = NOTHING_ABSENT,
    off_topic: bool = False,
) -> str:
    """The refusal of a part asking `text`: the missing value named, else the thing asked that no
    clause names (`absent`: 哪个APP → APP), else the absent words, else a plain refusal; `unsure`:
    a clause states the asked value, but not surely for this question."""
    if not re.search(f"[{CJK}]", text):
        return refusal_text("english")
    if off_topic:  # 孩子抚养权归谁: a place the documents lack (深圳), else the thing asked (孩子抚养权), not 老公
        named = absent_words(place_names(text), clauses) or absent_words(_asked_thing(text), clauses)
        return refusal_text("general", named[0]) if named else refusal_text("unknown")
    names = absent_words(proper_names(text), clauses) if clauses else []
    if names:  # 深圳市的目标: the documents do not speak of 深圳市 at all
        return refusal_text("general", "、".join(names[:2]))
    if missing is not None and missing in _TEMPLATES:
        thing = thing_for(missing, text)
        base = _base_of_nearest(text, missing, clauses)
        if base:  # 最低工资一个月多少钱, where the clause pays a share of it: 未规定最低工资标准的具体金额
            return refusal_text(_TEMPLATES[missing], base, "具体金额" if missing is Ask.AMOUNT else "具体数值")
        subject = _subject_apart(text, clauses, [thing]) or _absent_grade(text, clauses)
        if thing.startswith("具体") and subject.endswith(thing[2:]):
            subject, thing = "", subject  # 未规定缴存比例, not 未规定缴存比例的具体比例
        return refusal_text(_TEMPLATES[missing], subject, thing)
    if absent and absent.lack is Lack.LOCAL:  # 西安市在省里的补贴之外还补多少: 未涉及西安市的相关内容
        return refusal_text("local", "", absent.words[0])
    if absent:  # 在哪个APP上用: 未涉及……APP; 要不要交所得税: 未涉及……所得税缴纳问题
        return refusal_text(absent.lack.value, _subject_apart(text, clauses, absent.words), "、".join(absent.words))
    if unsure:
        return refusal_text("unsure")
    nouns = absent_words(value_focus(text, whole=True).split(), clauses) if clauses else []
    return refusal_text("general", "、".join(nouns[:2])) if nouns else refusal_text("unknown")
