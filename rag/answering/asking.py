"""What a question asks for, read off its question phrase, and whether a text holds it.

`asked_kinds` looks at the interrogative phrase of a question (多少钱, 几天内, 百分之几,
谁负责, 在哪办, 吗/能不能 …) and the noun it asks about, never at incidental topic words:
`需要交押金吗` asks a yes/no question, not for an amount; `材料` in `用假材料骗保要罚多少`
asks for an amount, not for papers.

`holds(kind, text)` says whether a text states a thing of that kind: a sum of money or a
share (in Arabic or Chinese numerals: 二十万元, 百分之二十, 三倍), a time limit (三十日内,
6个月), a date (3月31日前, 次年三月一日), a count (3件, 一百八十三天), a phone number, a
penalty, a procedure, conditions, a roster of names. Kinds that need such a value are
`VALUE_KINDS`: a question asking for one is refused when no evidence holds it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum
from functools import lru_cache

from rag.index.tokenizer import in_dictionary, pos_tags
from rag.text.bound_words import alternation, bound_words
from rag.text.chars import fold
from rag.text.colloquial import find_colloquial
from rag.text.doc_numbers import without_doc_numbers
from rag.text.numbering import ARTICLE
from rag.text.numbers import ARABIC, CN_NUMERAL, FIGURE, NUMERAL, QuantityKind, chinese_number, find_quantities
from rag.text.word_lists import word_list


class Ask(StrEnum):
    """Kinds of thing a question (part) asks for."""

    AMOUNT = "amount"  # a sum of money (or the share or multiple that fixes it): 补多少钱
    RATIO = "ratio"  # a share, rate or discount: 百分之几, 税率, 几折
    DURATION = "duration"  # a time limit or length: 多少天内, 多久, 几个小时
    DATE = "date"  # a point in time: 什么时候, 几月几号, 哪一年
    COUNT = "count"  # how many of something: 几台, 多少个, 几分
    CONTACT = "contact"  # phone, hotline, mail
    PLACE = "place"  # where: 去哪办, 哪个平台
    PENALTY = "penalty"  # what happens to a wrongdoer: 怎么处罚, 什么后果
    PROCEDURE = "procedure"  # steps or papers: 怎么申请, 要什么材料
    ELIGIBILITY = "eligibility"  # conditions: 什么条件, 谁可以
    NAMES = "names"  # a roster of named entities: 名单, 哪几家
    RESPONSIBLE = "responsible"  # who is in charge: 谁负责, 哪个部门
    ACTUAL = "actual"  # an achieved figure rather than a target
    POLAR = "polar"  # yes or no: 吗, 能不能, 是不是
    WORDING = "wording"  # the original wording: 原文怎么写
    DEFINITION = "definition"  # what a term means: 是指什么
    LIST = "list"  # several measures: 有哪些, 什么支持
    COMPARE = "compare"  # two or more sides: 分别, 有什么不同
    NEWER = "newer"  # which document is newer
    DOC_NUMBER = "doc_number"  # 文号
    DOC_DATE = "doc_date"  # date of issue or signature
    ISSUER = "issuer"  # issuing body
    PERIOD = "period"  # the years a plan covers
    TITLE = "title"  # a document's full title


# Kinds whose answer is a value the evidence must state, or the part is refused.
VALUE_KINDS = frozenset(
    {Ask.AMOUNT, Ask.RATIO, Ask.DURATION, Ask.DATE, Ask.COUNT, Ask.CONTACT, Ask.NAMES, Ask.PENALTY, Ask.ACTUAL,
     Ask.PROCEDURE, Ask.ELIGIBILITY}
)
# Kinds whose asked thing (not a value) has a focus: a yes/no question is about what it names.
FOCUSED_KINDS = VALUE_KINDS | {Ask.POLAR}
METADATA_KINDS = frozenset({Ask.DOC_NUMBER, Ask.DOC_DATE, Ask.ISSUER, Ask.NEWER, Ask.PERIOD, Ask.TITLE})
# Value kinds whose value must stand next to what it measures (利率 … 3%), not anywhere in the clause.
MEASURED_KINDS = frozenset({Ask.AMOUNT, Ask.RATIO, Ask.COUNT, Ask.ACTUAL})

# A yes/no question naming the body that issued a document (是市住建局发的文吗, 是省政府直接印发的吗):
# a body's name ends in 局, 厅, 政府 …; 补贴是按月发的吗 names no body.
_BODY_WORDS = r"局|厅|委|部|办|政府|办公室|委员会|院|署"  # what a body's name ends in
BODY_ISSUED = (rf"是(?:不是)?由?[^。？?，,！!]{{0,20}}?(?:{_BODY_WORDS})"
               r"(?:一家|单独|直接|自己|联合|共同)*(?:发|印发|发布|出台|制定|颁布)的")

# Question phrasing shared by the modules that strip it off a question (parts, terms, missing):
# an alternation each extends with its own words.
QUESTION_PHRASING = (
    # 什么时候 before 是什么: 是什么时候 must not leave 时候 behind as a word of the question.
    r"请问|什么时候|是什么|是多少|有多少|多少钱|多少|是哪些|有哪些|哪些|哪个|哪几|哪天|哪里|哪儿|什么|怎么样|怎么|怎样|如何|"
    r"是否|有没有|能不能|可不可以|可以吗|要不要|是不是|"
)
_WH = r"(?:多少|(?<![好们])几)"  # 好几天 is several days, 我们几个 a few of us: asking nothing
# 几 asking how many: not inside a numeral (十几, 一百几) nor 哪几 (which ones) nor 好几 (several).
_HOW_MANY_JI = r"(?<![十百千万一二三四五六七八九哪好们])几"  # 好几次 is several, 我们几个人 a few: asking nothing
_A_NOT_A = re.compile(r"([\u4e00-\u9fff])不\1")  # 交不交, 给不给: any one-character verb asked yes or no
# A fine asked (罚多少钱, 罚款要交多少, 罚几千): a penalty amount, stated by a sentence with a penalty and a sum.
_FINE_ASKED = r"罚(?:款|金)?(?:要|得|会|能)?(?:交)?(?:多少|几)"
# 多 with an adjective of size: 多大, 多高, 多远 … ask a measure (多长 asks a time, as 多久 does).
_DIMENSIONS = "大高重远宽深厚粗"
_COUNTER = (
    r"个|家|款|项|条|所|座|台|套|种|批|件|位|户|张|辆|名|人|次|分|倍|级|类|份|处|届|场|本|只|间|栋|亩|岁|胎|孩"
    r"|回(?!复|应|来|去|家|国|收|事)|趟|遍|平(?!台|安|时|常|均|等|方公里)"  # 几回, 多少平 (平方米)
)
_MONEY_WORD = (
    r"钱|补贴|补助|奖励|奖补|资助|赔偿|赔|补|罚款|罚|收费|费用|费|工资|薪|押金|额度|金额|上限|贷款|贴息|养老金|失业金|"
    r"公积金|退|报销|(?<![申上填汇举预通呈情电])报(?![名告送备道表到])|津贴|抚恤金|补偿|税|租金|房租|价|资金|基金|经费|奖金"
)
# 能收我们多少: a charge asked with no word of money (not 收多少学生, 收集, 收回, 招收, 接收 …).
_CHARGED_HOW_MUCH = re.compile(r"(?<![招接吸验征税回])收(?![回到集养听藏拾录治容缩购入益])[^，,。？?]{0,4}(?:多少|几)(?![\u4e00-\u9fff])")
# What a list is made of (哪几个方面, 第三项措施): asking for its items, not for names or a count.
_LIST_NOUNS = "方面|部分|环节|领域|重点|任务|措施|行动|工程|举措|要求|目标"
_PATTERNS: dict[Ask, str] = {
    Ask.RATIO: rf"百分之{_WH}|{_WH}成(?!本|立|功|果|员)|{_WH}折|{_WH}比例|比例[^，。？?]{{0,4}}(?:{_WH}|是|为)"
    rf"|(?:税率|费率|利率|征收率|缴存比例|缴费比例|贴息比例|报销比例)[^，。？?]{{0,6}}{_WH}"
    rf"|{_WH}个(?:点|百分点)|{_WH}百分点|什么比例|多大(?:的)?(?:比例|份额|比重)|占(?:到|了)?{_WH}(?!{_COUNTER}|钱|元|块)"
    rf"|(?:占比|份额|比重)[^，。？?]{{0,4}}{_WH}",
    Ask.AMOUNT: rf"(?:多少|(?<![十百千万一二三四五六七八九])几)(?:钱|元|块|万)|多少(?:{_MONEY_WORD})|(?:{_MONEY_WORD})[^，。？?、]{{0,6}}?{_WH}(?!{_COUNTER}|天|日|年|月|周|小时|成|折|倍|点)"
    rf"|(?:金额|额度)[^，。？?]{{0,4}}(?:{_WH}|是什么|怎么定)|怎么收费|赔偿标准|补贴标准",
    Ask.DURATION: rf"多久|多长时间|多长期限|{_WH}个?(?:天|日(?!前)|工作日|周|星期|小时|钟头|月(?!份|几)|年(?!级))(?:内|以内|之内)?"
    rf"|时限|期限[^，。？?]{{0,3}}(?:{_WH}|多长|是)|有效期[^，。？?]{{0,3}}(?:{_WH}|多长|是)|[期间][^，。？?]{{0,3}}多长",
    Ask.DATE: r"什么时候|何时|哪天|哪一天|哪年|哪一年|几月|(?<!第)几号|几点|什么日期|截止(?:日期|时间)|(?:从|自)哪天|什么时间"
    rf"|(?:周|星期|礼拜)几(?!{_COUNTER}|天|日|小时)",  # 每周几发 is a day of the week, 每周几次 a count
    Ask.COUNT: rf"(?:多少|{_HOW_MANY_JI})(?:{_COUNTER})",  # 哪几个 asks which, not how many
    Ask.CONTACT: r"(?:电话|热线|邮箱|网址)[^，。？?]{0,4}(?:多少|什么|哪)|(?:什么|哪个|哪些)(?:电话|热线|邮箱|网址)|联系方式|联系人|怎么联系|举报方式",
    Ask.PLACE: r"哪里|哪儿|(?:在|去|到)哪(?![天年月日一])|什么地方|何处|何地|哪些(?:城市|地方|地区)|哪个(?:窗口|平台|网站|APP|app|小程序|大厅)|什么(?:平台|网站|APP|app|渠道)",
    Ask.PENALTY: rf"{_FINE_ASKED}|怎么罚|怎么处罚|如何处罚|什么处罚|何种处罚|哪些处罚|什么后果|什么责任(?!单位)|哪些责任(?!单位)|承担什么|受到什么处|怎么惩",
    Ask.PROCEDURE: r"(?:怎么|如何|怎样|去哪|在哪)(?:申请|申报|办理|领取|申领|报名|登记|提取|缴纳|参加|补办)"
    # 流程, 手续 asked about (要办什么手续, 流程是什么, 申请流程？), not named in passing (没办任何手续).
    r"|(?:什么|哪些|怎么|如何|怎样)[^，,。？?]{0,6}(?:流程|手续|步骤)|(?:流程|手续|步骤)[^，,。？?]{0,4}(?:怎么|如何|是什么|有哪些|有什么)"
    r"|(?:流程|手续|步骤)[？?]?$|(?:什么|哪些|何种)材料|准备什么|提交什么|要交什么|办理程序",
    Ask.ELIGIBILITY: r"什么条件|哪些条件|何种条件|条件是什么|条件有哪些|需要满足|要满足|符合什么|什么资格|资格条件|门槛"
    r"|(?:谁|哪些人|什么人|哪些企业|什么企业|哪类|什么样的)(?:可以|能|才能|有资格)(?:申请|享受|领取|参加|办理)?",
    Ask.NAMES: rf"名单[^，。？?]{{0,4}}(?:哪|什么)|具体名单|哪几家|哪几个(?!{_LIST_NOUNS})|具体是哪|分别是哪|由哪些|哪些(?:专家|人员|成员|企业|单位|公司|高校|医院|机构|园区|城市|商家|地方|项目)"
    r"|是哪(?:些|几)",
    Ask.RESPONSIBLE: r"谁负责|谁牵头|由谁|找谁|谁来|谁管|归谁|谁承担|谁偿还|谁支付|谁出|谁付|哪个部门|哪些部门|哪个单位|哪些单位|哪家单位"
    r"|哪个机构|哪些机构|主管部门|责任单位|牵头单位|负责部门|哪个局|哪个厅|是谁|何(?:部门|单位|机关|机构)",  # 由何部门: written style
    Ask.ACTUAL: r"实际(?:达到|完成|建成|实现|有多少|情况|规模)|实现了|完成了|达成了|完成情况|现在一共|目前一共|现在有多少|已经建成|一共建了",
    Ask.POLAR: r"吗[？?!！。\s]*$|吗[？?]|是否|能否|可否|是不是|能不能|可不可以|可以不|要不要|用不用|需不需要|需要不|"
    r"算不算|有没有|会不会|行不行|对不对|合不合法|违不违法|该不该|让不让|允不允许|准不准|管不管|给不给|交不交|退不退"
    # any V不V (认不认, 报不报, 同意不同意); not 是不是多少, which asks the amount
    r"|([\u4e00-\u9fff])不\1(?![\u4e00-\u9fff]{0,2}(?:多少|几))|([\u4e00-\u9fff]{2})不\2",
    Ask.WORDING: r"原文|原话|怎么表述|如何表述|怎么写的|怎么写|如何写|怎么说的|提法|措辞|字面",
    Ask.DEFINITION: r"是什么意思|什么意思|是指什么|指什么|指的是什么|是什么|什么是|什么叫|含义|定义|怎么理解|怎么界定",
    Ask.LIST: r"哪些|有什么|什么措施|什么支持|什么政策|什么优惠|什么举措|支持方向|举措|怎么支持|如何支持|重点任务|主要任务"
    rf"|哪几个?(?:{_LIST_NOUNS})|哪几[种条类项批]|包括哪|包含哪",
    Ask.COMPARE: r"分别|相比|比较|区别|不同|一样吗|一致吗|变化|各自|各是|各有|差多少|差别|对比",
    Ask.NEWER: r"哪个(?:更|最)?新|哪份(?:更|最)?新|最新的|哪个更晚|哪个在后",
    Ask.DOC_NUMBER: r"文号|发文字号|字号是|第几号(?:令|文|公告)",
    Ask.DOC_DATE: r"(?:哪天|哪一天|什么时候|什么时间|何时|日期|哪一?年|几号)[^。？?]{0,3}(?:印发|发布|出台|成文|签发|公布|发的)"
    r"|(?:印发|发布|出台|成文|落款|公布)(?:日期|时间)|落款",
    # 发 and 出 as issuing a document (发的, 联合发), not inside 开发, 发展, 发放, 提出, 支出.
    Ask.ISSUER: r"(?:哪个|哪家|哪些|哪两个|哪几个|什么)(?:机关|部门|单位|机构|媒体)[^。？?]{0,4}"
    r"(?:(?<![开])发(?![展放生挥现])|印发|发布|(?<![提支付])出(?![资钱台])|出台|制定)"
    r"|发文机关|发布机关|谁发的|谁发布|谁印发|谁制定|出自哪|" + BODY_ISSUED,
    Ask.PERIOD: r"实施期|实施年限|规划期|适用期间|执行期限|有效期到|什么时候到期|截至哪年",
    Ask.TITLE: r"全称|标题是|叫什么名字|文件名",
}
_COMPILED = {kind: re.compile(pattern) for kind, pattern in _PATTERNS.items()}


# Spoken question words read as the written ones the patterns know: 啥时候 → 什么时候, 咋办 → 怎么办.
_SPOKEN_WH = ((re.compile(r"多会儿|啥时候?"), "什么时候"), (re.compile(r"啥"), "什么"), (re.compile(r"咋"), "怎么"))


def _written_wh(text: str) -> str:
    """`text` with spoken question words as written ones (啥时候 → 什么时候, 咋 → 怎么), and a 几
    that tells rather than asks written as 数 (`told_few`)."""
    for spoken, written in _SPOKEN_WH:
        text = spoken.sub(written, text)
    return told_few(text)


# 几 with a counter that tells of a few: after 那/这 (那几个月), after a verb of coming, having or taking
# on (要来几个亲戚, 招了几个人), before 了 (退伍几年了), or after 近, 头, or a 前 that opens the segment
# or follows a pronoun or adverb (我前几天, 近几年: a time in the past; not 提前几天, 开学前几天, which
# count days before an event); a modal makes it ask (可以请几天假).
_FEW_COUNTERS = "个位家名人台辆次趟天年月"
_FEW = re.compile(
    rf"(?:(?<=[那这来有招雇带养])|(?<=了)){_HOW_MANY_JI}(?=[{_FEW_COUNTERS}])|{_HOW_MANY_JI}(?=[{_FEW_COUNTERS}]了)"
    rf"|(?:(?<=^前)|(?<=[，,。；;！!？?\s我你他她它们也都就还刚才这那]前)|(?<=[近头])){_HOW_MANY_JI}(?=个?[天年月]|个?星期|周)"
)
_FEW_MODAL = re.compile(rf"(?:能|可以|可|最多|最少|至少|一共|总共|需要|应该|该|得)[\u4e00-\u9fff]?{_HOW_MANY_JI}")
_SEGMENT_END = re.compile(r"(?<=[，,；;。！!？?])")
_ASKING = re.compile(rf"什么|怎么|多少|哪|谁|吗|呢|是否|能否|不能|[能会要是有]没有|{_A_NOT_A.pattern}|几[^{_FEW_COUNTERS}]|[？?]")


def told_few(text: str) -> str:
    """`text` with a 几 that tells of a few written 数, in a segment that asks nothing else, when a
    later segment asks: 我家要来几个外国亲戚，……手续麻不麻烦？ asks no count. 一年能领几次，每次多少钱？
    and 一年可以请几天假，工资怎么算？ still do. Same length as `text`."""
    if "几" not in text:
        return text
    segments = _SEGMENT_END.split(text)
    for index, segment in enumerate(segments):
        later = "".join(segments[index + 1:])
        told = _FEW.search(segment) and not _FEW_MODAL.search(segment)
        if told and not _ASKING.search(_FEW.sub("", segment)) and _ASKING.search(later):
            segments[index] = _FEW.sub("数", segment)
    return "".join(segments)


def asked_kinds(text: str) -> frozenset[Ask]:
    """The kinds `text` (one question or one part of it, width-folded) asks for."""
    text = _written_wh(text)
    kinds = {kind for kind, pattern in _COMPILED.items() if pattern.search(text)}
    return frozenset(_settle(text, kinds))


# Being in charge asked with 哪些 (责任单位是哪些, 由哪些单位负责): who is responsible rather than a
# roster (由哪些专家组成, 经主管部门认定的企业是哪些, 哪些单位负责的项目能拿补助).
_RESPONSIBILITY_ASKED = re.compile(
    r"(?:责任|牵头|负责|主管)(?:单位|部门)[^，,。？?]{0,2}(?:是|有|为)哪|由?哪(?:些|几个)[^，,。？?]{0,6}(?:负责|牵头|主管)(?![人的])"
)


# Kinds a question about a document's addressees does not have: where to, how to reach, its wording,
# or a yes or no (这份通知是发给谁的，电话多少: the phone is asked, not a roster).
_ASKED_OTHERWISE = frozenset({Ask.PLACE, Ask.CONTACT, Ask.WORDING, Ask.POLAR})


def _settle(text: str, kinds: set[Ask]) -> set[Ask]:
    """Resolve overlaps between the raw matches: the more specific reading wins."""
    if kinds & METADATA_KINDS:
        kinds -= {Ask.DATE, Ask.DURATION, Ask.RESPONSIBLE, Ask.LIST, Ask.COUNT, Ask.DEFINITION, Ask.PLACE}
        if Ask.NEWER in kinds:
            kinds -= {Ask.DOC_DATE, Ask.COMPARE}
        if Ask.PERIOD in kinds:
            kinds -= {Ask.DOC_DATE}
    if Ask.RATIO in kinds:
        kinds -= {Ask.AMOUNT, Ask.COUNT}
    if Ask.DURATION in kinds:
        kinds -= {Ask.COUNT, Ask.DATE}
    if Ask.AMOUNT in kinds:
        kinds -= {Ask.COUNT}
    if PERSON_ASKED.search(text):
        # 组长是谁, 局长叫什么名字: who holds a post, not the body in charge nor a document's title
        kinds = (kinds - {Ask.RESPONSIBLE, Ask.TITLE}) | {Ask.NAMES}
    addressees = addressees_asked(text) is not None and not kinds & _ASKED_OTHERWISE
    if addressees:
        kinds.add(Ask.NAMES)  # 主送机关是什么, 这份通知发给哪些部门, 抄送单位有哪些: a roster of bodies
    if Ask.NAMES in kinds and Ask.RESPONSIBLE in kinds and _RESPONSIBILITY_ASKED.search(text):
        kinds.discard(Ask.NAMES)  # 责任单位是哪些, 由哪些单位负责: who is in charge, not a roster
    if Ask.NAMES in kinds:
        kinds -= {Ask.LIST, Ask.COMPARE, Ask.RESPONSIBLE, Ask.COUNT}
    if Ask.ELIGIBILITY in kinds:
        kinds -= {Ask.RESPONSIBLE, Ask.LIST, Ask.NAMES}
    if Ask.RESPONSIBLE in kinds:
        kinds -= {Ask.PLACE}  # 责任单位是哪里 asks who, not where
    if Ask.WORDING in kinds:
        kinds -= {Ask.LIST, Ask.DEFINITION}
    if Ask.PENALTY in kinds and not re.search(rf"{_FINE_ASKED}|赔多少", text):
        kinds -= {Ask.AMOUNT}
    if kinds & VALUE_KINDS - {Ask.ACTUAL} or kinds & {Ask.PROCEDURE, Ask.ELIGIBILITY, Ask.RESPONSIBLE, Ask.PLACE}:
        kinds -= {Ask.DEFINITION, Ask.LIST}
    if re.search(rf"多少|{_HOW_MANY_JI}|多[{_DIMENSIONS}]", text) and not kinds & (VALUE_KINDS | METADATA_KINDS) and Ask.POLAR not in kinds:
        # 是多少 with no measure word still asks for a figure: money when the part talks of money.
        kinds.add(Ask.AMOUNT if re.search(_MONEY_WORD, text) or _CHARGED_HOW_MUCH.search(text) else Ask.COUNT)
    if Ask.POLAR not in kinds and _WHO_ACTS.search(text) and not _WHO_EITHER.search(text) and not addressees:
        kinds.add(Ask.RESPONSIBLE)  # 报给谁, 谁先审: the body a report goes to, or that approves
    if kinds - {Ask.POLAR, Ask.COMPARE, Ask.LIST}:
        kinds.discard(Ask.POLAR)  # 能拿多少吗 asks for the amount; 是否 inside it is phrasing
    return kinds


# Who receives a report or decides, asked in so many words (报给谁, 向谁备案, 谁先审, 谁说了算); read
# only where no yes or no is asked (谁审核通过的补贴能撤销吗), and not of anyone
# (不管谁批准, 按照谁审批谁监管的原则, 面向谁).
_WHO_ACTS = re.compile(
    r"(?<!不管)(?<!无论)(?<!按照)(?<!按)(?:[报交送递呈]给谁|(?<![面偏倾])向谁|谁先?(?:审批|审核|批准|核准|认定|同意|决定(?!书)|落实|说了算|审(?![计美])|批(?![评发])))(?![都也])"
)
_WHO_EITHER = re.compile(r"谁[\u4e00-\u9fff]{1,3}谁")  # 谁审批谁监管: a principle, not a question


# ---------------------------------------------------------------- does a text hold it

_CN = CN_NUMERAL
# An ordinal (第二十六条) counts nothing.
# 培育一批…, 建设一批…: a batch of things, not how many.
_COUNTED = re.compile(rf"(?<![第\d{_CN}])(?!一批){NUMERAL}\s*(?:{_COUNTER}|天|日|年|月|周|小时|次|倍|台|件)")
_MULTIPLE = re.compile(rf"{NUMERAL}\s*倍")
# An amount bounded by another one (违约金的数额不得超过……培训费用): a value with no figure of its own.
_BOUNDED_AMOUNT = re.compile(
    rf"(?:{alternation(bound_words(forms=('comparative',), limit=True))})[^，,。；;]{{0,15}}(?:费用|工资|收入|数额|金额)"
)
# A sum in a table cell whose column names the currency (补贴标准（元/人）：1500): a row is read
# "column：value", so the unit stands in the column's name, not beside the figure.
_COLUMN_MONEY = re.compile(r"[（(](?:亿元|万元|元)(?:/[^）)]{1,6})?[）)][:：]\s*\d")
_SHARE = re.compile(r"分之|半数|过半")  # 三分之二以上的业主: a share counts people too
# A count in a table cell whose column names it (摊位数：120, 名额（个）：5): a row is read "column：value",
# so the figure stands alone. Not a column of a ratio or a measure (系数, 指数, 基数（元）, 位数, 分数).
_COUNT_UNIT = r"个|人|名|位|家|户|项|次|处|所|座|栋|辆|套|台|张|间"
_COLUMN_COUNT = re.compile(rf"(?:^|[；;，,\s])([\u4e00-\u9fff]{{0,8}}?(?:数量|名额|数))(?:[（(](?:{_COUNT_UNIT})[）)])?[:：]\s*\d")
_NOT_COUNT_COLUMN = re.compile(r"^(?:位数|分数|少数|多数|半数)$|(?:系数|指数|基数|参数|函数|倍数)$")


def _column_count(text: str) -> bool:
    """A table cell stating a count under a column naming it (摊位数：120), not a ratio or a measure (系数：0.5)."""
    return any(not _NOT_COUNT_COLUMN.search(found.group(1)) for found in _COLUMN_COUNT.finditer(text))


def _sum_without_figure(text: str) -> bool:
    """A sum stated without a sum of money of its own: a multiple of one (月工资的2倍), a bound by
    another (不得超过……培训费用), or a figure in a column naming the currency (补贴标准（元/人）：1500)."""
    return bool(_MULTIPLE.search(text) or _BOUNDED_AMOUNT.search(text) or _COLUMN_MONEY.search(text))


_DATE = re.compile(
    rf"{NUMERAL}\s*月\s*(?:{NUMERAL}\s*[日号])?|{NUMERAL}\s*[日号]\s*(?:前|之前|以前|起|内)|\d{{4}}\s*[-./年]\s*\d{{1,2}}"
    r"|次年|当年|年底|年末|年初|之日起|之日|届满|期满|前(?:申报|提出|办理)|时起|之时"
    r"|(?:时|后|前)(?:成立|生效|设立|支付|确定|开始|终止|发生|转移)"
    # times of day (7时至9时, 8:30, 下午三点) and days of the week (每周三, 星期五), for 几点, 哪一天
    rf"|(?<![\d.第])\d{{1,2}}\s*(?:时|点(?![\d多要意建内措方])|:\d{{2}})|(?:上午|下午|晚上|早上|凌晨|中午|傍晚){NUMERAL}\s*[时点]"
    r"|星期[一二三四五六日天]|(?:每|逢)?周[一二三四五六日末]"
)
# A time limit of none: settled the same day or on the spot (当日办结, 即时办结, 随到随办).
_AT_ONCE = re.compile(r"当[日天场](?:申请[、，,]?当[日天场])?(?:办结|办理|受理|完成|出件|发放|审批)|即时办结|即办即结|随到随办|立等可取")
_PHONE = re.compile(r"\d{3,4}\s*-\s*\d{7,8}|1\d{10}|\d{5,8}|热线|电话|邮箱|网址|www\.|\.gov\.cn")
_PENALTY = re.compile(r"罚款|处分|拘留|吊销|责令|追究|没收|处以|罚金|追回|取消|不得再|暂扣|赔偿|承担.{0,6}责任|纳入.{0,6}(?:失信|黑名单)|警告")
_PROCEDURE = re.compile(r"申请|申报|提交|办理|受理|审核|审批|登记|提出|领取|申领|报送|备案|材料|程序|流程|凭")
_ELIGIBILITY = re.compile(r"条件|符合|具备|满足|适用于|对象|范围|资格|凡|限于|不予|不得|可以|有权|方可")
_PLACE = re.compile(
    r"位于|设在|建在|落户|地址|会议|大会|会上|[\u4e00-\u9fff]{2,}(?:市|区|县|省|镇|街道|路|街)(?:[，,、的]|$)|平台|网站|窗口|服务大厅|线上|网上|APP|app|小程序"
    r"|所在地|向.{1,16}(?:申请|提出|办理)"
)
_RESPONSIBLE = re.compile(r"负责|牵头|主管|责任单位|由.{1,20}(?:承担|负责|支付|偿还|办理|组织|制定|审核|确定|发放)|承担")
_ENUMERATION = re.compile(r"[\u4e00-\u9fffA-Za-z0-9“”()（）]{2,20}(?:、[\u4e00-\u9fffA-Za-z0-9“”()（）]{2,20}){1,}")
# An item that reads as a proper name: an organisation or place suffix, quotation marks, Latin letters.
_PROPER_NAME = re.compile(
    r"公司|集团|大学|学院|研究院|研究所|中心|实验室|医院|孵化器|空间|产业园|园区|基地|银行|协会|联盟|平台|[“”A-Za-z]|[局厅委市区县州省]$"
)
_COUNTED_ITEM = re.compile(rf"(?:\d+|[{_CN}]+)\s*(?:{_COUNTER})")
_ACHIEVED = re.compile(r"已|已经|截至|累计|现有|目前|实际|全年|去年|上年")


# Counters that say what is counted (多少辆, 扣几分, 多少人), with the counters that count the same
# things; a count asked with one is stated only with one of them. Counters that count anything
# (个, 项, 种, 次 …) are not listed: any count may answer them.
_SAME_COUNT = {
    "辆": "辆|台|部", "台": "台|套|件|部|辆", "分": "分", "人": "人|名|位|人次", "名": "人|名|位",
    "位": "人|名|位", "家": "家|户|个", "户": "户|家", "所": "所|个|家", "岁": "岁|周岁",
    "亩": "亩|公顷|平方米", "张": "张", "栋": "栋|幢|座", "座": "座|个", "胎": "胎|孩", "孩": "孩|胎|个",
    "平": "平方米|平米|㎡", "层": "层",
}
# Not a counter when the next character makes another word: 人次, 人手, 分钟, 分贝, 分钱, 家庭, 岁数 ….
_NOT_COUNTER = "次手家员口才群工钟之红数额期成贝钱庭"
_ASKED_COUNTER = re.compile(rf"(?:多少|{_HOW_MANY_JI})({'|'.join(_SAME_COUNT)})(?![{_NOT_COUNTER}])(?!(?<=平)[台安时常均等方])")
# A counted number: 5万, 2.5万, 二十余万 (a magnitude after Arabic digits counts as part of it).
_COUNTED_NUMBER = rf"(?<![第\d.{_CN}])(?:{ARABIC}\s*[十百千万亿]*|[{_CN}]+)"
# Per counter: 30户, a share of the counted things (三分之二以上居民户, 过半数业主), or a table cell (户数：120).
_COUNTED_AS = {
    counter: re.compile(
        rf"{_COUNTED_NUMBER}\s*(?:余|多)?(?:{same})|(?:{_SHARE.pattern})[^，,。；;]{{0,8}}?(?:{same})|(?:{same})数[:：]\s*\d"
    )
    for counter, same in _SAME_COUNT.items()
}


# A size asked by its dimension: 多高, 多宽, 多远 a length (11米, 30米); 多大 (面积) an area or a length.
LENGTH = "<length>"
SIZE = "<size>"
_DIMENSION_ASKED = (
    (re.compile(r"多[高宽深远厚粗]"), LENGTH),
    (re.compile(r"多大|面积[^，,。？?]{0,4}(?:多少|几)"), SIZE),
)
# 多大 of something no unit of size measures: 产业规模有多大, 优惠力度多大, 多大年纪, 孩子多大 (data).
_UNSIZED = "|".join(map(re.escape, sorted(word_list("unsized"), key=len, reverse=True)))
_ABSTRACT_SIZE = re.compile(rf"(?:{_UNSIZED})[^，,。？?]{{0,4}}多大|多大(?:的)?(?:{_UNSIZED}|岁)")
_COUNTED_AS[LENGTH] = re.compile(rf"{_COUNTED_NUMBER}\s*(?:余|多)?(?:公里|千米|厘米|毫米|米)")
_COUNTED_AS[SIZE] = re.compile(rf"{_COUNTED_NUMBER}\s*(?:余|多)?(?:平方公里|{_SAME_COUNT['平']}|{_SAME_COUNT['亩']}|米)")


# A person asked by their role (组长是谁, 链长是哪位省领导, 局长叫什么名字, 谁担任组长): the evidence must say
# who holds the post, by name beside a title (局长王烁介绍) or by the post or body holding it (由分管副市长担任组长).
# A contact person is asked as a contact (联系人是谁: a phone or an office answers it).
_ROLE = r"(?:[组链局厅市省区县部处科院校社行]长|主任|书记|董事长|总经理|负责人|领导(?!小组)|主席|发言人)"
# The phrase closes its clause: 院长是谁任命的, 主任由谁选举产生 ask how one is appointed, not who holds a post.
PERSON_ASKED = re.compile(
    rf"(?:{_ROLE}(?:是|叫|为)?(?:谁|哪位|哪一位|什么名字|叫什么|姓什么|何人)|哪一?位[^，,。？?]{{0,4}}{_ROLE}"
    rf"|谁(?:是|担任)[^，,。？?]{{0,6}}{_ROLE}|{_ROLE}[^，,。？?]{{0,2}}(?:姓名|名字))(?:呢|啊|呀)?(?=[？?，,。！!\s]|$)"
)
PERSONS = "<persons>"  # the counter of a person asked by role: no counter word, so none is mistaken for it
# Who holds a post, said of a post or a body (由分管副市长担任组长, 市长任组长, 组长为市长, 链长：省长).
_HELD_BY = re.compile(rf"由[^，,。；;]{{1,20}}?(?:担任|兼任)|(?:担任|兼任|任|为)副?{_ROLE}|{_ROLE}(?:为|由|：|:)")
_TITLED = re.compile(rf"(?:{_ROLE}|同志|教授)[:：]?$")  # a title right before a name (局长王烁)
# Right after a name: a title (王烁局长), a verb of speaking or of taking a post (张伟表示, 张三担任).
_AFTER_NAME = re.compile(rf"(?:{_ROLE}|同志|表示|指出|介绍|强调|担任|兼任|任副?[\u4e00-\u9fff]{{0,3}}长)")
_PERSON_FLAGS = frozenset({"nr", "nrfg", "nrt"})


def post_held(text: str) -> bool:
    """True when `text` says who holds a post: by the post or body holding it (由分管副市长担任组长)
    or by a person's name beside a title or a verb (局长王烁介绍, 张伟表示). The tagger's person names
    alone are too loose (it tags 智慧 and 养老 as names)."""
    if _HELD_BY.search(text):
        return True
    tags = pos_tags(text)
    for index, (word, flag) in enumerate(tags):
        if flag not in _PERSON_FLAGS or not 2 <= len(word) <= 4:
            continue
        before = "".join(item for item, _ in tags[max(0, index - 3) : index])
        after = "".join(item for item, _ in tags[index + 1 : index + 3])
        if _TITLED.search(before) or _AFTER_NAME.match(after):
            return True
    return False


# 哪几个区, 哪些城市: a roster of places, held only by place names (not 市经信局、市科技局).
_PLACE_ROSTER = re.compile(r"哪(?:几|些)个?(?:区|市|县|省|州|城市|地方|地区|区县|县市)")
PLACES = "<places>"  # the counter of a roster of places: no counter word, so none is mistaken for it

# The bodies a notice is addressed to (主送单位是哪些, 是下发给哪些单位的), stated by its salutation
# (各区人民政府，市人民政府各部门：), and those it is copied to (抄送了哪些单位), by its 抄送 line.
RECIPIENTS = "<recipients>"
COPIES = "<copies>"
# Asked as a roster of the bodies the document itself goes to: 主送/抄送 (单位, 机关 …) 是哪些 / 有谁 / 是什么
# (not 是什么意思), or the document (这份通知, 该文件, 本方案; 通知, 文件, 公文 alone) 下发给 / 印发至 / 抄送了
# 哪些 / 哪几个 / 谁 (not 发到哪里, 哪个邮箱, 发给谁审批). Money, goods or another paper a document speaks of
# (通知里的补贴发给哪些企业, 处罚决定书要抄送哪些单位) are not its addressees.
_ROSTER_WORD = r"(?:是|有|为)?(?:哪些|哪几|哪个|哪家|谁(?![审批签核办负查])|什么(?!意思|区别|规定))"
_DOCUMENT_ITSELF = r"(?:(?:这份|这个|该|本)[\u4e00-\u9fff]{0,6}?(?:通知|文件|公文|意见|方案|办法|规定|规划|细则|决定)|(?<![\u4e00-\u9fff])(?:通知|文件|公文))"
_SENT = rf"{_DOCUMENT_ITSELF}[,，]?[是要已都被也]{{0,2}}"
_RECIPIENTS_ASKED = re.compile(
    rf"(?:主送|发文对象|发送范围)(?:单位|机关|对象|范围)?[^，,。？?]{{0,3}}?{_ROSTER_WORD}"
    rf"|{_SENT}(?:下发|印发|发送|转发|发)(?:给|至|到)了?{_ROSTER_WORD}"
)
_COPIES_ASKED = re.compile(rf"抄送(?:单位|机关|对象|范围)?(?:给)?了?[^，,。？?]{{0,3}}?{_ROSTER_WORD}")
# Another paper copied to bodies (处罚决定书要抄送, 年度报告还需抄送, 决定书依法抄送): not the document's own 抄送.
_OTHER_PAPER_COPIED = re.compile(r"(?:书|报告|表|清单|函|材料)[^，,。？?]{0,4}?抄送")


def addressees_asked(text: str) -> str | None:
    """`COPIES` when `text` asks which bodies the document is copied to (抄送单位有哪些, 这份文件抄送了
    哪些单位), `RECIPIENTS` when it asks which it is addressed to (主送单位是哪些, 这份通知，是下发给
    哪些单位的), else None. Copies are asked of a document's own 抄送 line, not of another paper's."""
    if _COPIES_ASKED.search(text) and not _OTHER_PAPER_COPIED.search(text):
        return COPIES
    return RECIPIENTS if _RECIPIENTS_ASKED.search(text) else None


def asks_addressees(text: str, kinds: frozenset[Ask] | set[Ask]) -> bool:
    """A part asks for the roster of bodies its document goes to (see `addressees_asked`): its salutation
    or 抄送 line answers it, which names no topic of the question."""
    return Ask.NAMES in kinds and not kinds & _ASKED_OTHERWISE and addressees_asked(text) is not None


# A body's name ends in one of these (各区人民政府, 市政府各部门, 工业和信息化部, 海关总署, 开发区管委会),
# or in a place's level when a salutation names the places whose bodies it means (各省、自治区、直辖市……).
_BODY_END = re.compile(
    rf"(?:{_BODY_WORDS}|部门|单位|机关|机构|管委会|办事处|办公厅|行|中心|兵团|学校|企业|公司|组织|团体|党派"
    r"|省|自治区|直辖市|市|州|县|区|旗|乡|镇|街道)$"  # 各省、自治区、直辖市…: the places whose bodies are meant
)
_COPY_START = r"抄\s*[送报]\s*[:：]"  # 抄送：, 抄 送：, 抄报：
_COPIED = re.compile(rf"^{_COPY_START}")
_COPY_LINE = re.compile(rf"^\s*{_COPY_START}([^。]{{0,500}})", re.MULTILINE)  # run on over lines, to its full stop
# A salutation: names up to a colon ending the line, or names beginning with 各 before a colon and the body text.
_ADDRESSING = re.compile(r"^[^：:。；;]{2,120}[：:]$|^各[^：:。；;]{1,120}[：:]")


# A sum of money asked in so many words (多少钱, 几块钱, 多少元): stated by a sum, or by a share of
# one (销售价格的15%), not by any percentage (农膜回收率85%, 100%建设).
MONEY = "<money>"
_MONEY_ASKED = re.compile(
    rf"(?:多少|{_HOW_MANY_JI})[十百千万]*块?(?:钱|元)|{_HOW_MANY_JI}[十百千万]*块(?!牌|地|石)|多少万(?![\u4e00-\u9fff])"
)
_MONEY_BASE = re.compile(r"(?:价格|价款|售价|工资|薪酬|费用|费|收入|金额|数额|成本|支出|投资|租金|贷款|利息|资金|货款|额)[^，,。；;]{0,6}$")


def money_asked(text: str) -> bool:
    """Whether `text` asks a sum of money in so many words (能补多少钱, 几块钱)."""
    return bool(_MONEY_ASKED.search(text))


def _states_money(text: str) -> bool:
    """A sum of money, a percentage of one (按销售价格的15%) or a sum stated otherwise (`_sum_without_figure`) in `text`."""
    return any(
        item.kind is QuantityKind.MONEY or item.kind is QuantityKind.PERCENT and _MONEY_BASE.search(text[max(0, item.start - 12): item.start])
        for item in find_quantities(text)
    ) or _sum_without_figure(text)


# How often (多久检查一次, 隔多长时间发一次): a period stated per time (每季度至少1次, 每月发放一次).
EVERY = "<every>"
_HOW_OFTEN = re.compile(r"(?:多久|多长时间|多少天|几天|几个月|隔多久)[^，,。？?]{0,8}[一1]次")
_FREQUENCY = re.compile(rf"每(?:个)?(?:{NUMERAL})?(?:天|日|周|星期|月|季度|季|半年|年|学期)[^，,。；;]{{0,16}}?(?:{NUMERAL})\s*次|按(?:月|季|季度|年|学期)")


# The term of something asked (有效期多久, 期限是多长, 管几年): stated by a length of time, or by the
# date it runs to (有效期至2025年12月31日).
TERM = "<term>"
_TERM_ASKED = re.compile(
    r"(?:有效期|期限)(?!满|届|内|前|后)[^，,。？?]{0,3}(?:多久|多长|几年|是|为|怎么)|管(?:多久|几年|多长)|(?:多久|几年)内?有效"
)
_TERM_END = re.compile(
    r"(?:有效期|期限|执行期|实施期)[^，,。；;]{0,16}?(?:至|到|截至|截止)\s*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年"
)


def asked_counter(text: str) -> str | None:
    """The counter a how-many question asks with when it says what is counted (多少辆 → 辆), else None;
    `EVERY` for a how-often question (多久检查一次); `TERM` for the term of something (有效期多久);
    `LENGTH` or `SIZE` for a size asked by its dimension (能盖多高, 最多能批多大); `PLACES` for a roster
    of places (哪几个区); `PERSONS` for who holds a post (组长是谁); `RECIPIENTS` and `COPIES` for the
    bodies a document is addressed or copied to (主送单位是哪些, 抄送了哪些单位)."""
    text = told_few(text)  # 我前几天去办了一次，证书有效期多久: no how-often question
    if _HOW_OFTEN.search(text):
        return EVERY
    match = _ASKED_COUNTER.search(text)
    if match:
        return match.group(1)
    if _TERM_ASKED.search(text):
        return TERM
    dimension = next((counter for pattern, counter in _DIMENSION_ASKED if pattern.search(text)), None)
    if dimension == SIZE and _ABSTRACT_SIZE.search(text):
        dimension = None
    if dimension:
        return dimension
    addressees = addressees_asked(text)
    if addressees:
        return addressees
    return PLACES if _PLACE_ROSTER.search(text) else PERSONS if PERSON_ASKED.search(text) else None


# A split between parties (按照5:5的比例分担, 7比3): a ratio, not a time of day (17:30).
_SPLIT = r"(?<![\d:：])\d{1,2}\s*(?:[:：]|比)\s*\d{1,2}(?![\d:：])(?=\s*(?:的)?(?:比例|分担|分成|承担|负担))"


def holds(kind: Ask, text: str, counter: str | None = None) -> bool:
    """True when `text` states a thing of `kind` (always True for kinds that need no value); a count
    asked with `counter` (see `asked_counter`) only with that counter or one counting the same things."""
    if kind is Ask.NAMES and counter == PLACES:
        return places_listed(text)
    if kind is Ask.NAMES and counter == PERSONS:
        return post_held(text)
    if kind is Ask.NAMES and counter in (RECIPIENTS, COPIES):
        return bodies_addressed(text, copies=counter == COPIES)
    if kind is Ask.COUNT and counter in _COUNTED_AS:
        return bool(_COUNTED_AS[counter].search(text))
    if kind is Ask.AMOUNT and counter == MONEY:
        return _states_money(text)
    if kind is Ask.AMOUNT:
        return any(item.kind in (QuantityKind.MONEY, QuantityKind.PERCENT) for item in find_quantities(text)) or _sum_without_figure(text)
    if kind is Ask.RATIO:
        return any(item.kind is QuantityKind.PERCENT for item in find_quantities(text)) or bool(
            re.search(rf"{NUMERAL}\s*[成折]|{NUMERAL}\s*倍|分之|{NUMERAL}\s*个?百分点|{_SPLIT}", text)
        )
    if kind is Ask.DURATION and counter == EVERY and _FREQUENCY.search(text):
        return True  # 多久检查一次: 每季度至少检查1次
    if kind is Ask.DURATION and counter == TERM and _TERM_END.search(text):
        return True  # 有效期多久: 有效期至2025年12月31日
    if kind is Ask.DURATION:
        return any(item.kind is QuantityKind.DURATION for item in find_quantities(text)) or bool(
            re.search(rf"{NUMERAL}\s*(?:日|天)(?:内|以内|之内|前)", text) or _AT_ONCE.search(text)
        )
    if kind is Ask.DATE:
        return bool(_DATE.search(text))
    if kind is Ask.COUNT:
        return bool(
            _COUNTED.search(text) or FIGURE.search(fold(text).lower()) or find_quantities(text) or _SHARE.search(text)
            or _column_count(text) or re.search(_SPLIT, text)  # 省里和县里各出多少: 按照5:5的比例分担
        )
    if kind is Ask.ACTUAL:
        return bool(find_quantities(text) or _COUNTED.search(text)) and bool(_ACHIEVED.search(text))
    return _holds_words(kind, text)


def _holds_words(kind: Ask, text: str) -> bool:
    if kind is Ask.NAMES:
        return names_listed(text)
    patterns = {
        Ask.CONTACT: _PHONE, Ask.PENALTY: _PENALTY, Ask.PROCEDURE: _PROCEDURE, Ask.ELIGIBILITY: _ELIGIBILITY,
        Ask.PLACE: _PLACE, Ask.RESPONSIBLE: _RESPONSIBLE,
    }
    pattern = patterns.get(kind)
    return True if pattern is None else bool(pattern.search(text))


def same_role(label: str, text: str) -> bool:
    """Whether a note's `label` (责任单位, 联系电话) names the role that `text` asks about
    (由哪些单位负责, 电话是多少): who is responsible, or how to get in touch."""
    return any(pattern.search(label) and pattern.search(text) for pattern in (_RESPONSIBLE, _PHONE))


def names_listed(text: str) -> bool:
    """True when `text` enumerates proper names (A公司、B大学、“C”), or explains a name with 即 ….

    Lists of fields or of counts (50家…、10家…) are no roster."""
    if re.search(r"即[^。；]{2,}[,，、][^。；]{2,}", text):
        return True
    for match in _ENUMERATION.finditer(text):
        items = match.group(0).split("、")
        if _COUNTED_ITEM.search(match.group(0)):
            continue
        if sum(1 for item in items if _PROPER_NAME.search(item)) * 2 >= len(items):
            return True
        if all(len(item) <= 4 for item in items) and text[match.end() : match.end() + 1] == "等":
            return True  # 甲县、乙县、丙县等地: short names closed by 等
    return False


def bodies_addressed(text: str, copies: bool = False) -> bool:
    """True when `text` addresses bodies: a notice's salutation, a line naming bodies up to a colon that
    ends it or that follows names beginning with 各 (各市、州、县经信局，省直相关部门：; 各有关单位：现将……),
    or with `copies` its 抄送 line, read on to its full stop (抄送：市纪委监委机关，市委办公厅，……。). Two in
    three of the bodies, split at commas and 、, must end in a body's word (政府, 部门, 局, 署 …); one body
    alone only as 各…."""
    if copies:
        named = [found.group(1).replace("\n", "") for found in _COPY_LINE.finditer(text)]
    else:
        named = [
            line.strip().split("：")[0].split(":")[0] for line in text.splitlines()
            if not _COPIED.match(line.strip()) and _ADDRESSING.match(line.strip())
        ]
    return any(_names_bodies(names) for names in named)


def _names_bodies(names: str) -> bool:
    """`names` lists bodies: two or more, two in three ending in a body's word (银川警备区 need not), or one
    beginning with 各 (各有关单位)."""
    bodies = [body.strip() for body in re.split(r"[，,、]", names) if body.strip()]
    ending = sum(1 for body in bodies if _BODY_END.search(body))
    return (len(bodies) >= 2 and 3 * ending >= 2 * len(bodies)) or (len(bodies) == 1 and ending == 1 and names.startswith("各"))


def places_listed(text: str) -> bool:
    """True when `text` enumerates places (甲市、乙市、丙市等市; 某某区、某某县), not bodies or fields:
    half its items or more end in a place suffix or are tagged a place name."""
    for match in _ENUMERATION.finditer(text):
        items = match.group(0).split("、")
        needed = (len(items) + 1) // 2
        found = sum(1 for item in items if _PLACE_ITEM.search(item))
        for item in items:  # the tagger only for items without a suffix, and only as far as needed
            if found >= needed:
                break
            if not _PLACE_ITEM.search(item) and (pos_tags(item) or [("", "")])[-1][1] == "ns":
                found += 1
        if found >= needed:
            return True
    return False


_PLACE_ITEM = re.compile(r"[\u4e00-\u9fff](?:省|市|区|县|州|镇|乡|村|街道)$")


# ---------------------------------------------------------------- what a value is about

_WH_ANY = re.compile(rf"百分之{_WH}|(?<![十百千万一二三四五六七八九们])几|多少|多久|多长|多[{_DIMENSIONS}]|什么时候|何时|哪天|哪一?年|几号|几月|什么|哪|谁|怎么|如何")
_NOUN_FLAGS = ("n", "vn", "eng", "j")
# A person's name as jieba guesses one for characters it does not know: a real noun when it ends
# like one (安置费), else a mis-cut (展位费挺贵 → 展位 / 费挺贵); a policy value is about no person.
_GUESSED_NAMES = frozenset({"nr", "nrfg", "nrt"})


def _misread_name(word: str, flag: str) -> bool:
    """A guessed personal name that does not end like a noun (费挺贵, not 安置费)."""
    return flag in _GUESSED_NAMES and word[-1:] not in _NOUN_SUFFIXES


# Words naming the kind of value rather than what it is about (比例 of 补贴比例).
_GENERIC_NOUNS = word_list("generic_nouns")


def _modal_guess(word: str) -> bool:
    """A modal verb with a verb or an adverb that jieba guessed to be one noun, not in its
    dictionary (能源, 会议, 真相 are): a modal first (能领 of 最长能领几个月, 可报), a modal after an
    adverb (真会 of 真会被罚款吗, 还能), or 能 between a noun's tail and a verb (券能报 of 用创新券能报几成)."""
    if len(word) == 2 and word[0] in _ADVERBS and word[1] in _MODALS:
        return True  # 真会, 还能, 就要: jieba's dictionary holds some, none names a thing in a question
    if len(word) == 2:
        shaped = word[0] in _MODALS
    else:
        shaped = len(word) == 3 and word[1] == "能"
    return shaped and not in_dictionary(word)  # the dictionary only for words of the right shape


