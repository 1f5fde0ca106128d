"""The project's gold file validates against seeds/, and malformed gold files are
rejected with the offending line."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from rag.errors import GoldFileError, UsageError
from rag.evaluation.gold import GoldQuestion, QuestionType, load_gold, read_utf8_text

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "gold" / "gold.jsonl"
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def project_gold() -> list[GoldQuestion]:
    return load_gold(GOLD, SEEDS)


def test_project_gold_is_large_and_varied(project_gold: list[GoldQuestion]) -> None:
    assert len(project_gold) >= 120
    assert {q.type for q in project_gold} == set(QuestionType)
    unanswerable = sum(not q.answerable for q in project_gold)
    assert unanswerable / len(project_gold) >= 0.15


def test_project_gold_spans_point_at_the_quotes(project_gold: list[GoldQuestion]) -> None:
    for q in project_gold:
        for item in q.evidence:
            text = read_utf8_text(SEEDS / item.file)
            assert text[item.start:item.end] == item.quote, q.id


def test_project_gold_covers_every_seed_document(project_gold: list[GoldQuestion]) -> None:
    per_doc = Counter(file for q in project_gold for file in {e.file for e in q.evidence})
    for path in SEEDS.glob("*.txt"):
        assert per_doc[path.name] >= 15, path.name


def test_project_gold_ids_and_questions_are_unique(project_gold: list[GoldQuestion]) -> None:
    assert len({q.question for q in project_gold}) == len(project_gold)
    assert all(q.answerable == (q.type is not QuestionType.UNANSWERABLE) for q in project_gold)


# ------------------------------------------------------------------ malformed files


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_bytes("\ufeff第一行\r\n到2028年，产业规模突破2000亿元。\r\n".encode("utf-8"))
    return folder


def line(**changes: object) -> str:
    record: dict[str, object] = {
        "id": "g1", "question": "产业规模目标是多少？", "type": "fact", "answerable": True,
        "evidence": [{"file": "a.txt", "quote": "产业规模突破2000亿元"}], "answer": "2000亿元",
    }
    record.update(changes)
    return json.dumps({k: v for k, v in record.items() if v is not None}, ensure_ascii=False)


def write_gold(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_valid_file_gives_spans_into_the_decoded_text(tmp_path: Path, corpus: Path) -> None:
    crlf = line(id="g2", evidence=[{"file": "a.txt", "quote": "第一行\r\n到2028年"}])
    questions = load_gold(write_gold(tmp_path, line(), "", crlf), corpus)
    text = read_utf8_text(corpus / "a.txt")
    assert not text.startswith("\ufeff")  # BOM stripped: offsets start at the first real character
    assert [q.line for q in questions] == [1, 3]
    first, second = questions[0].evidence[0], questions[1].evidence[0]
    assert text[first.start:first.end] == "产业规模突破2000亿元"
    assert (second.start, second.end) == (0, 11)  # 3 + "\r\n" kept as 2 + 6
    assert questions[0].spans[0].file == "a.txt"


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ('{"id": "g2", "question": ', "JSON"),
        (line(id="g2", answer=None), "缺少字段：answer"),
        (line(id="g2", type="trivia"), "未知的题型“trivia”"),
        (line(id="g2", evidence=[{"file": "a.txt", "quote": "3000亿元"}]), "找不到"),
        (line(id="g2", evidence=[{"file": "missing.txt", "quote": "x"}]), "证据文件不存在"),
        (line(id="g2", evidence=[{"file": "../a.txt", "quote": "x"}]), "不在语料目录内"),
        (line(id="g2", evidence=[{"file": "a.txt"}]), "quote"),
        (line(id="g2", answerable="yes"), "answerable"),
        (line(id="g2", type="unanswerable"), "unanswerable"),
        (line(id="g2", evidence=[]), "至少要有一条证据"),
        (line(), "重复"),
        ("[1, 2]", "JSON 对象"),
    ],
)
def test_bad_line_is_named(tmp_path: Path, corpus: Path, bad: str, words: str) -> None:
    path = write_gold(tmp_path, line(), bad, line(id="g3"))
    with pytest.raises(GoldFileError) as caught:
        load_gold(path, corpus)
    assert caught.value.line == 2
    assert "第 2 行" in caught.value.message and words in caught.value.message


def test_unknown_type_lists_the_allowed_types(tmp_path: Path, corpus: Path) -> None:
    with pytest.raises(GoldFileError) as caught:
        load_gold(write_gold(tmp_path, line(type="trivia")), corpus)
    assert all(kind.value in caught.value.message for kind in QuestionType)


def test_unanswerable_may_have_no_evidence(tmp_path: Path, corpus: Path) -> None:
    record = line(type="unanswerable", answerable=False, evidence=[], answer="现有文件未规定")
    (question,) = load_gold(write_gold(tmp_path, record), corpus)
    assert question.evidence == () and not question.answerable


def test_missing_or_empty_gold_file(tmp_path: Path, corpus: Path) -> None:
    with pytest.raises(UsageError):
        load_gold(tmp_path / "nope.jsonl", corpus)
    with pytest.raises(GoldFileError):
        load_gold(write_gold(tmp_path, ""), corpus)
