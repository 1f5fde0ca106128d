"""Portal header blocks: field lines become citable meta clauses and the document's metadata."""

from __future__ import annotations

from rag.corpus.clauses import split_clauses
from rag.corpus.headers import header_fields
from rag.corpus.metadata import extract_meta

PORTAL = """索引号：000000/2025-00001
主题分类：商贸、海关、旅游\\市场监管
发文机关：某市人民政府办公室　某市财政局
成文日期：2025年01月22日
标题：某市人民政府办公室关于印发《星河补贴办法》和《星河奖励细则》的通知
发文字号：某政办〔2025〕6号
发布日期：2025年01月24日

某市人民政府办公室关于印发《星河补贴办法》和《星河奖励细则》的通知

各区人民政府：

《星河补贴办法》和《星河奖励细则》已经市政府同意，现印发给你们，请认真贯彻执行。

某市人民政府办公室
2025年1月22日

附件1

星河补贴办法

第一章　总则

第一条　为支持星河产业发展，制定本办法。

第二条　每家企业补贴不超过二十万元。

附件2

星河奖励细则

第一条　首次认定的企业给予五万元奖励。
"""


def test_header_fields_carry_values_and_spans() -> None:
    fields = {field.name: field for field in header_fields(PORTAL)}
    assert fields["发文字号"].value == "某政办〔2025〕6号"
    assert PORTAL[fields["发布日期"].start : fields["发布日期"].end] == "2025年01月24日"


def test_header_metadata_wins_over_the_body() -> None:
    meta = extract_meta(PORTAL)
    assert meta.title == "某市人民政府办公室关于印发《星河补贴办法》和《星河奖励细则》的通知"
    assert meta.doc_number == "某政办〔2025〕6号"
    assert meta.issuer == "某市人民政府办公室、某市财政局"
    assert (meta.date_written, meta.date_issued) == ("2025-01-22", "2025-01-24")
    assert meta.topic == "商贸、海关、旅游\\市场监管"
    assert meta.region == "某市"


def test_each_field_line_is_its_own_citable_clause() -> None:
    clauses = split_clauses(PORTAL, "notice.txt")
    fields = [clause for clause in clauses if clause.kind == "meta" and clause.label == "发布日期"]
    assert len(fields) == 1 and fields[0].text == "发布日期：2025年01月24日"
    assert PORTAL[fields[0].start : fields[0].end] == fields[0].text
    assert all("\n" not in clause.text for clause in clauses if clause.clause_id.startswith("notice:head.f"))


def test_each_issued_regulation_is_the_section_of_its_clauses() -> None:
    clauses = {clause.text[:8]: clause for clause in split_clauses(PORTAL, "notice.txt")}
    assert "星河补贴办法" in clauses["第二条　每家企业"].section
    assert "星河奖励细则" in clauses["第一条　首次认定"].section
    assert "星河补贴办法" not in clauses["第一条　首次认定"].section
