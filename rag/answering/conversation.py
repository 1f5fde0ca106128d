"""Follow-up questions resolved against earlier turns, with or without an LLM.

Without an LLM the rules are:

- `那农业呢？` / `2025年呢？` / `宁夏呢？` (a slot and 呢): the slot replaces the matching part
  of the previous question — a year replaces its year, a region its region, anything
  else its subject (`X方面`, `“互联网+”X`, the thing counted after 多少家/几个, or the
  topic of the previous answer's first citation); without such a part it is prefixed.
- `这项由谁牵头？` (an anaphor such as 这项/该项/它): the anaphor becomes the topic of the
  previous answer's first citation (its task or heading, e.g. `“互联网+”农业`), or
  the previous question's subject.

With a generator, prompts/rewrite.txt asks the model for the rewritten question; an
empty or runaway reply falls back to the rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answering.asking import proper_names
from rag.answering.quotes import short_title, topic_label
from rag.answering.prompts import render
from rag.answering.question import topic_of
from rag.interfaces import Generator, History
from rag.text.chars import CJK, HAN_BLOCK, fold
from rag.text.dates import YEAR_SLOT
from rag.types import Answer, Turn

_SLOT_QUESTION = re.compile(r"^(?:那么|那|还有|另外|那个)?\s*(.{1,16}?)(?:的情况|方面|领域)?\s*(?:呢|又如何|又怎样|怎么样|如何)\s*[？?。]?$")
_ANAPHOR = re.compile(r"这一项|这项|该项|此项|这条|该条|这个|上述|这些|它们|它")
_DOC_ANAPHOR = re.compile(r"该文件|这份文件|这个文件|该方案|这个方案|这份方案|该规划|这个规划|该意见")
_LEADS = re.compile(r"^(?:那么|那|还有|另外|再问一下|那个)")
# A place: a name with its level (…省, …市, …县) or the level alone; bare names (宁夏) are found by jieba.
_REGION = re.compile(rf"[{HAN_BLOCK}]{{2,6}}?(?:省|市|自治区|州|县|区)|全省|全市|省里|市里")
_SUBJECT_PATTERNS = (
    re.compile(rf"([{CJK}“”+]{{2,10}}?)(?=方面|领域|行业)"),
    re.compile(rf"(?<=\+”)([{HAN_BLOCK}]{{1,6}}?)(?=的|方面|领域|由|是|到|要|有|在|[？?，,]|$)"),
    re.compile(rf"(?:多少[家个款项条名]?|几[个家款项])([{CJK}“”]{{2,16}})(?=[？?]|$)"),
)
_MAX_FOLLOWUP_CHARS = 24


def as_turns(history: History) -> list[Turn]:
    """Earlier turns from Turn objects, Answer objects or bare question strings."""
    turns: list[Turn] = []
    for item in history:
        if isinstance(item, Turn):
            turns.append(item)
        elif isinstance(item, Answer):
            turns.append(Turn(item.question, item))
        elif isinstance(item, str) and item.strip():
            turns.append(Turn(item.strip()))
    return turns


def is_followup(question: str) -> bool:
    """True for a short elliptical question (那农业呢？) or one pointing back (这项由谁牵头？)."""
    text = fold(question).strip()
    if len(text) > _MAX_FOLLOWUP_CHARS:
        return False
    return bool(_SLOT_QUESTION.match(text) or _ANAPHOR.search(text) or _DOC_ANAPHOR.search(text) or _LEADS.match(text))


def resolve_followup(question: str, history: History = (), generator: Generator | None = None) -> str:
    """`question` made self-contained using earlier turns; unchanged when it is not a follow-up."""
    turns = as_turns(history)
    if not turns or not is_followup(question):
        return question
    if generator is not None:
        rewritten = rewrite_with_llm(question, turns, generator)
        if rewritten:
            return rewritten
    previous = resolved_history(turns)
    return resolve_by_rules(question, previous[-1], turns[-1].answer)


def resolved_history(turns: Sequence[Turn]) -> list[str]:
    """Each earlier question made self-contained by the rules, in order."""
    resolved: list[str] = []
    for index, turn in enumerate(turns):
        if index and is_followup(turn.question):
            resolved.append(resolve_by_rules(turn.question, resolved[-1], turns[index - 1].answer))
        else:
            resolved.append(turn.question)
    return resolved


def resolve_by_rules(question: str, previous: str, answer: Answer | None = None) -> str:
    """Combine a follow-up with the previous (self-contained) question, see the module doc."""
    text = question.strip()
    if _DOC_ANAPHOR.search(text) and answer is not None and answer.citations:
        return _DOC_ANAPHOR.sub(f"《{short_title(answer.citations[0].clause)}》", text, count=1)
    slot = _SLOT_QUESTION.match(fold(text))
    if slot and not _ANAPHOR.search(text):
        return replace_slot(previous, _LEADS.sub("", slot.group(1)).strip(), answer)
    if _ANAPHOR.search(text):
        topic = previous_topic(previous, answer)
        return _ANAPHOR.sub(topic, text, count=1) if topic else f"{topic_of(previous)} {text}"
    return f"{topic_of(previous)} {_LEADS.sub('', text)}"


def replace_slot(previous: str, slot: str, answer: Answer | None) -> str:
    """`previous` with the part of the same kind as `slot` replaced by it (or `slot` prefixed)."""
    if YEAR_SLOT.fullmatch(slot):
        year = slot if slot.endswith("年") else f"{slot}年"
        return YEAR_SLOT.sub(year, previous) if YEAR_SLOT.search(previous) else f"{year}{previous}"
    if is_place(slot):
        place = place_in(previous)
        return previous.replace(place, slot, 1) if place else f"{slot}{previous}"
    subject = previous_subject(previous, answer)
    if subject:
        return previous.replace(subject, slot, 1)
    return f"{slot}{previous}"


def is_place(text: str) -> bool:
    """True for a place name (宁夏, 银川市, 全省), by its level suffix or jieba's place tag."""
    return bool(_REGION.fullmatch(text)) or proper_names(text) == [text]


