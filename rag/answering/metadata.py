"""Answers about documents themselves: 文号, title, dates, issuer, which is newer, and, asked
beside them, when a document takes effect (its own 本办法自……起施行 sentence).

The document is the one whose title (or 文号) best matches the question's reference to
it. Each fact is cited where the document states it: the portal header's field
(发文机关, 发文字号, 发布日期 — rag.corpus.portal_header) when it has one, else the line of
the text (the 文号 line, the signature and `2026年2月24日印发` lines). A 文号 or date the
document does not state leads to a refusal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag.answering.asking import BODY_ISSUED, Ask
from rag.answering.drafts import Draft, refusal_draft
from rag.answering.prompts import refusal_text
from rag.answering.quotes import CitationBook, is_policy, short_title
from rag.answering.references import POINTING, document_refs, match_document
from rag.corpus.posting_stamp import POSTED_LABEL
from rag.interfaces import Search
from rag.text.dates import DATED_LINE, HEADER_DATE, PERIOD
from rag.text.doc_numbers import normalize_doc_number
from rag.text.numbering import find_marker
from rag.text.sentences import clause_sentences, normalize
from rag.types import Clause, Hit

FILE_K = 100  # clauses fetched from one document when looking for its dates and 文号
_TRIGGER = re.compile(
    r"的?(?:文号|发文字号)|是?(?:在)?(?:哪天|哪一天|什么时候|何时|哪年)|的?(?:通知)?(?:落款|印发日期|成文日期|发布日期)"
    r"|是?由?(?:哪个|哪几个|哪些|哪家|什么)(?:机关|部门|单位|媒体)|出自|发给|哪个(?:更|最)?新|最新|的?(?:实施期|实施年限|规划期|有效期)"
    r"|" + BODY_ISSUED
)
_LEADING = re.compile(r"^(?:请问|关于|那么)")  # a bare 那/这 at the start is a pointing word (references.POINTING)
_NEWS_REF = re.compile(r"报道|新闻|这篇|文章")
# Labels of the dated fields of a portal header (rag.corpus.portal_header).
_PUBLISHED = "发布日期"
_HEADER_DATES = frozenset({"成文日期", _PUBLISHED})
_DATED_LABELS = _HEADER_DATES | {POSTED_LABEL}
_ONLINE_DATES = frozenset({_PUBLISHED, POSTED_LABEL})  # when a page went online, not a date of the document
# A web page's posting stamp tells when the page went online: it answers a question about the
# page (在网上是哪天发布的, 网站上什么时候发布的, 哪天挂网的), not one about the document's own
# date; the web words must ask about the page, not name it inside a title (网上办理的通知).
_ABOUT_PAGE = re.compile(
    r"(?:网上|网站上?|网页上?|官网上?|页面上?)(?:是|是在)?(?:哪天|哪一天|什么时候|什么时间|何时|几号|几月几[日号])|挂网|网页发布|页面发布"
)
_HEADER_ISSUER = "发文机关"
_HEADER_NUMBER = "发文字号"


@dataclass(frozen=True)
class DateLine:
    """A signature or issue date line of a document, or a dated field of its portal header."""

    clause: Clause
    date: str  # 2026年2月24日
    issued: bool  # the line says 印发/发布, or is the header's 发布日期
    named: str = ""  # the header's name for the date (成文日期, 发布日期), if a header states it

    @property
    def what(self) -> str:
        return self.named or ("印发日期" if self.issued else "落款日期")


def metadata_draft(text: str, kinds: frozenset[Ask], hits: Sequence[Hit], search: Search) -> Draft | None:
    """An answer about a document's 文号, dates, issuer or title; None to answer from content instead."""
    if Ask.NEWER in kinds:
        return newer_draft(text, hits, search)
    ref, doc = named_document(text, hits, search)
    if doc is None:
        return refusal_draft(refusal_text("doc_number", ref)) if Ask.DOC_NUMBER in kinds else None
    clauses = file_clauses(doc, search)  # one search of the document, shared by every line below
    book = CitationBook()
    lines: list[str] = []
    if Ask.DOC_NUMBER in kinds:
        lines += doc_number_lines(doc, clauses, book)
    if Ask.TITLE in kinds:
        lines += title_lines(doc, clauses, book)
    if Ask.PERIOD in kinds:
        period = period_lines(doc, clauses, book)
        if not period and not lines:
            return None
        lines += period
    if Ask.ISSUER in kinds:
        lines += issuer_lines(doc, clauses, book)
    if Ask.DOC_DATE in kinds:
        lines += asked_date_lines(text, doc, clauses, book)
    if lines and EFFECT_ASKED.search(text):
        # 文号是多少？从什么时候开始实行？: when the document takes effect is said with its other facts.
        lines += effect_lines(doc, clauses, book)
    missing_number = Ask.DOC_NUMBER in kinds and not doc.doc_number
    if lines and not missing_number:
        return Draft("\n".join(lines), book.frozen(), refused=False)
    # A refusal names the document with the years of its title only where the question or the
    # clause it points to states them (every number of an answer is in its question or citations).
    head = _head(clauses)
    title = f"《{short_title(doc, ' '.join([text, *(clause.text for clause, _ in head)]))}》"
    statement = refusal_text("doc_number" if missing_number else "doc_date", title)
    if not lines:
        return refusal_draft(statement, head)
    # Asked with other fields, the missing 文号 is said after them.
    return Draft("\n".join([*lines, statement]), book.frozen(), refused=False)