_MODALS = frozenset("能可会要该须应得")
_ADVERBS = frozenset("真还就都也才又再最只")


def proper_names(text: str) -> list[str]:
    """Place, person and organisation names of `text` (jieba's ns/nr/nt tags), two characters or more."""
    return _tagged_names(text, _NAME_FLAGS)


def place_names(text: str) -> list[str]:
    """The place names of `text` (jieba's ns tag; 老公 is tagged a person's name), two characters or more."""
    return _tagged_names(text, frozenset({"ns"}))


def _tagged_names(text: str, flags: frozenset[str]) -> list[str]:
    return [word for word, flag in pos_tags(text) if flag in flags and len(word) >= 2]


_NAME_FLAGS = frozenset({"ns", "nr", "nt", "nrt", "nrfg"})


# One-character suffixes that make a noun of the word before them (起付 + 线, 快递 + 员, 试用 + 期),
# where jieba leaves the compound in two pieces.
_NOUN_SUFFIXES = frozenset("员线费率金证额者师商户站价款期险")


def noun_tags(text: str) -> list[tuple[str, str]]:
    """`pos_tags` with a word of two or more characters and a nominal suffix after it joined into one noun."""
    tags: list[tuple[str, str]] = []
    for word, flag in pos_tags(text):
        if tags and word in _NOUN_SUFFIXES and len(tags[-1][0]) >= 2 and tags[-1][1][:1] in ("n", "v"):
            tags[-1] = (tags[-1][0] + word, "n")
        else:
            tags.append((word, flag))
    return tags


