"""Fixed-size chunks of the baseline: exact offsets, bounded size, overlap, metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.evaluation.baseline import CHUNK_KIND, CHUNK_OVERLAP, CHUNK_SIZE, fixed_chunks, line_of, reading_text, split_fixed
from rag.corpus.documents import parse_document
from rag.corpus.loaders import load_source
from rag.types import Clause, SourceText

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def sources() -> dict[str, SourceText]:
    return {path.name: load_source(path, SEEDS) for path in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="module")
def chunks(sources: dict[str, SourceText]) -> list[Clause]:
    return fixed_chunks(sources)


def test_offsets_are_exact_and_lines_match(chunks: list[Clause], sources: dict[str, SourceText]) -> None:
    for chunk in chunks:
        text = sources[chunk.file].text
        raw = text[chunk.start : chunk.end]
        assert raw and raw == raw.strip()
        assert chunk.line_start == text.count("\n", 0, chunk.start) + 1
        assert chunk.line_end == text.count("\n", 0, chunk.end - 1) + 1


def test_chunks_are_at_most_500_characters(chunks: list[Clause]) -> None:
    assert max(chunk.end - chunk.start for chunk in chunks) <= CHUNK_SIZE
    assert max(len(chunk.text) for chunk in chunks) <= CHUNK_SIZE


def test_neighbouring_chunks_overlap_by_at_most_50(chunks: list[Clause]) -> None:
    pairs = [(a, b) for a, b in zip(chunks, chunks[1:]) if a.file == b.file]
    overlaps = [a.end - b.start for a, b in pairs]
    assert any(overlap > 0 for overlap in overlaps)
    assert max(overlaps) <= CHUNK_OVERLAP
    assert all(b.start > a.start for a, b in pairs)


def test_every_file_is_covered_from_first_to_last_character(chunks: list[Clause], sources: dict[str, SourceText]) -> None:
    for name, source in sources.items():
        mine = [chunk for chunk in chunks if chunk.file == name]
        stripped = source.text.strip()
        assert mine[0].start == source.text.index(stripped[0])
        assert mine[-1].end == len(source.text.rstrip())


def test_pseudo_clause_fields(chunks: list[Clause]) -> None:
    first = chunks[0]
    assert first.clause_id == "000_d07304ea45ad6d22:chunk1"
    assert first.kind == CHUNK_KIND and first.section == ()
    assert len({chunk.clause_id for chunk in chunks}) == len(chunks)
    assert first.doc_number == "武政办〔2026〕21号"


def test_metadata_copied_from_the_files_clauses(sources: dict[str, SourceText]) -> None:
    source = sources["004_a574007286141d25.txt"]
    clauses = list(parse_document(source).clauses)
    renamed = [Clause(**{**clause.__dict__, "doc_title": "测试标题"}) for clause in clauses]
    chunks = fixed_chunks({source.file: source}, renamed)
    assert {chunk.doc_title for chunk in chunks} == {"测试标题"}
    assert {chunk.doc_number for chunk in chunks} == {clauses[0].doc_number}


def test_split_fixed_on_a_string_with_repeats() -> None:
    text = ("第一段内容重复。\n" * 80) + "\n\n" + ("结尾" * 300)
    pieces = split_fixed(text, 100, 20)
    assert all(end - start <= 100 for start, end in pieces)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(b[0] >= a[0] for a, b in zip(pieces, pieces[1:]))


def test_reading_text_joins_hard_wraps_and_drops_page_numbers() -> None:
    raw = "一、总体要求坚持创新引领场景驱动生态赋能以发展智能经济为主\n线，夯实产业基础。\n- 3 -\n二、主要任务"
    assert reading_text(raw, 20) == "一、总体要求坚持创新引领场景驱动生态赋能以发展智能经济为主线，夯实产业基础。\n二、主要任务"
    assert line_of("a\nb\nc", 4) == 3
