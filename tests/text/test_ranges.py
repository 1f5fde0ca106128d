"""Ranges a text sets on a measure, and measures an asker gives."""

from __future__ import annotations

import pytest

from rag.text.ranges import Range, measure_fit, measures, ranges


def test_a_lower_bound_followed_by_an_upper_one_is_one_range() -> None:
    (found,) = ranges("累计缴费时间满5年不足10年的，领取期限最长为18个月")
    assert (found.dimension, found.low, found.high, found.high_open) == ("duration", 5 * 365, 10 * 365, True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("月销售额10万元以下（含本数）的小规模纳税人", Range("money", high=100000.0, condition=True)),
        ("16—24岁登记失业青年", Range("age", 16.0, 24.0)),
        ("见习期限为3至12个月", Range("duration", 90.0, 360.0)),
        ("超过五十人的单位", Range("people", low=50.0, low_open=True, condition=True)),
        ("占职工总数百分之十以上的", Range("share", low=10.0, condition=True)),
        ("不满六个月的，支付半个月工资", Range("duration", high=180.0, high_open=True, condition=True)),
    ],
)
def test_one_sided_and_spanned_ranges(text: str, expected: Range) -> None:
    assert expected in ranges(text)


def test_colloquial_measures_are_read_in_base_units() -> None:
    assert [m.value for m in measures("一个月流水八万块")] == [30.0, 80000.0]
    assert [m.value for m in measures("工作了五年半")] == [5.5 * 365]
    assert [(m.dimension, m.value) for m in measures("百分之十五")] == [("share", 15.0)]


def test_a_date_is_no_duration() -> None:
    assert [m.value for m in measures("2025年满十年")] == [3650.0]
    assert measures("2024年12月31日以前") == []
    assert ranges("到2028年以上") == [] and ranges("2023年至2025年") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("不低于20%", Range("share", low=20.0)),
        ("不超过5000元", Range("money", high=5000.0)),
        ("3个月至1年", Range("duration", 90.0, 365.0)),
        ("10人（含）以上的企业", Range("people", low=10.0, condition=True)),
        ("处五千元以上一万元以下的罚款", Range("money", 5000.0, 10000.0)),  # a penalty, not a condition
        ("年龄在16周岁以上、60周岁以下的", Range("age", 16.0, 60.0, condition=True)),
    ],
)
def test_bound_words_are_read_whole_and_each_number_in_its_own_unit(text: str, expected: Range) -> None:
    assert ranges(text) == [expected]


def test_half_a_unit_is_read() -> None:
    assert [m.value for m in measures("半年")] == [182.5] and [m.value for m in measures("半个月")] == [15.0]


def test_fit_prefers_a_range_with_both_ends() -> None:
    given = measures("我交了六年")
    assert measure_fit("满5年不足10年的，最长为18个月", given) == 2
    assert measure_fit("满1年的，可以领取", given) == 1
    assert measure_fit("满1年不足5年的，最长为12个月", given) == 0
    assert measure_fit("最长为12个月", given) == 0


def test_a_target_is_no_condition() -> None:
    assert not any(found.condition for found in ranges("到2027年，产业规模超过3500亿元"))
    assert all(found.condition for found in ranges("对怀孕7个月以上的女职工"))


@pytest.mark.parametrize(
    ("question", "given"),
    [
        ("年假一年有几天？", []),  # the period the figure is counted per
        ("每个月最多能加班多少小时？", []),
        ("交了一年能领几个月？", [365.0]),  # the asker's own case
        ("工作满一年了，年假几天？", [365.0]),
        ("干了两年能休几天？", [730.0]),
        ("一个月流水八万块要交税吗？", [30.0, 80000.0]),
    ],
)
def test_a_period_asked_per_is_no_measure_of_the_askers(question: str, given: list[float]) -> None:
    from rag.text.ranges import asked_measures

    assert [m.value for m in asked_measures(question)] == given


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A modal before a bound word keeps its side: 不得超过 is a ceiling, not 超过 (more than).
        ("贷款期限最长不得超过3年", Range("duration", high=3 * 365.0)),
        ("单位缴存比例不得低于5%", Range("share", low=5.0)),
        ("补助标准不应超过10万元", Range("money", high=100000.0)),
        ("每班学员不得少于3人", Range("people", low=3.0)),
        # A superlative before a figure bounds it too.
        ("个人贷款最高30万元", Range("money", high=300000.0)),
        ("培训时间最少3天", Range("duration", low=3.0)),
        ("在30日之内办结", Range("duration", high=30.0)),
    ],
)
def test_a_limit_a_document_sets_is_read_on_its_side(text: str, expected: Range) -> None:
    assert expected in ranges(text)


def test_a_rule_for_another_case_than_the_askers_is_told_apart() -> None:
    from rag.text.ranges import asked_measures, excludes

    staff = asked_measures("店里12个员工都交着社保，改完以后能给多少奖励？")  # people counted with 个员工
    assert [(item.dimension, item.value) for item in staff] == [("people", 12.0)]
    assert excludes("附加条件：转型后参保职工不足10人；奖励标准：1万元", staff)
    assert not excludes("附加条件：转型后参保职工10人以上；奖励标准：2万元", staff)
    assert not excludes("奖励标准：1万元", staff)  # no range of people: about any case
    price = asked_measures("买一台五千元的空调，能补多少钱？")
    assert not excludes("每件补贴金额不超过2000元", price)  # a price and a subsidy's cap are both money


def test_a_proposed_figure_is_neither_a_limit_of_its_own_nor_a_noun_s_description() -> None:
    from rag.text.ranges import proposed_measures

    assert [measure.value for measure in proposed_measures("能拿满四十五天")] == [45.0]
    assert [measure.value for measure in proposed_measures("能连着拿五年")] == [5 * 365.0]
    assert proposed_measures("六十天以内能办完") == []
    assert proposed_measures("补贴五千元的空调") == []
    assert proposed_measures("能领六十天以内") == []  # received, but a limit of the asker's own
    assert proposed_measures("能领五千元的补贴") == []  # received, but describing the noun after it
    assert proposed_measures("在两个月办完") == []  # no verb of receiving before it
    assert proposed_measures("要等四十五天才能到账") == []


def test_a_figure_beyond_caps_exceeds_every_one_and_lies_in_no_range() -> None:
    from rag.text.ranges import beyond_caps

    (days,) = measures("四十五天")
    assert beyond_caps("补贴期限最长不超过30天", days)
    assert not beyond_caps("补贴期限最长不超过60天", days)
    assert not beyond_caps("补贴期限为30至60天", days)
    assert not beyond_caps("补贴期限最长不超过30天，应当在30日以内提交", days)  # a deadline beside the cap
    assert not beyond_caps("工作期限不满30天的职工，不予补贴", days)  # a condition on whom the rule covers
    assert not beyond_caps("补贴标准为每人每天50元", days)  # no cap on days at all
    assert not beyond_caps("审核时间不超过30天", days)  # a cap on a step, not on what is granted
    (year,) = measures("一年")
    assert not beyond_caps("领取期限最长不超过12个月", year)  # within the gap between units counted in days
