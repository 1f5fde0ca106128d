"""What the indexes see of a clause: its reading text in the context of its document."""

from __future__ import annotations

import hashlib

from rag.types import Clause


# Words people use when they ask for what a document head or closing block holds.
META_WORDS = {
    "文件头": "文号 发文机关 发文单位 印发通知 成文日期 落款日期 主送单位 发给哪些单位 哪个更新 最新 先后",
    "版记": "印发日期 印发时间 抄送单位 印发机关 发布日期 落款 哪个更新 最新 先后",
    # Fields of a portal header (rag.corpus.portal_header), labelled with the field's name.
    "发布日期": "发布时间 公开日期",
    "成文日期": "落款日期 签发日期",
    "发文机关": "发文单位 印发机关",
    "发文字号": "文号",
    "标题": "文件名称",
    "主题分类": "分类",
    # A web page's posting stamp (rag.corpus.posting_stamp).
    "网页发布时间": "发布日期 发布时间 网上发布 网站发布 挂网",
}


def passage_text(clause: Clause) -> str:
    """Title, section path and text: a heading often names what its items are about."""
    return _joined(clause, [clause.doc_title or "", " ".join(clause.section), clause.text])


def dense_text(clause: Clause) -> str:
    """What a pretrained encoder reads: title and text, without the section path.

    The section path is a tenth of the seeds' characters, and e5-small ranked as well
    without it on the gold dev split (recall@5 0.959, mrr@10 0.906 against 0.961, 0.893
    with it) while embedding the seeds 14 % faster. The built-in embedder reads the BM25
    tokens of `passage_text` instead.
    """
    return _joined(clause, [clause.doc_title or "", clause.text])


def dense_texts(clauses: list[Clause], texts: list[str], embedder: str) -> list[str]:
    """The texts `embedder` embeds: `texts` (the passages) for the built-in one, else `dense_text`."""
    return texts if embedder == "builtin" else [dense_text(clause) for clause in clauses]


def _joined(clause: Clause, parts: list[str]) -> str:
    if clause.kind == "meta":
        parts.append(META_WORDS.get(clause.label, ""))
    return "\n".join(part for part in parts if part)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
