"""Questions split into the parts they ask, comparisons into their sides."""

from __future__ import annotations

from rag.answering.asking import Ask
from rag.answering.parts import split_parts


def test_a_yes_no_and_a_time_limit_are_two_parts() -> None:
    parts = split_parts("网上买的衣服不喜欢，不说理由能退吗？要在几天内？")
    assert [part.kinds for part in parts] == [frozenset({Ask.POLAR}), frozenset({Ask.DURATION})]
    assert parts[1].query.startswith("网上买的衣服")  # a short part is searched with the whole question


def test_pieces_of_one_sentence_that_each_ask_are_parts_sharing_context() -> None:
    parts = split_parts("喝了酒开车被查到，第一次要扣多久驾照、罚多少钱？")
    assert [sorted(part.kinds) for part in parts] == [[Ask.DURATION], [Ask.AMOUNT]]
    assert parts[0].query.startswith("喝了酒开车被查到")


def test_a_single_question_is_one_part() -> None:
    (part,) = split_parts("入职时公司要扣我身份证，还让交两千块押金，这样可以吗？")
    assert part.kinds == frozenset({Ask.POLAR})


def test_comparison_sides_by_year_by_document_and_by_pair() -> None:
    years = split_parts("产业规模目标，2025年和2028年分别是多少？")
    assert [part.label for part in years] == ["2025年", "2028年"]
    assert "2028" not in years[0].query and "2025" not in years[1].query
    documents = split_parts("算力规模目标，先导区方案和数智经济方案分别提了多少？")
    assert [part.document for part in documents] == ["先导区方案", "数智经济方案"]
    pair = split_parts("四川的个体户首贷贴息和山东的大学生创业担保贷款，个人分别最多能拿到多少？")
    assert [part.label for part in pair] == ["四川的个体户首贷贴息", "山东的大学生创业担保贷款"]
    shared = split_parts("2025年某市和某省的产业规模目标分别是多少？")
    assert [part.query for part in shared] == ["2025年某市的产业规模目标分别是多少？", "某省的产业规模目标分别是多少？"]
