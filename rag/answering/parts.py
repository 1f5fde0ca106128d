"""A question split into the parts it asks, each with its own kind and search text.

`网上买的衣服不喜欢，不说理由能退吗？要在几天内？` asks two things: a yes/no (能退吗)
and a time limit (几天内). `喝了酒开车被查到，要扣多久驾照、罚多少钱？` asks a duration
and an amount. Each part is answered from its own evidence, and a part the documents do
not cover is said to be missing without refusing the others.

Rules: the question is cut at sentence ends (？！；。) and, inside a sentence, at 、，
还有 另外 以及 where the pieces on both sides ask something of their own. Pieces that ask
nothing (我是个体户，) are context, searched with every part. A part too short to search
on its own (要在几天内) is searched with the whole question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.answering.asking import FOCUSED_KINDS, Ask, asked_kinds, value_focus

_SENTENCE_END = re.compile(r"(?<=[？?！!；;。])")
_PIECE = re.compile(r"(?<=[，,、])|(?=还有|另外|以及|同时)")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PHRASING = re.compile(
    r"请问|是什么|是多少|有多少|多少钱|多少|是哪些|有哪些|哪些|哪个|哪几|哪天|哪里|哪儿|什么时候|什么|怎么样|怎么|怎样|如何|"
    r"是否|有没有|能不能|可不可以|可以吗|要不要|是不是|吗|呢|吧|啊|呀|几|要|还有|另外|以及|同时|那|又"
)
MIN_OWN_CHARS = 4  # Chinese characters of topic a part needs to be searched on its own


@dataclass(frozen=True)
class Part:
    """One thing a question asks: its words, its kinds and what to search for it."""

    text: str  # the part as written
    kinds: frozenset[Ask]
    query: str  # context + the part, or the whole question for a short part
    label: str = ""  # the side of a comparison it stands for (a document, a year), if any
    focus: str = ""  # the nouns an asked value is about (年利率, 建设补贴), for value parts

    def asks(self, *kinds: Ask) -> bool:
        return any(kind in self.kinds for kind in kinds)


def topic_chars(text: str) -> int:
    """Chinese characters of `text` left after its question phrasing."""
    return len(_CJK.findall(_PHRASING.sub("", text)))


def make_part(text: str, query: str, label: str = "") -> Part:
    """A part with its kinds and, for a measured value, its focus."""
    kinds = asked_kinds(text)
    whole = Ask.POLAR in kinds
    focus = (value_focus(text, whole) or value_focus(query, whole)) if kinds & FOCUSED_KINDS else ""
    return Part(text, kinds, query, label, focus)


def split_parts(question: str) -> tuple[Part, ...]:
    """The parts of `question` (width-folded); a one-part question gives one part."""
    pieces = [piece for piece in _PIECE.split(question) for piece in _SENTENCE_END.split(piece) if piece.strip()]
    asking = [(piece, asked_kinds(piece)) for piece in pieces]
    if sum(1 for _, kinds in asking if kinds) <= 1:
        return (make_part(question, question),)
    first = next(index for index, (_, kinds) in enumerate(asking) if kinds)
    context = "".join(piece for piece, _ in asking[:first])
    groups: list[list[str]] = []
    pending = ""
    for piece, kinds in asking[first:]:
        if kinds:
            groups.append([pending + piece])
            pending = ""
        else:
            pending += piece
    if pending:
        groups[-1].append(pending)
    parts: list[Part] = []
    for group in groups:
        text = "".join(group).strip(" ，,、")
        query = question if topic_chars(text) < MIN_OWN_CHARS else f"{context}{text}"
        parts.append(make_part(text, query))
    return tuple(parts)
