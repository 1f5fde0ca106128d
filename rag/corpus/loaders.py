"""Read source files into `SourceText`: decoded text plus what the file is.

Offsets of every later stage refer to the text returned here, so text files are decoded
exactly as stored (no newline translation); only a byte-order mark is dropped.
PDF, DOCX and HTML yield extracted text, which the index keeps.
"""

from __future__ import annotations

import io
import logging
import os
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from rag.corpus.limits import (
    CORRUPT,
    MAX_HTML_DEPTH,
    MAX_PDF_PAGES,
    MAX_UNZIPPED_BYTES,
    MAX_XML_TAGS,
    MAX_ZIP_MEMBERS,
    check_chars,
    check_text,
    loader_guard,
    too_deep_html,
    too_large_unzipped,
    too_many_members,
    too_many_pages,
    too_many_tags,
)
from rag.errors import LoadError, UsageError
from rag.text.chars import EAST_ASIAN_WIDE
from rag.types import SourceText

if TYPE_CHECKING:
    from bs4 import Tag
    from docx.document import Document as DocxDocument
    from docx.table import Table
    from pypdf import PdfReader

MAX_FILE_MB = 20
SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".docx", ".pdf", ".html", ".htm")
_KIND_BY_SUFFIX = {".txt": "txt", ".md": "md", ".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html"}