def place_in(text: str) -> str:
    """The first place `text` names, or ''."""
    match = _REGION.search(text)
    names = [name for name in proper_names(text) if is_place(name)]
    candidates = [found for found in (match.group(0) if match else "", names[0] if names else "") if found]
    return min(candidates, key=text.index) if candidates else ""


def previous_subject(previous: str, answer: Answer | None) -> str:
    """The part of `previous` naming what it was about, or empty when none is found."""
    for pattern in _SUBJECT_PATTERNS:
        match = pattern.search(previous)
        if match:
            return match.group(1)
    topic = _citation_topic(answer)
    tail = re.sub(r"^“[^”]*”", "", topic)
    for candidate in (topic, tail):
        if len(candidate) >= 2 and candidate in previous:
            return candidate
    return ""


def previous_topic(previous: str, answer: Answer | None) -> str:
    """What 这项 refers to: the first citation's topic, else the previous question's subject."""
    return _citation_topic(answer) or previous_subject(previous, answer)


def _citation_topic(answer: Answer | None) -> str:
    if answer is None or not answer.citations:
        return ""
    return topic_label(answer.citations[0].clause)


def rewrite_with_llm(question: str, turns: Sequence[Turn], generator: Generator) -> str:
    """The generator's rewriting of `question` (prompts/rewrite.txt); empty when unusable."""
    prompt = render("rewrite", history=format_history(turns), question=question)
    reply = generator.generate([{"role": "user", "content": prompt}])
    lines = [line.strip() for line in (reply or "").splitlines() if line.strip()]
    if not lines:
        return ""
    line = re.sub(r"^(?:改写后的问题|问题)[:：]\s*", "", lines[0]).strip()
    wrapped = re.fullmatch(r"[“\"']([^“”\"']+)[”\"']", line)
    line = wrapped.group(1) if wrapped else line
    return line if 0 < len(line) <= 3 * len(question) + 80 else ""


def format_history(turns: Sequence[Turn], max_answer_chars: int = 200) -> str:
    """Earlier turns as 用户/助手 lines for a prompt; 无 when there are none."""
    lines: list[str] = []
    for turn in turns:
        lines.append(f"用户：{turn.question}")
        if turn.answer is not None:
            lines.append(f"助手：{turn.answer.answer[:max_answer_chars]}")
    return "\n".join(lines) or "无"
