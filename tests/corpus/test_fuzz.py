"""Seeded mutation fuzz of PDF, DOCX and HTML files through ingest.

A few hundred damaged or hostile variants of three good files (random byte damage,
truncation, zip members flagged encrypted or using unknown compression methods, unknown
PDF filters, deep HTML nesting) go into one corpus with the good files: `rag ingest`
must print no traceback, skip each file it cannot read with a one-line Chinese reason,
and index the good files.
"""

from __future__ import annotations

import io
import random
import re
import struct
from collections.abc import Callable
from pathlib import Path

import pytest

from rag.cli import main
from rag.corpus.documents import read_document
from rag.errors import LoadError
from rag.index.storage import read_manifest

SEED = 20260114
VARIANTS_PER_KIND = 200
GOOD_TEXT = ["关于星河算力券的通知", "一、每家企业每年最多申领50万元。", "二、由科技部门负责受理。"]
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    for line in GOOD_TEXT:
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, [("事项", "单位"), ("受理", "科技部门")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf_bytes() -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pageCompression=1)
    pdf.setFont("STSong-Light", 14)
    for number, line in enumerate(GOOD_TEXT):
        pdf.drawString(72, 750 - 24 * number, line)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _html_bytes() -> bytes:
    body = "".join(f"<p>{line}</p>" for line in GOOD_TEXT)
    return f'<html><head><meta charset="utf-8"><script>alert(1)</script></head><body>{body}</body></html>'.encode()


# ---------------------------------------------------------------- mutations


def _flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, len(data))]


def _splice(data: bytes, rng: random.Random) -> bytes:
    start, length = rng.randrange(len(data)), rng.randint(1, 400)
    at = rng.randrange(len(data))
    return data[:at] + data[start : start + length] * rng.randint(1, 50) + data[at:]


def _zip_headers(data: bytes, rng: random.Random) -> bytes:
    """Damage the fields of zip headers that make zipfile raise odd errors: flags, method, version."""
    out = bytearray(data)
    records = [(match.start(), 6) for match in re.finditer(rb"PK\x03\x04", data)]  # local: flags at +6
    records += [(match.start(), 8) for match in re.finditer(rb"PK\x01\x02", data)]  # central: flags at +8
    for start, flags in rng.sample(records, k=min(len(records), rng.randint(1, 4))):
        field = rng.choice(["encrypted", "method", "version"])
        if field == "encrypted":
            struct.pack_into("<H", out, start + flags, struct.unpack_from("<H", out, start + flags)[0] | 0x1)
        elif field == "method":
            struct.pack_into("<H", out, start + flags + 2, rng.choice([1, 6, 9, 12, 14, 97, 98, 99, 0xFFFF]))
        else:
            struct.pack_into("<H", out, start + flags - 2, rng.choice([63, 90, 0xFFFF]))
    return bytes(out)


def _pdf_filters(data: bytes, rng: random.Random) -> bytes:
    name = rng.choice([b"/NoSuchDecode", b"/JBIG2Decode", b"/CCITTFaxDecode", b"/Crypt", b"/JPXDecode", b"/LZWDecode"])
    data = data.replace(b"/FlateDecode", name, rng.randint(1, 3))
    return _flip(data, rng) if rng.random() < 0.3 else data


def _pdf_numbers(data: bytes, rng: random.Random) -> bytes:
    """Lengths, object numbers and xref offsets changed at random."""
    numbers = list(re.finditer(rb"\d+", data))
    out = data
    for match in sorted(rng.sample(numbers, k=min(len(numbers), rng.randint(1, 10))), key=lambda m: -m.start()):
        out = out[: match.start()] + str(rng.choice([0, -1, 999999999, rng.randrange(10**6)])).encode() + out[match.end() :]
    return out


def _html_nesting(data: bytes, rng: random.Random) -> bytes:
    depth = rng.choice([150, 500, 5000])
    tag = rng.choice(["div", "span", "b", "table", "td"])
    return data.replace(b"<body>", b"<body>" + f"<{tag}>".encode() * depth)


