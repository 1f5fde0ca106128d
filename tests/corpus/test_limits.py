"""Per-file limits (rag/corpus/limits.py): each refuses with its reason, before the cost is paid."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from rag.corpus import documents, limits, loaders
from rag.corpus.documents import read_document
from rag.corpus.limits import MAX_HTML_DEPTH, loader_guard
from rag.errors import LoadError

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(body: str) -> bytes:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>'.encode()
            archive.writestr(item.filename, data)
    return out.getvalue()


def _reason(path: Path) -> str:
    with pytest.raises(LoadError) as caught:
        read_document(path, path.parent)
    return caught.value.reason


def test_a_docx_unpacking_past_the_limit_is_refused_before_parsing(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(loaders, "MAX_UNZIPPED_BYTES", 200_000)
    path = tmp_path / "bomb.docx"
    path.write_bytes(_docx("<w:p><w:r><w:t>" + "政" * 100_000 + "</w:t></w:r></w:p>"))
    assert path.stat().st_size < 100_000  # 300 KB of text inside
    assert "疑似压缩炸弹" in _reason(path)


def test_a_docx_of_too_many_elements_is_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(loaders, "MAX_XML_TAGS", 5_000)
    path = tmp_path / "paragraphs.docx"
    path.write_bytes(_docx("<w:p/>" * 6_000))
    assert "文档结构过于庞大" in _reason(path)


def test_a_docx_of_too_many_members_is_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(loaders, "MAX_ZIP_MEMBERS", 5)
    path = tmp_path / "members.docx"
    path.write_bytes(_docx("<w:p><w:r><w:t>一、内容。</w:t></w:r></w:p>"))
    assert "压缩包内文件过多" in _reason(path)


def test_html_nested_past_the_depth_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * (MAX_HTML_DEPTH + 10) + "深</body></html>", encoding="utf-8")
    assert "嵌套" in _reason(path)
    fine = tmp_path / "fine.html"
    fine.write_text("<html><body>" + "<div>" * (MAX_HTML_DEPTH // 2) + "一、内容。</body></html>", encoding="utf-8")
    assert read_document(fine, tmp_path).clauses


def test_too_many_characters_lines_or_clauses_are_refused(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "long.txt"
    path.write_text("".join(f"第{n}段内容。\n\n" for n in range(300)), encoding="utf-8")
    monkeypatch.setattr(documents, "MAX_CLAUSES", 100)
    assert "条款过多" in _reason(path)
    monkeypatch.setattr(limits, "MAX_LINES", 500)
    assert "行的上限" in _reason(path)
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 1000)
    assert "字的上限" in _reason(path)


def test_a_pdf_of_too_many_pages_is_refused(tmp_path: Path, monkeypatch) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(4):
        writer.add_blank_page(100, 100)
    buffer = io.BytesIO()
    writer.write(buffer)
    path = tmp_path / "pages.pdf"
    path.write_bytes(buffer.getvalue())
    monkeypatch.setattr(loaders, "MAX_PDF_PAGES", 3)
    assert "页数过多" in _reason(path)


def test_the_guard_turns_any_failure_into_the_files_reason() -> None:
    for error in (RuntimeError("encrypted"), NotImplementedError("method"), KeyError("x"), RecursionError(), MemoryError()):
        with pytest.raises(LoadError) as caught, loader_guard("a.docx"):
            raise error
        assert caught.value.file == "a.docx" and caught.value.reason and "\n" not in caught.value.reason
    with pytest.raises(KeyboardInterrupt), loader_guard("a.docx"):
        raise KeyboardInterrupt


def test_a_symlink_leaving_the_corpus_is_refused_one_inside_is_followed(tmp_path: Path) -> None:
    corpus, outside = tmp_path / "corpus", tmp_path / "private.txt"
    corpus.mkdir()
    outside.write_text("一、不应被索引的内容。\n", encoding="utf-8")
    (corpus / "real.txt").write_text("一、语料中的内容。\n", encoding="utf-8")
    (corpus / "leak.txt").symlink_to(outside)
    (corpus / "alias.txt").symlink_to(corpus / "real.txt")
    (corpus / "folder").symlink_to(tmp_path, target_is_directory=True)
    assert "语料目录之外" in _reason(corpus / "leak.txt")
    with pytest.raises(LoadError, match="语料目录之外"):
        read_document(corpus / "folder" / "private.txt", corpus)
    assert read_document(corpus / "alias.txt", corpus).source.file == "alias.txt"
    assert [path.name for path in loaders.iter_corpus_files(corpus)] == ["alias.txt", "leak.txt", "real.txt"]