_CLAUSE_BREAK = re.compile(r"[，,。；;：:？?！!]")


def after_question_word(text: str) -> str:
    """What follows the last question word of `text` (什么时候完成改造 → 完成改造); `text` without one."""
    matches = list(_WH_ANY.finditer(text))
    return text[matches[-1].end():].lstrip("些个家种类位样") if matches else text


# 几个人, 几天能办: the counter or time unit after a question word (not the 天 of 多少天然气)
_COUNTER_FIRST = re.compile(rf"^(?:个?(?:工作日|天|日|周|星期|小时|月|年)(?=[能可会要得才就内以之后前办到的]|$)|{_COUNTER})")
_PARTICLES = ("吗", "呢", "吧", "么")  # the particles closing a question


def value_focus(text: str, whole: bool = False, without_payer: bool = False) -> str:
    """The nouns of the phrase holding a part's question word: what the asked value is about.

    `失业保险费单位和个人各交多少比例` → `失业保险费 单位 个人`; `空调最多能补几台` → `空调`.
    `whole`: the nouns of all of `text` (a yes/no question is about everything it names).
    `without_payer`: a vague payer before a verb of giving (搭建的时候国家能给补多少) is left out.
    Words naming the kind of value (比例, 金额, 目标) are left out; '' when no noun is left.
    """
    text = _written_wh(text)  # 啥时候 is 什么时候: the question word is found where it stands
    text = without_doc_numbers(text)  # 国科发区〔2025〕96号规定的有效期: the 文号 names the document, not the value
    match = None if whole else _WH_ANY.search(text)
    if not match:
        return _phrase_nouns(text if whole else _CLAUSE_BREAK.split(text)[0])
    before = _CLAUSE_BREAK.split(_DONE_ACTION.sub(" ", text[: match.start()]))
    # 算几个人: the counter after the question word is no part of a noun (个人), what it counts is.
    after = _COUNTER_FIRST.sub("", _CLAUSE_BREAK.split(text[match.end():])[0])
    phrase = before[-1] + " " + after
    # 公共充电站的服务费，每度电最多能收多少钱: a phrase naming nothing asks about the topic named
    # just before it (a noun phrase alone, not a clause of context: 东西才一百元，最少能赔多少).
    topic = before[-2] if len(before) > 1 else ""
    if without_payer:
        phrase = _PAYER.sub(" ", phrase)
    phrase = _RECEIVER.sub(" ", phrase)  # 个人分别最多能拿到多少: who receives, not what the sum is of
    nouns = " ".join(dict.fromkeys([*_phrase_nouns(phrase).split(), *_measured_head(after)]))
    return nouns or (_phrase_nouns(topic) if _noun_phrase(topic) else "")