def _html_soup(data: bytes, rng: random.Random) -> bytes:
    pieces = [b"<p>", b"</p>", b"<tr>", b"<td>", b"<!--", b"-->", b"<![CDATA[", b"\x00", b"&#xD800;", b"<meta charset=utf-7>",
              b"<meta charset=bogus>", b"<pre>", b"<script>", b"\xff\xfe", "条款".encode()]
    out = bytearray(data)
    for _ in range(rng.randint(1, 30)):
        at = rng.randrange(len(out))
        out[at:at] = rng.choice(pieces)
    return bytes(out)


MUTATIONS: dict[str, list[Callable[[bytes, random.Random], bytes]]] = {
    "docx": [_flip, _truncate, _splice, _zip_headers, _zip_headers],
    "pdf": [_flip, _truncate, _splice, _pdf_filters, _pdf_numbers],
    "html": [_flip, _truncate, _splice, _html_nesting, _html_soup],
}


def _good_files() -> dict[str, bytes]:
    return {"docx": _docx_bytes(), "pdf": _pdf_bytes(), "html": _html_bytes()}


def _write_corpus(folder: Path) -> list[str]:
    """The good files and the mutants; returns the good file names."""
    rng = random.Random(SEED)
    folder.mkdir()
    good = _good_files()
    for kind, data in good.items():
        (folder / f"good.{kind}").write_bytes(data)
        for number in range(VARIANTS_PER_KIND):
            mutation = rng.choice(MUTATIONS[kind])
            (folder / f"m{number:03d}_{mutation.__name__.strip('_')}.{kind}").write_bytes(mutation(data, rng))
    return [f"good.{kind}" for kind in good]


def test_mutated_files_are_skipped_with_a_reason_and_good_ones_indexed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    good = _write_corpus(corpus)
    code = main(["ingest", "--corpus", str(corpus), "--index", str(index)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "Error" not in captured.err
    skipped_lines = captured.err.splitlines()
    assert code == 1 and skipped_lines  # the damage left some files unreadable
    for line in skipped_lines:
        assert re.fullmatch(r"rag: 已跳过 m\d{3}_\w+\.(docx|pdf|html)：.+", line), line
        assert _CJK.search(line.split("：", 1)[1]), line
    manifest = read_manifest(index)
    assert manifest is not None
    skipped = {item["file"] for item in manifest.skipped}
    assert set(manifest.files) | skipped == {path.name for path in corpus.iterdir()}
    assert set(good) <= set(manifest.files)
    kinds_skipped = {name.rsplit(".", 1)[1] for name in skipped}
    assert kinds_skipped == {"docx", "pdf", "html"}  # the fuzz reached every loader


@pytest.mark.parametrize(
    ("kind", "mutate", "reason"),
    [
        ("docx", lambda data: _set_all_zip_fields(data, "flags", 0x1), "损坏"),
        ("docx", lambda data: _set_all_zip_fields(data, "method", 99), "损坏"),
        ("docx", lambda data: _set_all_zip_fields(data, "version", 90), "损坏"),
        ("pdf", lambda data: data.replace(b"/FlateDecode", b"/NoSuchDecode"), "损坏"),
        ("html", lambda data: data.replace(b"<body>", b"<body>" + b"<div>" * 500), "嵌套"),
    ],
)
def test_each_known_crash_is_one_reason(tmp_path: Path, kind: str, mutate: Callable[[bytes], bytes], reason: str) -> None:
    path = tmp_path / f"bad.{kind}"
    path.write_bytes(mutate(_good_files()[kind]))
    with pytest.raises(LoadError) as caught:
        read_document(path, tmp_path)
    assert reason in caught.value.reason and "\n" not in caught.value.reason


def _set_all_zip_fields(data: bytes, field: str, value: int) -> bytes:
    """Every local and central header of a zip with one field set (flags OR-ed)."""
    out = bytearray(data)
    for signature, flags in ((rb"PK\x03\x04", 6), (rb"PK\x01\x02", 8)):
        for match in re.finditer(signature, data):
            at = match.start() + {"flags": flags, "method": flags + 2, "version": flags - 2}[field]
            current = struct.unpack_from("<H", out, at)[0]
            struct.pack_into("<H", out, at, current | value if field == "flags" else value)
    return bytes(out)
