"""How a refusal names what the documents lack, in the question's own words."""

from __future__ import annotations

import pytest

from rag.answering.asking import Ask
from rag.answering.missing import subject_of, thing_for
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
    ],
)
def test_the_subject_is_whole_words_the_clause_also_holds(question: str, clause: str, subject: str) -> None:
    assert subject_of(question, _clause(clause)) == subject


def test_a_person_asked_by_role_is_refused_as_a_missing_person() -> None:
    assert thing_for(Ask.NAMES, "工作专班的组长是谁？") == "具体人选"
    assert thing_for(Ask.NAMES, "入选企业分别是哪几家？") == "具体名单"
