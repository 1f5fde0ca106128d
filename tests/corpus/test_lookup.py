"""Clause lookup by number: designators (file prefix, 文号, title) and numbering paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.errors import UsageError
from rag.corpus.lookup import clause_path, lookup_clause, parse_reference

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


def _texts(clauses) -> list[str]:
    return [clause.text for clause in clauses]


def test_parse_reference_splits_designator_and_path():
    assert parse_reference("000 三、（二）3") == parse_reference("000三、(二)3")
    parsed = parse_reference("000 三、（二）3")
    assert parsed.designator == "000"
    assert parsed.path == (("cn", 3), ("paren_cn", 2), ("arabic", 3))
    parsed = parse_reference("武政办〔2023〕85号 二、（四）3.")
    assert parsed.designator == "武政办〔2023〕85号"
    assert parsed.path == (("cn", 2), ("paren_cn", 4), ("arabic", 3))
    assert parse_reference("003 专栏 1").path == (("box", 1),)
    assert parse_reference("（十三）").designator == ""


def test_file_prefix_and_full_path(documents):
    found = lookup_clause("000 三、（二）3", documents)
    assert len(found) == 1
    assert found[0].text.startswith("3.“人工智能+”工业制造")
    assert found[0].clause_id == "000_d07304ea45ad6d22:3.2.3"


def test_doc_number_designator(documents):
    found = lookup_clause("武政办〔2023〕85号 二、（四）3.", documents)
    assert len(found) == 1
    assert found[0].file.startswith("002")
    assert found[0].text.startswith("3. 实现智慧医疗多场景协同")
    assert lookup_clause("武政办[2023]85 号 二、(四)3", documents) == found
    assert lookup_clause("武政办〔2023〕第085号 二、（四）3.", documents) == found  # 第 and a leading zero


def test_box_reference_returns_the_whole_box(documents):
    found = lookup_clause("003 专栏 1", documents)
    assert len(found) == 7
    assert all(":3.1.box1." in clause.clause_id for clause in found)
    assert found[0].text.startswith("智能芯片。")


def test_single_level_reference(documents):
    found = lookup_clause("004 （十三）", documents)
    assert _texts(found)[0].startswith("(十三)构建新兴产业推进机制")
    assert len(found) == 1


def test_title_designator(documents):
    found = lookup_clause("湖北省人工智能产业“十四五”发展规划 四、（五）2", documents)
    assert found and all(clause.file.startswith("003") for clause in found)
    assert found[0].text.startswith("2．拓展民生领域应用示范")


def test_skipped_levels_return_every_candidate(documents):
    found = lookup_clause("002 3", documents)
    assert len(found) == 5
    assert all(clause.label == "3." for clause in found)
    assert [clause.clause_id for clause in lookup_clause("000 三、3", documents)] == ["000_d07304ea45ad6d22:3.2.3"]


def test_heading_reference_returns_the_clauses_under_it(documents):
    found = lookup_clause("000 三、（二）", documents)
    assert [clause.label for clause in found] == ["3.", "4.", "5."]


def test_annex_rows(documents):
    found = lookup_clause("000 附件 三、1", documents)
    assert len(found) == 1 and found[0].kind == "row"
    assert "建立工作机制" in found[0].text
    # The body has no 二、（二）3, so the annex table row is what the reference means.
    assert lookup_clause("000 二、（二）3", documents)[0].kind == "row"


def test_clause_path_of_a_nested_item(documents):
    clause = lookup_clause("000 三、（二）3", documents)[0]
    assert clause_path(clause) == (("cn", 3), ("paren_cn", 2), ("arabic", 3))


@pytest.mark.parametrize("reference", ["", "   ", "hello", "000 xyz"])
def test_unreadable_reference_is_a_usage_error(documents, reference):
    with pytest.raises(UsageError):
        lookup_clause(reference, documents)


def test_unknown_document_is_a_usage_error(documents):
    with pytest.raises(UsageError) as error:
        lookup_clause("999 三、", documents)
    assert "999" in error.value.message


def test_valid_reference_without_clause_is_empty(documents):
    assert lookup_clause("004 （九十）", documents) == []
