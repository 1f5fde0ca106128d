"""Domain objects shared by every stage: frozen dataclasses with SPEC.md field names."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class SourceText:
    """The text that clause offsets refer to, plus what the file is.

    For text files `text` is the file decoded as stored (newlines untouched); for
    PDF/DOCX/HTML it is the extracted text, which the index keeps.
    """

    file: str  # path relative to the corpus folder, with forward slashes
    text: str
    kind: str  # "txt" | "md" | "docx" | "pdf" | "html"
    encoding: str = "utf-8"
    # Character offsets at which each PDF page starts (page 1 at index 0); empty otherwise.
    page_starts: tuple[int, ...] = ()

    def page_at(self, offset: int) -> int | None:
        """1-based page number holding `offset`, or None for paginated-less sources."""
        if not self.page_starts:
            return None
        page = 0
        for number, start in enumerate(self.page_starts, start=1):
            if start <= offset:
                page = number
            else:
                break
        return page or 1


@dataclass(frozen=True)
class DocMeta:
    """Metadata a document states about itself; None where it does not say."""

    title: str | None = None
    doc_number: str | None = None  # 文号, e.g. 武政办〔2026〕21号
    issuer: str | None = None
    date_written: str | None = None  # 成文日期, ISO yyyy-mm-dd
    date_issued: str | None = None  # 印发日期, ISO yyyy-mm-dd
    level: str | None = None  # 市 / 省 / 国家
    region: str | None = None  # full name of the region the document is about, e.g. 合肥市
    kind: str = "policy"  # "policy" | "news"
    date_published: str | None = None  # 发布日期 of a portal header, ISO yyyy-mm-dd
    subject: str | None = None  # 主题分类 of a portal header, e.g. 财政、金融、审计\税务

    @property
    def date(self) -> str | None:
        """The document's date: 成文日期, else 印发日期, else 发布日期."""
        return self.date_written or self.date_issued or self.date_published

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None


@dataclass(frozen=True)
class Clause:
    """The smallest unit a citation may point to.

    `source[start:end]` is the exact original; `text` is the cleaned reading form.
    """

    clause_id: str
    file: str
    start: int
    end: int
    line_start: int
    line_end: int
    section: tuple[str, ...]
    text: str
    doc_title: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    date: str | None = None
    kind: str = "item"  # "item" | "article" | "row" | "paragraph" | "box"
    label: str = ""  # the number as written: "3.", "（二）", "第五条", "专栏 1"
    page: int | None = None
    duplicate_of: str | None = None  # clause_id of an earlier clause with the same text

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["section"] = list(self.section)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Clause":
        known = {name for name in cls.__dataclass_fields__}
        values = {key: value for key, value in data.items() if key in known}
        values["section"] = tuple(values.get("section") or ())
        return cls(**values)

    @property
    def document_name(self) -> str:
        """What an answer calls the clause's document: its title, else its file name without the
        extension (商标法.txt → 商标法)."""
        if self.doc_title:
            return self.doc_title
        stem, dot, extension = self.file.rpartition(".")
        return stem if dot and stem and extension.isalnum() else self.file

    def is_under(self, other: "Clause") -> bool:
        """Whether the clause stands under `other` in its document's numbering (2．… under （三）…):
        a clause's id is its file's stem and its numbering path joined by dots (rag.corpus.clauses)."""
        return self.clause_id.startswith(f"{other.clause_id}.")

    @property
    def origin(self) -> str:
        """Where the clause's document comes from: its title and its issuer (either may be empty)."""
        return f"{self.doc_title or ''} {self.issuer or ''}"

    @property
    def locator(self) -> str:
        """Human-readable place: file:lines and section path."""
        lines = f"{self.line_start}" if self.line_start == self.line_end else f"{self.line_start}-{self.line_end}"
        path = " › ".join(self.section)
        return f"{self.file}:{lines}" + (f" {path}" if path else "")


@dataclass(frozen=True)
class Document:
    """A loaded and split source file."""

    source: SourceText
    meta: DocMeta
    clauses: tuple[Clause, ...]


@dataclass(frozen=True)
class Hit:
    """A clause returned by a retriever, with its score and where it came from."""

    clause: Clause
    score: float
    rank: int = 0
    scores: dict[str, float] = field(default_factory=dict)  # per-retriever scores

    def to_dict(self) -> dict[str, Any]:
        data = self.clause.to_dict()
        data["score"] = round(float(self.score), 6)
        return data


@dataclass(frozen=True)
class Citation:
    """A numbered citation of an answer."""

    n: int
    clause: Clause

    def to_dict(self) -> dict[str, Any]:
        data = {"n": self.n}
        data.update(self.clause.to_dict())
        return data


@dataclass(frozen=True)
class Answer:
    """An answer with its numbered citations (SPEC answer object)."""

    question: str
    answer: str
    refused: bool
    citations: tuple[Citation, ...]
    id: str | None = None
    answerer: str = "extractive"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.id is not None:
            data["id"] = self.id
        data.update(
            question=self.question,
            answer=self.answer,
            refused=self.refused,
            citations=[citation.to_dict() for citation in self.citations],
        )
        return data


@dataclass(frozen=True)
class Turn:
    """One earlier exchange of a conversation: the question as asked and, when known, its answer."""

    question: str
    answer: Answer | None = None


@dataclass(frozen=True)
class Filters:
    """Restrictions on which clauses a search may return; None or empty means no restriction."""

    files: tuple[str, ...] = ()
    issuer: str | None = None
    level: str | None = None  # 市 / 省 / 国家
    year: int | None = None
    doc_number: str | None = None

    @property
    def empty(self) -> bool:
        return not (self.files or self.issuer or self.level or self.year or self.doc_number)
