"""Hybrid search over the seeds: exact phrases, 文号, paraphrases, filters, duplicates, CLI output."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from rag.answering.pipeline import PipelineAnswerer
from rag.config import Fusion, load_settings
from rag.corpus.documents import parse_document
from rag.errors import UsageError
from rag.index.ingest import ensure_index
from rag.retrieval.fusion import minmax_fusion, union_minmax_fusion, union_scores
from rag.retrieval.hybrid import HybridRetriever
from rag.retrieval.open import build_in_memory, open_retriever
from rag.retrieval.subqueries import sub_queries
from rag.types import Filters, SourceText
from search_imports import heavy_imports_of_a_search

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    index = tmp_path_factory.mktemp("index")
    return load_settings({"corpus": str(SEEDS), "index": str(index)}, environ={})


@pytest.fixture(scope="module")
def retriever(settings):
    ensure_index(settings)
    return open_retriever(settings)


def test_official_finds_a_clause_by_exact_phrase(retriever):
    hits = retriever.search("建成 50 个智能消费场景", 5)
    assert hits[0].clause.clause_id == "000_d07304ea45ad6d22:3.3.6"


def test_doc_number_query_finds_the_document_head(retriever):
    hits = retriever.search("武政办[2023]85号", 3)
    assert hits[0].clause.clause_id == "002_f99d7e69743617a5:head"


def test_doc_number_filter_accepts_any_spelling_of_the_number(retriever):
    for spelling in ("武政办〔2023〕85号", "武政办(2023)085号", "武政办［2023］第85号"):
        hits = retriever.search("算力", 5, Filters(doc_number=spelling))
        assert hits and {hit.clause.file for hit in hits} == {"002_f99d7e69743617a5.txt"}, spelling


def test_the_shipped_default_finds_a_paraphrase_and_answers_a_colloquial_question(real_e5_engine, tmp_path):
    """The default embedder with its real model (the session's fake engine knows no paraphrase),
    and the answering model fitted on its retrieval, end to end."""
    settings = load_settings({"corpus": str(SEEDS), "index": str(tmp_path / "index")}, environ={})
    ensure_index(settings)
    retriever = open_retriever(settings)
    hits = retriever.search("我们做养老机器人，有什么支持？", 5)
    assert "000_d07304ea45ad6d22:3.3.6" in [hit.clause.clause_id for hit in hits]
    answerer = PipelineAnswerer(retriever, settings)
    answer = answerer.answer("我们是小公司，买不起算力，有便宜的渠道吗？")
    assert not answer.refused and answer.citations
    assert "002_f99d7e69743617a5.txt" in {citation.clause.file for citation in answer.citations}
    # Questions on other matters, far in meaning from every clause, are refused, whatever words
    # they share with the documents (孩子, 扣分, 社保 …).
    # The refusal lists no nearest clauses: they are not related to the question.
    for question in ("离婚以后孩子的抚养权归谁？", "驾照扣的分怎么才能消掉？", "社保断缴了几个月，以后还能补上吗？"):
        refused = answerer.answer(question)
        assert refused.refused and not refused.citations and "相关条款" not in refused.answer, question


def test_responsibility_question_finds_the_table_row(retriever):
    hits = retriever.search("“人工智能+”农业由哪个部门牵头？", 5)
    rows = [hit.clause for hit in hits if hit.clause.kind == "row"]
    assert rows and "市农业农村局" in rows[0].text


def test_duplicate_lead_paragraph_shows_once(retriever):
    hits = retriever.search("长江日报讯 全市数智经济一线城市建设大会举行", 10)
    leads = [hit for hit in hits if hit.clause.text.startswith("长江日报讯")]
    assert len(leads) == 1 and leads[0].clause.duplicate_of is None


def test_filters_restrict_results(retriever):
    by_level = retriever.search("人工智能产业规模", 10, Filters(level="省"))
    assert by_level and {hit.clause.file[:3] for hit in by_level} <= {"003", "004"}
    by_year = retriever.search("人工智能产业规模", 10, Filters(year=2023))
    assert by_year and {hit.clause.file[:3] for hit in by_year} == {"002"}
    by_file = retriever.search("智能体", 5, Filters(files=("004_a574007286141d25.txt",)))
    assert {hit.clause.file for hit in by_file} == {"004_a574007286141d25.txt"}
    by_number = retriever.search("产业规模", 5, Filters(doc_number="鄂经信规划〔2021〕205 号"))
    assert by_number and {hit.clause.file[:3] for hit in by_number} == {"003"}


def test_ranks_and_scores_are_ordered(retriever):
    hits = retriever.search("智能网联汽车测试示范区", 10)
    assert [hit.rank for hit in hits] == list(range(1, len(hits) + 1))
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


def test_empty_query_is_a_usage_error(retriever):
    with pytest.raises(UsageError):
        retriever.search("   ", 5)


def test_comparison_questions_get_one_query_per_side():
    assert sub_queries("武汉人工智能产业规模目标，2025年和2028年分别是多少？") == [
        "武汉人工智能产业规模目标，2025年和分别是多少？",
        "武汉人工智能产业规模目标，和2028年分别是多少？",
    ]
    assert sub_queries("武汉人工智能产业规模目标是多少？") == []
    assert sub_queries("先导区方案和数智经济方案对数据集的目标分别是多少？") == [
        "先导区方案对数据集的目标分别是多少？",
        "数智经济方案对数据集的目标分别是多少？",
    ]


def test_in_memory_retriever_over_arbitrary_clauses(retriever, settings):
    clauses = [clause for clause in retriever.index.clauses if clause.file.startswith("004")]
    memory = build_in_memory(clauses, retriever.index.sources, settings)
    hits = memory.search("车路云一体化", 3)
    assert hits and hits[0].clause.file.startswith("004") and "车路云一体化" in hits[0].clause.text


def _rag(*args: str, settings) -> subprocess.CompletedProcess[str]:
    env = {"RAG_CORPUS": str(settings.corpus), "RAG_INDEX": str(settings.index), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "rag.cli", *args], capture_output=True, text=True, env=env, cwd=ROOT)


def test_cli_search_json_follows_spec(retriever, settings):
    done = _rag("search", "智能算力", "--k", "3", "--json", settings=settings)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert len(data["results"]) == 3
    first = data["results"][0]
    for key in ("clause_id", "file", "start", "end", "line_start", "line_end", "section", "text", "doc_title", "doc_number", "score"):
        assert key in first
    source = (SEEDS / first["file"]).read_text(encoding="utf-8")
    assert source[first["start"] : first["end"]].replace("\n", "")[:8] == first["text"].replace("\n", "")[:8]


def test_cli_batch_search(tmp_path, retriever, settings):
    batch = tmp_path / "questions.jsonl"
    batch.write_text('{"id": "a", "question": "智能算力"}\n{"id": 2, "question": "数据要素"}\n', encoding="utf-8")
    done = _rag("search", "--jsonl", str(batch), "--k", "2", settings=settings)
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [row["id"] for row in rows] == ["a", 2] and all(len(row["results"]) == 2 for row in rows)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\n', encoding="utf-8")
    done = _rag("search", "--jsonl", str(bad), settings=settings)
    assert done.returncode == 2 and "第 1 行" in done.stderr and "Traceback" not in done.stderr


def test_cli_import_stays_light():
    code = "import sys, rag.cli; rag.cli.build_parser(); print(any(m in sys.modules for m in ('torch', 'sentence_transformers', 'gradio', 'transformers')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip() == "False"


def test_search_path_does_not_import_torch(settings, retriever):
    done = heavy_imports_of_a_search({"corpus": str(settings.corpus), "index": str(settings.index)}, "智能算力")
    assert done.stdout.strip() == "False False", done.stderr


def test_a_region_named_by_its_short_name_selects_its_documents(settings):
    texts = {
        "gx.txt": "发文机关：广西壮族自治区人民政府办公厅\n标题：关于发放养老服务补贴的通知\n\n一、补贴标准\n（一）每人每月补贴200元。\n",
        "gz.txt": "发文机关：贵州省人民政府办公厅\n标题：关于发放养老服务补贴的通知\n\n一、补贴标准\n（一）每人每月补贴300元。\n",
    }
    sources = {name: SourceText(name, text, "txt") for name, text in texts.items()}
    clauses = [clause for source in sources.values() for clause in parse_document(source).clauses]
    memory = build_in_memory(clauses, sources, settings)
    mask = memory._region_mask("广西的养老服务补贴每月多少钱？")
    assert mask is not None
    assert {clause.file for clause, chosen in zip(memory.index.clauses, mask) if chosen} == {"gx.txt"}
    assert memory.search("广西的养老服务补贴每月多少钱？", 1)[0].clause.file == "gx.txt"


def test_union_fusion_scores_every_candidate_by_both_signals(retriever):
    union = HybridRetriever(retriever.index, replace(retriever.settings, fusion=Fusion.UNION, candidates=5))
    mask = union.allowed(None)
    plain, _ = retriever._candidates("数据中心绿色低碳", mask, 5)  # each signal's own best rows
    found, scorers = union._candidates("数据中心绿色低碳", mask, 5)
    assert set(scorers) == {"bm25", "dense"}
    extended = union_scores(found, scorers)
    # The retriever's fusion is min-max fusion over the extended lists, to the last bit (authority prior aside).
    weights = {"bm25": union.settings.bm25_weight, "dense": union.settings.retrieval.dense_weight}
    expected = minmax_fusion({**extended, **{k: v for k, v in found.items() if k not in scorers}}, weights)
    assert union_minmax_fusion(found, scorers, weights) == expected
    rows = {row for name in ("bm25", "dense") for row, _ in plain[name]}
    assert len(rows) > 5  # the two lists disagree, so each list gains rows
    assert {row for row, _ in extended["bm25"]} == {row for row, _ in extended["dense"]} == rows
    vector = union.index.embedder.embed_queries(["数据中心绿色低碳"])[0]
    for row, score in extended["dense"]:
        assert score == pytest.approx(float(union.index.files.embeddings[row] @ vector), abs=1e-5)
    assert union.search("数据中心绿色低碳", 3)


def test_clause_similarity_reads_the_index_vectors_and_the_pipeline_uses_it_for_its_own_embedder(retriever):
    from rag.answering.model import load_model
    from rag.answering.pipeline import index_similarity

    question = "数据中心绿色低碳"
    hits = retriever.search(question, 5)
    outsider = replace(hits[0].clause, clause_id="not-indexed:1")
    scores = retriever.clause_similarity(question, [hit.clause for hit in hits] + [outsider])
    vector = retriever.index.embedder.embed_queries([question])[0]
    rows = {clause.clause_id: row for row, clause in enumerate(retriever.index.clauses)}
    for hit, score in zip(hits, scores):
        assert score == pytest.approx(float(retriever.index.files.embeddings[rows[hit.clause.clause_id]] @ vector), abs=1e-5)
    assert scores[-1] == 0.0 and len(set(scores[:-1].round(5))) > 1
    model = load_model()
    own = replace(model, semantic_embedder=retriever.embedder_name)
    other = replace(model, semantic_embedder=f"not-{retriever.embedder_name}")
    assert index_similarity(retriever, own) == retriever.clause_similarity
    assert index_similarity(retriever, other) is None
    assert PipelineAnswerer(retriever, retriever.settings, model=other).similarity is None
