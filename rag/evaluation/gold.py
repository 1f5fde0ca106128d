"""The gold question file of SPEC.md: parsing, validation against the corpus, quote spans.

Each line is one JSON object (`id`, `question`, `type`, `answerable`, `evidence`,
`answer`). Every quote must be an exact substring of its source text; its span is its
first occurrence there. Any problem raises `GoldFileError` naming the line.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from rag.errors import GoldFileError, UsageError
from rag.evaluation.metrics import Span

REQUIRED_FIELDS = ("id", "question", "type", "answerable", "evidence", "answer")
TextReader = Callable[[Path], str]


class QuestionType(StrEnum):
    """The question types a gold file may use."""

    FACT = "fact"
    PARAPHRASE = "paraphrase"
    WORDING = "wording"
    RESPONSIBILITY = "responsibility"
    MULTI = "multi"
    METADATA = "metadata"
    UNANSWERABLE = "unanswerable"


@dataclass(frozen=True)
class Evidence:
    """A quote of a corpus file and where it first occurs (`[start, end)` in that file's text)."""

    file: str
    quote: str
    start: int
    end: int

    @property
    def span(self) -> Span:
        return Span(self.file, self.start, self.end)


@dataclass(frozen=True)
class GoldQuestion:
    """One line of the gold file, validated."""

    id: str
    question: str
    type: QuestionType
    answerable: bool
    evidence: tuple[Evidence, ...]
    answer: str
    line: int = 0  # 1-based line of the gold file

    @property
    def spans(self) -> tuple[Span, ...]:
        return tuple(item.span for item in self.evidence)


def read_utf8_text(path: Path) -> str:
    """A corpus text file as the loaders decode it: UTF-8 as stored, a leading BOM removed.

    Bytes are decoded directly (no newline translation), so CRLF stays two characters.
    """
    text = path.read_bytes().decode("utf-8")
    return text[1:] if text.startswith("\ufeff") else text


def load_gold(path: Path, corpus_dir: Path, read_text: TextReader = read_utf8_text) -> list[GoldQuestion]:
    """Read and validate a gold file against the corpus in `corpus_dir`.

    `read_text` turns a corpus file into the text that offsets refer to; pass the
    loaders' reader for PDF/DOCX sources. Blank lines are skipped.
    Raises `GoldFileError` (with the line number) for a malformed line and
    `UsageError` when the gold file itself cannot be read.
    """
    try:
        content = Path(path).read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"找不到金标准文件：{path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"无法读取金标准文件 {path}：{error}") from None
    # split("\n"), not splitlines(): JSON strings may hold U+2028 and similar breaks.
    return parse_gold(content.split("\n"), _CorpusTexts(Path(corpus_dir), read_text))


def parse_gold(lines: Iterable[str], texts: Callable[[str, int], str]) -> list[GoldQuestion]:
    """Validate gold lines; `texts(file, line)` returns a source text or raises GoldFileError."""
    questions: list[GoldQuestion] = []
    first_line: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        question = parse_line(raw, number, texts)
        if question.id in first_line:
            raise GoldFileError(number, f"题号 {question.id} 重复（首次出现在第 {first_line[question.id]} 行）")
        first_line[question.id] = number
        questions.append(question)
    if not questions:
        raise GoldFileError(1, "文件中没有任何题目")
    return questions


def parse_line(raw: str, line: int, texts: Callable[[str, int], str]) -> GoldQuestion:
    """One gold line as a GoldQuestion, or GoldFileError naming `line`."""
    record = _json_object(raw, line)
    missing = [name for name in REQUIRED_FIELDS if name not in record]
    if missing:
        raise GoldFileError(line, f"缺少字段：{'、'.join(missing)}")
    qtype = _question_type(record["type"], line)
    answerable = record["answerable"]
    if not isinstance(answerable, bool):
        raise GoldFileError(line, "answerable 应为 true 或 false")
    for name in ("id", "question", "answer"):
        if not isinstance(record[name], str) or (name != "answer" and not record[name].strip()):
            raise GoldFileError(line, f"字段 {name} 应为非空字符串")
    evidence = _evidence(record["evidence"], line, texts)
    if qtype is QuestionType.UNANSWERABLE and answerable:
        raise GoldFileError(line, "题型为 unanswerable 的题目 answerable 应为 false")
    if answerable and not evidence:
        raise GoldFileError(line, "可回答的题目至少要有一条证据")
    return GoldQuestion(record["id"], record["question"], qtype, answerable, evidence, record["answer"], line)


def _json_object(raw: str, line: int) -> dict[str, Any]:
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as error:
        raise GoldFileError(line, f"不是合法的 JSON（{error.msg}，第 {error.colno} 列）") from None
    if not isinstance(record, dict):
        raise GoldFileError(line, "每行应是一个 JSON 对象")
    return record


def _question_type(value: Any, line: int) -> QuestionType:
    try:
        return QuestionType(value)
    except ValueError:
        allowed = "、".join(member.value for member in QuestionType)
        raise GoldFileError(line, f"未知的题型“{value}”，可选：{allowed}") from None


def _evidence(value: Any, line: int, texts: Callable[[str, int], str]) -> tuple[Evidence, ...]:
    if not isinstance(value, list):
        raise GoldFileError(line, "evidence 应为列表")
    items: list[Evidence] = []
    for index, item in enumerate(value, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("file"), str) \
                or not isinstance(item.get("quote"), str) or not item["quote"]:
            raise GoldFileError(line, f"第 {index} 条证据应包含 file 和非空的 quote")
        file, quote = item["file"], item["quote"]
        start = texts(file, line).find(quote)
        if start < 0:
            shown = quote if len(quote) <= 30 else quote[:30] + "…"
            raise GoldFileError(line, f"第 {index} 条证据的引文在 {file} 中找不到：“{shown}”")
        items.append(Evidence(file, quote, start, start + len(quote)))
    return tuple(items)


class _CorpusTexts:
    """Source texts by corpus-relative path, read once each."""

    def __init__(self, corpus_dir: Path, read_text: TextReader) -> None:
        self.root = corpus_dir.resolve()
        self.read_text = read_text
        self.cache: dict[str, str] = {}

    def __call__(self, file: str, line: int) -> str:
        if file not in self.cache:
            self.cache[file] = self._read(file, line)
        return self.cache[file]

    def _read(self, file: str, line: int) -> str:
        path = (self.root / file).resolve()
        if not path.is_relative_to(self.root):
            raise GoldFileError(line, f"证据文件不在语料目录内：{file}")
        if not path.is_file():
            raise GoldFileError(line, f"证据文件不存在：{file}")
        try:
            return self.read_text(path)
        except (OSError, UnicodeDecodeError) as error:
            raise GoldFileError(line, f"无法读取证据文件 {file}：{error}") from None
