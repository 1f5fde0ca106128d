"""Tests of rag.index.passages: what BM25 and the embedders read of a clause."""

from __future__ import annotations

from rag.index.passages import META_WORDS, dense_text, dense_texts, passage_text
from rag.types import Clause


def _clause(**fields: object) -> Clause:
    base = dict(clause_id="a:1", file="a.txt", start=0, end=9, line_start=1, line_end=1, section=("一、总体要求", "（一）目标"),
                text="到2028年建成示范区。", doc_title="关于示范区建设的通知", doc_number=None, issuer=None, date=None)
    return Clause(**{**base, **fields})  # type: ignore[arg-type]


def test_the_passage_holds_title_section_path_and_text_and_the_dense_text_drops_the_path() -> None:
    clause = _clause()
    assert passage_text(clause) == "关于示范区建设的通知\n一、总体要求 （一）目标\n到2028年建成示范区。"
    assert dense_text(clause) == "关于示范区建设的通知\n到2028年建成示范区。"


def test_a_head_block_keeps_the_words_people_ask_with() -> None:
    head = _clause(section=(), kind="meta", label="文件头", text="某某市人民政府办公厅文件")
    assert dense_text(head).endswith(META_WORDS["文件头"]) and passage_text(head) == dense_text(head)


def test_the_builtin_embedder_reads_the_passages_and_a_pretrained_one_the_dense_texts() -> None:
    clauses = [_clause()]
    texts = [passage_text(clause) for clause in clauses]
    assert dense_texts(clauses, texts, "builtin") is texts
    assert dense_texts(clauses, texts, "e5-small") == [dense_text(clauses[0])]