# Who pays, before a verb of giving (国家能给补多少, 政府给多少): the payer, not what the value is for; a
# document seldom names the payer beside the sum (地方可按照每张不超过3000元的标准给予补贴). A giving verb inside a
# noun (奖学金, 发改委, 发展, 出台) makes no payer.
_GIVING = r"(?=(?:能|会|可以|可|要|得|到底|一共|最多|最少|再|分别|各)*(?:给|补|发(?!改|展)|奖(?!学|励)|出(?!台)|掏|拨|贴))"
_PAYERS = re.compile(rf"(?:国家|政府|官方|上面|上级|财政|中央|地方|省里|市里|区里|县里|省级|市级|县级){_GIVING}")


def payers_named(text: str) -> int:
    """How many payers `text` names before a verb of giving (国家补多少、省里补多少: 2; not 中央空调, 这个地方)."""
    return len(set(_PAYERS.findall(text)))


# Who receives, before a verb of receiving (个人最多能拿到多少, 每户能领多少): the receiver, not what the sum is of.
_RECEIVER = re.compile(
    r"(?:个人|每人|每户|单户|本人)(?=(?:分别|各自|各|最多|最少|一共|总共|能|可以|可|会|到底|一年|每年|每月)*"
    r"(?:拿|领|得到|获得|享受|收到))"
)


