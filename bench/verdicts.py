"""Yes/no verdicts: how often the verdict opening an answer (可以。/ 不可以。) agrees with the gold answer.

For every answered question of a set whose gold answer opens with a yes or a no (是。能。有。/
不能。不用。), the verdict word of the answer is compared with it: agrees, disagrees, or none given
(the quotes speak for themselves). A verdict opening an answer to a near miss (an unanswerable
question the answerer answered) is counted apart: it asserts what the documents do not say.
Only counts are printed, never a question, so held-out parts may be read too.

    python bench/verdicts.py                                        # every dev set but the probes
    python bench/verdicts.py --test --sets gold users_seeds users_other
    python bench/verdicts.py --sets probe_seeds probe_other fit8_other

Corpora and indexes are those of bench/eval_sets.py.
"""

from __future__ import annotations

import argparse
import os
import re
from collections import Counter

from eval_sets import PROBES, SETS, corpus_settings, gold_path, ready_retriever

from rag.answering.asking import Ask
from rag.answering.parts import split_parts
from rag.answering.pipeline import PipelineAnswerer, asked_text
from rag.answering.verdicts import NO_WORDS, YES_WORDS
from rag.evaluation.run import load_questions

# A gold answer opening with a no (不能。没有。无需……) or a yes (是。能。可以。有。要。).
_GOLD_NO = re.compile(r"^(?:不|没|否|无需|无须|未|免)")
_GOLD_YES = re.compile(r"^(?:是|能|可以|可|有|要|需要|对|会|合法|算|应当|应该|必须|符合)")
# The verdict of an answer: a yes or no word cited on its own, at its start or after a part's lead.
_VERDICT = re.compile(
    r"(?:^|：\s*|\n)(" + "|".join(sorted(YES_WORDS | NO_WORDS, key=len, reverse=True)) + r")\[\d+\]"
)


def gold_polarity(answer: str) -> bool | None:
    """True for a gold answer opening with a yes, False with a no (不…, 没…), None otherwise."""
    text = answer.strip()
    if _GOLD_NO.match(text):
        return False
    return True if _GOLD_YES.match(text) else None


def reading(question: str, answer: str, refused: bool, answerable: bool, gold: str) -> str:
    """How the verdict of the answer to a yes/no `question` stands to the gold answer: 'agrees',
    'disagrees', 'none' (no verdict), 'near_miss' (a verdict on an unanswerable question), or ''
    when not counted (refused, no yes/no asked, a gold answer opening with neither)."""
    if refused or not any(part.asks(Ask.POLAR) for part in split_parts(asked_text(question))):
        return ""
    found = _VERDICT.search(answer)
    if not answerable:
        return "near_miss" if found else ""
    polarity = gold_polarity(gold)
    if polarity is None:
        return ""
    if found is None:
        return "none"
    return "agrees" if (not found.group(1).startswith(("不", "没"))) == polarity else "disagrees"


def count_set(name: str, part: str, answerers: dict[str, PipelineAnswerer]) -> Counter[str]:
    """The readings of one set's answers (`answerers`: one per corpus, built on first use)."""
    corpus = SETS[name][1]
    if corpus not in answerers:
        settings = corpus_settings(corpus)
        answerers[corpus] = PipelineAnswerer(ready_retriever(settings), settings)
    answerer = answerers[corpus]
    counts: Counter[str] = Counter()
    for question in load_questions(gold_path(name, part), answerer.settings):
        answer = answerer.answer(question.question)
        counts[reading(question.question, answer.answer, answer.refused, question.answerable, question.answer or "")] += 1
    counts.pop("", None)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--test", action="store_true", help="the test parts instead of the dev parts")
    parser.add_argument("--sets", nargs="*", default=[name for name in SETS if name not in PROBES], choices=list(SETS))
    args = parser.parse_args()
    os.environ.setdefault("RAG_NO_PROGRESS", "1")
    part = "test" if args.test else "dev"
    answerers: dict[str, PipelineAnswerer] = {}
    total: Counter[str] = Counter()
    print(f"{'set':24s} {'agrees':>7s} {'disagrees':>9s} {'none':>5s} {'near_miss':>9s}")
    for name in args.sets:
        if not gold_path(name, part).exists():
            continue
        counts = count_set(name, part, answerers)
        total.update(counts)
        print(f"{name + ' ' + part:24s} {counts['agrees']:7d} {counts['disagrees']:9d} {counts['none']:5d} {counts['near_miss']:9d}")
    print(f"{'all':24s} {total['agrees']:7d} {total['disagrees']:9d} {total['none']:5d} {total['near_miss']:9d}")


if __name__ == "__main__":
    main()
