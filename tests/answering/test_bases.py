"""Tests of telling a sentence that names the asked thing only as a base (rag.answering.bases)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.answering.asking import Ask
from rag.answering.bases import base_named, names_base_only
from rag.answering.features import value_share
from rag.types import Clause
from tests.fakes import answer_over

STIPEND = "按照当地最低工资标准的70%给予就业见习补贴。"
FLAT_RENT = "B类人才可以租住人才公寓，租金按照市场租金的30%收取。"


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ("那现在当地的最低工资一个月是多少钱？", STIPEND),  # a share of it
        ("市场租金是按多少钱一平方米算的？", FLAT_RENT),
        ("现在LPR是多少？", "借款人实际承担的利率为LPR减150个基点。"),  # a margin off it
        ("原来的报废补贴标准一台是多少钱？", "对报废老旧农机的，在现行报废补贴标准基础上提高20%。"),  # a rise on it
        ("县里的最低工资标准每月是多少钱？", "劳动者在法定工作时间内的报酬不低于本县最低工资标准。"),  # a floor named
        ("城镇居民人均可支配收入是多少？", "家庭人均可支配收入不超过本市上年度城镇居民人均可支配收入的2倍。"),
        ("市场租金是多少？", "按照不高于同地段市场租金的50%收取。"),  # the question names the whole base
        ("最低工资是多少？", "按企业职工最低工资标准的60%发放。"),
        ("LPR是多少？", "借款人承担相应期限LPR减20个基点。"),
        ("最低生活保障标准每月多少元？", "救助标准按照当地最低生活保障标准的1.5倍确定。"),  # taken rightwards too
        ("最低工资一个月多少钱？", "生活费不低于当地最低工资标准，见习期最长12个月。"),  # a figure of another segment
        ("最低工资一个月多少钱？", "按照当地最低工资标准的70%给予见习补贴，见习期限为3至12个月。"),  # 为3 is no new wage
    ],
)
def test_a_sentence_reckoning_from_the_asked_thing_does_not_state_it(question: str, sentence: str) -> None:
    assert names_base_only(sentence, question)


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ("见习补贴一个月多少钱？", STIPEND),  # the thing reckoned, not its base
        ("B类人才的租金是多少？", FLAT_RENT),  # named once as the thing charged, once as the base
        ("最低工资标准是多少？", "本市最低工资标准为每月2300元。"),  # stated
        ("家庭人均可支配收入不超过多少才能申请？", "家庭人均可支配收入不超过本市上年度城镇居民人均可支配收入的2倍。"),
        ("见习补贴是最低工资的百分之几？", STIPEND),  # a share of the base is what is asked
        ("停车费多少钱？", STIPEND),  # the sentence does not name it at all
        ("见习补贴占最低工资多少？", STIPEND),  # a share asked in other words
        ("见习补贴相当于最低工资标准多少？", STIPEND),
        ("见习补贴按最低工资多少算？", STIPEND),
        ("高龄津贴每月多少钱？", "对年龄超过八十岁的老人发放高龄津贴，每人每月100元。"),  # no base: a figure is given
        ("人才公寓租金多少？", "人才公寓按照不高于同地段市场租金的50%收取租金。"),  # 租金 only as the tail of 市场租金
        ("见习期间每月工资多少？", "见习单位按照不低于本县最低工资标准的80%按月发放基本生活费。"),  # 工资 inside 最低工资
        ("最低工资标准是多少？", "在现行最低工资标准基础上提高10%，调整后为每月2310元。"),  # the raise gives the amount
        ("占地补偿多少钱？", "占地补偿按照被征收土地年产值的10倍给予。"),  # 占地 asks no share; 占地补偿 is reckoned
    ],
)
def test_a_sentence_stating_or_not_naming_the_asked_thing_is_no_base_only(question: str, sentence: str) -> None:
    assert not names_base_only(sentence, question)


def test_the_base_is_named_as_the_sentence_writes_it() -> None:
    assert base_named("那现在当地的最低工资一个月是多少钱？", ["与本题无关。", STIPEND]) == "最低工资标准"
    assert base_named("市场租金是按多少钱一平方米算的？", [FLAT_RENT]) == "市场租金"
    assert base_named("见习补贴一个月多少钱？", [STIPEND]) == ""
    assert base_named("现在LPR是多少？", ["借款人承担的利率为LPR减150个基点。"]) == "LPR"  # as written, not folded


def test_the_value_share_leaves_out_a_sentence_naming_the_asked_thing_only_as_a_base() -> None:
    clause = Clause("c1", "notice.txt", 0, len(STIPEND), 1, 1, (), STIPEND)
    assert value_share(clause, [Ask.AMOUNT], None, part_text="当地的最低工资一个月是多少钱？") == 0.0
    assert value_share(clause, [Ask.AMOUNT], None, part_text="见习补贴一个月多少钱？") == 1.0


NOTICE = """某县人力资源和社会保障局关于做好就业见习工作的通知

一、见习补贴
（一）补贴标准。对吸纳青年参加就业见习的单位，按照当地最低工资标准的70%给予就业见习补贴，每人每月最高不超过1500元。
（二）生活费。见习单位按月向见习人员发放基本生活费，标准不得低于本县最低工资标准。
二、申领程序
见习单位每季度向县人力资源社会保障局申领补贴，提交见习人员名单和基本生活费发放凭证。
"""


def test_the_amount_of_a_base_is_refused_and_named_while_the_share_is_answered(tmp_path: Path) -> None:
    base = answer_over(tmp_path, {"notice.txt": NOTICE}, "现在的最低工资一个月是多少钱？")
    assert base.refused and "最低工资标准的具体金额" in base.answer, base.answer
    share = answer_over(tmp_path, {"notice.txt": NOTICE}, "单位招见习生，见习补贴能拿多少？")
    assert not share.refused and "70%" in share.answer, share.answer
