"""Clause splitting: a decoded document becomes exact, citable clauses.

Pure: takes the decoded text and the file name, returns clauses; never opens a file.
An item is one clause; a heading without a body of its own is section context; a table
row is one clause carrying its column headers; an unnumbered text splits into paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from rag.text.lines import ends_sentence, line_of
from rag.text.numbering import FAMILY_RANKS, Marker, find_marker
from rag.corpus.headers import FIELD_LINE, MIN_FIELDS
from rag.corpus.paragraphs import Paragraph, is_space_row, paragraphs_of
from rag.corpus.tables import is_group_row, row_text, space_cells, tab_cells
from rag.types import Clause

MAX_CLAUSE_CHARS = 600
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
    if state.stack and state.stack[-1].rank == FAMILY_RANKS["annex"] and state.stack[-1].part.startswith("annex"):
        # The title line of an annex (a regulation a notice issues) is the context of all its clauses.
        state.stack.append(_Heading(text, FAMILY_RANKS["annex"] + 0.5, part))
        return
    state.stack.append(_Heading(text, -9, part, plain=True))


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


def _preamble_end(paragraphs: list[Paragraph]) -> int:
    """Index just past the document head (red header, 文号, notice, signature, date)."""
    limit = min(len(paragraphs), 25)
    for index in range(limit):
        if paragraphs[index].kind == "item" or paragraphs[index].marker:
            break
        if paragraphs[index].is_date_line:
            return index + 1
    for index, paragraph in enumerate(paragraphs[:limit]):
        if paragraph.kind in ("item", "row") or paragraph.marker or (
            paragraph.kind == "text" and len(paragraph.text) >= 40
        ):
            return index
    return 0


def _trailer_start(paragraphs: list[Paragraph]) -> int:
    """Index of the first paragraph of the closing block (抄送, 印发 date, signature)."""
    for index, paragraph in enumerate(paragraphs):
        text = paragraph.text.strip()
        if not (_TRAILER_START.search(text) or paragraph.is_date_line):
            continue
        rest = paragraphs[index:]
        if all(item.kind in ("text", "heading") and len(item.text) < 120 for item in rest):
            return index
    return len(paragraphs)


def _walk(state: _State, paragraphs: list[Paragraph]) -> None:
    index = 0
    while index < len(paragraphs):
        paragraph = paragraphs[index]
        if paragraph.kind == "row":
            end = _take_rows(paragraphs, index, lambda item: item.kind == "row")
            _table(state, paragraphs[index:end], lambda item: tab_cells(item.text))
            index = end
            continue
        if paragraph.kind == "table_caption":
            _push_heading(state, replace(paragraph, marker=None))
            end = _take_rows(paragraphs, index + 1, lambda item: is_space_row(item) or item.text.startswith("序号"))
            rows = [row for row in paragraphs[index + 1 : end] if space_cells(row.text)]
            if len(rows) > 1:
                _table(state, rows, lambda item: space_cells(item.text) or [])
            state.stack.pop()
            index = max(end, index + 1)
            continue
        if paragraph.kind == "heading":
            _push_heading(state, paragraph)
        elif paragraph.kind == "item":
            _add_item(state, paragraph)
        elif paragraph.kind == "text":
            _add_text(state, paragraph)
        index += 1  # figure captions carry nothing citable


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
        cuts = [bound for bound in bounds if start < bound <= start + cap]
        cut = cuts[-1] if cuts else start + cap
        pieces.append((start, cut))
        start = cut
    pieces.append((start, len(text)))
    return [(begin, end) for begin, end in pieces if text[begin:end].strip()]


def _make_clause(source: str, file: str, draft: _Draft, clause_id: str, span: tuple[int, int] | None) -> Clause:
    text = _draft_text(draft)
    if draft.text is not None or span is None:
        start, end = draft.paragraphs[0].start, draft.paragraphs[-1].end
        piece = text
    else:
        offsets = _draft_offsets(draft)
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


def _expand(source: str, file: str, drafts: list[_Draft], cap: int) -> list[Clause]:
    stem = file.rsplit(".", 1)[0]
    seen: dict[str, int] = {}
    clauses: list[Clause] = []
    for draft in drafts:
        base = f"{stem}:{'.'.join(draft.path)}"
        seen[base] = seen.get(base, 0) + 1
        if seen[base] > 1:
            base = f"{base}_{seen[base]}"
        text = _draft_text(draft)
        pieces = [None] if draft.text is not None or len(text) <= cap else _sentence_pieces(text, cap)
        for number, span in enumerate(pieces, start=1):
            clause_id = base if len(pieces) == 1 else f"{base}-{number}"
            clauses.append(_make_clause(source, file, draft, clause_id, span))
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


def _field_block(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The portal field lines (发文机关：…) at the very top, one paragraph each; empty when fewer than a block."""
    count = 0
    while count < len(paragraphs) and FIELD_LINE.match(paragraphs[count].text) and len(paragraphs[count].lines) == 1:
        count += 1
    return paragraphs[:count] if count >= MIN_FIELDS else []


def split_clauses(source: str, file: str, cap: int = MAX_CLAUSE_CHARS) -> list[Clause]:
    """Clauses of one decoded document, in document order.

    `file` is the path relative to the corpus folder; it prefixes every clause id.
    """
    paragraphs = paragraphs_of(source)
    state = _State()
    fields = _field_block(paragraphs)
    for number, paragraph in enumerate(fields, start=1):
        match = FIELD_LINE.match(paragraph.text)
        state.drafts.append(_Draft([paragraph], (), ("head", f"f{number}"), "meta", match.group(1) if match else ""))
    paragraphs = paragraphs[len(fields):]
    head_end = _preamble_end(paragraphs)
    tail_start = max(head_end, _trailer_start(paragraphs))
    if head_end:
        state.drafts.append(_meta_draft(paragraphs[:head_end], "head", "文件头"))
    _walk(state, paragraphs[head_end:tail_start])
    if tail_start < len(paragraphs):
        state.drafts.append(_meta_draft(paragraphs[tail_start:], "tail", "版记"))
    return _mark_duplicates(_expand(source, file, state.drafts, cap))
