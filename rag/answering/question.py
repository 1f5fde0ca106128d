"""What a question asks for: input checks, the asked-for kinds, years, measures and topic.

Pure functions over the question text. `analyse` returns an `Intent` that the answerers
use to pick sentences and to decide whether the corpus holds what was asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from rag.errors import UsageError
from rag.text.chars import CJK, CJK_CHAR as _CJK_CHAR, fold
from rag.text.dates import YEAR

_CONTENT = re.compile(f"[{CJK}A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


class Ask(StrEnum):
    """Kinds of thing a question asks for; one question may ask for several."""

    AMOUNT = "amount"  # a sum of money or a ratio: 奖励多少钱, 补贴比例, 利率
    DEADLINE = "deadline"  # a date: 申报截止时间, 什么时候成立
    DURATION = "duration"  # a time limit: 多长时间能办下来
    PROCEDURE = "procedure"  # steps or papers: 如何申报, 需要什么材料
    NAMES = "names"  # a roster of named entities: 名单, 具体是哪几家
    ELIGIBILITY = "eligibility"  # conditions: 认定条件, 申报资格
    CONTACT = "contact"  # phone, mail, address
    ACTUAL = "actual"  # an achieved figure rather than a target: 实际达到, 实现了吗
    NUMBER = "number"  # a target or other figure: 多少, 几个, 规模
    RESPONSIBLE = "responsible"  # lead or responsible units: 谁牵头, 责任单位
    LIST = "list"  # several measures: 有哪些, 支持方向
    WORDING = "wording"  # the original wording: 原文, 原话
    COMPARE = "compare"  # two or more sides: 分别, 一样吗, 变化
    NEWER = "newer"  # which document is newer
    DOC_NUMBER = "doc_number"  # 文号
    DOC_DATE = "doc_date"  # date of issue or signature
    ISSUER = "issuer"  # issuing body
    PERIOD = "period"  # the years a plan covers: 实施期


# Kinds whose evidence must be present in the text, or the question is refused.
STRICT_KINDS = frozenset(
    {Ask.AMOUNT, Ask.DEADLINE, Ask.DURATION, Ask.PROCEDURE, Ask.NAMES, Ask.ELIGIBILITY, Ask.CONTACT, Ask.ACTUAL}
)

_MONEY_CONCEPT = r"奖励|奖补|补贴|补助|资助|补偿|资金|基金|贷款|利率|额度|收费|费用|价格|房租|租金|税"
_PATTERNS: dict[Ask, str] = {
    Ask.AMOUNT: rf"({_MONEY_CONCEPT})[^。？?]{{0,8}}(多少|几|多大|金额|比例|标准|上限|额度|利率)"
    rf"|(多少|几)[^。？?]{{0,6}}({_MONEY_CONCEPT})|多少钱|补多少|百分之多少|怎么收费"
    r"|(金额|额度|利率|比例|收费标准)[^。？?]{0,4}(是|为|有)?(多少|几|多大)",
    Ask.DEADLINE: r"截止|截至时间|(什么时候|何时|哪天)(申报|申请|报名|截止|成立|开始|启动|受理)|申报时间|申报期限|截止期限",
    Ask.DURATION: r"多长时间|多久|时限|几个工作日|多少个?工作日",
    Ask.PROCEDURE: r"(如何|怎么|怎样|怎么样)(申请|申报|申领|办理|认定|报名|入驻)|流程|程序|材料|申领|手续",
    Ask.NAMES: r"名单|具体是哪|分别是哪|分别(建)?在哪|分别是谁|由哪些专家|哪几家",
    Ask.ELIGIBILITY: r"条件|资格|门槛|认定标准|入库标准",
    Ask.CONTACT: r"电话|联系方式|联系人|邮箱|咨询热线",
    Ask.ACTUAL: r"实际|实现了|实现[^。？?]{0,12}了吗|完成了|达成了|完成情况|现在一共|目前一共|现在有多少|已经建成|一共建了",
    Ask.NUMBER: r"多少|几个|几家|几款|几项|几|目标|规模|数量|占比|比例",
    Ask.RESPONSIBLE: r"谁|哪个部门|哪些部门|哪个单位|哪些单位|哪个局|哪个厅|哪个机构|牵头|责任单位|负责|统筹",
    Ask.LIST: r"哪些|有什么|什么支持|支持方向|措施|举措|怎么说|提到|有没有|相关|安排|说法",
    Ask.WORDING: r"原文|原话|怎么表述|如何表述|怎么写|写法|怎么概括|原文用|提法",
    Ask.COMPARE: r"分别|相比|比较|变化|一样吗|一致吗|不同|区别|前后|各是|各提|各自|差多少",
    Ask.NEWER: r"哪个(更|最)?新|最新|哪个更晚|哪份更新|哪个在后",
    Ask.DOC_NUMBER: r"文号|发文字号",
    Ask.DOC_DATE: r"(哪天|哪一天|什么时候|何时|日期|哪年)[^。？?]{0,3}(印发|发布|出台|成文|签发)"
    r"|(印发|发布|出台|成文|落款)(日期|时间)|落款",
    Ask.PERIOD: r"实施期|实施年限|规划期|有效期",
    Ask.ISSUER: r"(哪个|哪家|什么)(机关|部门|单位|媒体)[^。？?]{0,4}(发|印发|发布|出)|发文机关|谁发的|出自哪",
}
_COMPILED = {kind: re.compile(pattern) for kind, pattern in _PATTERNS.items()}
_MONEY_CONCEPT_RE = re.compile(_MONEY_CONCEPT)

# Phrasing of questions that carries no topic; removed before matching terms.
_QUESTION_PHRASES = re.compile(
    r"请问|是什么|是多少|有多少|多少钱|多少|是哪些|有哪些|哪些|哪个|哪几|哪天|哪里|哪儿|什么时候|什么|怎么样|怎么|怎样|如何|"
    r"是否|有没有|能不能|可不可以|可以吗|吗|呢|吧|啊|呀|原文|原话|具体|分别|一下|文件里|文件中|方案里|规划里|里面|"
    r"提到|提出|说法|表述|规定|要求|是谁|由谁|谁|负责|牵头|部门|单位|目标|这方面|方面的|方面|领域|安排"
)
_REGION_WORDS = re.compile(r"武汉市|湖北省|武汉|湖北|全市|全省|我市|我省")
_MEASURE_AFTER = re.compile(rf"(?:多少|几)[个家款项名条所座台套种批件位户张辆人]?([{CJK}“”0-9a-z]{{2,10}})")
_MEASURE_BEFORE = re.compile(rf"([{CJK}“”]{{2,16}})(?:多少|多大|几)")
_MEASURE_TRIM = re.compile(r"(?:是|有|为|要|能|可|将|会|打算|计划|预计|力争|达到|达|超过|突破|建成|建设|建|打造|培育|引进|招引|"
                           r"组建|形成|攻克|实际|一共|总共|现在|目前|了|的|目标|总量|数量|拿到|投放|部署|要求|分别|各|各自|提|"
                           r"哪|增长|相比|差|大约|约|共|总|方案|规划|意见|文件|通知)+$")


@dataclass(frozen=True)
class Intent:
    """What one question asks: the kinds, the years named, and its comparison sides."""

    text: str  # the question, width-folded
    kinds: frozenset[Ask]
    years: tuple[str, ...]
    quoted: tuple[str, ...]  # phrases the question puts in quotation marks
    topic: str  # the question without its question phrasing
    money_concepts: tuple[str, ...]  # 奖励 / 补贴 / 利率 ... named by an AMOUNT question
    latin_only: bool  # no Chinese character at all (e.g. an English question)
    measure: str = ""  # what a 多少/几 question counts or measures: 示范应用场景, 产业规模
    measures: tuple[str, ...] = ()  # every counted thing when the question asks several (A多少、B多少)

    def asks(self, *kinds: Ask) -> bool:
        return any(kind in self.kinds for kind in kinds)

    @property
    def strict(self) -> frozenset[Ask]:
        """The asked-for kinds that need their own evidence in the text."""
        return self.kinds & STRICT_KINDS


def check_question(question: str | None, max_chars: int) -> str:
    """The question stripped, or a UsageError with a Chinese message for unusable input."""
    text = (question or "").strip()
    if not text:
        raise UsageError("请输入问题")
    if len(text) > max_chars:
        raise UsageError(f"问题过长（{len(text)} 字），请精简到 {max_chars} 字以内")
    if not _CONTENT.search(text):
        raise UsageError("问题中没有可检索的内容")
    return text


def analyse(question: str) -> Intent:
    """The asked-for kinds, years, quoted phrases and topic of `question`."""
    text = fold(question).strip()
    kinds = {kind for kind, pattern in _COMPILED.items() if pattern.search(text)}
    kinds = _settle_kinds(text, kinds)
    return Intent(
        text=text,
        kinds=frozenset(kinds),
        years=tuple(dict.fromkeys(YEAR.findall(text))),
        quoted=tuple(quoted_phrases(text)),
        topic=topic_of(text),
        money_concepts=tuple(dict.fromkeys(_MONEY_CONCEPT_RE.findall(text))) if Ask.AMOUNT in kinds else (),
        latin_only=not _CJK_CHAR.search(text),
        measure=measure_of(text) if Ask.NUMBER in kinds else "",
        measures=measures_of(text) if Ask.NUMBER in kinds else (),
    )


def _settle_kinds(text: str, kinds: set[Ask]) -> set[Ask]:
    """Resolve overlaps between the raw pattern matches."""
    if kinds & {Ask.DOC_DATE, Ask.DOC_NUMBER, Ask.ISSUER, Ask.PERIOD}:
        kinds -= {Ask.DEADLINE, Ask.NUMBER, Ask.RESPONSIBLE, Ask.LIST}
    if Ask.NEWER in kinds:
        kinds -= {Ask.DOC_DATE, Ask.COMPARE, Ask.LIST}
    if Ask.NAMES in kinds:
        kinds -= {Ask.LIST, Ask.COMPARE, Ask.RESPONSIBLE}
    if Ask.ELIGIBILITY in kinds and Ask.PROCEDURE not in kinds:
        kinds -= {Ask.LIST}
    if Ask.DURATION in kinds:
        kinds -= {Ask.NUMBER, Ask.DEADLINE}
    if Ask.AMOUNT in kinds or Ask.ACTUAL in kinds:
        kinds.add(Ask.NUMBER)
    if Ask.WORDING in kinds:
        kinds -= {Ask.LIST}
    if len(YEAR.findall(text)) >= 2 and re.search(r"和|与|及|到|、|分别", text):
        kinds.add(Ask.COMPARE)
    return kinds


def quoted_phrases(text: str) -> list[str]:
    """Text inside “…”, "…", 「…」 and 《…》 in `text` (innermost content, at least 2 characters)."""
    found = re.findall(r"[“\"「《]([^“”\"「」《》]{2,40})[”\"」》]", text)
    return [item.strip() for item in found if item.strip()]


def topic_of(text: str) -> str:
    """`text` without question phrasing and punctuation at its ends."""
    stripped = _QUESTION_PHRASES.sub(" ", text)
    return re.sub(r"\s+", " ", stripped).strip(" ，,。？?！!：:；;")


def years_in(text: str) -> set[str]:
    """Four-digit years (19xx/20xx) written in `text`."""
    return set(YEAR.findall(fold(text)))


def measure_of(text: str) -> str:
    """What a 多少/几 question counts (`多少个示范应用场景`) or measures (`产业规模要达到多少`)."""
    after = _MEASURE_AFTER.search(text)
    if after:
        noun = re.split(r"的|和|与|及|呢|吗|、", after.group(1))[0]
        if len(noun) >= 2:
            return _REGION_WORDS.sub("", noun)
    before = _MEASURE_BEFORE.search(text)
    if not before:
        return ""
    noun = _REGION_WORDS.sub("", _MEASURE_TRIM.sub("", before.group(1)))
    noun = _MEASURE_TRIM.sub("", noun)
    pieces = [piece for piece in re.split(r"[“”]|的|里|中|对|在", noun) if len(piece) >= 2]
    return pieces[-1][-8:].lstrip("年月日") if pieces else ""


def measures_of(text: str) -> tuple[str, ...]:
    """The counted thing of each clause of a question asking several figures."""
    parts = re.split(r"[，,；;？?、]|和|以及", text)
    found = [measure_of(part) for part in parts if re.search(r"多少|多大|几", part)]
    found += [match.group(1) for match in _MEASURE_AFTER.finditer(text)]
    if not any(found):  # 产业规模目标，2025年和2028年分别是多少: the measure sits in the first part
        named = re.search(rf"([{CJK}“”]{{2,16}}?)(?:的)?(?:目标|数量|总量)", text)
        found = [_REGION_WORDS.sub("", named.group(1))] if named else []
    return tuple(dict.fromkeys(item for item in found if len(item) >= 2))
