"""Sentences read with what they belong to (rag.text.sentences.read_in_context)."""

from __future__ import annotations

from rag.text.sentences import read_in_context
from rag.types import Clause


def _clause(text: str) -> Clause:
    return Clause("c", "a.txt", 0, len(text), 1, 1, (), text)


def test_items_of_a_list_are_read_with_its_lead_in_until_the_list_ends() -> None:
    text = "会议安排如下：上午为开幕式，8:30开始；下午为分组讨论，14:00开始。晚上自由活动。"
    contexts = read_in_context(_clause(text))
    assert contexts["下午为分组讨论，14:00开始。"] == "会议安排如下：下午为分组讨论，14:00开始。"
    assert contexts["晚上自由活动。"] == "晚上自由活动。"  # the list ended with 。
    # the colon of 8:30 opens nothing: the lead-in stays 会议安排如下：
    timed = "日程：上午8:30开始；下午14:00开始；"
    assert read_in_context(_clause(timed))["下午14:00开始；"] == "日程：下午14:00开始；"


def test_a_bracketed_note_is_read_with_its_clause_only_when_its_label_is_asked() -> None:
    text = "（一）实行分档减缴。达到比例的，减半缴纳。（责任单位：甲省财政厅、甲省税务局）"
    note = "（责任单位：甲省财政厅、甲省税务局）"
    assert read_in_context(_clause(text), lambda label: label == "责任单位")[note] == text
    assert read_in_context(_clause(text))[note] == note
    # brackets without a label are no note
    plain = "（一）实行分档减缴。（试行）"
    assert read_in_context(_clause(plain), lambda label: True)["（试行）"] == "（试行）"
