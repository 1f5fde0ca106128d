"""Tests of picking the row of a table the asker's case names (rag.answering.table_rows)."""

from __future__ import annotations

from dataclasses import replace

from rag.answering.table_rows import asked_row, row_key, table_of
from rag.types import Clause


def row(number: int, text: str, table: str = "annex.t1") -> Clause:
    return replace(Clause(f"doc:{table}.r{number}", "plan.txt", 0, len(text), 1, 1, (), text), kind="row")


HEATERS = [
    row(1, "品类：热水器（2级能效）；补贴标准：销售价格的10%；补贴上限：每台800元"),
    row(2, "品类：热水器（1级能效）；补贴标准：销售价格的15%；补贴上限：每台1200元"),
    row(3, "品类：电动自行车；补贴标准：每辆500元"),
]


def test_the_row_whose_key_the_question_names_is_picked() -> None:
    assert asked_row("想买个一级能效的热水器，能补多少？", HEATERS) == 1  # 一级 read as 1级
    assert asked_row("二级能效的热水器补多少？", HEATERS) == 0
    schools = [row(1, "序号：1；学段：初中；收费标准：600元"), row(2, "序号：2；学段：小学；收费标准：480元")]
    assert asked_row("孩子读小学，一学期交多少？", schools) == 1  # the key is the first cell after the number
    zones = [row(1, "区域类别：一类区域；首小时：5元"), row(2, "区域类别：二类区域；首小时：3元")]
    assert asked_row("二类区域停车首小时多少钱？", zones) == 1  # a key in Chinese numerals is read in digits too


def test_no_row_is_picked_when_no_key_or_two_keys_are_named() -> None:
    assert asked_row("热水器能补多少？", HEATERS) is None  # the words several keys share tell no row apart
    assert asked_row("一级和二级能效的热水器各补多少？", HEATERS) is None
    assert asked_row("一级能效的热水器补多少？", HEATERS[:1]) is None  # one row: nothing to pick
    buyers = [row(1, "购房人类别：二孩家庭；补贴标准：1.5%"), row(2, "购房人类别：高校毕业生；补贴标准：1%")]
    assert asked_row("我们是二孩家庭，我也是高校毕业生，能补多少？", buyers) is None


def test_a_bare_number_or_a_word_holding_yi_names_no_level() -> None:
    assert asked_row("买了两台热水器，能补多少钱？", HEATERS) is None  # 两台 is no 2级
    assert asked_row("同一类热水器能补几次？", HEATERS) is None  # 同一类 is no 1类


def test_a_rows_table_and_key() -> None:
    assert table_of(HEATERS[0]) == "doc:annex.t1"
    assert table_of(replace(HEATERS[0], clause_id="doc:annex.t1.r4_2")) == "doc:annex.t1"  # a repeated 序号
    assert table_of(replace(HEATERS[0], kind="item")) == ""
    assert row_key(row(1, "第1列：（三）；项目：建设补助；标准：3万元")) == "建设补助"


BUYERS = [
    row(1, "购房人类别：高层次人才；认定条件：经认定的C类人才；补贴上限：5万元"),
    row(2, "购房人类别：高层次人才；认定条件：经认定的A类人才；补贴上限：20万元"),
    row(3, "购房人类别：三孩家庭；补贴标准：网签价款的2%；补贴上限：5万元"),
]


def test_rows_sharing_a_key_are_one_case_and_the_first_stands_for_it() -> None:
    assert asked_row("我被认定为D类人才，买房能补多少？", BUYERS) == 0
    assert asked_row("我家三个孩子，买房能补多少？", BUYERS) is None  # 三个孩子 holds no word of 三孩家庭's own
    assert asked_row("三孩家庭买房能补多少？", BUYERS) == 2


def test_a_word_of_the_tables_heading_names_no_row() -> None:
    rates = [
        replace(row(1, "保险标的：种植业；中央财政补贴：35%"), section=("附表：农业保险保费补贴比例",)),
        replace(row(2, "保险标的：完全成本保险；中央财政补贴：45%"), section=("附表：农业保险保费补贴比例",)),
    ]
    assert asked_row("买了农业保险，保费国家补多少？", rates) is None  # 保险 is the table's topic
    assert asked_row("买的是完全成本保险，国家补多少？", rates) == 1


def test_a_key_written_whole_in_the_heading_still_names_its_row() -> None:
    heading = ("一、高层次人才和三孩家庭购房补贴标准",)
    rows = [replace(item, section=heading) for item in BUYERS]
    assert asked_row("三孩家庭买房最多补多少？", rows) == 2
    titled = [replace(row(1, "购房人类别：新市民（含进城务工人员）；补贴：1万元"), doc_title="关于支持新市民和青年人购房的若干措施"),
              replace(row(2, "购房人类别：青年人才；补贴：2万元"), doc_title="关于支持新市民和青年人购房的若干措施")]
    assert asked_row("我是新市民，买房补多少？", titled) == 0  # the key without its note is in the title


def test_of_rows_sharing_a_key_the_asked_grades_row_is_taken() -> None:
    assert asked_row("我是A类人才，买房能补多少？", BUYERS) == 1
