"""The index in a Milvus collection: Milvus Lite for a local path, a Milvus server or cluster for a URL.

One collection holds every row of a build, told apart by `kind`:

    clause  one clause: its SPEC fields as JSON (`data`), the filter fields (file, issuer,
            文号 key, level, region, year), `active` (False for a duplicate text), the
            passage's content hash, its dense vector and its BM25 document weights
            (rag.index.sparse_bm25) as a sparse vector
    file    one corpus file: its hash record, metadata and citation count (JSON)
    text    the source text of a file that clause offsets refer to, in chunks
    blob    build-wide binary data in base64 chunks: the manifest, the BM25 term
            statistics, the fitted built-in embedder

Non-clause rows are never active, so every search filters them out with `active == true`.
The collection's properties hold the schema versions (the store's and the clauses') and
the embedder. A full build goes into a new collection (`<name>__g<stamp>`) and only then
moves the alias `<name>`, so searches see the old build or the new one, never half of one;
an update changes the rows of the changed files in place.
"""

from __future__ import annotations

import base64
import fcntl
import json
import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator
from urllib.parse import urlparse

from rag.config import Settings, StoreKind
from rag.errors import IndexMissingError, RagError, UsageError
from rag.index.sparse_bm25 import PLACEHOLDER_TERM
from rag.index.storage import SCHEMA_VERSION as CLAUSE_SCHEMA_VERSION

SCHEMA_VERSION = 2  # 2: BM25 terms numbered by a vocabulary (1: by a hash)
VERSION_PROPERTY = "rag.schema_version"
# The local index's schema version too: it changes when clause splitting or metadata change,
# and a store holding clauses of an older splitter must be rebuilt like a local index.
CLAUSE_VERSION_PROPERTY = "rag.clause_schema_version"
EMBEDDER_PROPERTY = "rag.embedder"
CLAUSE, FILE, TEXT, BLOB = "clause", "file", "text", "blob"
TEXT_CHUNK_CHARS = 16_000  # at most 64 KB of UTF-8: under Milvus's VARCHAR limit
BLOB_CHUNK_CHARS = 60_000  # base64 characters per blob row
MAX_DATA_BYTES = 65_535
BATCH_ROWS = 500
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,200}$")
FIELDS = ("key", "kind", "file", "position", "active", "issuer", "doc_number", "level", "region", "year", "data", "passage_hash")
LENGTHS = {"key": 4096, "kind": 16, "file": 2048, "issuer": 1024, "doc_number": 512, "level": 64, "region": 512,
           "data": MAX_DATA_BYTES, "passage_hash": 64}


def uses_milvus(settings: Settings) -> bool:
    """Whether the index lives in Milvus (RAG_STORE=milvus) rather than in the index folder."""
    return settings.store == StoreKind.MILVUS


@dataclass(frozen=True)
class Location:
    """Where the store is: a Milvus Lite folder or a server URL, and the collection alias."""

    uri: str
    token: str
    name: str

    @property
    def lite(self) -> bool:
        return not re.match(r"^(https?|tcp|unix)://", self.uri, re.IGNORECASE) and not self.uri.startswith("unix:")

    @property
    def shown(self) -> str:
        """The URI without user name or password, for messages."""
        if self.lite:
            return self.uri
        parsed = urlparse(self.uri)
        host = parsed.hostname or ""
        port = f":{parsed.port}" if parsed.port else ""
        return f"{parsed.scheme}://{host}{port}{parsed.path}"


def location(settings: Settings) -> Location:
    """The configured store; a UsageError naming the setting when it is incomplete."""
    uri = (settings.milvus_uri or "").strip()
    if not uri:
        raise UsageError("已选择 Milvus 存储（RAG_STORE=milvus），但未设置 RAG_MILVUS_URI：本地文件如 ./milvus.db，服务器如 http://host:19530")
    if not _NAME.match(settings.milvus_collection):
        raise UsageError(f"Milvus 集合名无效：{settings.milvus_collection!r}（只能用英文字母、数字和下划线，且不以数字开头）")
    if not re.match(r"^[a-z]+://", uri, re.IGNORECASE) and not uri.endswith(".db"):
        raise UsageError(f"RAG_MILVUS_URI 无效：{uri}（本地 Milvus Lite 请用以 .db 结尾的路径，服务器请用 http://host:19530）")
    return Location(uri, settings.milvus_token or "", settings.milvus_collection)


