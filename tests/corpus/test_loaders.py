"""Loaders: every supported format built here, and every bad input refused in Chinese."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

from rag.errors import LoadError, UsageError
from rag.corpus.loaders import MAX_FILE_MB, SUPPORTED_SUFFIXES, iter_corpus_files, load_source

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

PDF_PAGE_1 = ["第一页：加快推进人工智能产业发展。", "到2026年，算力规模达到10万P。"]
PDF_PAGE_2 = ["第二页：强化数据要素保障。"]


def build_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("武汉市推动“人工智能+”行动方案")
    document.add_paragraph("一、总体要求")
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, [("任务", "责任单位"), ("建设算力中心", "市发改委")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    document.add_paragraph("二、保障措施")
    document.save(str(path))
    return path


def build_pdf_bytes() -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for lines in (PDF_PAGE_1, PDF_PAGE_2):
        pdf.setFont("STSong-Light", 14)
        for number, line in enumerate(lines):
            pdf.drawString(72, 750 - 24 * number, line)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def reason_of(path: Path, **kwargs: float) -> str:
    with pytest.raises(LoadError) as caught:
        load_source(path, **kwargs)
    assert caught.value.file == path.name
    return caught.value.reason


# ---------------------------------------------------------------- good inputs


def test_docx_paragraphs_and_table_rows_in_document_order(tmp_path: Path) -> None:
    source = load_source(build_docx(tmp_path / "方案.docx"))
    assert source.kind == "docx"
    assert source.text.split("\n") == [
        "武汉市推动“人工智能+”行动方案",
        "一、总体要求",
        "任务\t责任单位",
        "建设算力中心\t市发改委",
        "二、保障措施",
    ]


def test_pdf_text_and_pages(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(build_pdf_bytes())
    source = load_source(path)
    assert source.kind == "pdf"
    for sentence in PDF_PAGE_1 + PDF_PAGE_2:
        assert sentence in source.text
    assert len(source.page_starts) == 2
    assert source.page_at(source.text.index(PDF_PAGE_1[1])) == 1
    assert source.page_at(source.text.index(PDF_PAGE_2[0])) == 2
    assert source.text[source.page_starts[1] :].startswith(PDF_PAGE_2[0])


def test_html_drops_script_and_keeps_table_rows(tmp_path: Path) -> None:
    html = """<!DOCTYPE html><html><head><meta charset="gb2312"><title>门户网站</title>
    <style>p { color: red }</style></head><body>
    <h1>湖北省实施意见</h1><script>var secret = "不应出现";</script>
    <p>加快人工
    智能发展，<b>强化</b>应用。</p><!-- 注释 -->
    <table><tr><th>任务</th><th>牵头单位</th></tr>
    <tr><td><p>建设</p><p>算力</p></td><td>省发改委</td></tr></table>
    <div>第一行<br>第二行</div></body></html>"""
    path = tmp_path / "page.html"
    path.write_bytes(html.encode("gbk"))
    source = load_source(path)
    assert source.kind == "html"
    assert source.text.split("\n") == [
        "湖北省实施意见",
        "加快人工智能发展，强化应用。",
        "任务\t牵头单位",
        "建设 算力\t省发改委",
        "第一行",
        "第二行",
    ]


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_chinese_legacy_encodings(tmp_path: Path, encoding: str) -> None:
    text = "武汉市人民政府办公厅\n关于印发行动方案的通知\n武政办〔2026〕21号\n"
    if encoding == "gb18030":
        text += "𠀀 is outside GBK\n"  # needs GB18030's four-byte form
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    source = load_source(path)
    assert source.text == text
    assert source.encoding == "gb18030"


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    path = tmp_path / "bom.md"
    path.write_bytes(b"\xef\xbb\xbf" + "# 标题\n正文".encode())
    source = load_source(path)
    assert source.text == "# 标题\n正文"
    assert source.kind == "md"
    assert source.text.index("标题") == 2


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "notepad.txt"
    path.write_bytes("\ufeff第一条　总则\r\n".encode("utf-16-le"))
    assert load_source(path).text == "第一条　总则\r\n"


def test_crlf_is_kept_and_offsets_are_true(tmp_path: Path) -> None:
    text = "一、总体要求\r\n（一）加快建设算力基础设施。\r\n（二）强化数据要素保障。\r\n"
    path = tmp_path / "crlf.txt"
    path.write_bytes(text.encode("utf-8"))
    source = load_source(path)
    assert source.text == text
    assert "\r\n" in source.text
    phrase = "强化数据要素保障"
    start = source.text.index(phrase)
    assert source.text[start : start + len(phrase)] == phrase
    assert start == path.read_bytes().decode("utf-8").index(phrase)


def test_seeds_load_as_their_utf8_bytes() -> None:
    files = [path for path in iter_corpus_files(SEEDS) if path.suffix == ".txt"]
    assert len(files) == 5
    for path in files:
        source = load_source(path, SEEDS)
        assert source.file == path.name
        assert source.text == path.read_bytes().decode("utf-8")


def test_file_names_are_relative_to_the_corpus(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    path = tmp_path / "sub" / "a.txt"
    path.write_text("内容", encoding="utf-8")
    assert load_source(path, tmp_path).file == "sub/a.txt"
    assert load_source(path).file == "a.txt"


def test_iter_corpus_files_is_sorted_recursive_and_skips_hidden(tmp_path: Path) -> None:
    for name in ["b.txt", "a/z.pdf", "a/.hidden.txt", ".git/config", "c.xyz", "~$lock.docx"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [path.relative_to(tmp_path).as_posix() for path in iter_corpus_files(tmp_path)]
    assert found == ["a/z.pdf", "b.txt", "c.xyz"]
    assert iter_corpus_files(tmp_path / "b.txt") == [tmp_path / "b.txt"]
    with pytest.raises(UsageError):
        iter_corpus_files(tmp_path / "missing")


# ---------------------------------------------------------------- bad inputs


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert reason_of(path) == "空文件"


def test_whitespace_only_file_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(b"\r\n  \n")
    assert reason_of(path) == "空文件"


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert reason_of(path) == "二进制文件，无法作为文本读取"


def test_control_characters_without_nul_are_binary(tmp_path: Path) -> None:
    path = tmp_path / "controls.md"
    path.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 65]) * 100)
    assert reason_of(path) == "二进制文件，无法作为文本读取"


def test_truncated_pdf(tmp_path: Path) -> None:
    data = build_pdf_bytes()
    path = tmp_path / "half.pdf"
    path.write_bytes(data[: len(data) // 2])
    assert reason_of(path) == "文件已损坏或不完整"


def test_truncated_docx(tmp_path: Path) -> None:
    data = build_docx(tmp_path / "full.docx").read_bytes()
    path = tmp_path / "half.docx"
    path.write_bytes(data[: len(data) // 2])
    assert reason_of(path) == "文件已损坏或不完整"


def test_text_renamed_to_docx_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    path.write_text("这不是 Word 文件", encoding="utf-8")
    assert reason_of(path) == "文件已损坏或不完整"


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 8)
    assert reason_of(path) == "无法识别的文字编码"


def test_size_limit_argument(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("政策" * 1000, encoding="utf-8")
    assert reason_of(path, max_mb=0.001) == "超过大小上限 0.001 MB"
    assert load_source(path).text == "政策" * 1000


def test_real_50mb_file_is_refused_without_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    line = ("加快推进人工智能产业发展。" * 20 + "\n").encode("utf-8")
    with path.open("wb") as handle:
        for _ in range(51 * 1024 * 1024 // len(line) + 1):
            handle.write(line)
    assert path.stat().st_size > 50 * 1024 * 1024
    opened: list[Path] = []
    real_open = Path.open

    def spy_open(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        opened.append(self)
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", spy_open)
    began = time.perf_counter()
    assert reason_of(path) == f"超过大小上限 {MAX_FILE_MB} MB"
    assert time.perf_counter() - began < 1.0
    assert path not in opened


def test_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "table.xyz"
    path.write_text("内容", encoding="utf-8")
    assert reason_of(path) == "不支持的文件类型 .xyz，支持 .txt .md .docx .pdf .html"


def test_missing_file(tmp_path: Path) -> None:
    assert reason_of(tmp_path / "missing.txt") == "文件不存在"


def test_supported_suffixes_all_load(tmp_path: Path) -> None:
    builders = {".docx": build_docx, ".pdf": lambda path: path.write_bytes(build_pdf_bytes())}
    for suffix in SUPPORTED_SUFFIXES:
        path = tmp_path / f"doc{suffix.upper()}"
        builders.get(suffix, lambda path: path.write_text("人工智能政策", encoding="utf-8"))(path)
        assert "人工智能" in load_source(path).text


def encrypted_pdf(path: Path, user_password: str) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(build_pdf_bytes())))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-128")
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def test_pdf_with_owner_password_only_opens(tmp_path: Path) -> None:
    source = load_source(encrypted_pdf(tmp_path / "restricted.pdf", ""))
    assert PDF_PAGE_2[0] in source.text


def test_pdf_with_user_password_is_refused(tmp_path: Path) -> None:
    assert reason_of(encrypted_pdf(tmp_path / "locked.pdf", "secret")) == "PDF 文件已加密，无法读取"


def test_old_word_format(tmp_path: Path) -> None:
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    assert reason_of(path) == "这是旧版 Word（.doc）文件，请另存为 .docx"


def test_pdf_without_text(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    assert reason_of(path) == "PDF 中没有可提取的文字（可能是扫描件）"
