"""General question words kept as data: the file's format and its lists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rag.text.word_lists import WORDS_FILE, load_word_lists, parse_word_lists, word_list


def test_lists_continue_over_lines_and_comments_are_skipped() -> None:
    lines = ["# 说明", "", "frame\t说法 提法", "frame\t原文", "generic\t比例"]
    assert parse_word_lists(lines) == {"frame": frozenset({"说法", "提法", "原文"}), "generic": frozenset({"比例"})}


@pytest.mark.parametrize("line", ["frame 说法 提法", "frame\t", "\t说法"])
def test_a_malformed_line_is_refused_with_its_number(line: str) -> None:
    with pytest.raises(ValueError, match="line 2"):
        parse_word_lists(["# 说明", line])


def test_an_unknown_list_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "words.tsv"
    path.write_text("frame\t说法\n", encoding="utf-8")
    assert word_list("frame", path) == frozenset({"说法"})
    with pytest.raises(KeyError, match="words.tsv"):
        word_list("generic", path)


def test_the_shipped_lists_are_present_and_general() -> None:
    lists = load_word_lists()
    assert {"generic_nouns", "frame_words", "named_by_members", "auxiliaries", "unsized"} <= set(lists)
    assert all(len(words) >= 30 for name, words in lists.items() if name != "auxiliaries")
    # General language, not vocabulary of one corpus.
    text = WORDS_FILE.read_text(encoding="utf-8")
    assert not re.search("武汉|湖北|人工智能|算力", text)


def test_interchangeable_words_name_each_other_both_ways() -> None:
    from rag.text.word_lists import interchangeable

    same = interchangeable()
    assert "补助" in same["补贴"] and "补贴" in same["补助"]
    assert "补贴" not in same["补贴"]  # a word is not its own alternative


def test_what_a_value_is_about_may_be_named_by_an_interchangeable_word(tmp_path) -> None:
    from tests.fakes import answer_over

    rules = (
        "某县农村老年助餐服务实施方案\n\n"
        "（一）建设补助。对新建助餐点给予一次性建设补助5万元。\n\n"
        "（二）运营补助。对正式运营满1年的助餐点，日均就餐30人次以上的，每年给予运营补助3万元。\n"
    )
    answer = answer_over(tmp_path, {"plan.txt": rules}, "我承包村里老人食堂快一年了，一年能拿多少运营补贴？")
    assert not answer.refused and "3万元" in answer.answer, answer.answer
