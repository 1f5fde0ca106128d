"""Tests of reading who acts or is in charge (rag.answering.actors)."""

from __future__ import annotations

from dataclasses import replace

from rag.answering.actors import names_only_who, says_who
from rag.types import Clause


def row(text: str) -> Clause:
    return replace(Clause("r", "plan.txt", 0, len(text), 1, 1, (), text), kind="row")


def test_a_body_in_charge_or_acting_is_who() -> None:
    assert says_who("区住房和城乡建设局负责本辖区加装电梯的监督管理。")
    assert says_who("分包单位拖欠工资的，由施工总承包单位先行清偿。")
    assert says_who("申报材料报区商务局审核。")
    assert says_who("经区人民政府批准后实施。")
    assert says_who("市场监督管理部门依法查处。")
    assert says_who("（三）推进老旧小区改造。（责任单位：市住房城乡建设局）")
    assert says_who("县级以上人民政府对本行政区域内工资支付保障工作负责。")
    assert says_who("市人才工作领导小组办公室负责人才安居工作的统筹协调。")
    assert says_who("由有过错的一方承担赔偿责任。")
    assert says_who("各镇（街道）承担属地管理责任。")


def test_answering_for_oneself_or_a_liability_names_no_one_in_charge() -> None:
    assert not says_who("申请人对申请材料的真实性负责。")
    assert not says_who("造成损失的，依法承担赔偿责任。")
    assert not says_who("各地应当在10个工作日内完成审核，补贴标准为每人500元。")
    assert not says_who("第八条　任何个人不得在楼道堆放杂物。")
    assert not says_who("由于地方财力有限，补贴分两年发放。")
    assert not says_who("形成由点到面的发展格局。")


def test_a_task_row_of_number_task_and_who_names_only_who() -> None:
    assert names_only_who(row("序号：3；重点任务：智慧养老；牵头单位：市民政局；责任单位：市卫健委"))
    assert names_only_who(row("编号：（二）；工作任务：健全协调机制；责任部门：市发展改革委"))
    # a row stating what is given, or a task with figures, says more than who
    assert not names_only_who(row("支持事项：境外展会展位费；支持标准：不超过展位费70%；责任单位：商务部"))
    assert not names_only_who(row("重点任务：到2027年建成10个基地；牵头单位：市经信局"))
    assert not names_only_who(row("序号：1；重点任务：健全协调机制"))  # no one named
    assert not names_only_who(row("工作任务：对首次认定的高新技术企业给予一次性奖励；责任单位：市科技局"))  # a measure
    assert not names_only_who(row("序号：1；单位名称：市第一人民医院；所在区：东城区"))  # a list of bodies, not who does what
    body = Clause("p", "plan.txt", 0, 20, 1, 1, (), "牵头单位：市公安局；重点任务：治理")  # not a row
    assert not names_only_who(body)