# Only a vague payer is left out: 省里, 市里, 县里 name a level of government whose figure differs (县里补多少).
_PAYER = re.compile(rf"(?:国家|政府|官方|上面|上级){_GIVING}")


_ATTRIBUTE_FLAGS = frozenset({"n", "vn", "nz", "j", "b", "a", "d"})  # what may stand between 多少 and its head


def _measured_head(after: str) -> list[str]:
    """The name of a sum heading the noun phrase a question word measures, which jieba tags as a verb
    (多少基础生均补助 → 补助, 每月发多少补助 → 补助); none when a predicate follows (多少钱能买到)."""
    tags = [(word, flag) for word, flag in noun_tags(after.strip()) if word.strip()]
    if not tags or tags[-1][1] != "v" or len(tags[-1][0]) < 2 or _auxiliary(tags[-1][0]) or _modal_guess(tags[-1][0]):
        return []
    if not all(flag in _ATTRIBUTE_FLAGS for _, flag in tags[:-1]):  # 多长时间内办好: 内 is no attribute
        return []
    head = tags[-1][0]  # a sum's name jieba tags as a verb (补助, 奖励), not any verb (办好 of 多长时间内办好)
    return [head] if re.fullmatch(_MONEY_WORD, head) and head not in _GENERIC_NOUNS else []


