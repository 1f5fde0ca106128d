"""The one vocabulary of words bounding a value, read by ranges, bounds and asking."""

from __future__ import annotations

import re

from rag.text.bound_words import BOUND_WORDS, alternation, bound_words


def test_each_word_is_listed_once_on_one_side() -> None:
    words = [word.word for word in BOUND_WORDS]
    assert len(words) == len(set(words))


def test_the_alternation_tries_the_longest_word_first() -> None:
    pattern = re.compile(alternation(bound_words(forms=("comparative",))))
    assert pattern.search("不得超过3年").group(0) == "不得超过"  # not 超过, a condition on the other side
    assert pattern.search("不低于5%").group(0) == "不低于"


def test_limits_and_conditions_are_told_apart() -> None:
    limits = {word.word for word in bound_words(limit=True)}
    conditions = {word.word for word in bound_words(limit=False)}
    assert {"不得超过", "最高", "上限", "以上"} <= limits
    assert {"超过", "不足", "满"} <= conditions and not limits & conditions
    assert re.search(alternation(bound_words(limit=True)), "最高人民法院的解释") is None  # a court, not a limit
    assert re.search(alternation(bound_words(limit=True)), "当地最低工资标准") is None  # a wage, not a limit