def _quiet_pymilvus() -> None:
    """pymilvus logs every failed call with its own traceback; our message says what matters."""
    for name in ("pymilvus", "pymilvus.milvus_client", "pymilvus.bulk_writer", "milvus_lite"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def connect(where: Location) -> Any:
    """A MilvusClient for `where`; a RagError in Chinese (without secrets) when it cannot connect."""
    try:
        from pymilvus import MilvusClient
    except ImportError as error:
        raise RagError("未安装 pymilvus：请运行 pip install 'pymilvus[milvus_lite]'") from error
    _quiet_pymilvus()  # after the import: importing pymilvus configures its loggers
    if where.lite:
        Path(where.uri).parent.mkdir(parents=True, exist_ok=True)
    # Milvus Lite's in-process server refuses pymilvus's 10-second keepalive pings during long
    # writes (GOAWAY "too_many_pings", logged by gRPC); its own minimum interval is 5 minutes.
    options = {"grpc_options": {"grpc.keepalive_time_ms": 300_000}} if where.lite else {}
    try:
        return MilvusClient(uri=where.uri, token=where.token, timeout=30, **options)
    except Exception as error:  # pymilvus raises several unrelated types for one cause
        if where.lite and _locked(Path(where.uri)):
            raise RagError(
                f"Milvus Lite 数据目录 {where.uri} 正被另一个进程使用：Milvus Lite 一次只能由一个进程打开；"
                "多个进程（网页应用、MCP 服务、命令行）同时使用请改用 Milvus 服务器（RAG_MILVUS_URI=http://host:19530）"
            ) from error
        raise RagError(
            f"无法连接 Milvus（{where.shown}）：服务不可达、地址有误或认证失败，请检查 RAG_MILVUS_URI、RAG_MILVUS_TOKEN "
            f"和 Milvus 服务状态（详情：{_reason(error)}）"
        ) from error


def _locked(folder: Path) -> bool:
    """Whether another process holds the lock of a Milvus Lite folder."""
    lock = folder / "LOCK"
    if not lock.is_file():
        return False
    with lock.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


def release(where: Location) -> None:
    """Close this process's Milvus Lite server of `where`, so that another process may open the folder."""
    if where.lite:
        from milvus_lite.server_manager import server_manager_instance

        server_manager_instance.release_server(where.uri)


def _reason(error: Exception) -> str:
    """A short reason from a pymilvus error, without the URI's credentials."""
    message = getattr(error, "message", None) or str(error)
    message = re.sub(r"//[^/@\s]+@", "//", message)
    return message.splitlines()[0][:200] if message else type(error).__name__


def _schema(client: Any, dim: int) -> tuple[Any, Any]:
    from pymilvus import DataType

    schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("key", DataType.VARCHAR, is_primary=True, max_length=LENGTHS["key"])
    for name in ("kind", "file", "issuer", "doc_number", "level", "region"):
        schema.add_field(name, DataType.VARCHAR, max_length=LENGTHS[name])
    schema.add_field("position", DataType.INT64)
    schema.add_field("active", DataType.BOOL)
    schema.add_field("year", DataType.INT64)
    schema.add_field("data", DataType.VARCHAR, max_length=LENGTHS["data"])
    schema.add_field("passage_hash", DataType.VARCHAR, max_length=LENGTHS["passage_hash"])
    schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    schema.add_field("dense", DataType.FLOAT_VECTOR, dim=dim)
    index = client.prepare_index_params()
    index.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="IP")
    index.add_index("dense", index_type="FLAT", metric_type="IP")  # exact, like the local FAISS flat index
    for name in ("kind", "file", "active"):
        index.add_index(name, index_type="INVERTED")
    return schema, index


