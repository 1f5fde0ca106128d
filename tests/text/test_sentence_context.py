"""Sentences read with what they belong to (rag.text.sentences.read_in_context)."""

from __future__ import annotations

from rag.text.sentences import longest_shared, read_in_context
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
    text = "（三）开展技能竞赛。每年举办一次全市竞赛。（牵头单位：乙市人社局（乙市职业能力建设处）、乙市总工会）"
    note = "（牵头单位：乙市人社局（乙市职业能力建设处）、乙市总工会）"
    assert read_in_context(_clause(text), lambda label: label == "牵头单位")[note] == text
    assert read_in_context(_clause(text))[note] == note
    # brackets without a label are no note, and a time of day is no label
    plain = "（一）实行分档减缴。（试行）"
    assert read_in_context(_clause(plain), lambda label: True)["（试行）"] == "（试行）"
    timed = "（二）集中办理。每周三下午办理。（14:30开始）"
    assert read_in_context(_clause(timed), lambda label: label == "14")["（14:30开始）"] == "（14:30开始）"


def test_a_lead_in_opens_once_and_ends_with_its_list() -> None:
    text = "服务分为三段：第一段：15:30至16:30；第二段：16:30至17:30；第三段：17:30至18:30。"
    contexts = read_in_context(_clause(text))
    assert contexts["第三段：17:30至18:30。"] == "服务分为三段：第三段：17:30至18:30。"
    lines = "材料包括：\n营业执照；\n法人身份证。\n办理时限为5个工作日。"
    contexts = read_in_context(_clause(lines))
    assert contexts["法人身份证。"] == "材料包括：法人身份证。"
    assert contexts["办理时限为5个工作日。"] == "办理时限为5个工作日。"
    broken = "材料包括：营业执照；法人身份证；\n另行通知的除外"
    assert read_in_context(_clause(broken))["另行通知的除外"] == "材料包括：另行通知的除外"


def test_the_longest_shared_stretch_is_measured_in_characters() -> None:
    assert longest_shared("武汉人工智能行动方案", "《武汉市推动“人工智能+”行动方案》") == 4  # 人工智能
    assert longest_shared("甲乙", "丙丁") == 0
