"""Tests of values stated for another case than the one asked (rag.answering.cases), on texts
written here: a contrast of general official language (公办 / 民办) and a sibling in a list."""

from __future__ import annotations

from pathlib import Path

from rag.answering.asking import Ask
from rag.answering.cases import value_for_other_case, list_siblings
from rag.answering.features import value_share
from rag.types import Clause
from tests.fakes import answer_over

VEHICLES = "支持城市公交车、出租车更新为新能源车辆，新能源城市公交车更新平均每辆车补贴7万元。"


def clause(text: str) -> Clause:
    return Clause("c", "d.txt", 0, len(text), 1, 1, (), text)


def test_the_items_beside_a_word_in_a_list_are_its_siblings() -> None:
    assert list_siblings(VEHICLES, "出租车") == ("公交车",)
    assert list_siblings("对冰箱、洗衣机、空调等家电给予补贴。", "洗衣机") == ("冰箱", "空调")
    assert list_siblings(VEHICLES, "货车") == ()  # not in a list of the text


def test_a_sentence_naming_only_a_sibling_or_a_contrasting_case_states_another_cases_value() -> None:
    sentence = "新能源城市公交车更新平均每辆车补贴7万元。"
    assert value_for_other_case(sentence, "开出租车的，换新能源车一辆能补多少？", VEHICLES)
    assert not value_for_other_case(sentence, "城市公交车换新能源一辆补多少？", VEHICLES)  # the asked case itself
    assert not value_for_other_case(sentence, "公交车和出租车各补多少？", VEHICLES)  # the question names both
    fee = "普惠性民办幼儿园保教费每生每月不超过900元。"
    assert value_for_other_case(fee, "公办幼儿园的保教费一个月多少钱？", fee)
    assert not value_for_other_case(fee, "民办幼儿园的保教费一个月多少钱？", fee)
    assert value_for_other_case("非居民用户每立方米3.5元。", "居民用气每立方米多少钱？", "")  # 非居民 names no 居民
    assert not value_for_other_case("居民用户每立方米2.5元。", "居民用气每立方米多少钱？", "")
    spoken = "支持城市公交车、出租车更新，新能源城市公交车每辆补贴七万元。"  # a figure in Chinese numerals
    assert value_for_other_case(spoken, "出租车一辆补多少？", spoken)
    assert not value_for_other_case("支持城市公交车、出租车更新，每辆补贴七万元。", "出租车一辆补多少？", spoken)
    # a list left open with 等 may hold the asked case
    listed = "对购买冰箱、洗衣机、空调等12类家电的，每件补贴2000元。"
    assert not value_for_other_case("对购买冰箱、洗衣机等12类家电的，每件补贴2000元。", "买空调能补多少钱？", listed)


def test_a_case_is_named_as_a_word_not_inside_another_one() -> None:
    from rag.text.word_lists import contrasting

    assert "民办" in contrasting()["公办"] and "公办" in contrasting()["民办"]  # a group reads both ways
    assert not value_for_other_case("对进出口企业每家补贴5万元。", "出口企业能补多少？", "")  # 进出口 names no 出口 … or 进口
    assert value_for_other_case("对进口设备每台补贴5万元。", "出口企业能补多少？", "")
    assert not value_for_other_case("本地区户籍老人每月补贴200元。", "外地老人每月补多少？", "")  # 本地区 is no 本地


def test_the_value_share_leaves_out_a_sentence_for_another_case() -> None:
    asked = "我开出租车，换新能源的一辆能补多少？"
    assert value_share(clause(VEHICLES), [Ask.AMOUNT], None, part_text=asked) == 0.0
    assert value_share(clause(VEHICLES), [Ask.AMOUNT], None, part_text="公交车换新能源一辆能补多少？") == 1.0


def test_a_fee_set_for_one_kind_of_kindergarten_does_not_answer_for_the_other(tmp_path: Path) -> None:
    notice = ("丁县人民政府办公室关于普惠性民办幼儿园收费管理的通知\n"
              "一、收费上限\n（一）普惠性民办幼儿园保教费实行政府指导价管理，每生每月不超过900元。\n"
              "（二）伙食费按照非营利原则据实收取，每生每天不超过12元。\n")
    other = answer_over(tmp_path, {"notice.txt": notice}, "公办幼儿园的保教费一个月是多少钱？")
    assert other.refused
    own = answer_over(tmp_path, {"notice.txt": notice}, "民办幼儿园的保教费一个月最多多少钱？")
    assert not own.refused and "900元" in own.answer


def test_a_figure_set_for_another_grade_is_not_the_asked_grades() -> None:
    row = "人才类别：经认定的B类人才；补贴标准：每月2000元"
    assert value_for_other_case(row, "我是E类人才，每月能补多少？", row)
    assert not value_for_other_case(row, "我是B类人才，每月能补多少？", row)
    fee = "一级园每生每月1100元，二级园每生每月900元。"
    assert value_for_other_case(fee, "三级园每个月收多少保教费？", fee)
    assert not value_for_other_case(fee, "二级园每个月收多少保教费？", fee)
    # a range of grades may hold the asked one; a level relative to another is no grade
    assert not value_for_other_case("二级及以上医院住院报销70%。", "三级医院住院能报多少？", "")
    assert not value_for_other_case("报上一级主管部门审批，补助5万元。", "二级园能补多少？", "")
    assert not value_for_other_case("由高一级主管部门复核，补助5万元。", "二级园能补多少？", "")
    assert not value_for_other_case("一至四级的，每月补助300元。", "三级的每月补助多少？", "")  # a range of grades
    assert not value_for_other_case(row, "我属于哪一类人才，每月能补多少？", row)  # 哪一类 asks, names no grade
    # a figure for every grade beside a top-up for one: the asked grade still gets the first
    assert not value_for_other_case("持证会员每月补贴100元，一级会员每月再增加50元。", "二级会员每月补多少？", "")
