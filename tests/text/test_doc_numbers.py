"""Tests of rag.text.doc_numbers: 文号 as printed, as mentioned, their key and spelling."""

from __future__ import annotations

import pytest

from rag.text.chars import fold
from rag.text.doc_numbers import (
    DocNumber,
    doc_number_key,
    find_doc_numbers,
    normalize_doc_number,
    official_spelling,
    printed_doc_number,
)


def test_normalize_doc_number() -> None:
    assert normalize_doc_number("印发某政办〔2023〕85号的通知") == "某政办2023-85号"
    assert normalize_doc_number("国办发（2017）第035号") == "国办发2017-35号"
    assert normalize_doc_number("国办发［２０１７］３５号") == "国办发2017-35号"
    assert normalize_doc_number("没有文号") is None
    assert normalize_doc_number("国办发〔1899〕35号") is None  # not a year of a 文号


@pytest.mark.parametrize("spelling", ["某政办〔2026〕第21号", "某政办(2026)021号", "某政办 【2026】 21 号", "某政办〔2026〕21号"])
def test_doc_number_key_is_shared_by_spellings_of_one_number(spelling: str) -> None:
    assert doc_number_key(spelling) == "某政办2026-21号"


def test_doc_number_key_without_a_doc_number() -> None:
    assert doc_number_key("某政办〔2026〕21号") != doc_number_key("某政办〔2026〕22号")
    assert doc_number_key("没有 文号（草案）") == "没有文号草案"


def test_find_doc_numbers_trims_leading_verbs_and_keeps_spans() -> None:
    text = fold("根据财建〔2021〕5号文件和国办发（2017）35号")
    found = find_doc_numbers(text)
    assert found == [DocNumber("财建", "2021", "5", 0, 12), DocNumber("国办发", "2017", "35", 12, 27)]
    assert [number.key for number in found] == ["财建2021-5号", "国办发2017-35号"]
    assert text[found[1].start : found[1].end] == "文件和国办发(2017)35号"  # the span holds the untrimmed issuer


def test_printed_doc_number_is_taken_as_written() -> None:
    head = "某市人民政府办公厅文件\n某政办 〔2026〕 21号\n"
    assert printed_doc_number(head) == "某政办〔2026〕21号"
    assert printed_doc_number("某政办（2026）21号") == "某政办（2026）21号"


def test_printed_doc_number_is_not_one_quoted_in_a_sentence_or_title() -> None:
    assert printed_doc_number("现将《某政办〔2026〕21号》转发") is None
    assert printed_doc_number("为贯彻落实国务院关于此事的通知精神某政办〔2026〕21号") is None  # issuer run too long
    assert printed_doc_number("某政办〔2026〕第21号") is None  # a mention, not the printed form


def test_official_spelling() -> None:
    assert official_spelling("某政办[2023] 85 号") == "某政办〔2023〕85号"
    assert official_spelling("某经信规划（2021）205 号") == "某经信规划〔2021〕205号"
