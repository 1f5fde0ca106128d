"""Layout: source lines assembled into paragraphs, each classified by what it is.

A paragraph joins hard-wrapped lines (a line that stops mid-sentence is continued by the
next one, across blank lines and page furniture); a numbered line, a markdown heading, a
table row or a caption always starts a paragraph of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.corpus.headers import is_field_line
from rag.text.lines import Line, continues, ends_sentence, join_text, split_lines, wrap_width
from rag.text.dates import DATE_LINE
from rag.text.numbering import Marker, find_marker

HEADING_MAX_CHARS = 40
TINY_CHARS = 6
_TABLE_CAPTION = re.compile(r"^表\s*\d+\s*\S")
_FIGURE_CAPTION = re.compile(r"^图\s*\d+\s*\S")
_SPACE_ROW = re.compile(r"^\d{1,3}\s+\S")
_SENTENCE_MARKS = re.compile(r"[。！？；!?;]")


@dataclass(frozen=True)
class Paragraph:
    """Consecutive lines read as one unit, with the kind of unit it is.

    kind: "heading" (numbered or plain, no body of its own), "item" (numbered with body),
    "text" (unnumbered body), "row" (tab-separated table row), "table_caption",
    "figure_caption".
    """

    lines: tuple[Line, ...]
    glued: tuple[bool, ...]  # per line: continues the previous line's sentence
    kind: str
    marker: Marker | None = None

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end

    @property
    def text(self) -> str:
        return join_text([(line.content, glue) for line, glue in zip(self.lines, self.glued)])

    @property
    def heading_text(self) -> str:
        """The heading as written, lines glued (a title broken over lines reads as one)."""
        return "".join(line.content.strip() for line in self.lines)

    @property
    def is_date_line(self) -> bool:
        return bool(DATE_LINE.match(self.text.strip()))

    def offsets(self) -> list[int]:
        """Source offset of every character of `text` (a joining newline takes the next line's)."""
        result: list[int] = []
        for index, (line, glue) in enumerate(zip(self.lines, self.glued)):
            if index and not glue:
                result.append(line.start)
            content = line.content.strip() if glue else line.content
            first = line.start + (len(line.content) - len(line.content.lstrip()) if glue else 0)
            result.extend(range(first, first + len(content)))
        return result


def _starts_block(line: Line) -> bool:
    """Lines that always open a new paragraph, whatever came before."""
    content = line.content
    return line.heading_mark or line.bullet or line.tabbed or bool(
        _TABLE_CAPTION.match(content) or _FIGURE_CAPTION.match(content) or is_field_line(content)
    )


def _is_row_line(content: str) -> bool:
    return bool(_SPACE_ROW.match(content)) or content.startswith("序号")


def _continues_previous(previous: list[Line], line: Line, width: int, expected: bool) -> bool:
    """Whether `line` carries on the sentence of the paragraph built so far.

    `expected` says the line opens with the next number of its family (a sibling item),
    which a cross-reference broken onto a new line would rarely do.
    """
    last = previous[-1]
    if last.heading_mark or last.tabbed or last.bullet or _starts_block(line) or expected or is_field_line(last.content):
        return False
    if _is_row_line(previous[0].content) and len(previous) == 1 and _is_row_line(line.content):
        return False
    if _TABLE_CAPTION.match(previous[0].content) or _FIGURE_CAPTION.match(previous[0].content):
        return False
    first = previous[0].content
    if find_marker(first) and len(previous) == 1 and _looks_like_heading(first) and len(first) < width:
        return False
    # A numbered line after an unfinished sentence is a cross-reference, not a new item.
    return continues(last.content, width)


def _adjacent_short(previous: list[Line], line: Line, width: int) -> bool:
    """Short unpunctuated lines directly below each other form one list-like block."""
    last = previous[-1]
    return (
        line.number == last.number + 1
        and not _starts_block(line)
        and not is_field_line(last.content)
        and not find_marker(line.content)
        and not find_marker(previous[0].content)
        and all(len(item.content) < width and not ends_sentence(item.content) for item in (last, line))
    )


def _looks_like_heading(content: str) -> bool:
    marker = find_marker(content)
    body = content[marker.length :] if marker else content
    return len(content) <= HEADING_MAX_CHARS and not _SENTENCE_MARKS.search(body) and not ends_sentence(content)


def _expected_sibling(line: Line, last_numbers: dict[str, int]) -> bool:
    """True when the line's marker continues its family's numbering (1 after nothing, n+1 after n)."""
    marker = find_marker(line.content)
    if not marker:
        return False
    expected = marker.number in (1, last_numbers.get(marker.family, 0) + 1)
    last_numbers[marker.family] = marker.number
    return expected and marker.number > 1


def group_lines(lines: list[Line], width: int) -> list[tuple[list[Line], list[bool]]]:
    """Lines (furniture removed) grouped into paragraphs with their glue flags."""
    groups: list[tuple[list[Line], list[bool]]] = []
    last_numbers: dict[str, int] = {}
    for line in lines:
        if line.furniture:
            continue
        sibling = _expected_sibling(line, last_numbers)
        if groups and _continues_previous(groups[-1][0], line, width, sibling):
            groups[-1][0].append(line)
            groups[-1][1].append(True)
        elif groups and _adjacent_short(groups[-1][0], line, width):
            groups[-1][0].append(line)
            groups[-1][1].append(False)
        else:
            groups.append(([line], [False]))
    return groups


def _classify(lines: list[Line], glued: list[bool], next_lines: list[Line] | None) -> Paragraph:
    first = lines[0]
    content = first.content
    marker = find_marker(content)
    if first.tabbed:
        return Paragraph(tuple(lines), tuple(glued), "row")
    if _TABLE_CAPTION.match(content):
        return Paragraph(tuple(lines), tuple(glued), "table_caption")
    if _FIGURE_CAPTION.match(content):
        return Paragraph(tuple(lines), tuple(glued), "figure_caption")
    whole = "".join(line.content for line in lines)
    single = len(lines) == 1 or all(len(line.content) <= TINY_CHARS for line in lines)
    heading = (first.heading_mark and len(lines) == 1) or (
        single and not first.bullet and _looks_like_heading(whole) and next_lines is not None
    )
    if marker and marker.family in ("annex", "box"):
        heading = True
    if heading:
        return Paragraph(tuple(lines), tuple(glued), "heading", marker)
    return Paragraph(tuple(lines), tuple(glued), "item" if marker else "text", marker)


def paragraphs_of(text: str) -> list[Paragraph]:
    """Classified paragraphs of a decoded document, furniture left out."""
    lines = split_lines(text)
    groups = group_lines(lines, wrap_width(lines))
    result: list[Paragraph] = []
    for index, (group, glued) in enumerate(groups):
        following = groups[index + 1][0] if index + 1 < len(groups) else None
        result.append(_classify(group, glued, following))
    return result


def is_space_row(paragraph: Paragraph) -> bool:
    """A table row whose cells are separated by spaces (PDF conversions), e.g. `1 产业规模 1000 亿元`."""
    return paragraph.kind in ("text", "heading") and bool(_SPACE_ROW.match(paragraph.text)) and len(paragraph.lines) == 1
