"""The authority prior: names a document is cited by, citation counts, and their effect on ranking."""

from __future__ import annotations

import json
import math
from pathlib import Path

from rag.index.authority import authority_scores, citation_counts, document_names
from rag.config import load_settings
from rag.index.ingest import ingest
from rag.retrieval.open import open_retriever
from rag.index.storage import current_folder


def test_national_law_is_named_without_the_state_prefix():
    assert document_names("中华人民共和国民法典") == ["民法典"]


def test_short_names_that_match_inside_other_words_are_not_used():
    # 刑法 alone would also match 刑法修正案, 刑法学...; only the full title counts.
    assert document_names("中华人民共和国刑法") == ["中华人民共和国刑法"]


def test_policy_notice_is_named_by_its_issued_title_and_doc_number():
    names = document_names("武汉市人民政府关于印发《武汉市人工智能产业行动方案》的通知", "武政〔2024〕3号")
    assert names == ["武政〔2024〕3号", "武汉市人工智能产业行动方案"]


def test_an_interpretation_is_not_named_by_the_law_it_interprets():
    names = document_names("最高人民法院关于适用《民事诉讼法》的解释")
    assert names == ["最高人民法院关于适用《民事诉讼法》的解释"]


def test_trailing_note_is_dropped_from_the_name():
    assert document_names("人民检察院刑事诉讼规则（试行）") == ["人民检察院刑事诉讼规则"]


def test_missing_title_and_number_give_no_names():
    assert document_names(None, None) == []


def test_citations_count_only_other_documents():
    texts = {
        "law": "民法典 第一条 本法依据宪法制定。民法典另有规定的除外。",
        "interpretation": "根据民法典第十条，参照民法典第十一条。",
        "notice": "贯彻民法典。",
    }
    names = {"law": ["民法典"], "interpretation": ["民法典解释"], "notice": ["某通知"]}
    assert citation_counts(names, texts) == {"law": 3, "interpretation": 0, "notice": 0}


def test_authority_scores_are_log_scaled_to_one():
    scores = authority_scores({"a": 0, "b": 9, "c": 999})
    assert scores["a"] == 0.0 and scores["c"] == 1.0
    assert math.isclose(scores["b"], math.log(10) / math.log(1000))


def test_one_stray_mention_in_a_small_corpus_is_not_full_authority():
    scores = authority_scores({"a": 1, "b": 0})
    assert math.isclose(scores["a"], math.log(2) / math.log(101))
    assert authority_scores({"a": 1, "b": 0}, saturation=1)["a"] == 1.0


def test_authority_scores_without_any_citation_are_zero():
    assert authority_scores({"a": 0, "b": 0}) == {"a": 0.0, "b": 0.0}
    assert authority_scores({}) == {}


def _write_corpus(folder: Path) -> None:
    folder.mkdir()
    (folder / "law.txt").write_text(
        "中华人民共和国工资支付保障法\n\n第一条　用人单位应当按时足额支付劳动者的工资报酬，不得无故拖欠。\n",
        encoding="utf-8",
    )
    (folder / "rule.txt").write_text(
        "某市工资支付规定\n\n第一条　用人单位应当按时足额支付劳动者工资。\n", encoding="utf-8"
    )
    cited = "".join(f"第{number}条　依照工资支付保障法的规定处理第{number}类争议。\n\n" for number in "二三四五六七八九十")
    (folder / "interpretation.txt").write_text(
        "最高人民法院关于审理劳动争议案件的解释\n\n第一条　人民法院审理案件，依照工资支付保障法第一条认定。\n\n" + cited,
        encoding="utf-8",
    )


def _cited_by(index: Path) -> dict[str, int]:
    rows = (current_folder(index) / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    return {row["file"]: row["cited_by"] for row in map(json.loads, rows)}


def test_counts_follow_an_incremental_update(tmp_path):
    corpus = tmp_path / "corpus"
    _write_corpus(corpus)
    citing = (corpus / "interpretation.txt").read_text(encoding="utf-8")
    (corpus / "interpretation.txt").unlink()
    settings = load_settings({"corpus": str(corpus), "index": str(tmp_path / "index")}, environ={})
    ingest(settings)
    assert _cited_by(tmp_path / "index") == {"law.txt": 0, "rule.txt": 0}
    (corpus / "interpretation.txt").write_text(citing, encoding="utf-8")
    report = ingest(settings)
    assert report.added == ["interpretation.txt"] and sorted(report.unchanged) == ["law.txt", "rule.txt"]
    assert _cited_by(tmp_path / "index")["law.txt"] == 10


def test_cited_document_ranks_above_an_equally_matching_uncited_one(tmp_path):
    corpus = tmp_path / "corpus"
    _write_corpus(corpus)
    base = {"corpus": str(corpus), "index": str(tmp_path / "index")}
    ingest(load_settings(base, environ={}))
    assert _cited_by(tmp_path / "index") == {"law.txt": 10, "rule.txt": 0, "interpretation.txt": 0}

    query = "单位应当按时足额支付劳动者工资吗"

    def first_files(weight: float) -> list[str]:
        retriever = open_retriever(load_settings({**base, "authority_weight": weight}, environ={}))
        return [hit.clause.file for hit in retriever.search(query, 3) if hit.clause.file != "interpretation.txt"]

    assert first_files(0.0)[:2] == ["rule.txt", "law.txt"]  # the shorter clause wins on words alone
    assert first_files(0.5)[:2] == ["law.txt", "rule.txt"]