# An action done before the value is asked (交完材料要等几天, 办完手续后多久): when, not what the value
# is about; 完善, 完成, 完全 … are words of their own.
_DONE_ACTION = re.compile(r"[\u4e00-\u9fff]完(?![善成全整毕工备好美税])[\u4e00-\u9fff]{0,6}?(?=要|得|需|才|后|以后|之后|还)")


def topic_focus(text: str) -> str:
    """What a part is about when a later part asks a value of it (这样可以吗？会被罚多少？): its
    nouns (`value_focus` whole), without its own yes/no phrase (可以吗), which names no topic."""
    return " ".join(word for word in value_focus(text, whole=True).split() if not word.endswith(_PARTICLES))


def _noun_phrase(text: str) -> bool:
    """`text` is nothing but nouns (and 公共, 个人-like attributes) joined by 的, 和, 与 (公共充电站的服务费)."""
    tags = noun_tags(text.strip())
    return bool(tags) and all(flag.startswith((*_NOUN_FLAGS, "b")) or word in ("的", "和", "与", "及") for word, flag in tags)


def _phrase_nouns(phrase: str) -> str:
    """The nouns of `phrase` that may name what a value is about, colloquial phrases whole."""
    # Colloquial phrases stay whole (小公司, not 小 + 公司), so that their official terms count.
    colloquial = [item.phrase for item in find_colloquial(fold(phrase).lower()) if not _WH_ANY.search(item.phrase)]  # not 几天
    for item in colloquial:
        phrase = phrase.replace(item, " ")
    nouns = colloquial + [
        word for word, flag in _nominalized(noun_tags(phrase))
        if flag.startswith(_NOUN_FLAGS) and not _misread_name(word, flag) and word not in _GENERIC_NOUNS and len(word) >= 2
        and not _modal_guess(word)
        and not _WH_ANY.search(word)  # 几块钱 is the question, not its topic
    ]
    return " ".join(dict.fromkeys(nouns))


