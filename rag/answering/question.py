"""The question as typed: input checks, and the question without its question phrasing.

What a question asks for (its parts and kinds) is `rag.answering.parts` and
`rag.answering.asking`; this module only guards the input and strips phrasing for
follow-up resolution.
"""

from __future__ import annotations

import re

from rag.errors import UsageError
from rag.text.chars import CJK

_CONTENT = re.compile(f"[{CJK}A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
# Phrasing of questions that carries no topic; removed before a question is reused as context.
_QUESTION_PHRASES = re.compile(
    r"请问|是什么|是多少|有多少|多少钱|多少|是哪些|有哪些|哪些|哪个|哪几|哪天|哪里|哪儿|什么时候|什么|怎么样|怎么|怎样|如何|"
    r"是否|有没有|能不能|可不可以|可以吗|吗|呢|吧|啊|呀|原文|原话|具体|分别|一下|文件里|文件中|方案里|规划里|里面|"
    r"提到|提出|说法|表述|规定|要求|是谁|由谁|谁|负责|牵头|部门|单位|目标|这方面|方面的|方面|领域|安排"
)


def check_question(question: str | None, max_chars: int) -> str:
    """The question stripped, or a UsageError with a Chinese message for unusable input."""
    text = (question or "").strip()
    if not text:
        raise UsageError("请输入问题")
    if len(text) > max_chars:
        raise UsageError(f"问题过长（{len(text)} 字），请精简到 {max_chars} 字以内")
    if not _CONTENT.search(text):
        raise UsageError("问题中没有可检索的内容")
    return text


def topic_of(text: str) -> str:
    """`text` without question phrasing and punctuation at its ends."""
    stripped = _QUESTION_PHRASES.sub(" ", text)
    return re.sub(r"\s+", " ", stripped).strip(" ，,。？?！!：:；;")
