"""Tests of the end of a value a question asks for and the ends a sentence sets (rag.text.bounds)."""

from __future__ import annotations

from rag.text.bounds import asked_end, other_end_only


def test_a_question_asks_for_the_ceiling_or_the_floor_of_a_value() -> None:
    assert asked_end("个人最多能借到多少？") == "upper"
    assert asked_end("缴存比例最高能交到工资的百分之几？") == "upper"
    assert asked_end("补偿最少得是工资的百分之几？") == "lower"
    assert asked_end("最低多少钱起送？") == "lower"


def test_an_extreme_naming_a_thing_or_both_ends_asks_for_no_end() -> None:
    assert asked_end("当地最低工资标准是多少？") is None  # 最低工资 is a wage, not a floor asked for
    assert asked_end("补贴最高最低各多少？") is None
    assert asked_end("补贴标准是多少？") is None


def test_a_sentence_setting_only_the_other_end_does_not_state_the_asked_one() -> None:
    floor = "缴存比例不得低于职工上一年度月平均工资的5%。"
    assert other_end_only(floor, "upper")
    assert not other_end_only(floor, "lower")
    ceiling = "个人贷款最高不超过30万元。"
    assert other_end_only(ceiling, "lower") and not other_end_only(ceiling, "upper")
    both = "按每人1000元以上、最高不超过5000元的标准发放。"  # 以上 counts as a floor
    assert not other_end_only(both, "upper") and not other_end_only(both, "lower")
    assert not other_end_only("月缴存额上下限分别为当地工资的3倍和最低工资。", "upper")
    plain = "按当地最低工资标准的80%发放见习补贴。"  # 最低工资 names a wage, not a floor
    assert not other_end_only(plain, "upper")
    court = "最高人民法院另有规定的，从其规定，且不少于三人。"
    assert other_end_only(court, "upper")  # 最高人民法院 is a court, not a ceiling


def test_every_limit_word_of_the_vocabulary_is_read() -> None:
    from rag.text.bounds import other_end_only

    assert other_end_only("补贴比例不小于30%", "upper")  # a floor only
    assert other_end_only("办理时限不得大于20日", "lower")  # a ceiling only
    assert not other_end_only("办理时限在20日之内，且不少于3日", "lower")  # both ends