def asked_date_lines(text: str, doc: Clause, clauses: Sequence[Clause], book: CitationBook) -> list[str]:
    """The date lines a date question asks for: signature or issue date as it names them; a web
    page's posting time only when it asks about the page, or when the document states no other date."""
    asked_dates = frozenset(label for label in _HEADER_DATES if label[:2] in text)
    signed, issued = bool(re.search(r"落款|成文|签发|签署", text)), bool(re.search(r"印发|发布|公布", text))
    only = signed != issued
    if only and issued and not re.search(r"发布|公布", text):
        # 哪天印发的: a portal header's 发布日期 says when it went online, not when it was issued,
        # so the date of signature stays beside it unless a line says ……印发.
        only = any(item.issued and not item.named for item in find_dates(clauses))
    own = [clause for clause in clauses if clause.label != POSTED_LABEL]
    if _ABOUT_PAGE.search(text):
        asked_dates |= {POSTED_LABEL}
    elif find_dates(own):
        clauses = own
    return date_lines(doc, clauses, book, not signed, asked_dates, only=only)


# When a document takes effect or how long it holds, asked beside its 文号 or dates.
EFFECT_ASKED = re.compile(
    r"(?:什么时候|啥时候|何时|哪天|哪一天|几号|哪年)[^，,。？?]{0,6}(?:施行|实行|实施|生效|执行)|(?:施行|实行|生效)(?:日期|时间)"
    r"|(?<![证卡照书格])有效期|管到|执行到|(?<![证卡照书格])到期"  # not a certificate's term (证书有效期)
)
# A document's own sentence on taking effect (本办法自2025年9月1日起施行，有效期5年).
_OWN_EFFECT = re.compile(
    r"本[\u4e00-\u9fff]{0,6}?(?:办法|规定|意见|通知|方案|细则|条例|措施|决定|规则|公告|指引)[^。；;]{0,8}?(?:自|从)[^。；;]{2,24}?"
    r"(?:起|之日)(?:施行|实施|执行|生效)"
)


def effect_lines(doc: Clause, clauses: Sequence[Clause], book: CitationBook) -> list[str]:
    """“《…》规定：“本办法自……起施行，有效期5年”[n]。” quoting the sentence of the document that
    sets when it takes effect, with a next sentence on its term (有效期5年。) when that follows."""
    for clause in clauses:
        sentences = clause_sentences(clause)
        for index, sentence in enumerate(sentences):
            if not _OWN_EFFECT.search(sentence):
                continue
            quoted = [sentence]
            if "有效期" not in sentence and index + 1 < len(sentences) and "有效期" in sentences[index + 1]:
                quoted.append(sentences[index + 1])
            quote = _unnumbered("".join(quoted).strip()).rstrip("。")
            return [f"《{short_title(doc, clause.text)}》规定：“{quote}”[{book.cite(clause)}]。"]
    return []


def _unnumbered(sentence: str) -> str:
    """`sentence` without the numbering marker that opens it (第三十九条, （二）)."""
    marker = find_marker(sentence)
    return sentence[marker.length:].lstrip() if marker else sentence


