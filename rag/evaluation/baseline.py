"""The fixed-size chunking baseline the evaluation compares clause splitting with.

LangChain's `RecursiveCharacterTextSplitter` cuts each source text into chunks of at
most 500 characters with a 50-character overlap, blind to the document's numbering.
Each chunk becomes a pseudo-`Clause` (kind "chunk") with exact source offsets, so the
same retriever, answerer and metrics run over it unchanged. The chunk's reading text
gets the same cleaning as a clause (page furniture dropped, hard line breaks joined):
the comparison then measures where the text is cut, nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rag.corpus.clauses import id_prefix
from rag.corpus.metadata import extract_meta
from rag.text.lines import continues, join_text, line_of, split_lines, wrap_width
from rag.types import Clause, SourceText

CHUNK_SIZE = 500
CHUNK_OVERLAP = 50
CHUNK_KIND = "chunk"
CHUNKING = f"fixed {CHUNK_SIZE}/{CHUNK_OVERLAP} (langchain RecursiveCharacterTextSplitter)"

# (start, end) of a chunk in its source text.
Piece = tuple[int, int]
DocFields = dict[str, str | None]


def split_fixed(text: str, chunk_size: int = CHUNK_SIZE, chunk_overlap: int = CHUNK_OVERLAP) -> list[Piece]:
    """Offsets of LangChain's recursive character chunks of `text`, checked against the text.

    `source[start:end]` is the chunk exactly; a start index LangChain got wrong (it
    searches for the chunk from an estimated position) is searched again from 0.
    """
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(
        chunk_size=chunk_size, chunk_overlap=chunk_overlap, add_start_index=True
    )
    pieces: list[Piece] = []
    for document in splitter.create_documents([text]):
        chunk = document.page_content
        start = int(document.metadata.get("start_index", -1))
        if start < 0 or text[start : start + len(chunk)] != chunk:
            start = text.find(chunk)
        if start < 0:
            raise ValueError(f"chunk not found in its source text: {chunk[:30]!r}")
        pieces.append((start, start + len(chunk)))
    return pieces


def reading_text(raw: str, width: int) -> str:
    """The chunk as a reader sees it: furniture lines dropped, hard-wrapped lines joined.

    `width` is the source's wrap width (`rag.clean.wrap_width` over the whole file), so
    a chunk is joined the way the clause splitter joins the same lines.
    """
    lines = [line for line in split_lines(raw) if not line.furniture]
    pieces: list[tuple[str, bool]] = []
    for index, line in enumerate(lines):
        glued = index > 0 and continues(lines[index - 1].content, width)
        pieces.append((line.content, glued))
    return join_text(pieces).strip()


def doc_fields(source: SourceText, clauses: Iterable[Clause] = ()) -> DocFields:
    """Document metadata for the file's chunks: from its clauses when given, else extracted."""
    for clause in clauses:
        if clause.file == source.file:
            return {"doc_title": clause.doc_title, "doc_number": clause.doc_number,
                    "issuer": clause.issuer, "date": clause.date}
    meta = extract_meta(source.text)
    return {"doc_title": meta.title, "doc_number": meta.doc_number, "issuer": meta.issuer, "date": meta.date}


def source_chunks(source: SourceText, fields: DocFields, chunk_size: int = CHUNK_SIZE,
                  chunk_overlap: int = CHUNK_OVERLAP) -> list[Clause]:
    """The pseudo-clauses of one source; chunks holding only page furniture are dropped."""
    text = source.text
    stem = id_prefix(source.file)
    width = wrap_width(split_lines(text))
    chunks: list[Clause] = []
    for number, (start, end) in enumerate(split_fixed(text, chunk_size, chunk_overlap), start=1):
        shown = reading_text(text[start:end], width)
        if not shown:
            continue
        chunks.append(Clause(
            clause_id=f"{stem}:chunk{number}", file=source.file, start=start, end=end,
            line_start=line_of(text, start), line_end=line_of(text, end - 1), section=(),
            text=shown, kind=CHUNK_KIND, page=source.page_at(start), **fields,
        ))
    return chunks


def fixed_chunks(sources: Mapping[str, SourceText], clauses: Sequence[Clause] = (),
                 chunk_size: int = CHUNK_SIZE, chunk_overlap: int = CHUNK_OVERLAP) -> list[Clause]:
    """Fixed-size pseudo-clauses of every source, files in name order.

    `clauses` (the clause split of the same corpus, optional) supply each file's
    document metadata; without them it is extracted from the text.
    """
    chunks: list[Clause] = []
    for name in sorted(sources):
        source = sources[name]
        chunks.extend(source_chunks(source, doc_fields(source, clauses), chunk_size, chunk_overlap))
    return chunks
