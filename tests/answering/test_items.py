"""An item of a list asked by its place (第一个和第三个) is answered from the sentence stating it."""

from __future__ import annotations

from pathlib import Path

from fakes import BigramRetriever, answer_over
from rag.answering.pipeline import PipelineAnswerer
from rag.answering.sections import section_parts
from rag.config import Settings
from rag.types import Clause


def test_items_of_a_list_are_answered_by_their_place(tmp_path: Path) -> None:
    document = (
        "甲市就业工作要点\n\n一、重点工作\n\n市人社局局长介绍，今年将实施三项行动。一是实施技能提升行动，开展职业技能培训。"
        "二是实施创业带动行动，发放创业担保贷款。三是实施困难帮扶行动，开发公益性岗位。\n\n二、保障措施\n\n（一）加强组织领导。\n"
    )
    answer = answer_over(tmp_path, {"a.txt": document}, "人社局说的三项行动里，第一个和第三个分别是什么？")
    assert "一是实施技能提升行动" in answer.answer and "三是实施困难帮扶行动" in answer.answer
    assert "二是实施创业带动行动" not in answer.answer


def test_the_parts_of_a_named_section_are_each_cited(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "甲市优化营商环境实施方案\n\n一、总体要求\n\n到2027年营商环境进入全省前列。\n\n二、优化政务服务\n\n"
        "（一）压减审批时限。企业开办一日办结。\n\n1.推行告知承诺制。对审批事项实行告知承诺。\n\n"
        "（二）推进网上办理。政务服务事项全部网上可办。\n\n（三）规范中介服务。清理中介服务收费。\n\n"
        "三、保障措施\n\n（一）加强组织领导。成立工作专班。\n",
        encoding="utf-8",
    )
    answerer = PipelineAnswerer(BigramRetriever.from_folder(tmp_path), Settings())
    answer = answerer.answer("优化政务服务包括哪几个方面？")
    cited = [citation.clause for citation in answer.citations]
    assert {"（一）压减审批时限", "（二）推进网上办理", "（三）规范中介服务"} <= {clause.text[:9] for clause in cited}
    assert all(clause.section == ("二、优化政务服务",) for clause in cited)  # nothing from other sections
    assert [clause.start for clause in cited] == sorted(clause.start for clause in cited)  # in document order


def _clause(file: str, section: tuple[str, ...], start: int, text: str = "条款。") -> Clause:
    return Clause(f"{file}:{start}", file, start, start + 3, 1, 1, section, text)


def test_only_a_question_asking_for_the_parts_of_a_section_gets_them() -> None:
    section = "二、支持小微企业发展"
    clauses = [_clause("a.txt", (section, f"（{n}）第{n}项"), start) for n, start in zip("六一二三四五", (60, 10, 20, 30, 40, 50))]
    # The five most probable parts (the first listed is the most probable), in document order.
    assert section_parts("支持小微企业发展包括哪几个方面？", clauses, 5) == [1, 2, 3, 4, 0]
    assert section_parts("支持小微企业发展的人才措施有哪些？", clauses, 5) == []  # asks about something inside it


def test_the_parts_come_from_the_one_document_whose_section_is_meant() -> None:
    guarantee = "三、保障措施"
    clauses = [
        _clause("jobs.txt", (guarantee, "（一）加强组织领导"), 50),
        _clause("plan.txt", (guarantee, "（一）加强组织领导"), 70),
        _clause("jobs.txt", (guarantee, "（二）强化资金保障"), 60),
        _clause("plan.txt", (guarantee, "（二）加强督导考核"), 80),
    ]
    assert section_parts("保障措施包括哪些内容？", clauses, 5) == [0, 2]  # jobs.txt, the most probable