def _head(clauses: Sequence[Clause]) -> list[tuple[Clause, str]]:
    """The first clause of a document with its first sentence, to point to in a refusal."""
    if not clauses:
        return []
    sentences = clause_sentences(clauses[0]) or [clauses[0].text]
    return [(clauses[0], sentences[0])]


def _header_field(clauses: Sequence[Clause], label: str) -> Clause | None:
    """The portal header field clause with `label` (发文机关, 发文字号), if the document has a header."""
    return next((clause for clause in clauses if clause.kind == "meta" and clause.label == label), None)


def document_reference(text: str) -> str:
    """The part of the question naming the document: the text before the metadata phrase."""
    match = _TRIGGER.search(text)
    head = text[: match.start()] if match else text
    return POINTING.sub("", _LEADING.sub("", head.strip(" ，,。？?的"))).strip(" ，,的")


def named_document(text: str, hits: Sequence[Hit], search: Search) -> tuple[str, Clause | None]:
    """The name of the document `text` asks about and a clause of it: the text before the
    metadata phrase, else the first document name that resolves (山东这份……的通知是哪几个部门发的)."""
    ref = document_reference(text)
    doc = find_document(ref, hits, search)
    if doc is None:
        for other in (name for name in document_refs(text) if name != ref):  # `ref` was searched already
            found = find_document(other, hits, search)
            if found is not None:
                return other, found
    return ref, doc


def find_document(ref: str, hits: Sequence[Hit], search: Search) -> Clause | None:
    """A clause of the named document; for 这篇报道 the best news hit."""
    pool = [*search(ref, 20, ()), *hits] if ref else list(hits)
    found = by_doc_number(ref, pool) or (match_document(ref, pool) if ref else None)
    if found is None and _NEWS_REF.search(ref):
        found = next((hit.clause for hit in pool if not is_policy(hit.clause)), None)
    return found


def by_doc_number(ref: str, pool: Sequence[Hit]) -> Clause | None:
    """A clause of the document whose 文号 the question names (武政办〔2026〕21号, any brackets)."""
    wanted = normalize_doc_number(ref)
    if not wanted:
        return None
    return next((hit.clause for hit in pool if hit.clause.doc_number and normalize_doc_number(hit.clause.doc_number) == wanted), None)


def file_clauses(doc: Clause, search: Search) -> list[Clause]:
    """Clauses of the document of `doc`, in text order."""
    query = " ".join([doc.doc_title or "", doc.doc_number or "", doc.issuer or "", _chinese_date(doc.date), "印发 日期"])
    hits = search(query, FILE_K, (doc.file,))
    clauses = {hit.clause.clause_id: hit.clause for hit in hits}
    clauses.setdefault(doc.clause_id, doc)
    return sorted(clauses.values(), key=lambda clause: clause.start)


def doc_number_lines(doc: Clause, clauses: Sequence[Clause], book: CitationBook) -> list[str]:
    """“《…》的文号为……[n]。” citing the header's 发文字号 field or a line that states the 文号."""
    if not doc.doc_number:
        return []
    holder = _header_field(clauses, _HEADER_NUMBER) or next(
        (c for c in clauses if normalize(doc.doc_number) in normalize(c.text)), doc
    )
    return [f"《{short_title(doc, holder.text)}》的文号为{doc.doc_number}[{book.cite(holder)}]。"]


def issuer_lines(doc: Clause, clauses: Sequence[Clause], book: CitationBook) -> list[str]:
    """“《…》由……印发[n]。” citing a clause that names the issuer."""
    if not doc.issuer:
        return []
    holder = _header_field(clauses, _HEADER_ISSUER) or next(
        (c for c in clauses if normalize(doc.issuer) in normalize(c.text)), doc
    )
    verb = "印发" if is_policy(doc) else "刊发"
    return [f"《{short_title(doc, holder.text)}》由{doc.issuer}{verb}[{book.cite(holder)}]。"]


def period_lines(doc: Clause, clauses: Sequence[Clause], book: CitationBook) -> list[str]:
    """“《…》的实施期为2023—2025年[n]。” from a title that states its years."""
    match = PERIOD.search(doc.doc_title or "")
    if not match:
        return []
    period = match.group(1)
    holder = next((c for c in clauses if normalize(period) in normalize(c.text)), doc)
    return [f"《{short_title(doc, holder.text)}》的实施期为{period}[{book.cite(holder)}]。"]


