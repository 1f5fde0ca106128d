"""The library as one long-lived object for the web app: open once, answer many times.

`PolicyService(settings)` opens (building if needed) the index once and keeps the
retriever, the answerer and a clause-id table in an immutable `Snapshot`. Requests read
the current snapshot; an upload builds the next one and swaps it in, so a request never
sees a half-updated index and never reopens the index itself. No Gradio here.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from rag.answering.factory import make_answerer
from rag.app.upload import UploadOutcome, add_uploads
from rag.checking.results import CheckReport
from rag.checking.wording import CheckIndex
from rag.config import AnswererKind, Settings
from rag.errors import UsageError
from rag.index.store import ensure_index
from rag.interfaces import Answerer, History
from rag.retrieval.hybrid import HybridRetriever
from rag.retrieval.open import open_retriever
from rag.types import Answer, Clause, DocMeta, Document, Filters, Hit, SourceText

log = logging.getLogger(__name__)
WARM_UP_QUESTION = "主要目标是什么？"  # any question: it only loads the models
CACHED_ANSWERS = 2048


@dataclass(frozen=True)
class DocInfo:
    """An indexed document as the filters show it."""

    file: str
    title: str
    level: str | None
    year: int | None
    doc_number: str | None = None


@dataclass(frozen=True)
class Snapshot:
    """Everything a request needs, for one build of the index."""

    retriever: HybridRetriever
    answerer: Answerer
    clauses: dict[str, Clause]
    documents: tuple[DocInfo, ...]
    version: int = 0  # distinguishes builds in cache keys

    @property
    def sources(self) -> dict[str, SourceText]:
        return self.retriever.index.sources


def open_snapshot(settings: Settings, version: int = 0) -> Snapshot:
    """Open (building or updating when needed) the index and the answerer."""
    ensure_index(settings)
    retriever = open_retriever(settings)
    clauses = {clause.clause_id: clause for clause in retriever.index.clauses}
    documents = tuple(doc_info(name, retriever.index.files.meta(name)) for name in sorted(retriever.index.sources))
    return Snapshot(retriever, make_answerer(retriever, settings), clauses, documents, version)


def doc_info(name: str, meta: DocMeta) -> DocInfo:
    """Title, level and year a document states about itself."""
    return DocInfo(name, meta.title or name, meta.level, meta.year, meta.doc_number)


def index_documents(snapshot: Snapshot) -> list[Document]:
    """The indexed documents rebuilt from the index (no corpus file is read)."""
    by_file: dict[str, list[Clause]] = {}
    for clause in snapshot.retriever.index.clauses:
        by_file.setdefault(clause.file, []).append(clause)
    return [
        Document(source=source, meta=snapshot.retriever.index.files.meta(name), clauses=tuple(by_file.get(name, ())))
        for name, source in snapshot.sources.items()
    ]


class AnswerCache:
    """A thread-safe LRU of answers: the same question over the same build gets the same answer."""

    def __init__(self, size: int = CACHED_ANSWERS) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Answer] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Answer | None:
        with self._lock:
            answer = self._items.get(key)
            if answer is not None:
                self._items.move_to_end(key)
            return answer

    def put(self, key: Hashable, answer: Answer) -> None:
        with self._lock:
            self._items[key] = answer
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


class PolicyService:
    """Ask, search, check, look up clauses and add files, over one shared index."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._snapshot = open_snapshot(settings)
        self._check_index: tuple[Snapshot, CheckIndex] | None = None
        self._check_lock = threading.Lock()
        self._update_lock = threading.Lock()
        self._answers = AnswerCache()

    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    def warm_up(self) -> None:
        """Load lazily initialised parts (tokenizer dictionary, ...) before the first user waits."""
        self.ask(WARM_UP_QUESTION)

    def _check_files(self, snapshot: Snapshot, filters: Filters | None) -> None:
        """A UsageError naming filter files the index does not hold (rather than a silent refusal)."""
        unknown = [name for name in (filters.files if filters else ()) if name not in snapshot.sources]
        if unknown:
            shown = "、".join(name[:80] for name in unknown[:3])
            raise UsageError(f"索引中没有这些文件：{shown}（可用的文件名见已索引的文件列表）")

    def ask(self, question: str, history: History = (), filters: Filters | None = None) -> Answer:
        """The answer to `question`; a question without history is answered once per index build."""
        snapshot = self._snapshot
        self._check_files(snapshot, filters)
        if history:  # a follow-up depends on the conversation: never cached
            return snapshot.answerer.answer(question, history=history, filters=filters)
        key = (snapshot.version, (question or "").strip(), filters)
        answer = self._answers.get(key)
        if answer is None:
            answer = snapshot.answerer.answer(question, filters=filters)
            self._answers.put(key, answer)
        return answer

    def stream(self, question: str, history: History = (), filters: Filters | None = None) -> Iterator[str | Answer]:
        """Pieces of the reply as an LLM writes them, then the verified Answer (extractive: the Answer)."""
        self._check_files(self._snapshot, filters)
        answerer = self._snapshot.answerer
        if hasattr(answerer, "stream"):
            yield from answerer.stream(question, history=history, filters=filters)
        else:
            yield self.ask(question, history, filters)

    def search(self, query: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
        if not 1 <= k <= 100:
            raise UsageError("返回条数应在 1 到 100 之间")
        snapshot = self._snapshot
        self._check_files(snapshot, filters)
        return snapshot.retriever.search(query, k=k, filters=filters)

    def check(self, text: str) -> CheckReport:
        return self._checker().check_passage(text)

    def _checker(self) -> CheckIndex:
        snapshot = self._snapshot
        with self._check_lock:
            if self._check_index is None or self._check_index[0] is not snapshot:
                self._check_index = (snapshot, CheckIndex.build(index_documents(snapshot)))
            return self._check_index[1]

    def clause(self, clause_id: str) -> tuple[Clause, SourceText] | None:
        """An indexed clause and its source text, or None for an id the index does not hold."""
        snapshot = self._snapshot
        clause = snapshot.clauses.get(clause_id)
        if clause is None or clause.file not in snapshot.sources:
            return None
        return clause, snapshot.sources[clause.file]

    def documents(self) -> tuple[DocInfo, ...]:
        """Indexed documents, by file name."""
        return self._snapshot.documents

    def status(self) -> str:
        """One Chinese line: embedder, answerer, documents and clauses indexed."""
        index = self._snapshot.retriever.index
        if self.settings.answerer == AnswererKind.EXTRACTIVE:
            answerer = "抽取式（不调用大模型）"
        else:
            answerer = f"{self.settings.answerer}（{self.settings.llm_model or '默认模型'}）"
        return (
            f"嵌入模型：{self.settings.embedder} ｜ 回答：{answerer} ｜ "
            f"已索引 {len(index.sources)} 个文件、{len(index.clauses)} 条条款"
        )

    def add_files(self, files: Sequence[tuple[Path, str]]) -> UploadOutcome:
        """Add uploaded files to the corpus and index, then serve the new build."""
        with self._update_lock:
            outcome = add_uploads(files, self.settings, notify=log.info)
            if outcome.added:
                self._snapshot = open_snapshot(self.settings, self._snapshot.version + 1)
                self._answers.clear()
            return outcome
