"""The long-lived service behind the web app: one index, cached answers, safe lookups, uploads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rag.config import load_settings
from rag.app.service import AnswerCache, PolicyService
from rag.types import Answer, Filters

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> PolicyService:
    folder = tmp_path_factory.mktemp("service")
    shutil.copytree(SEEDS, folder / "corpus")
    settings = load_settings({"corpus": str(folder / "corpus"), "index": str(folder / "index")}, environ={})
    return PolicyService(settings)


def test_status_and_documents(service: PolicyService) -> None:
    assert "已索引 5 个文件" in service.status() and f"嵌入模型：{service.settings.embedder}" in service.status()
    levels = {doc.file: doc.level for doc in service.documents()}
    assert levels["000_d07304ea45ad6d22.txt"] == "市" and levels["003_1cb10e2aa7aa96ef.txt"] == "省"


def test_same_question_is_answered_once(service: PolicyService, monkeypatch) -> None:
    first = service.ask("武汉到2028年要建成多少个市级以上人工智能示范应用场景？")
    monkeypatch.setattr(service.snapshot.answerer, "answer", lambda *args, **kwargs: pytest.fail("not cached"))
    assert service.ask(" 武汉到2028年要建成多少个市级以上人工智能示范应用场景？ ") is first


def test_filters_are_part_of_the_cache_key(service: PolicyService) -> None:
    whole = service.ask("人工智能产业发展目标")
    narrowed = service.ask("人工智能产业发展目标", filters=Filters(files=("003_1cb10e2aa7aa96ef.txt",)))
    assert {c.clause.file for c in narrowed.citations} == {"003_1cb10e2aa7aa96ef.txt"}
    assert narrowed is not whole


def test_clause_lookup_serves_only_indexed_ids(service: PolicyService) -> None:
    clause = service.snapshot.retriever.index.clauses[10]
    found, source = service.clause(clause.clause_id)
    assert found == clause and source.file == clause.file
    for bad in ("../../etc/passwd", "/etc/passwd", "", "000_d07304ea45ad6d22.txt"):
        assert service.clause(bad) is None


def test_check_uses_the_indexed_documents(service: PolicyService) -> None:
    assert service.check("打造全国数智经济一线城市").verdict == "exact"


def test_upload_swaps_in_a_new_build(service: PolicyService, tmp_path: Path) -> None:
    before = service.snapshot.version
    path = tmp_path / "星河.txt"
    path.write_text("关于星河算力券的通知\n一、每家企业每年最多申领星河算力券50万元。\n", encoding="utf-8")
    outcome = service.add_files([(path, path.name)])
    assert outcome.added == ("星河.txt",) and service.snapshot.version == before + 1
    answer = service.ask("星河算力券每家企业最多申领多少？")
    assert any(citation.clause.file == "星河.txt" for citation in answer.citations)


def test_answer_cache_is_bounded() -> None:
    cache = AnswerCache(size=2)
    answers = [Answer(str(n), str(n), False, ()) for n in range(3)]
    for number, answer in enumerate(answers):
        cache.put(number, answer)
    assert cache.get(0) is None and cache.get(2) is answers[2]


def test_same_stem_files_cite_and_open_their_own_clauses(tmp_path: Path) -> None:
    import re
    from html import unescape

    from rag.app.web.handlers import Handlers

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "政策.md").write_text("关于星河算力券的通知\n一、星河算力券每家企业最多申领50万元。\n", encoding="utf-8")
    (corpus / "政策.txt").write_text("关于云端数据券的通知\n一、云端数据券每家企业最多申领20万元。\n", encoding="utf-8")
    service = PolicyService(load_settings({"corpus": str(corpus), "index": str(tmp_path / "index")}, environ={}))
    index = service.snapshot.retriever.index
    assert len({clause.clause_id for clause in index.clauses}) == len(index.clauses)
    for query, file, amount in (("星河算力券最多申领多少", "政策.md", "50万元"), ("云端数据券最多申领多少", "政策.txt", "20万元")):
        cited = [citation.clause for citation in service.ask(query).citations]
        assert cited and {clause.file for clause in cited} == {file}
        clause, source = service.clause(cited[0].clause_id)
        assert clause.file == source.file == file
        shown = Handlers(service).open_citation(cited[0].clause_id)
        marked = re.search(r'<mark id="[^"]+" class="src-hl" data-clause="([^"]+)">(.*?)</mark>', shown, re.S)
        assert marked and unescape(marked.group(1)) == cited[0].clause_id
        assert amount in unescape(marked.group(2)) and file in unescape(shown)