def quote(value: str) -> str:
    """A Milvus string literal."""
    return json.dumps(value, ensure_ascii=False)


def one_of(field: str, values: Iterable[str]) -> str:
    return f"{field} in [{', '.join(quote(value) for value in values)}]"


def none_of(field: str, values: Iterable[str]) -> str:
    return f"{field} not in [{', '.join(quote(value) for value in values)}]"


class MilvusStore:
    """The rows of one index in Milvus, read and written through one client."""

    def __init__(self, client: Any, where: Location) -> None:
        self.client = client
        self.where = where

    @classmethod
    def open(cls, settings: Settings) -> "MilvusStore":
        where = location(settings)
        return cls(connect(where), where)

    @property
    def name(self) -> str:
        return self.where.name

    def close(self) -> None:
        """Close the connection (and this process's Milvus Lite server of the folder)."""
        self.client.close()
        release(self.where)

    def _call(self, what: str, function: Any, *args: Any, **kwargs: Any) -> Any:
        """Run one client call; a failure becomes a RagError saying what failed."""
        try:
            return function(*args, **kwargs)
        except RagError:
            raise
        except Exception as error:
            raise RagError(f"Milvus {what}失败（{self.where.shown}）：请检查 Milvus 服务状态（详情：{_reason(error)}）") from error

    # ------------------------------------------------------------------ collections

    def live(self) -> str | None:
        """The collection behind the alias, or None when nothing has been built."""
        aliases = self._call("读取别名", self.client.list_aliases)
        if self.name not in (aliases.get("aliases") if isinstance(aliases, dict) else aliases or []):
            return None
        return self._call("读取别名", self.client.describe_alias, self.name)["collection_name"]

    def load(self, collection: str) -> None:
        """Make `collection` searchable (a reopened Milvus Lite folder starts with it released)."""
        state = self._call("读取集合状态", self.client.get_load_state, collection)
        if "Loaded" not in str(state.get("state") if isinstance(state, dict) else state):
            self._call("加载集合", self.client.load_collection, collection)

    def properties(self) -> dict[str, str]:
        live = self.live()
        if live is None:
            return {}
        return dict(self._call("读取集合属性", self.client.describe_collection, live).get("properties") or {})

    def require(self) -> str:
        live = self.live()
        if live is None:
            raise IndexMissingError(f"Milvus（{self.where.shown}）中没有索引 {self.name}，请先运行 rag ingest")
        return live

    def new_generation(self, dim: int, embedder: dict[str, Any]) -> str:
        """A fresh, empty collection for a full build."""
        collection = f"{self.name}__g{time.strftime('%Y%m%d%H%M%S')}{time.monotonic_ns() % 1_000_000:06d}"
        schema, index = _schema(self.client, dim)
        properties = {VERSION_PROPERTY: str(SCHEMA_VERSION), CLAUSE_VERSION_PROPERTY: str(CLAUSE_SCHEMA_VERSION),
                      EMBEDDER_PROPERTY: json.dumps(embedder, ensure_ascii=False)}
        self._call("建立集合", self.client.create_collection, collection, schema=schema, index_params=index,
                   consistency_level="Strong", properties=properties)
        return collection

    def publish(self, collection: str) -> None:
        """Point the alias at `collection`, then drop the builds it no longer names."""
        if self.live() is None:
            self._call("建立别名", self.client.create_alias, collection, self.name)
        else:
            self._call("切换别名", self.client.alter_alias, collection, self.name)
        for old in self._call("列出集合", self.client.list_collections):
            if old.startswith(f"{self.name}__g") and old != collection:
                self._call("删除旧集合", self.client.drop_collection, old)

    def flush(self, collection: str | None = None) -> None:
        """Seal what was written into segments. Milvus Lite rebuilds the sparse index of unsealed
        rows on every search (seconds for a large corpus); sealed segments keep theirs."""
        self._call("落盘", self.client.flush, collection or self.name)

    def drop(self, collection: str) -> None:
        self._call("删除集合", self.client.drop_collection, collection)

    # ------------------------------------------------------------------ rows

    def upsert(self, rows: Iterable[dict[str, Any]], collection: str | None = None) -> None:
        """Write `rows` in batches (a generator keeps only one batch in memory)."""
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH_ROWS:
                self._call("写入", self.client.upsert, collection or self.name, batch)
                batch = []
        if batch:
            self._call("写入", self.client.upsert, collection or self.name, batch)

    def delete(self, expression: str, collection: str | None = None) -> None:
        self._call("删除", self.client.delete, collection or self.name, filter=expression)

    def rows(self, expression: str, fields: list[str], collection: str | None = None) -> Iterator[dict[str, Any]]:
        """Every row matching `expression`, however many.

        A server pages through them with a query iterator; Milvus Lite has no iterator (it
        lacks the timestamp call) but returns every match of one query.
        """
        name = collection or self.name
        if self.where.lite:
            yield from self._call("查询", self.client.query, name, filter=expression, output_fields=fields)
            return
        iterator = self._call("查询", self.client.query_iterator, name, batch_size=1000, filter=expression, output_fields=fields)
        try:
            while True:
                batch = self._call("查询", iterator.next)
                if not batch:
                    return
                yield from batch
        finally:
            iterator.close()

    def search(self, field: str, query: Any, limit: int, expression: str, fields: list[str]) -> list[dict[str, Any]]:
        """The `limit` best rows by inner product with `query` on `field` (dense or sparse)."""
        results = self._call("检索", self.client.search, self.name, data=[query], anns_field=field, limit=limit,
                             filter=expression, output_fields=fields, search_params={"metric_type": "IP"})
        return [{**hit["entity"], "score": float(hit["distance"])} for hit in results[0]] if results else []

    # ------------------------------------------------------------------ blobs

    def put_blob(self, name: str, data: bytes, dim: int, collection: str | None = None) -> None:
        """Store `data` under `name`, replacing what was there."""
        text = base64.b64encode(data).decode("ascii")
        parts = [text[start : start + BLOB_CHUNK_CHARS] for start in range(0, len(text), BLOB_CHUNK_CHARS)] or [""]
        rows = [blank_row(f"blob/{name}/{number:06d}", BLOB, name, number, part, dim) for number, part in enumerate(parts)]
        self.upsert(rows, collection)
        self.delete(f'kind == "{BLOB}" and file == {quote(name)} and position >= {len(parts)}', collection)

    def get_blob(self, name: str, collection: str | None = None) -> bytes | None:
        rows = list(self.rows(f'kind == "{BLOB}" and file == {quote(name)}', ["position", "data"], collection))
        if not rows:
            return None
        return base64.b64decode("".join(row["data"] for row in sorted(rows, key=lambda row: row["position"])))


def blank_row(key: str, kind: str, file: str, position: int, data: str, dim: int) -> dict[str, Any]:
    """A row that searches never return (not active, no terms, a zero vector)."""
    return {"key": key, "kind": kind, "file": file, "position": position, "active": False, "issuer": "",
            "doc_number": "", "level": "", "region": "", "year": 0, "data": data, "passage_hash": "",
            "sparse": {PLACEHOLDER_TERM: 1e-6}, "dense": [0.0] * dim}


def text_rows(file: str, text: str, dim: int) -> list[dict[str, Any]]:
    """The source text of `file` in chunks that fit a VARCHAR field."""
    parts = [text[start : start + TEXT_CHUNK_CHARS] for start in range(0, len(text), TEXT_CHUNK_CHARS)] or [""]
    return [blank_row(f"text/{file}/{number:06d}", TEXT, file, number, part, dim) for number, part in enumerate(parts)]


def fits(value: str, field: str) -> str:
    """`value` cut to the byte length of `field` (filter fields only: they are compared, never shown)."""
    limit = LENGTHS[field]
    encoded = value.encode("utf-8")
    return value if len(encoded) <= limit else encoded[:limit].decode("utf-8", errors="ignore")
