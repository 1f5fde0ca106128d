"""The direct verdict of a yes/no question, given only when the deciding sentence settles it."""

from __future__ import annotations

import pytest

from rag.answering.verdicts import verdict, wording_verdict


def test_a_prohibition_answers_a_may_question_negatively() -> None:
    assert verdict("入职时公司要扣我身份证，这样可以吗？", "用人单位招用劳动者，不得扣押劳动者的居民身份证和其他证件") == "不可以"


def test_a_duty_answers_a_need_question_positively() -> None:
    assert verdict("租金收入要不要交个税？", "下列各项个人所得，应当缴纳个人所得税：（五）财产租赁所得") == "需要"


def test_stated_figures_found_in_the_sentence_confirm_the_question() -> None:
    assert verdict("是不是计划到二〇二七年把产业规模做到三千五百亿元？", "到2027年，产业规模达到3500亿元") == "是"
    assert verdict("是不是要做到五千亿元？", "到2027年，产业规模达到3500亿元") == ""
    # A figure of the question's context is not what it asks: the sentence stating it decides nothing.
    assert verdict("评上示范社拿到的3万元奖励要不要交税？", "对评为示范社的，给予一次性奖励3万元") == ""


def test_a_figure_inside_a_conditions_range_is_judged_by_the_rule_for_it() -> None:
    rule = "对怀孕7个月以上的女职工，用人单位不得延长劳动时间或者安排夜班劳动，并应当在劳动时间内安排一定的休息时间"
    assert verdict("怀孕七个月了，公司还能让她上夜班吗？", rule) == "不可以"
    assert verdict("怀孕八个月了，公司还能让她上夜班吗？", rule) == "不可以"
    assert verdict("一个月流水八万块，小规模纳税人增值税需要交吗？", "对月销售额10万元以下（含本数）的增值税小规模纳税人，免征增值税") == "不需要"
    # An item of a list whose rule is in its parent (有下列情形之一的，不享受……): no verdict of its own.
    assert verdict("请了两个多月病假，今年的年假还能休吗？", "(三)累计工作满1年不满10年的职工，请病假累计2个月以上的") == ""


def test_a_polarity_word_governing_something_else_gives_no_verdict() -> None:
    assert verdict("房东卖房子了，新房东能不能赶我走？", "出租人变卖租赁房屋偿还债务，应当在合理期限内通知承租人") == ""
    assert verdict("这个月的工资公司能不能晚几天发？", "用人单位应当按照劳动合同约定和国家规定，向劳动者及时足额支付劳动报酬") == ""
    # The predicate decides (拖个把月再去交), not a word of its circumstances (交警 ↔ 交通管理部门).
    towed = "处二十元以上二百元以下罚款，并可以将该机动车拖移至公安机关交通管理部门指定的地点停放"
    assert verdict("交警开了罚款单，我能不能拖个把月再去交？", towed) == ""


def test_a_question_negating_itself_gets_no_verdict_even_with_figures() -> None:
    rule = "累计工作满1年不满10年的职工，请病假累计2个月以上的，不享受当年的年休假"
    assert verdict("我工作五年，请了三个月病假，能享受年休假吗？", rule) == "不可以"
    assert verdict("我工作五年，请了三个月病假，是不是不能享受年休假了？", rule) == ""


def test_mixed_or_missing_polarity_gives_no_verdict() -> None:
    assert verdict("家里没有旧家电，也能拿补贴吗？", "消费者无须交售旧家电即可享受补贴") == ""
    assert verdict("能退吗？", "消费者可以向销售者要求赔偿，但不得超过价款") == ""
    assert verdict("这项政策的目标是什么？", "不得扣押证件") == ""  # no yes/no question


ORIGINAL = "到 2028 年,全市林下经济利用面积达到 300 万亩,建成 10 个示范基地"


def test_a_quoted_wording_the_original_states_is_the_same() -> None:
    assert wording_verdict("原文是不是写的“到2028年，全市林下经济利用面积达到300万亩”？", ORIGINAL) == "与所给表述一致"