_AUXILIARIES = word_list("auxiliaries")


def _auxiliary(word: str) -> bool:
    """A modal or auxiliary verb (需要, 应当, 能够 …): the predicate after a headless 的 phrase
    (逾期未缴的应当缴纳……), never a thing named."""
    return word in _AUXILIARIES or word[:1] in _MODALS


def _nominalized(tags: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """`tags` with a verb that heads a 的 phrase read as a noun: 托管 of 学校的课后托管 (a time
    or attribute word such as 课后 may stand between 的 and the verb)."""
    result: list[tuple[str, str]] = []
    after_de = False
    for word, flag in tags:
        if after_de and flag == "v" and not _auxiliary(word):
            result.append((word, "vn"))
            after_de = False
            continue
        result.append((word, flag))
        after_de = word == "的" or (after_de and flag[:1] in ("t", "b"))
    return result


# A question word as jieba cuts it: 哪 with what follows it (哪位, 哪所, 哪几个), 几 with its counter (几次),
# 多 with an adjective of measure (多久, 多大), and the polar forms.
_WH_WORD = re.compile(
    r"^(?:什么|啥|哪(?!怕|吒)[\u4e00-\u9fff]{0,2}|谁|怎么|怎样|如何|怎么样|多少|多[久长" + _DIMENSIONS + r"]|几(?!乎|经|率|何)[\u4e00-\u9fff]?|百分之几"
    r"|有没有|能不能|是不是|要不要|可不可以|是否|能否|吗)$"
)
HEAD_WORDS = 2  # words taken on each side of the question word
# Words framing what is asked (where it is said, by whom, in which words) rather than naming it.
_FRAME_WORDS = word_list("frame_words")
_DISTRIBUTIVE = frozenset({"分别", "各自", "各", "都", "均"})
_POLAR_WORD = re.compile(r"^(?:有没有|能不能|是不是|要不要|可不可以|是否|能否|吗)$")


def asked_head(text: str) -> list[str]:
    """The words a question word asks about: the content words right after it (哪家医院 → 医院,
    有没有学费补偿 → 学费 补偿), else the nouns right before it (组长是谁 → 组长, 利率是多少 → 利率).

    Words naming the kind of value (比例, 金额, 电话) are left out; [] when none is left."""
    after, before = _head_words(text)
    return list(after or before)


def asked_object(text: str) -> list[str]:
    """The thing a which-one or what question names (哪家医院 → 医院, 什么证书 → 证书, 哪个APP →
    APP): the noun right after 哪个/哪家/哪位/什么; none when it frames the question, names a class a
    text names by its members (哪个城市 → 银川) or an abstract thing a text answers with content
    (什么义务, 什么级别的医院). Not a how question (如何认定: a manner), 哪里 (what follows it is the
    predicate) nor 哪些 (a list answered item by item)."""
    tokens, index = _tagged_question(text)
    if index is None or not _SINGLE_WH.match(tokens[index][0]):
        return []
    following = _single_nouns_joined(tokens[index + 1:index + 4])
    if not following:
        return []
    word, flag = following[0]
    # Only the noun right after the question word: jieba tags verbs after it as nouns (哪个银行开户).
    if not flag.startswith(_OBJECT_FLAGS) or flag == "vn" or len(word) < 2 or _WH_WORD.match(word):
        return []
    word = _without_frame_head(word)  # 什么保护措施 asks about 保护: 措施 frames it
    return [] if len(word) < 2 or word in _GENERIC_NOUNS or word in _FRAME_WORDS or word in _NAMED_BY_MEMBERS else [word]


_OBJECT_FLAGS = ("n", "eng", "j")


def _without_frame_head(word: str) -> str:
    """`word` without a framing word it ends in (保护措施 → 保护, 申请渠道 → 申请); `word` otherwise."""
    head = next((frame for frame in _FRAME_WORDS if len(frame) >= 2 and word.endswith(frame) and len(word) > len(frame)), "")
    return word[: -len(head)] if head else word


def paid_object(text: str) -> str:
    """The tax, fee or contribution a yes/no question asks whether one must pay, or may be charged
    (要不要交企业所得税 → 所得税, 增值税还要交吗 → 增值税, 单位需不需要给我交住房公积金 → 公积金,
    要不要另外收上门服务费 → 服务费); '' when it asks no such thing, or names only 税 or 钱. Only a
    clause naming that thing decides it: a clause granting the reward it would be paid on does not."""
    found = _PAID_AFTER.search(text) or _PAID_BEFORE.search(text)  # 生活费要交个人所得税吗: what is paid
    if not found:
        return ""
    words = [word for word, _ in noun_tags(found.group("due"))]
    word = words[-1] if words else ""
    if len(word) < 2 and len(words) >= 2:
        word = words[-2] + word  # 个税: 个 + 税
    return word if len(word) >= 2 else ""


_MUST = r"要不要|需不需要|用不用|得不得|是否(?:需要|要|应当|得)?|还要|还得|也要|需要|要|得|应当|应该|必须"
# Paid, or charged (要不要另外收上门服务费); not taken back (收回押金) or received (收到).
_PAY = r"(?:交|缴纳|缴|支付|付|另外收|另行收取|收取|收(?![回到集]))"
# What is paid or charged: a tax or fee, or a contribution or deposit (住房公积金, 社保, 失业保险费, 押金).
_DUE = r"(?:[税费]|公积金|社保|医保|保险费?|押金|保证金)(?![局处厅站所])"  # not 社保局, a place papers go to
_PAID_AFTER = re.compile(
    rf"(?:(?:{_MUST})再?(?:给[\u4e00-\u9fff]{{1,3}}?)?{_PAY}|([交缴收])不\1)(?P<due>[\u4e00-\u9fff]{{0,8}}?{_DUE})"
)
_PAID_BEFORE = re.compile(rf"(?P<due>[\u4e00-\u9fff]{{0,8}}?{_DUE})(?:还|也|都)?(?:{_MUST}){_PAY}")
_SINGLE_WH = re.compile(r"^(?:什么|啥|哪(?:一)?[个家所位座款]?)$")
# Classes answered by naming members, whose names need not hold the class word, and abstract
# nouns answered by what they are rather than by name.
_NAMED_BY_MEMBERS = word_list("named_by_members")


@lru_cache(maxsize=4096)
def _tagged_question(text: str) -> tuple[tuple[tuple[str, str], ...], int | None]:
    """`noun_tags` of `text` and the position of its first question word (None without one)."""
    tokens = tuple(_polar_joined(noun_tags(text)))
    return tokens, next((i for i, (word, _) in enumerate(tokens) if _WH_WORD.match(word) or _A_NOT_A.fullmatch(word)), None)


def _polar_joined(tokens: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """`tokens` with a yes/no pair that jieba cut apart joined into one question word (要 不要 →
    要不要, 交 不 交 → 交不交)."""
    joined: list[tuple[str, str]] = []
    for word, flag in tokens:
        if joined and len(joined[-1][0]) == 1 and word == "不" + joined[-1][0]:
            joined[-1] = (joined[-1][0] + word, "v")
        elif len(joined) >= 2 and joined[-1][0] == "不" and len(word) == 1 and joined[-2][0] == word:
            joined[-2:] = [(word + "不" + word, "v")]
        else:
            joined.append((word, flag))
    return joined


@lru_cache(maxsize=4096)
def _head_words(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the content words right after the first question word, those right before it), each at
    most `HEAD_WORDS`; both empty without a question word."""
    tokens, index = _tagged_question(text)
    if index is None:
        return (), ()

    def content(word: str, flag: str, verb: bool = False) -> bool:
        # jieba tags some set terms as fixed expressions (个人所得税: l): what a question asks about too.
        return (len(word) >= 2 and (flag.startswith(_NOUN_FLAGS) or flag == "l" or verb and flag == "v")
                and word not in _GENERIC_NOUNS and word not in _FRAME_WORDS and not _WH_WORD.match(word)
                and not _modal_guess(word))

    after: list[str] = []
    for position, (word, flag) in enumerate(_single_nouns_joined(tokens[index + 1:]), start=index + 1):
        if flag == "x" or len(after) == HEAD_WORDS:
            break
        # 什么担保: the verb right after a question word is what it asks; after 是否 it is the predicate.
        if content(word, flag, verb=position == index + 1 and not _POLAR_WORD.match(tokens[index][0])):
            after.append(word)
    before: list[str] = []
    for position in range(index - 1, -1, -1):
        word, flag = tokens[position]
        # A和B分别提了多少: the words before 分别 name the sides, not the thing asked.
        if flag == "x" or len(before) == HEAD_WORDS or word in _DISTRIBUTIVE:
            break
        verb_subject = flag == "v" and position + 1 < len(tokens) and tokens[position + 1][0] == "是"  # 组长是谁
        if content(word, flag, verb=verb_subject):
            before.append(word)
    return tuple(after), tuple(before[::-1])


def _single_nouns_joined(tokens: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """`tokens` with each run of one-character nouns joined into one noun (哪家 药 企 → 药企): the
    pieces of a noun jieba did not know. A single one (哪个 区 办理) stays as it is."""
    joined: list[tuple[str, str]] = []
    in_run = False
    for word, flag in tokens:
        single = len(word) == 1 and flag.startswith("n")
        joined.append((joined.pop()[0] + word, "n") if single and in_run else (word, "n" if single else flag))
        in_run = single
    return joined


# 第三个, 第二项, 第四点: the place of an item in a list the question names (四大行动里的第一个).
# The ordinal ends its phrase (第三条 alone is an article of a law): 第二个孩子, 第一个工作日, 第十四个五年规划 are no items of a list.
_ORDINAL_ASKED = re.compile(
    rf"第([一二三四五六七八九十]{{1,3}}|\d{{1,2}})(?:(?:个|项|点|方面)(?:{_LIST_NOUNS})?|条(?:{_LIST_NOUNS}))"
    r"(?=是|和|与|跟|、|分别|各|呢|吗|讲|说|指|[？?，,。；;]|$)"
)
# How running text numbers the items of a list: 一是……二是……, 第一，……
_ORDINAL_STATED = re.compile(r"(?:^|[。；;：:，,\s])([一二三四五六七八九十]{1,3})是|第([一二三四五六七八九十]{1,3})[，,、]")


_ARTICLE_NAMED = re.compile(ARTICLE)


def article_named(text: str) -> int | None:
    """The number of the article `text` names (劳动合同法第十九条 → 19), if it names one."""
    match = _ARTICLE_NAMED.search(text)
    return chinese_number(match.group(1)) if match else None


def ordinal(text: str) -> int | None:
    """The place of the item `text` asks about (第三个 → 3), if it asks about one."""
    match = _ORDINAL_ASKED.search(text)
    return chinese_number(match.group(1)) if match else None


def states_ordinal(text: str, place: int) -> bool:
    """Whether `text` states the item at `place` of a list it enumerates (四是…… for 4)."""
    return any(chinese_number(match.group(1) or match.group(2)) == place for match in _ORDINAL_STATED.finditer(text))