def title_lines(doc: Clause, clauses: Sequence[Clause], book: CitationBook) -> list[str]:
    """“该文件的标题为《…》[n]。” citing the header's 标题 field or the title line."""
    if not doc.doc_title:
        return []
    title = normalize(doc.doc_title)
    holder = next((c for c in clauses if c.kind == "meta" and title in normalize(c.text)), None)
    holder = holder or next((c for c in clauses if title in normalize(c.text)), doc)
    return [f"该文件的标题为《{doc.doc_title}》[{book.cite(holder)}]。"]


def find_dates(clauses: Sequence[Clause]) -> list[DateLine]:
    """The portal header's dated fields and the signature and issue date lines among a
    document's clauses, in text order."""
    found: list[DateLine] = []
    for clause in clauses:
        if clause.kind == "meta" and clause.label in _DATED_LABELS:
            match = HEADER_DATE.search(clause.text)  # a header may print 2025-04-18 or 2025/4/18
            if match:
                year, month, day = match.groups()
                found.append(DateLine(clause, f"{year}年{int(month)}月{int(day)}日", clause.label in _ONLINE_DATES, clause.label))
            continue
        for line in clause.text.splitlines():
            match = DATED_LINE.match(line)
            if match:
                year, month, day, issued = match.groups()
                found.append(DateLine(clause, f"{year}年{int(month)}月{int(day)}日", issued is not None))
    return found


def date_lines(
    doc: Clause, clauses: Sequence[Clause], book: CitationBook, issued_first: bool, named: frozenset[str] = frozenset(),
    only: bool = False,
) -> list[str]:
    """Sentences giving the document's issue and signature dates, the asked one first (`only`: the
    asked one alone when the document states it: 哪天印发的 is not answered with the signature's date);
    only the header's 成文日期 / 发布日期 when the question names them (`named`) and a header states them."""
    dates = sorted(find_dates(clauses), key=lambda item: item.issued != issued_first)
    if only and dates and dates[0].issued == issued_first:
        dates = [item for item in dates if item.issued == issued_first]
    # A header's 成文日期 and the signature below the text state one date: say it once.
    kept = [item for index, item in enumerate(dates) if not any(_same_date(item, other) for other in dates[:index])]
    kept = [item for item in kept if item.named in named] or kept
    return [f"《{short_title(doc, item.clause.text)}》的{item.what}为{item.date}[{book.cite(item.clause)}]。" for item in kept[:2]]


def _same_date(item: DateLine, other: DateLine) -> bool:
    return item.date == other.date and bool(item.named or other.named)


def newer_draft(text: str, hits: Sequence[Hit], search: Search) -> Draft | None:
    """Which of the named documents is newer, with the date of each, cited where it is written."""
    docs: list[Clause] = []
    for ref in document_refs(text):
        doc = find_document(ref, hits, search)
        if doc is not None and all(item.file != doc.file for item in docs):
            docs.append(doc)
    dated = [(doc, _best_date(doc, search)) for doc in docs]
    dated = [(doc, line) for doc, line in dated if line is not None]
    if len(dated) < 2:
        return None
    dated.sort(key=lambda item: _iso(item[1].date), reverse=True)
    book = CitationBook()
    parts = [f"《{short_title(doc, line.clause.text)}》的{line.what}为{line.date}[{book.cite(line.clause)}]" for doc, line in dated]
    text = f"《{short_title(dated[0][0], dated[0][1].clause.text)}》较新：" + "；".join(parts) + "。"
    return Draft(text, book.frozen(), refused=False)


def _best_date(doc: Clause, search: Search) -> DateLine | None:
    """The date a document is compared by: its own (an issue line, else its signature or 成文日期),
    the 发布日期 a web page was posted on only when it states no other: documents are compared
    by dates of one kind."""
    dates = find_dates(file_clauses(doc, search))
    own = [item for item in dates if item.named not in _ONLINE_DATES]
    issued = [item for item in own if item.issued]
    return (issued or own or dates or [None])[0]


def _iso(date: str) -> str:
    year, month, day = re.findall(r"\d+", date)
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _chinese_date(date: str | None) -> str:
    """`2026-02-15` as `2026年2月15日`; empty for None."""
    if not date:
        return ""
    year, month, day = date[:10].split("-")
    return f"{year}年{int(month)}月{int(day)}日"