def test_a_misquoted_figure_is_a_different_wording() -> None:
    assert wording_verdict("原文是不是写的“到2028年全市林下经济利用面积达到500万亩”？", ORIGINAL) == "与所给表述不同"


def test_no_quoted_wording_or_an_unrelated_original_gets_no_judgement() -> None:
    assert wording_verdict("林下经济的目标原文怎么写的？", ORIGINAL) == ""
    assert wording_verdict("原文是不是写的“加快发展数字乡村旅游”？", ORIGINAL) == ""


def test_a_negated_or_longer_original_is_not_the_same_wording() -> None:
    assert wording_verdict("原文是不是写的“可以申请补贴”？", "不可以申请补贴") == "与所给表述不同"
    assert wording_verdict("原文是不是写的“超过2000元”？", "每件补贴金额不超过2000元") == "与所给表述不同"
    assert wording_verdict("原文是不是“补贴200”？", "每件补贴2000元") == "与所给表述不同"


def test_a_figure_at_a_prohibitions_limit_gets_no_verdict() -> None:
    assert verdict("每天加班3小时可以吗？", "延长工作时间每日不得超过三小时") == ""
    assert verdict("公示5个工作日可以吗？", "公示期不得少于5个工作日") == ""


def test_a_positive_word_inside_a_prohibition_is_forbidden_too() -> None:
    rule = "用人单位不得因女职工怀孕、生育、哺乳降低其工资、予以辞退、与其解除劳动或者聘用合同"
    assert verdict("怀孕期间公司能辞退我吗？", rule) == "不可以"


def test_a_date_or_a_lower_limit_is_no_range_the_askers_figure_falls_in() -> None:
    assert verdict("单位按百分之十的比例缴纳可以吗？", "用人单位应当按照不低于百分之二十的比例缴纳住房公积金") == ""
    assert verdict("我工作了两年，3月5日能休年假吗？", "职工连续工作不满1年的，不享受带薪年休假") == ""


def test_a_sentence_stating_what_a_have_question_asks_is_there() -> None:
    assert verdict("湖北有保险方面的政策吗？", "探索人工智能首批次产品应用保险补偿机制") == "有"
    assert verdict("有没有专门的贷款产品？", "鼓励银行业机构创新推出信贷产品") == "有"  # 有没有: its 没 is no negation
    assert verdict("有没有住房补贴？", "鼓励银行业机构创新推出信贷产品") == ""  # nothing of it is stated
    assert verdict("有没有住房补贴？", "住房补贴不予发放") == ""  # a prohibition not about 住房补贴 itself
    # A joining word (或者) is in any sentence: it says nothing of 摊车 or 补贴.
    assert verdict("有没有买摊车或者设备的补贴？", "申请优先安排的，提供低保、残疾或者就业困难人员认定等相关证明") == ""


def test_a_quoted_name_is_no_given_wording() -> None:
    from rag.answering.verdicts import given_wording

    assert given_wording("规划里关于“交通大脑”的原话是什么？") == []
    assert given_wording("“人工智能+”方案对独角兽企业的提法有什么不同？") == []
    assert given_wording("原文是不是写的“可以申请补贴”？") == ["可以申请补贴"]
    assert given_wording("原文是“免征增值税”吗？") == ["免征增值税"]


def test_a_word_of_procedure_alone_does_not_make_a_sentence_decide() -> None:
    assert verdict("是不是必须本人到场办理？", "申请人可以委托他人代为办理") == ""


def test_a_rule_with_an_exception_quoted_beside_it_gets_no_verdict() -> None:
    from rag.answering.verdicts import settled_verdict

    question = "公司通过劳务派遣招的员工，能不能申请吸纳就业补贴？"
    rule = "对企业招用登记失业人员并签订1年以上劳动合同的，给予吸纳就业补贴。"
    exception = "通过劳务派遣方式用工的，不予补贴。"
    assert verdict(question, rule) == "可以"  # the rule alone reads as a yes
    assert settled_verdict(question, rule, [exception]) == ""
    assert settled_verdict(question, rule, ["补贴资金由市财政统筹安排。"]) == "可以"
    assert settled_verdict(question, exception, [rule]) == "不可以"  # the first quote says no: it stands
    # An exception inside the rule's own sentence withholds the yes as well.
    assert settled_verdict("我怀孕了，单位能不能解除劳动合同？", "用人单位可以解除劳动合同，但女职工在孕期的除外", []) == ""