EMPTY = "空文件"
BINARY = "二进制文件，无法作为文本读取"
UNDECODABLE = "无法识别的文字编码"
OUTSIDE_LINK = "符号链接指向语料目录之外，已忽略"
ENCRYPTED = "PDF 文件已加密，无法读取"
NO_PDF_TEXT = "PDF 中没有可提取的文字（可能是扫描件）"
OLD_WORD = "这是旧版 Word（.doc）文件，请另存为 .docx"

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# Control bytes that never occur in text; \t \n \v \f \r and ESC are tolerated.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20)])
_SNIFF_BYTES = 65536
_MAX_CONTROL_RATIO = 0.05
# Declared charsets that are subsets of GB18030: decoding as GB18030 accepts what the
# page really contains (pages labelled gb2312 routinely use GBK-only characters).
_GB_ALIASES = frozenset({"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "euc-cn"})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def unsupported_reason(suffix: str) -> str:
    """The message for a file type we cannot read."""
    listed = " ".join(s for s in SUPPORTED_SUFFIXES if s != ".htm")
    return f"不支持的文件类型 {suffix or '（无扩展名）'}，支持 {listed}"


def display_name(path: Path, corpus_root: Path | None = None) -> str:
    """Path relative to the corpus folder with forward slashes, or the bare file name."""
    if corpus_root is None:
        return path.name
    # Lexical first, so that a symlinked file inside the corpus keeps its own name.
    for resolve in (os.path.abspath, os.path.realpath):
        try:
            return Path(resolve(path)).relative_to(resolve(corpus_root)).as_posix()
        except ValueError:
            continue
    return path.name


def load_source(path: Path, corpus_root: Path | None = None, max_mb: float = MAX_FILE_MB) -> SourceText:
    """Load one source file; raise `LoadError` with a Chinese reason when it cannot be read."""
    path = Path(path)
    name = display_name(path, corpus_root)
    suffix = path.suffix.lower()
    kind = _KIND_BY_SUFFIX.get(suffix)
    if kind is None:
        raise LoadError(name, unsupported_reason(path.suffix))
    if corpus_root is not None and _escapes(path, corpus_root):
        raise LoadError(name, OUTSIDE_LINK)
    data = _read_bytes(path, name, max_mb)
    if not data:
        raise LoadError(name, EMPTY)
    with loader_guard(name):
        text, encoding, page_starts = _EXTRACTORS[kind](data, name)
    check_text(name, text)
    if not text.strip():
        raise LoadError(name, NO_PDF_TEXT if kind == "pdf" else EMPTY)
    return SourceText(file=name, text=text, kind=kind, encoding=encoding, page_starts=page_starts)


def _escapes(path: Path, corpus_root: Path) -> bool:
    """Whether `path` lies in the corpus folder by name but, through a symlink, outside it."""
    try:
        Path(os.path.abspath(path)).relative_to(os.path.abspath(corpus_root))
    except ValueError:
        return False  # not a corpus file at all (e.g. `rag clauses FILE`): nothing to escape from
    try:
        Path(os.path.realpath(path)).relative_to(os.path.realpath(corpus_root))
    except ValueError:
        return True
    return False


def iter_corpus_files(root: Path) -> list[Path]:
    """Every regular file under `root`, sorted, hidden files and folders skipped.

    Unsupported files are included so that the caller can report them. A file given as
    `root` is returned alone.
    """
    root = Path(root)
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise UsageError(f"找不到语料文件或文件夹：{root}")
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(folder, f) for f in files if not _is_skipped_file(Path(folder, f)))
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def _is_skipped_file(path: Path) -> bool:
    # "~$name.docx" are Word's lock files, never documents.
    return path.name.startswith((".", "~$")) or not path.is_file()


# ---------------------------------------------------------------- reading bytes


def _read_bytes(path: Path, name: str, max_mb: float) -> bytes:
    """The file's bytes, refusing oversized files from `stat` before reading anything."""
    limit = int(max_mb * 1024 * 1024)
    try:
        if path.stat().st_size > limit:
            raise LoadError(name, _too_large(max_mb))
        with path.open("rb") as handle:
            data = handle.read(limit + 1)  # the file may have grown since stat
    except OSError as error:
        raise LoadError(name, _os_reason(error)) from error
    if len(data) > limit:
        raise LoadError(name, _too_large(max_mb))
    return data


def _too_large(max_mb: float) -> str:
    return f"超过大小上限 {max_mb:g} MB"


def _os_reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "文件不存在"
    if isinstance(error, IsADirectoryError):
        return "这是文件夹，不是文件"
    if isinstance(error, PermissionError):
        return "没有读取权限"
    return f"无法读取文件（{error.strerror or error}）"


# ---------------------------------------------------------------- plain text


def decode_text(data: bytes, name: str, declared: str | None = None) -> tuple[str, str]:
    """Decode text bytes as stored; return the text and the encoding used.

    Order: byte-order mark, declared charset (HTML), strict UTF-8, strict GB18030,
    then charset-normalizer. Newlines are never translated.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_strict(data[len(bom) :], encoding, name), encoding
    if _looks_binary(data):
        raise LoadError(name, BINARY)
    for encoding in _candidate_encodings(declared):
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    return _decode_detected(data, name)


def _decode_strict(data: bytes, encoding: str, name: str) -> str:
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise LoadError(name, UNDECODABLE) from error


def _looks_binary(data: bytes) -> bool:
    sample = data[:_SNIFF_BYTES]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > _MAX_CONTROL_RATIO * len(sample)


def _candidate_encodings(declared: str | None) -> list[str]:
    candidates = ["utf-8", "gb18030"]
    if declared:
        label = declared.strip().lower()
        candidates.insert(0, "gb18030" if label in _GB_ALIASES else label)
    return list(dict.fromkeys(candidates))


def _decode_detected(data: bytes, name: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    if match is None:
        raise LoadError(name, UNDECODABLE)
    try:
        return data.decode(match.encoding), match.encoding
    except (UnicodeDecodeError, LookupError) as error:
        raise LoadError(name, UNDECODABLE) from error


def _extract_plain(data: bytes, name: str) -> tuple[str, str, tuple[int, ...]]:
    text, encoding = decode_text(data, name)
    return text, encoding, ()


# ---------------------------------------------------------------- DOCX


def _extract_docx(data: bytes, name: str) -> tuple[str, str, tuple[int, ...]]:
    import docx

    if data.startswith(_OLE_MAGIC):
        raise LoadError(name, OLD_WORD)
    _check_package(data, name)
    document = docx.Document(io.BytesIO(data))
    lines = list(_docx_lines(document))
    return "\n".join(lines), "utf-8", ()


def _check_package(data: bytes, name: str) -> None:
    """Refuse a DOCX whose members would unpack past the limits, before python-docx reads it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise LoadError(name, CORRUPT) from error
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise LoadError(name, too_many_members(len(members)))
        unzipped = sum(member.file_size for member in members)
        if unzipped > MAX_UNZIPPED_BYTES:
            raise LoadError(name, too_large_unzipped(unzipped))
        tags = 0
        for member in members:
            if member.filename.endswith((".xml", ".rels")):
                with archive.open(member) as handle:  # stops at the declared size
                    tags += handle.read(MAX_UNZIPPED_BYTES).count(b"<")
        if tags > MAX_XML_TAGS:
            raise LoadError(name, too_many_tags())


def _docx_lines(document: DocxDocument) -> Iterator[str]:
    """Body paragraphs and table rows in document order; a row is tab-separated cells."""
    from docx.table import Table

    for block in document.iter_inner_content():
        if isinstance(block, Table):
            yield from _docx_table_rows(block)
        else:
            yield block.text


def _docx_table_rows(table: Table) -> Iterator[str]:
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            # A horizontally merged cell is returned once per grid column it spans.
            if cell._tc is previous:
                continue
            previous = cell._tc
            cells.append(_one_line(cell.text))
        yield "\t".join(cells)


def _one_line(text: str) -> str:
    """Cell text on one line, so that a table row stays one line."""
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


# ---------------------------------------------------------------- PDF


def _extract_pdf(data: bytes, name: str) -> tuple[str, str, tuple[int, ...]]:
    from pypdf import PdfReader

    with _quiet_pypdf():
        reader = PdfReader(io.BytesIO(data))
        _unlock(reader, name)
        if len(reader.pages) > MAX_PDF_PAGES:
            raise LoadError(name, too_many_pages(len(reader.pages)))
        pages: list[str] = []
        chars = 0
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            chars += len(pages[-1])
            check_chars(name, chars)  # stop early rather than extract every page of a huge file
    text, starts = _join_pages(pages)
    return text, "utf-8", starts


def _join_pages(pages: list[str]) -> tuple[str, tuple[int, ...]]:
    """Page texts joined by newlines, and the offset at which each page starts."""
    starts: list[int] = []
    offset = 0
    for page in pages:
        starts.append(offset)
        offset += len(page) + 1
    return "\n".join(pages), tuple(starts)


def _unlock(reader: PdfReader, name: str) -> None:
    """Open PDFs that only carry an owner password; refuse the rest."""
    from pypdf.errors import DependencyError

    if not reader.is_encrypted:
        return
    try:
        unlocked = reader.decrypt("")
    except DependencyError as error:
        raise LoadError(name, ENCRYPTED) from error
    if not unlocked:
        raise LoadError(name, ENCRYPTED)


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Keep pypdf's repair warnings off stderr: a bad file is reported once, by us."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR + 10)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


# ---------------------------------------------------------------- HTML

_DROPPED_TAGS = frozenset({"script", "style", "noscript", "template", "head", "iframe", "svg", "object"})
_BLOCK_TAGS = frozenset(
    """address article aside blockquote body caption center dd details dialog div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html legend li main nav ol p pre
    section summary table tbody tfoot thead ul""".split()
)
_SPACES = re.compile(r"[ \t\r\n\f\v\u3000\xa0]+")
# As browsers do (CSS Text 3), a source line break between two CJK characters vanishes
# instead of becoming a space: "人工\n智能" reads "人工智能".
_CJK_BREAK = re.compile(rf"(?<=[{EAST_ASIAN_WIDE}])[ \t]*\r?\n[ \t\r\n]*(?=[{EAST_ASIAN_WIDE}])")


def _extract_html(data: bytes, name: str) -> tuple[str, str, tuple[int, ...]]:
    from bs4 import BeautifulSoup

    text, encoding = decode_text(data, name, declared=_declared_charset(data))
    soup = BeautifulSoup(text, "html.parser")
    pieces: list[str] = []
    try:
        _walk_html(soup, pieces)
    except _TooDeep as error:
        raise LoadError(name, too_deep_html()) from error
    return _tidy_lines("".join(pieces)), encoding, ()


class _TooDeep(Exception):
    """The HTML nests deeper than MAX_HTML_DEPTH elements."""


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _walk_html(node: Tag, out: list[str], in_pre: bool = False, depth: int = 0) -> None:
    """Append the readable text under `node`; blocks and rows become line breaks."""
    from bs4 import NavigableString, Tag
    from bs4.element import PreformattedString

    if depth > MAX_HTML_DEPTH:
        raise _TooDeep
    for child in node.children:
        if isinstance(child, PreformattedString):
            continue  # comments, doctype, CDATA, processing instructions
        if isinstance(child, NavigableString):
            out.append(_newlines_only(str(child)) if in_pre else _collapse_spaces(str(child)))
        elif isinstance(child, Tag):
            _walk_tag(child, out, in_pre, depth + 1)


def _walk_tag(tag: Tag, out: list[str], in_pre: bool, depth: int) -> None:
    name = tag.name
    if name in _DROPPED_TAGS:
        return
    if name == "br":
        out.append("\n")
    elif name == "tr":
        out.append("\n" + "\t".join(_cell_texts(tag, depth)) + "\n")
    elif name in _BLOCK_TAGS:
        out.append("\n")
        _walk_html(tag, out, in_pre or name == "pre", depth)
        out.append("\n")
    else:
        _walk_html(tag, out, in_pre, depth)


def _cell_texts(row: Tag, depth: int) -> list[str]:
    cells: list[str] = []
    for cell in row.find_all(["td", "th"], recursive=False):
        pieces: list[str] = []
        _walk_html(cell, pieces, depth=depth + 1)
        # Text pieces are already collapsed; the line breaks left are block edges, which
        # inside a cell become spaces so that the row stays one line.
        cells.append(_SPACES.sub(" ", "".join(pieces)).strip())
    return cells


def _collapse_spaces(text: str) -> str:
    return _SPACES.sub(" ", _CJK_BREAK.sub("", text))


def _newlines_only(text: str) -> str:
    """Preformatted text with CR LF and lone CR turned into the LF that marks our lines."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _tidy_lines(text: str) -> str:
    """Trim each line's edge spaces (not tabs inside rows) and drop empty lines."""
    lines = (line.strip(" ") for line in text.split("\n"))
    return "\n".join(line for line in lines if line.strip())


_EXTRACTORS: dict[str, Callable[[bytes, str], tuple[str, str, tuple[int, ...]]]] = {
    "txt": _extract_plain,
    "md": _extract_plain,
    "docx": _extract_docx,
    "pdf": _extract_pdf,
    "html": _extract_html,
}
