"""Whether the sides of a comparison say the same thing."""

from __future__ import annotations

import pytest

from rag.answering.agreement import agreement_verdict, agreement_word, only_agreement


@pytest.mark.parametrize(
    ("question", "word", "alone"),
    [
        ("是一样的吗？", "一样", True),
        ("两边说法一致吗？", "一致", True),
        ("两者是否相同？", "相同", True),
        ("甲条例和乙法规定的期限一样吗？", "一样", False),
        ("有什么不同？", "", False),
    ],
)
def test_the_agreement_asked_and_whether_a_part_asks_only_that(question: str, word: str, alone: bool) -> None:
    assert agreement_word(question) == word
    assert only_agreement(question) is alone


def test_sides_are_compared_by_their_figures_in_base_units() -> None:
    assert agreement_verdict("一样", ["自解除之日起7日内报送", "自解除之日起十五日内告知"]) == "不一样"
    assert agreement_verdict("一致", ["按日加收万分之五的滞纳金", "按日加收万分之五的滞纳金"]) == "一致"
    assert agreement_verdict("相同", ["期限为3个月", "期限为九十天"]) == "相同"
    assert agreement_verdict("一致", ["期限为3个月", "按月平均工资发放"]) == ""  # a side states no figure
    assert agreement_verdict("一致", ["期限为3个月", "补贴2000元"]) == ""  # figures of different kinds
