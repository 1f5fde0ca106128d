"""Consistency report: facts read from sentences, pairs found on the seeds and on samples."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rag.checking.consistency import consistency_report, document_facts, last_year, similar_indicators
from rag.corpus.documents import parse_document
from rag.app.check_report import consistency_text
from rag.types import SourceText

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def report(documents):
    return consistency_report(documents)


def _document(name: str, text: str):
    return parse_document(SourceText(name, text, "txt"))


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_unicorn_versus_seed_unicorn_between_000_and_001(report, documents):
    pairs = [item for item in report if {item.a.phrase, item.b.phrase} == {"10家独角兽企业", "10家种子独角兽企业"}]
    assert len(pairs) == 1
    item = pairs[0]
    assert item.kind == "wording"
    assert {item.a.file[:3], item.b.file[:3]} == {"000", "001"}
    sources = {document.source.file: document.source.text for document in documents}
    for statement in (item.a, item.b):
        assert statement.clause_id.startswith(statement.file[:-4])
        assert statement.phrase in _compact(statement.quote)
        lines = sources[statement.file].splitlines()[statement.line_start - 1 : statement.line_end]
        assert statement.phrase in _compact("".join(lines))
    assert "种子独角兽企业" in item.explanation


def test_headline_typo_in_001(report):
    typos = [item for item in report if item.kind == "typo"]
    assert len(typos) == 1
    item = typos[0]
    assert item.a.file.startswith("001") and item.b.file.startswith("001")
    assert "两千元" in item.a.phrase and "2000亿元" in item.b.phrase
    assert item.a.line_start == 5 and item.a.clause_id.endswith(":head")
    assert "亿" in item.explanation and "疑似" in item.explanation


def test_every_pair_cites_both_sides_and_compares_one_year(report):
    assert report
    for item in report:
        for statement in (item.a, item.b):
            assert statement.file and statement.clause_id and statement.quote
            assert statement.line_start <= statement.line_end
        assert re.search(r"20\d\d年", item.explanation)


def test_per_field_counts_are_not_compared(report):
    """000 counts 行业智能体 per field (55, 55, 25, 10): not one target, so never paired."""
    assert not [item for item in report if "行业智能体" in (item.a.phrase + item.b.phrase)]


def test_facts_carry_indicator_year_and_magnitude(documents):
    facts = document_facts(documents[1])  # 001
    headline = [fact for fact in facts if fact.headline]
    assert [(fact.indicator, fact.year, fact.number, fact.magnitude, fact.unit) for fact in headline] == [
        ("人工智能产业规模", 2028, (2000.0,), "", "元")
    ]
    agents = {fact.phrase for fact in facts if fact.unit == "个" and fact.indicator.endswith("智能体")}
    assert "55个医疗健康领域智能体" in agents


def test_years_skip_ranges_and_dates():
    assert last_year("《方案(2026—2028年)》2026年2月15日印发") is None
    assert last_year("到 2028 年底，打造") == 2028


def test_similar_indicators():
    assert similar_indicators("独角兽企业", "种子独角兽企业")
    assert similar_indicators("行业领先底层硬件产品", "行业领先基础硬件产品")
    assert not similar_indicators("生态治理智能体", "城市更新领域智能体")


def test_different_numbers_for_one_indicator_across_documents():
    first = _document("a.txt", "武汉市甲方案\n\n一、目标\n\n到2028年，全市人工智能产业规模突破2000亿元。\n")
    second = _document("b.txt", "武汉市乙方案\n\n一、目标\n\n到2028年，全市人工智能产业规模突破3000亿元。\n")
    items = consistency_report([first, second])
    assert [(item.kind, item.indicator) for item in items] == [("value", "人工智能产业规模")]
    assert "2000亿元" in items[0].explanation and "3000亿元" in items[0].explanation


def test_other_years_and_regions_are_not_compared():
    first = _document("a.txt", "武汉市甲方案\n\n一、目标\n\n到2028年，全市人工智能产业规模突破2000亿元。\n")
    later = _document("b.txt", "武汉市乙方案\n\n一、目标\n\n到2030年，全市人工智能产业规模突破3000亿元。\n")
    province = _document("c.txt", "湖北省丙方案\n\n一、目标\n\n到2028年，全省人工智能产业规模突破3000亿元。\n")
    assert consistency_report([first, later]) == []
    assert consistency_report([first, province]) == []


def test_terminal_products_35_against_15_between_000_and_001(report):
    # 001 says 15款 after a sentence reporting 2025's achieved figure; the target year in
    # force is still the 2028 of its 工作目标, not that 2025.
    pairs = [item for item in report if item.indicator == "优秀智能终端产品"]
    assert [(item.kind, {item.a.phrase, item.b.phrase}) for item in pairs] == [("value", {"35款优秀智能终端产品", "15款优秀智能终端产品"})]


def test_a_reported_achievement_does_not_set_the_target_year():
    plan = _document("a.txt", "甲方案\n\n一、目标\n\n到2028年，打造35款优秀智能终端产品。\n")
    news = _document(
        "b.txt",
        "乙新闻\n\n到2028年，全市产业规模超2000亿元。\n\n会上披露，2025年全市核心产业规模达1.1万亿元。\n\n"
        "下一步，打造15款优秀智能终端产品。\n",
    )
    facts = {fact.indicator: fact.year for fact in document_facts(news)}
    assert facts["核心产业规模"] == 2025 and facts["优秀智能终端产品"] == 2028
    assert [item.kind for item in consistency_report([plan, news])] == ["value"]


def test_a_wording_pair_with_several_candidates_is_not_reported():
    plan = _document("a.txt", "甲方案\n\n一、目标\n\n到2028年底，建成50个工业智能体、50个服务业智能体。\n")
    news = _document("b.txt", "乙新闻\n\n到2028年，打造50个专业智能体。\n")
    single = _document("c.txt", "丙方案\n\n一、目标\n\n到2028年底，建成50个工业智能体。\n")
    assert consistency_report([plan, news]) == []
    assert [item.kind for item in consistency_report([single, news])] == ["wording"]


def test_terminal_rendering_lists_both_citations(report):
    text = consistency_text(report)
    assert f"发现 {len(report)} 处" in text
    assert "疑似笔误" in text and "表述不一致" in text
    assert "甲：001_987b4eb9a520e3e7.txt 第5行" in text
    assert consistency_text([]) == "未发现前后不一致的数字表述。"