EVERYDAY_PHRASINGS: list[tuple[str, str, str]] = [
    # A prohibition makes what it forbids illegal (违不违法 is asked the other way round from 合法吗).
    ("在小区里露天烧秸秆违不违法？", "禁止在居民区露天焚烧秸秆、落叶等产生烟尘污染的物质", "违法"),
    ("在小区里露天烧秸秆合法吗？", "禁止在居民区露天焚烧秸秆、落叶等产生烟尘污染的物质", "不合法"),
    ("在自家车位装充电桩违法吗？", "业主可以在自有车位安装充电桩", "不违法"),
    # 还要……吗 asks whether something is still needed; 合规吗 whether it is allowed; 会不会 whether it happens.
    ("小规模纳税人一个月流水八万块，增值税还要交吗？", "对月销售额10万元以下的增值税小规模纳税人，免征增值税", "不需要"),
    ("想把创业贷款提前还掉，银行会不会收违约金？", "借款人提前还款的，经办银行不得收取违约金", "不会"),
    ("物业把公共收益拿去发奖金，这合规吗？", "物业服务企业不得将公共收益挪作他用，不得用于发放奖金", "不合规"),
    ("退休返聘的老人，这样行吗？", "", ""),
    # 会 and 得 inside a word (社会保险法, 获得) ask nothing.
    ("社会保险法给的期限一样吗？", "应当在十五日内告知", ""),
]


CAPPED = "就业困难人员参加职业技能培训期间，按照每人每天50元的标准给予生活费补贴，补贴期限最长不超过30天。"


# A figure beyond every cap of the rule is refused; anything else the cap does not decide.
FIGURES_AGAINST_CAPS: list[tuple[str, str, str]] = [
    ("培训要上四十五天，生活费能拿满四十五天吗？", CAPPED, "不可以"),
    ("生活费能拿二十天吗？", CAPPED, ""),  # inside the cap: the rule's own polarity is not asked
    ("生活费是不是能拿五十天？", CAPPED, "不是"),
    # A deadline is no cap on what is granted, and a limit of the asker's own is no figure beyond it.
    ("补贴能领满两年吗？", "申请人应当在30日以内提交申请材料", ""),
    ("六十天以内能办完吗？", "受理后最长不超过30天办结", ""),
    # Nor is a figure describing something else (五千元的空调) the amount asked, nor money at all: a
    # cap per month or per item says nothing of the asker's yearly total or of a price.
    ("能不能补贴五千元的空调？", "每台补贴不超过2000元", ""),
    ("一年能拿五千块吗？", "每月补贴最高不超过3000元", ""),
    # Units counted in days: a year is not beyond twelve months.
    ("能领一年吗？", "失业保险金领取期限最长不超过12个月", ""),
    ("能领两年吗？", "失业保险金领取期限最长不超过12个月", "不可以"),
    # A cap on who qualifies or on a step, or one the sentence lets be passed, decides nothing.
    ("创业补贴能领三年吗？", "企业成立时间不超过2年，可以申请创业补贴", ""),
    ("补贴能领满一个月吗？", "审核时间不超过15天，审核通过后按月发放补贴", ""),
    ("能拿满四十五天吗？", "补贴期限最长不超过30天，期满后可以延长15天", ""),
    # A figure of waiting or of getting something done is no amount received: a cap does not refuse it.
    ("审批能不能在两个月办完？", "审批期限最长不超过20日", ""),
    ("补贴是不是要等四十五天才能到账？", "补贴期限最长不超过30天", ""),
    ("失业金能不能失业三年后再去领？", "领取期限最长不超过24个月", ""),
]


@pytest.mark.parametrize(("question", "sentence", "word"), EVERYDAY_PHRASINGS + FIGURES_AGAINST_CAPS)
def test_everyday_phrasings_and_figures_against_caps_get_their_verdict(question: str, sentence: str, word: str) -> None:
    assert verdict(question, sentence) == word
