"""Clause splitting: a decoded document becomes exact, citable clauses.

Pure: takes the decoded text and the file name, returns clauses; never opens a file.
An item is one clause; a heading without a body of its own is section context, except an
unnumbered short line inside a numbered section that heads nothing (市政府三楼会议室 under
二、会议地点, a （责任单位：…） note between items), which is text; a table row is one clause
carrying its column headers; an unnumbered text splits into paragraphs.
A portal header block gives one `meta` clause per field (`header.title`, ...), and none
of its values becomes a heading; a web page's posting stamp becomes a `meta` clause too. When a notice issues several documents
(关于印发《A规定》和《B办法》的通知), each one's title is the outermost section of its clauses.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath

from rag.text.chars import CJK_CHAR
from rag.text.lines import ends_sentence, line_of, split_lines
from rag.text.numbering import FAMILY_RANKS, Marker, find_marker
from rag.text.sentences import NOTE
from rag.corpus.loaders import SUPPORTED_SUFFIXES as _READABLE_SUFFIXES
from rag.corpus.paragraphs import Paragraph, is_space_row, paragraphs_of
from rag.corpus.portal_header import HeaderKey, PortalHeader, read_portal_header
from rag.corpus.posting_stamp import POSTED_LABEL, find_posting_stamp
from rag.corpus.tables import is_group_row, row_text, space_cells, tab_cells
from rag.corpus.titles import compact, issued_titles, issuing_title
from rag.types import Clause

MAX_CLAUSE_CHARS = 600
ISSUED_RANK = -2  # a document issued by the notice: outside its own 附件 and chapters
_TRAILER_START = re.compile(r"^(抄送|抄报|（此件|\(此件)|印发$")
_SENTENCE_END = re.compile(r"[。！？；!?;]")


@dataclass
class _Heading:
    text: str
    rank: float
    part: str
    plain: bool = False
    box: bool = False


@dataclass
class _Draft:
    """A clause before ids are final."""

    paragraphs: list[Paragraph]
    section: tuple[str, ...]
    path: tuple[str, ...]
    kind: str
    label: str = ""
    text: str | None = None  # set for rows, whose reading text is composed


@dataclass
class _State:
    issued: frozenset[str] = frozenset()  # compact titles of the documents the notice issues
    stack: list[_Heading] = field(default_factory=list)
    items: list[_Heading] = field(default_factory=list)  # open numbered items, for nested ids
    drafts: list[_Draft] = field(default_factory=list)
    counters: dict[tuple[str, ...], int] = field(default_factory=dict)

    @property
    def section(self) -> tuple[str, ...]:
        return tuple(heading.text for heading in self.stack)

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(heading.part for heading in self.stack)

    def next_number(self, key: tuple[str, ...], prefix: str) -> str:
        count = self.counters.get(key + (prefix,), 0) + 1
        self.counters[key + (prefix,)] = count
        return f"{prefix}{count}"


def _pop_for_marker(state: _State, marker: Marker) -> None:
    while state.stack and (
        state.stack[-1].plain or state.stack[-1].box or state.stack[-1].rank >= marker.rank
    ):
        state.stack.pop()


def _push_heading(state: _State, paragraph: Paragraph) -> None:
    marker = paragraph.marker
    text = paragraph.heading_text
    state.items.clear()
    if marker:
        _pop_for_marker(state, marker)
        state.stack.append(_Heading(text, marker.rank, marker.path_part, box=marker.family == "box"))
        return
    while state.stack and state.stack[-1].plain:
        state.stack.pop()
    part = state.next_number(state.path, "h")
    state.stack.append(_Heading(text, -9, part, plain=True))


def _issued_heading(state: _State, paragraph: Paragraph) -> bool:
    """Open the section of an issued document at its title line; False when it is not one.

    Under 附件N the title takes the place of the bare 附件N; without 附件 it becomes the
    outermost heading, but only when the notice issues several documents (with one, the
    document's title is already the title of the whole file).
    """
    if paragraph.marker or compact(paragraph.heading_text) not in state.issued:
        return False
    title = paragraph.heading_text
    top = state.stack[-1] if state.stack else None
    if top is not None and top.rank == FAMILY_RANKS["annex"] and not top.plain:
        top.text = title
    elif len(state.issued) > 1:
        state.stack.clear()
        state.stack.append(_Heading(title, ISSUED_RANK, state.next_number((), "doc")))
    else:
        return False
    state.items.clear()
    return True


def _close_notice_list(state: _State) -> None:
    """The notice's 附件 list ends its numbered items and headings (not an issued document's)."""
    state.items.clear()
    while state.stack and (state.stack[-1].plain or state.stack[-1].rank > FAMILY_RANKS["annex"]):
        state.stack.pop()


def _inside_article(state: _State, marker: Marker) -> bool:
    """An item (项) numbered below an open article belongs to the article, as its 款 do."""
    last = state.drafts[-1] if state.drafts else None
    return (
        last is not None
        and last.kind == "article"
        and marker.rank > FAMILY_RANKS["article"]
        and marker.family != "box"
        and bool(state.items)
        and state.items[0].rank == FAMILY_RANKS["article"]
    )


def _add_item(state: _State, paragraph: Paragraph) -> None:
    marker = paragraph.marker
    assert marker is not None
    if _inside_article(state, marker):
        state.drafts[-1].paragraphs.append(paragraph)
        return
    _pop_for_marker(state, marker)
    while state.items and state.items[-1].rank >= marker.rank:
        state.items.pop()
    kind = "article" if marker.family == "article" else "item"
    parents = tuple(item.part for item in state.items)
    state.drafts.append(_Draft([paragraph], state.section, state.path + parents + (marker.path_part,), kind, marker.label))
    state.items.append(_Heading(paragraph.text, marker.rank, marker.path_part))


def _add_text(state: _State, paragraph: Paragraph) -> None:
    last = state.drafts[-1] if state.drafts else None
    if last and last.kind in ("item", "article") and _attached(last, state):
        last.paragraphs.append(paragraph)
        return
    in_box = bool(state.stack) and state.stack[-1].box
    part = state.next_number(state.path, "p")
    state.drafts.append(_Draft([paragraph], state.section, state.path + (part,), "box" if in_box else "paragraph"))


def _attached(last: _Draft, state: _State) -> bool:
    """A paragraph right after an item belongs to it (款) while no heading came between."""
    return bool(state.items) and last.path[: len(state.path)] == state.path


def _table(state: _State, rows: list[Paragraph], cells_of) -> None:
    """Rows of one table: first row is the header, group rows are section context."""
    header = cells_of(rows[0])
    base_section, base_path = state.section, state.path
    table_part = state.next_number(base_path, "t")
    groups: list[_Heading] = []
    for row in rows[1:]:
        cells = cells_of(row)
        if cells == header:
            continue  # header repeated after a page break
        if is_group_row(cells):
            marker = find_marker(cells[0])
            rank = marker.rank if marker else 0.0
            groups = [group for group in groups if group.rank < rank]
            part = marker.path_part if marker else state.next_number(base_path + (table_part,), "g")
            groups.append(_Heading(cells[0], rank, part))
            continue
        section = base_section + tuple(group.text for group in groups)
        path = base_path + (table_part,) + tuple(group.part for group in groups)
        label = cells[0] if cells[0] else ""
        row_part = f"r{cells[0]}" if cells[0].isdigit() else state.next_number(path, "r")
        state.drafts.append(_Draft([row], section, path + (row_part,), "row", label, row_text(header, cells)))


def _take_rows(paragraphs: list[Paragraph], index: int, test) -> int:
    end = index
    while end < len(paragraphs) and test(paragraphs[end]):
        end += 1
    return end


def _preamble_end(paragraphs: list[Paragraph], title: str | None = None) -> int:
    """Index just past the document head (red header, 文号, notice, signature, date).

    `title` (compact) is the title line the portal header states: long, but not body text.
    """
    limit = min(len(paragraphs), 25)
    for index in range(limit):
        if paragraphs[index].kind == "item" or paragraphs[index].marker:
            break
        if paragraphs[index].is_date_line or paragraphs[index].is_signature:
            return index + 1
    for index, paragraph in enumerate(paragraphs[:limit]):
        if paragraph.kind in ("item", "row") or paragraph.marker or (
            paragraph.kind == "text" and len(paragraph.text) >= 40 and compact(paragraph.text) != title
        ):
            return index
    return 0


def _trailer_start(paragraphs: list[Paragraph]) -> int:
    """Index of the first paragraph of the closing block (抄送, 印发 date, signature): a signature
    after the last item closes the text rather than continuing that item."""
    for index, paragraph in enumerate(paragraphs):
        text = paragraph.text.strip()
        if not (_TRAILER_START.search(text) or paragraph.is_date_line or paragraph.is_signature):
            continue
        rest = paragraphs[index:]
        if all(item.kind in ("text", "heading") and len(item.text) < 120 for item in rest):
            return index
    return len(paragraphs)


def _heads_nothing(paragraphs: list[Paragraph], index: int, titles: frozenset[str]) -> bool:
    """An unnumbered line classed as a heading that heads nothing: another heading or a table
    caption follows it, or (a bracketed note such as （责任单位：…）) a numbered item. Inside a
    numbered section such a line is text (市政府三楼会议室 under 二、会议地点), not a line to drop.

    A title (of the file or of a document the notice issues, compact in `titles`), a markdown
    heading, a date line and the line above one (a signature), and the last line of the body
    (a signature above the closing block, whose date may stand apart) stay as they were."""
    paragraph = paragraphs[index]
    if paragraph.kind != "heading" or paragraph.marker or paragraph.lines[0].heading_mark:
        return False
    if compact(paragraph.heading_text) in titles or paragraph.is_date_line or not CJK_CHAR.search(paragraph.text):
        return False
    following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
    if following is None or following.is_date_line or following.is_signature:
        return False
    if following.kind == "item":
        return bool(NOTE.fullmatch(paragraph.text))  # （责任单位：市发改委、市财政局）
    return following.kind in ("heading", "table_caption")


def _inside_numbered_section(state: _State) -> bool:
    """The innermost open heading is numbered 一、 or deeper (一、会议地点), not a plain line of a
    news report, an annex or a chapter, whose unnumbered lines may be titles."""
    return bool(state.stack) and not state.stack[-1].plain and state.stack[-1].rank >= FAMILY_RANKS["cn"]


def _walk(state: _State, paragraphs: list[Paragraph], title: str | None) -> None:
    titles = state.issued | {title} if title else state.issued
    index = 0
    while index < len(paragraphs):
        paragraph = paragraphs[index]
        if _inside_numbered_section(state) and _heads_nothing(paragraphs, index, titles):
            paragraph = replace(paragraph, kind="text")
        if paragraph.kind == "row":
            index = _tab_table(state, paragraphs, index)
            continue
        if paragraph.kind == "table_caption":
            _push_heading(state, replace(paragraph, marker=None))
            tabbed = index + 1 < len(paragraphs) and paragraphs[index + 1].kind == "row"
            end = (_tab_table if tabbed else _space_table)(state, paragraphs, index + 1)  # the caption heads its rows
            state.stack.pop()
            index = max(end, index + 1)
            continue
        _place(state, paragraph)
        index += 1


def _tab_table(state: _State, paragraphs: list[Paragraph], start: int) -> int:
    """The tab-separated rows from `start` as one table; returns the index after them."""
    end = _take_rows(paragraphs, start, lambda item: item.kind == "row")
    _table(state, paragraphs[start:end], lambda item: tab_cells(item.text))
    return end


def _space_table(state: _State, paragraphs: list[Paragraph], start: int) -> int:
    """The space-aligned rows from `start` (under a caption) as one table when there are two or
    more; returns the index after them."""
    end = _take_rows(paragraphs, start, lambda item: is_space_row(item) or item.text.startswith("序号"))
    rows = [row for row in paragraphs[start:end] if space_cells(row.text)]
    if len(rows) > 1:
        _table(state, rows, lambda item: space_cells(item.text) or [])
    return end


def _place(state: _State, paragraph: Paragraph) -> None:
    """One paragraph that is not part of a table: a heading, an item or body text."""
    if paragraph.kind in ("heading", "text") and _issued_heading(state, paragraph):
        return
    if paragraph.kind == "heading" and not paragraph.marker and _TRAILER_START.search(paragraph.text.strip()):
        _add_text(state, paragraph)  # （此件主动公开） closing a notice before its attachments
    elif paragraph.kind == "heading":
        _push_heading(state, paragraph)
    elif paragraph.kind == "item":
        _add_item(state, paragraph)
    elif paragraph.kind == "text":
        if paragraph.is_attachment_list:
            _close_notice_list(state)
        _add_text(state, paragraph)
    # figure captions carry nothing citable


def _joins(draft: _Draft) -> list[str]:
    """Separator before each paragraph: none after an unfinished sentence (a hard wrap)."""
    separators = [""]
    for previous in draft.paragraphs[:-1]:
        separators.append("\n" if draft.kind == "meta" or ends_sentence(previous.text) else "")
    return separators


def _draft_text(draft: _Draft) -> str:
    if draft.text is not None:
        return draft.text
    return "".join(sep + paragraph.text for sep, paragraph in zip(_joins(draft), draft.paragraphs))


def _draft_offsets(draft: _Draft) -> list[int]:
    offsets: list[int] = []
    for sep, paragraph in zip(_joins(draft), draft.paragraphs):
        if sep:
            offsets.append(paragraph.start)
        offsets.extend(paragraph.offsets())
    return offsets


def _sentence_pieces(text: str, cap: int) -> list[tuple[int, int]]:
    """Split `text` at sentence ends into spans of at most about `cap` characters."""
    bounds = [match.end() for match in _SENTENCE_END.finditer(text)]
    pieces: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > cap:
        last = bisect_right(bounds, start + cap) - 1  # the last sentence end within the cap
        cut = bounds[last] if last >= 0 and bounds[last] > start else start + cap
        pieces.append((start, cut))
        start = cut
    pieces.append((start, len(text)))
    return [(begin, end) for begin, end in pieces if text[begin:end].strip()]


def _make_clause(
    source: str, file: str, draft: _Draft, clause_id: str, text: str, offsets: list[int], span: tuple[int, int] | None
) -> Clause:
    """One clause of `draft` (whose joined `text` and per-character source `offsets` are given)."""
    if draft.text is not None or span is None:
        start, end = draft.paragraphs[0].start, draft.paragraphs[-1].end
        piece = text
    else:
        piece = text[span[0] : span[1]]
        lead = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        start, end = offsets[span[0] + lead], offsets[span[0] + lead + len(piece) - 1] + 1
    return Clause(
        clause_id=clause_id,
        file=file,
        start=start,
        end=end,
        line_start=line_of(source, start),
        line_end=line_of(source, end - 1),
        section=draft.section,
        text=piece,
        kind=draft.kind,
        label=draft.label,
    )


def id_prefix(file: str) -> str:
    """What every clause id of `file` starts with: one per file, never shared, never changing.

    A `.txt` file drops its extension (`000_x.txt` → `000_x`, as ids always read); every
    other file keeps it (`政策.md` → `政策.md`), so `政策.txt` and `政策.md` cite apart. A
    `.txt` whose remaining name ends in another readable extension keeps its full name too
    (`a.md.txt`), or it would collide with `a.md`.
    """
    if file.endswith(".txt"):
        stem = file[: -len(".txt")]
        if PurePosixPath(stem).suffix.lower() not in _READABLE_SUFFIXES:
            return stem
    return file


def _expand(source: str, file: str, drafts: list[_Draft], cap: int) -> list[Clause]:
    stem = id_prefix(file)
    seen: dict[str, int] = {}
    clauses: list[Clause] = []
    for draft in drafts:
        base = f"{stem}:{'.'.join(draft.path)}"
        seen[base] = seen.get(base, 0) + 1
        if seen[base] > 1:
            base = f"{base}_{seen[base]}"
        text = _draft_text(draft)
        pieces = [None] if draft.text is not None or len(text) <= cap else _sentence_pieces(text, cap)
        offsets = _draft_offsets(draft) if pieces[0] is not None else []  # once per draft, not per piece
        for number, span in enumerate(pieces, start=1):
            clause_id = base if len(pieces) == 1 else f"{base}-{number}"
            clauses.append(_make_clause(source, file, draft, clause_id, text, offsets, span))
    return clauses


def _meta_draft(paragraphs: list[Paragraph], part: str, label: str) -> _Draft:
    return _Draft(paragraphs, (), (part,), "meta", label)


def _mark_duplicates(clauses: list[Clause]) -> list[Clause]:
    first_by_text: dict[str, str] = {}
    result: list[Clause] = []
    for clause in clauses:
        key = re.sub(r"\s+", "", clause.text)
        if key in first_by_text and len(key) >= 10:
            clause = replace(clause, duplicate_of=first_by_text[key])
        else:
            first_by_text.setdefault(key, clause.clause_id)
        result.append(clause)
    return result


def _header_clauses(source: str, file: str, header: PortalHeader) -> list[Clause]:
    """One `meta` clause per header field with a value, labelled with the field's name."""
    stem = id_prefix(file)
    seen: dict[str, int] = {}
    clauses: list[Clause] = []
    for item in header.fields:
        if not item.value:
            continue
        seen[item.key.slug] = seen.get(item.key.slug, 0) + 1
        suffix = f"_{seen[item.key.slug]}" if seen[item.key.slug] > 1 else ""
        clauses.append(
            Clause(
                clause_id=f"{stem}:header.{item.key.slug}{suffix}",
                file=file,
                start=item.start,
                end=item.end,
                line_start=line_of(source, item.start),
                line_end=line_of(source, item.end - 1),
                section=(),
                text=item.text,
                kind="meta",
                label=item.key.value,
            )
        )
    return clauses


