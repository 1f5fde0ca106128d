"""How a refusal names what the documents lack, in the question's own words."""

from __future__ import annotations

import pytest

from rag.answering.asking import Ask
from rag.answering.asking import proper_names
from rag.answering.missing import refusal_sentence, subject_of, thing_for
from rag.types import Clause


def _clause(text: str) -> Clause:
    return Clause("x:1", "x.txt", 0, len(text), 1, 1, (), text)


@pytest.mark.parametrize(
    ("question", "clause", "subject"),
    [
        ("这个医疗期一般是几个月？", "停工留薪期一般不超过12个月", ""),  # 期一般 names nothing
        ("服务中心的个体工商户服务专区几点下班？", "设立个体工商户服务专区", "个体工商户服务专区"),
        ("这次家电以旧换新补贴资金安排了多少？", "家电以旧换新补贴资金实行总额控制", "家电以旧换新补贴资金"),
        ("第一次申领发票要等几天？", "对首次申领发票的新办纳税人", "申领发票"),
        ("个人那部分要从工资里扣百分之几？", "按照本人工资的比例缴纳", ""),
        # A number, a measure word or a place word opens or ends no name (万美元, 每平方米, 盲道上).
        ("损失十来万美元，理赔要等多久？", "对损失金额在20万美元以下的小额赔案", ""),
        ("每平方米宅基地补多少？", "宅基地每平方米补助50元", "宅基地"),
        ("在盲道上停车罚多少？", "在盲道上停放车辆的，处200元罚款", ""),
        ("六个“万人研发基地”各补多少？", "形成六个“万人研发基地”", "“万人研发基地”"),
        ("多久才能直接结算？", "办理备案后能直接结算", ""),  # 能直接结算: a modal and an adverb name nothing
        # A number or an adverb inside a name is kept (万人研发基地, 多模态, 十四五, 长期护理保险).
        ("万人研发基地每个能拿多少补贴？", "建设六个万人研发基地", "万人研发基地"),
        ("多模态大模型研发能拿多少奖励？", "支持多模态大模型研发", "多模态大模型研发"),
        ("十四五规划的目标是多少？", "十四五规划提出", "十四五规划"),
        ("长期护理保险怎么报？", "推进长期护理保险试点", "长期护理保险"),
        # Verbs and adjectives may end a name: kept.
        ("劳务派遣的比例是多少？", "劳务派遣用工比例不得超过10%", "劳务派遣"),
        ("能繁母猪补多少钱？", "对能繁母猪给予保险保费补贴", "能繁母猪"),
        ("见习期间要交住房公积金吗？", "见习期间单位应当为见习人员缴纳", "见习期间"),
    ],
)
def test_the_subject_is_whole_words_the_clause_also_holds(question: str, clause: str, subject: str) -> None:
    assert subject_of(question, _clause(clause)) == subject


def test_a_person_asked_by_role_is_refused_as_a_missing_person() -> None:
    assert thing_for(Ask.NAMES, "工作专班的组长是谁？") == "具体人选"
    assert thing_for(Ask.NAMES, "入选企业分别是哪几家？") == "具体名单"
    assert thing_for(Ask.NAMES, "这份通知的抄送单位有哪些？") == "抄送单位"  # the roster named, not 具体名单


def test_a_subject_that_is_the_thing_missing_is_named_once() -> None:
    from rag.answering.missing import refusal_sentence

    refusal = refusal_sentence("公积金缴存比例是多少？", Ask.RATIO, [_clause("住房公积金缴存比例按规定执行")])
    assert refusal == "现有文件未规定公积金缴存比例。", refusal  # not 公积金缴存比例的具体比例


def test_an_off_topic_refusal_names_the_thing_asked_not_a_word_of_the_story() -> None:
    from rag.answering.missing import refusal_sentence
    from rag.answering.prompts import refusal_text

    near = [Clause("c", "plan.txt", 0, 30, 1, 1, (), "（三）推进智能算力建设。建设城市级算力调度平台。")]
    told = refusal_sentence("我和老公离婚了，孩子抚养权归谁？", None, near, off_topic=True)
    assert "孩子抚养权" in told and "老公" not in told
    assert "深圳" in refusal_sentence("深圳的人才政策有哪些？", None, near, off_topic=True)  # a place the documents lack
    # nothing to name: the thing asked is in the nearest clause, or is no thing (a price per unit)
    assert refusal_sentence("算力调度平台是什么？", None, near, off_topic=True) == refusal_text("unknown")
    assert refusal_sentence("房价多少钱一平", None, near, off_topic=True) == refusal_text("unknown")


def test_a_missing_value_names_the_asked_grade_no_clause_holds_or_the_base_a_clause_reckons_from() -> None:
    rows = [_clause("购房人类别：高层次人才；认定条件：经认定的C类人才；补贴上限：5万元")]
    assert refusal_sentence("我被认定为D类人才，买房能补多少？", Ask.AMOUNT, rows) == "现有文件未规定D类人才的具体金额。"
    stipend = [_clause("按照当地最低工资标准的70%给予就业见习补贴。")]
    told = refusal_sentence("那现在的最低工资一个月是多少钱？", Ask.AMOUNT, stipend)
    assert told == "现有文件未规定最低工资标准的具体金额。", told  # not 见习补贴


def test_a_name_jieba_joined_to_a_demonstrative_is_present_where_the_text_has_the_name() -> None:
    from rag.answering.missing import absent_words

    named = [Clause("c", "notice.txt", 0, 20, 1, 1, (), "见习补贴标准。", doc_title="岚川市人力资源和社会保障局关于见习补贴的通知")]
    assert proper_names("那岚川现在的最低工资是多少？") == ["那岚川"]  # jieba's tag, kept as it is
    assert absent_words(["那岚川"], named) == []
    assert absent_words(["那坡县"], named) == ["那坡县"]  # a county's name, absent in whole and in part
