"""Wording check on the seeds: exact, near and absent phrases from each document, diffs,
offsets back into the source, sentence-by-sentence passages and bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rag.checking.folding import fold_text
from rag.checking.results import CheckMatch, CheckResult
from rag.checking.wording import MAX_CHECK_CHARS, CheckIndex, check_passage, check_text, split_sentences
from rag.errors import UsageError
from rag.app.check_report import check_report_html, check_report_text, diff_text

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
MATCH_KEYS = {
    "clause_id", "file", "start", "end", "line_start", "line_end", "section",
    "doc_title", "doc_number", "matched", "similarity", "diff",
}

# (seed, phrase) found verbatim once whitespace and punctuation width are ignored.
EXACT = [
    ("000", "到2028年，全市人工智能产业规模突破2000亿元。"),
    ("001", "全市人工智能相关企业突破1500家"),
    ("002", "全市在智慧医疗领域打造80项以上应用场景"),
    ("003", "2020年我省人工智能产业规模约350亿元"),  # spans a hard line break
    ("004", "武汉市进入全国人工智能城市发展第一梯队"),
]
# (seed, altered phrase, query part, original part) of the expected replace op.
NEAR = [
    ("000", "基本建成具有国际影响力的人工智能之城", "基本", "初步"),
    ("001", "武汉发布数智经济发展行动方案 到2028年，人工智能产业规模超两千亿元", "亿", ""),
    ("002", "基本建成全国重要的人工智能科技策源高地", "基本", "初步"),
    ("003", "产业规模偏小，仅为北京的三分之一、上海的四分之一", "三", "五"),
    ("004", "力争到2027年，初步建成具有全国影响力的人工智能创新发展高地", "初步", "基本"),
]
ABSENT = [
    "推动深海探测装备与极地科考船舶的联合研发",
    "长江日报记者在东湖绿道骑行采访了多位市民",
    "建设长江航运大数据中心，推动港口船舶智能调度",
    "支持十堰建设新能源汽车电池回收利用基地",
    "对首次认定的独角兽企业给予一次性奖励五百万元",
]


@pytest.fixture(scope="module")
def index(documents):
    return CheckIndex.build(documents)


@pytest.fixture(scope="module")
def sources(documents):
    return {document.source.file: document.source.text for document in documents}


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def assert_consistent(match: CheckMatch, query: str, sources: dict[str, str]) -> None:
    """Offsets, lines and diff agree with the source and the query."""
    source = sources[match.file]
    assert source[match.start : match.end] == match.matched
    assert match.line_start == source.count("\n", 0, match.start) + 1
    assert match.line_end == source.count("\n", 0, match.end - 1) + 1
    assert "".join(op.query for op in match.diff) == _compact(query).rstrip("。！？；")
    assert "".join(op.original for op in match.diff) == match.original_text
    assert match.original_text[0] == match.matched[0] and match.original_text[-1] == match.matched[-1]
    for op in match.diff:
        if op.op == "equal":
            assert fold_text(op.query) == fold_text(op.original)


@pytest.mark.parametrize("seed, phrase", EXACT)
def test_exact_phrase_of_each_seed(index, sources, seed, phrase):
    result = index.check_text(phrase)
    assert result.verdict == "exact"
    best = result.matches[0]
    assert best.file.startswith(seed)
    assert best.similarity == 1.0
    assert [op.op for op in best.diff] == ["equal"]
    assert_consistent(best, phrase, sources)


@pytest.mark.parametrize("seed, phrase, query_part, original_part", NEAR)
def test_near_phrase_of_each_seed_with_its_diff(index, sources, seed, phrase, query_part, original_part):
    result = index.check_text(phrase)
    assert result.verdict == "near"
    best = result.matches[0]
    assert best.file.startswith(seed)
    assert 0.78 <= best.similarity < 1.0
    changes = [(op.query, op.original) for op in best.diff if op.op != "equal"]
    assert changes == [(query_part, original_part)]
    assert_consistent(best, phrase, sources)


@pytest.mark.parametrize("phrase", ABSENT)
def test_absent_phrase_is_not_found(index, phrase):
    result = index.check_text(phrase)
    assert result.verdict == "not_found"
    assert result.matches == ()


def test_replace_op_of_basic_versus_initial_completion(index):
    best = index.check_text("基本建成具有国际影响力的人工智能之城").matches[0]
    assert [op.to_dict() for op in best.diff] == [
        {"op": "replace", "query": "基本", "original": "初步"},
        {"op": "equal", "query": "建成具有国际影响力的人工智能之城", "original": "建成具有国际影响力的人工智能之城"},
    ]
    assert diff_text(best.diff) == "〔基本→初步〕建成具有国际影响力的人工智能之城"


def test_one_third_versus_one_fifth(index):
    best = index.check_text("仅为北京的三分之一").matches[0]
    assert best.file.startswith("003")
    assert [(op.op, op.query, op.original) for op in best.diff if op.op != "equal"] == [("replace", "三", "五")]


def test_first_echelon_wording_across_a_hard_line_break(index, sources):
    phrase = "我省人工智能产业总体发展水平进入全国第一梯队"
    best = index.check_text(phrase).matches[0]
    assert best.file.startswith("003")
    assert "\n" in best.matched  # 第一 / 方阵 sit on two lines of the PDF conversion
    assert [(op.query, op.original) for op in best.diff if op.op != "equal"] == [("梯队", "方阵")]
    assert_consistent(best, phrase, sources)


def test_exact_match_across_a_line_break_maps_back_to_the_source(index, sources):
    best = index.check_text("人工智能产业规模约 350 亿元").matches[0]
    assert best.matched == "人工智能产业\n\n规模约 350 亿元"
    assert (best.line_start, best.line_end) == (34, 36)
    assert sources[best.file][best.start : best.end] == best.matched


def test_exact_match_across_page_furniture(index, sources):
    phrase = "湖北省制造业产业链链长制实施方案（2021－2023 年）》等政策文件"
    best = index.check_text(phrase).matches[0]
    assert index.check_text(phrase).verdict == "exact"
    assert "- 3 -" in best.matched  # the page break sits inside the original span
    assert "- 3 -" not in best.original_text
    assert_consistent(best, phrase, sources)


def test_half_width_punctuation_and_digits_still_exact(index):
    result = index.check_text("《湖北省新一代人工智能发展总体规划(2020-2030年)》")
    assert result.verdict == "exact"
    assert result.matches[0].file.startswith("003")
    assert index.check_text("集聚人工智能企业超１５００家").verdict == "exact"


def test_missing_quotation_marks_are_near_with_insert_ops(index, sources):
    """Quotes are wording: a phrase written without them is near, not exact."""
    phrase = "武汉市推动人工智能+行动方案"
    result = index.check_text(phrase)
    assert result.verdict == "near"
    best = result.matches[0]
    assert best.file.startswith("000")
    assert [(op.op, op.original) for op in best.diff if op.op != "equal"] == [("insert", "“"), ("insert", "”")]
    assert_consistent(best, phrase, sources)
    assert index.check_text("武汉市推动\"人工智能+\"行动方案").verdict == "exact"  # straight quotes fold


def test_heading_text_is_found_and_attributed_to_the_clause_below(index):
    best = index.check_text("实施“智产跃升”工程").matches[0]
    assert best.clause_id == "000_d07304ea45ad6d22:3.2.3"
    assert best.section[-1] == "(二)实施“智产跃升”工程"


def test_three_sentence_paragraph_is_checked_sentence_by_sentence(documents):
    text = (
        "到2028年，全市人工智能产业规模突破2000亿元。"
        "我省人工智能产业总体发展水平进入全国第一梯队。"
        "今天我们讨论职工食堂菜单的调整方案。"
    )
    report = check_passage(text, documents)
    assert [item.verdict for item in report.sentences] == ["exact", "near", "not_found"]
    assert report.verdict == "near"
    data = report.to_dict()
    assert set(data) == {"query", "verdict", "matches", "sentences"}
    assert data["query"] == text
    assert len(data["matches"]) == 2  # the best match of each sentence found
    assert [item["verdict"] for item in data["sentences"]] == ["exact", "near", "not_found"]


def test_one_sentence_report_keeps_spec_fields_at_the_top(documents):
    data = check_passage("基本建成具有国际影响力的人工智能之城", documents).to_dict()
    assert data["verdict"] == "near"
    assert data["query"] == "基本建成具有国际影响力的人工智能之城"
    assert len(data["sentences"]) == 1
    assert data["matches"] == data["sentences"][0]["matches"]
    for match in data["matches"]:
        assert set(match) == MATCH_KEYS
        assert isinstance(match["section"], list)
        assert all(set(op) == {"op", "query", "original"} for op in match["diff"])


def test_check_text_returns_spec_object(documents):
    result = check_text("全市人工智能相关企业突破1500家", documents)
    assert isinstance(result, CheckResult)
    assert set(result.to_dict()) == {"query", "verdict", "matches"}


def test_sentences_split_after_final_marks_with_closing_quotes():
    text = "他说：“到2028年建成。”然后呢？好；结束"
    pieces = [text[start:end] for start, end in split_sentences(text)]
    assert pieces == ["他说：“到2028年建成。”", "然后呢？", "好；", "结束"]


def test_long_input_of_twenty_thousand_characters_is_checked(index, documents):
    corpus = "".join(document.source.text for document in documents)
    text = (corpus * 2)[1000 : 1000 + MAX_CHECK_CHARS]
    report = index.check_passage(text)
    assert len(report.sentences) > 100
    assert sum(item.verdict == "exact" for item in report.sentences) > len(report.sentences) // 2


def test_input_over_the_limit_is_refused_with_the_limit_named(index):
    with pytest.raises(UsageError) as error:
        index.check_passage("人" * (MAX_CHECK_CHARS + 1))
    assert str(MAX_CHECK_CHARS) in error.value.message
    assert error.value.exit_code == 2


@pytest.mark.parametrize("text", ["", "   ", "\n\t "])
def test_empty_input_is_a_usage_error(index, text):
    with pytest.raises(UsageError) as error:
        index.check_passage(text)
    assert error.value.message == "请输入要核对的文字"


def test_english_only_input_is_a_usage_error(index):
    with pytest.raises(UsageError) as error:
        index.check_text("The quick brown fox jumps over the lazy dog.")
    assert "没有中文" in error.value.message


def test_english_sentence_inside_a_chinese_passage_gets_a_note(index):
    report = index.check_passage("Hello world! 全市人工智能相关企业突破1500家。")
    assert [item.verdict for item in report.sentences] == ["not_found", "exact"]
    assert report.sentences[0].note
    assert report.verdict == "exact"  # unchecked sentences do not count


def test_terminal_rendering_names_verdict_place_and_diff(index):
    text = check_report_text(index.check_passage("基本建成具有国际影响力的人工智能之城。仅为北京的三分之一。"))
    assert "基本一致（有差异）" in text
    assert "〔基本→初步〕" in text and "〔三→五〕" in text
    assert "000_d07304ea45ad6d22.txt 第23行" in text
    assert "未找到" in check_report_text(index.check_passage("今天我们讨论职工食堂菜单的调整方案"))
    assert "完全一致" in check_report_text(index.check_passage("全市人工智能相关企业突破1500家"))


def test_html_rendering_escapes_and_colours(index):
    report = index.check_passage("基本建成具有国际影响力的人工智能之城。<b>人工智能</b>的发展&前景<script>alert(1)</script>")
    html = check_report_html(report)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html
    assert 'class="diff-del"' in html and "line-through" in html and ">基本</del>" in html
    assert 'class="diff-ins"' in html and ">初步</ins>" in html