def _title_line(source: str, header: PortalHeader | None) -> tuple[str | None, frozenset[str]]:
    """The title line (compact), from the header or the 关于印发……的通知 line, and the
    compact titles of the documents the notice issues."""
    title = header.value(HeaderKey.TITLE) if header else None
    if title:
        return compact(title), frozenset(compact(name) for name in issued_titles(title))
    body = source[header.end :] if header else source
    issuing = issuing_title([line.content for line in split_lines(body) if not line.furniture])
    if issuing is None:
        return None, frozenset()
    return issuing.line, frozenset(compact(name) for name in issuing.issued)


def split_clauses(source: str, file: str, cap: int = MAX_CLAUSE_CHARS) -> list[Clause]:
    """Clauses of one decoded document, in document order.

    `file` is the path relative to the corpus folder; it prefixes every clause id.
    """
    header = read_portal_header(source)
    title, issued = _title_line(source, header)
    alone = frozenset({title}) if title else frozenset()
    paragraphs = paragraphs_of(source, (header.start, header.end) if header else None, alone)
    head_end = _preamble_end(paragraphs, title)
    tail_start = max(head_end, _trailer_start(paragraphs))
    state = _State(issued=issued)
    if head_end:
        state.drafts.append(_meta_draft(paragraphs[:head_end], "head", "文件头"))
    _walk(state, paragraphs[head_end:tail_start], title)
    if tail_start < len(paragraphs):
        state.drafts.append(_meta_draft(paragraphs[tail_start:], "tail", "版记"))
    clauses = _expand(source, file, state.drafts, cap)
    fields = _header_clauses(source, file, header) if header else _stamp_clause(source, file)
    for field in fields:
        at = next((index for index, clause in enumerate(clauses) if clause.start >= field.start), len(clauses))
        clauses.insert(at, field)
    return _mark_duplicates(clauses)


def _stamp_clause(source: str, file: str) -> list[Clause]:
    """A web page's posting stamp (2025/10/23 15:29:03 under the title) as a `meta` clause
    (`stamp.posted`, labelled 网页发布时间), for a page without a portal header: the page
    furniture that dates the page."""
    stamp = find_posting_stamp(source)
    if stamp is None:
        return []
    return [Clause(
        clause_id=f"{id_prefix(file)}:stamp.posted", file=file, start=stamp.start, end=stamp.end,
        line_start=line_of(source, stamp.start), line_end=line_of(source, stamp.end - 1), section=(), text=stamp.text,
        kind="meta", label=POSTED_LABEL,
    )]
