"""Hostile files against the loader limits: time and peak memory of reading each one.

    python bench/bombs.py [--keep DIR]

Crafts a zip-bomb DOCX, a DOCX of a million paragraphs, a text file of 20,000 paragraphs,
HTML nested 100,000 deep and a PDF of 5,000 pages, then reads each in a fresh process
through the corpus loader (`rag.corpus.documents.read_document`, the path ingest and
uploads use) and prints the outcome, wall time and the process's peak RSS. A baseline
row reads a small normal file, so the figures show what each file adds.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHILD = """
import json, resource, sys, time
from pathlib import Path
from rag.corpus.documents import read_document
from rag.errors import LoadError
path = Path(sys.argv[1])
started = time.perf_counter()
try:
    document = read_document(path, path.parent)
    outcome = f"读入 {len(document.clauses)} 条条款"
except LoadError as error:
    outcome = f"拒绝：{error.reason}"
seconds = time.perf_counter() - started
print(json.dumps({"outcome": outcome, "seconds": seconds,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}, ensure_ascii=False))
"""
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def _docx(path: Path, body_chunks) -> None:
    """A minimal DOCX whose body is streamed from `body_chunks` (str pieces)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as handle:
            handle.write(f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>'.encode())
            for chunk in body_chunks:
                handle.write(chunk.encode("utf-8"))
            handle.write(b"</w:body></w:document>")


def zip_bomb(path: Path) -> None:
    """One paragraph holding 600 MB of text: a few hundred KB zipped."""
    piece = "政" * 1_000_000
    _docx(path, ["<w:p><w:r><w:t>", *([piece] * 200), "</w:t></w:r></w:p>"])


def paragraph_bomb(path: Path) -> None:
    """A million short paragraphs."""
    _docx(path, ("<w:p><w:r><w:t>一</w:t></w:r></w:p>" * 10_000 for _ in range(100)))


def empty_paragraph_bomb(path: Path) -> None:
    """A million empty paragraphs (fewest bytes per element)."""
    _docx(path, ("<w:p/>" * 10_000 for _ in range(100)))


def near_limit_docx(path: Path) -> None:
    """Just under the tag limit: 80,000 paragraphs of 6 tags each, read in full."""
    _docx(path, (f"<w:p><w:r><w:t>第{n}段</w:t></w:r></w:p>" for n in range(80_000)))


def many_lines(path: Path) -> None:
    """Just under the line limit: 99,000 one-character lines."""
    path.write_text("一\n" * 99_000, encoding="utf-8")


def long_text(path: Path) -> None:
    """Just under the character limit: 2.9 million characters in 600-character paragraphs."""
    paragraph = "本条款规定的支持措施适用于本市注册的企业。" * 29
    path.write_text("".join(f"{paragraph}{n}\n" for n in range(4_800)), encoding="utf-8")


def clause_bomb(path: Path) -> None:
    """20,000 one-line paragraphs (each a clause) in 200 KB of text."""
    path.write_text("".join(f"甲{n}。\n\n" for n in range(1, 20_001)), encoding="utf-8")


def html_depth_bomb(path: Path) -> None:
    path.write_text("<html><body>" + "<div>" * 100_000 + "深" + "</div>" * 100_000 + "</body></html>", encoding="utf-8")


def pdf_pages(path: Path) -> None:
    """5,000 pages of one line each."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(5000):
        writer.add_blank_page(200, 200)
    buffer = io.BytesIO()
    writer.write(buffer)
    path.write_bytes(buffer.getvalue())


def normal(path: Path) -> None:
    path.write_text("关于算力券的通知\n一、每家企业最多申领50万元。\n二、由科技部门负责。\n", encoding="utf-8")


CASES = {
    "baseline.txt": normal,
    "zip-bomb.docx": zip_bomb,
    "paragraphs.docx": paragraph_bomb,
    "empty-paragraphs.docx": empty_paragraph_bomb,
    "near-limit.docx": near_limit_docx,
    "clauses.txt": clause_bomb,
    "lines.txt": many_lines,
    "long.txt": long_text,
    "deep.html": html_depth_bomb,
    "pages.pdf": pdf_pages,
}


def measure(path: Path) -> dict:
    process = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, cwd=ROOT, check=False)
    if process.returncode != 0:
        return {"outcome": "进程失败：" + process.stderr.strip().splitlines()[-1], "seconds": 0.0, "peak_mb": 0.0}
    return json.loads(process.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", help="write the crafted files here and keep them")
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bombs-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"{'file':24} {'size':>10} {'seconds':>8} {'peak RSS':>9}  outcome")
    for name, craft in CASES.items():
        path = folder / name
        started = time.perf_counter()
        craft(path)
        crafted = time.perf_counter() - started
        result = measure(path)
        size = f"{path.stat().st_size / 1024:,.0f} KB"
        print(f"{name:24} {size:>10} {result['seconds']:8.2f} {result['peak_mb']:7.0f} MB  {result['outcome']}  (crafted in {crafted:.1f} s)")
    if not args.keep:
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
