"""The corpus: source files loaded, split into clauses and stamped with document metadata."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from rag.corpus.clauses import MAX_CLAUSE_CHARS, split_clauses
from rag.corpus.limits import MAX_CLAUSES, loader_guard, too_many_clauses
from rag.corpus.metadata import extract_meta
from rag.errors import LoadError
from rag.corpus.loaders import MAX_FILE_MB, iter_corpus_files, load_source
from rag.types import Clause, Document, SourceText


@dataclass(frozen=True)
class Skipped:
    """A file that could not be used, with the reason in Chinese."""

    file: str
    reason: str


def parse_document(source: SourceText, cap: int = MAX_CLAUSE_CHARS) -> Document:
    """Clauses and metadata of one loaded source (pure: no file access)."""
    meta = extract_meta(source.text)
    clauses = [
        replace(
            clause,
            doc_title=meta.title,
            doc_number=meta.doc_number,
            issuer=meta.issuer,
            date=meta.date,
            page=source.page_at(clause.start),
        )
        for clause in split_clauses(source.text, source.file, cap)
    ]
    return Document(source=source, meta=meta, clauses=tuple(clauses))


def read_document(path: Path, root: Path | None, max_mb: float = MAX_FILE_MB, cap: int = MAX_CLAUSE_CHARS) -> Document:
    """Load and split one file; any failure, or more than MAX_CLAUSES clauses, is a LoadError."""
    source = load_source(path, root, max_mb)
    with loader_guard(source.file):
        document = parse_document(source, cap)
    if len(document.clauses) > MAX_CLAUSES:
        raise LoadError(source.file, too_many_clauses(len(document.clauses)))
    return document


def expand_paths(paths: list[Path], root: Path) -> list[Path]:
    """Files named directly plus every file below named folders, in a stable order."""
    files: list[Path] = []
    for path in paths:
        files.extend(iter_corpus_files(path) if path.is_dir() else [path])
    return sorted(dict.fromkeys(files), key=lambda item: str(item))


def load_documents(
    paths: list[Path], root: Path, cap: int = MAX_CLAUSE_CHARS
) -> tuple[list[Document], list[Skipped]]:
    """Load and split every file; a file that cannot be read is reported, the rest go on."""
    documents: list[Document] = []
    skipped: list[Skipped] = []
    for path in expand_paths(paths, root):
        try:
            documents.append(read_document(path, root, MAX_FILE_MB, cap))
        except LoadError as error:
            skipped.append(Skipped(error.file, error.reason))
    return documents, skipped


def all_clauses(documents: list[Document]) -> list[Clause]:
    return [clause for document in documents for clause in document.clauses]
