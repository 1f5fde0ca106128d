"""Folding: the comparison form of text, every character tied to its original offset."""

from __future__ import annotations

from rag.checking.folding import bigrams, fold, fold_char, fold_document, fold_text
from rag.corpus.documents import parse_document
from rag.types import SourceText

DOCUMENT = """关于开展星河算力券试点工作的通知

一、总体要求
星河算力券面向本市中小企业发放。
二、支持措施
每家企业每年最多可申领“星河算力券”50万元。
"""


def test_widths_quotes_and_dashes_fold_to_one_form() -> None:
    assert fold_text("２０２８年，ＡＩ“算力”——券") == "2028年,AI\"算力\"--券"
    assert fold_char("、") == "、" and fold_char("，") == ","
    assert fold_char("…") == "…"  # NFKC would give three characters: kept whole


def test_whitespace_is_dropped_and_offsets_point_at_the_originals() -> None:
    text = "算 力\n券（试点）"
    folded = fold(text)
    assert folded.text == "算力券(试点)"
    assert [text[offset] for offset in folded.offsets] == list("算力券（试点）")


def test_only_the_given_spans_are_folded() -> None:
    folded = fold("甲乙丙丁戊", [(0, 1), (3, 5)])
    assert folded.text == "甲丁戊" and folded.offsets == (0, 3, 4)


def test_a_folded_document_attributes_headings_to_the_clause_below() -> None:
    document = parse_document(SourceText("doc.txt", DOCUMENT, "txt"))
    folded = fold_document(document)
    source = folded.source
    assert "".join(fold_char(source[offset]) for offset in folded.folded.offsets) == folded.folded.text
    start = folded.folded.text.index("二、支持措施")
    clause = folded.clause_for(start, start + len("二、支持措施"))
    assert "50万元" in clause.text
    assert folded.line_of(folded.folded.offsets[start]) == DOCUMENT.splitlines().index("二、支持措施") + 1


def test_bigrams() -> None:
    assert bigrams("算力券") == {"算力", "力券"}
    assert bigrams("券") == set()
