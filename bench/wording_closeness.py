"""How close an original must be to a quoted statement to be called 与所给表述不同 (verdicts.CLOSE_WORDING).

A wording question quoting a statement gets 与所给表述不同 when the quoted original holds at
least CLOSE_WORDING of the statement's character bigrams. Synthetic cases from a corpus:

- a misquote: a sentence of the corpus with its first number raised by one (else two characters
  in its middle replaced), judged against the sentence itself: should be called different;
- an unrelated original: a sentence judged against the closest sentence of another clause (what
  a wrong clause would offer): should get no judgement.

Chosen on the seeds, reported on the other corpus:

    python bench/wording_closeness.py
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rag.answering.verdicts import CLOSE_WORDING, bare_wording, wording_share  # noqa: E402
from rag.corpus.documents import load_documents  # noqa: E402
from rag.text.sentences import clause_sentences  # noqa: E402

SAMPLE = 300
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)


def share(given: str, original: str) -> float:
    """Share of the bigrams of `given` found in `original` (punctuation and spacing aside), as the verdict reads it."""
    return wording_share([bare_wording(given)], original)


def misquote(sentence: str) -> str:
    number = re.search(r"\d+", sentence)
    if number:
        return sentence[: number.start()] + str(int(number.group()) + 1) + sentence[number.end() :]
    bare = bare_wording(sentence)
    middle = len(bare) // 2
    return bare[:middle] + "某某" + bare[middle + 2 :]


def cases(folder: Path) -> tuple[list[float], list[float]]:
    """Closeness of misquotes to their originals, and of sentences to the closest other clause's."""
    documents, _ = load_documents([folder], folder)
    pool = [(clause.clause_id, sentence) for document in documents for clause in document.clauses
            if clause.kind != "meta" for sentence in clause_sentences(clause)]
    sample = [(cid, sentence) for cid, sentence in pool if 12 <= len(bare_wording(sentence)) <= 80]
    random.Random(0).shuffle(sample)
    misquotes, others = [], []
    for clause_id, sentence in sample[:SAMPLE]:
        misquotes.append(share(misquote(sentence), sentence))
        others.append(max((share(sentence, other) for cid, other in pool if cid != clause_id), default=0.0))
    return misquotes, others


def main() -> None:
    print(f"CLOSE_WORDING = {CLOSE_WORDING}")
    for name, folder in (("seeds (choose)", ROOT / "seeds"), ("other corpus (held out)", ROOT / "gold" / "other_corpus")):
        misquotes, others = cases(folder)
        print(f"{name}: {len(misquotes)} sentences")
        for threshold in THRESHOLDS:
            found = sum(value >= threshold for value in misquotes) / len(misquotes)
            wrong = sum(value >= threshold for value in others) / len(others)
            print(f"  {threshold}: misquotes called different {found:.3f}, other clauses' sentences called "
                  f"different {wrong:.3f}, balanced accuracy {(found + 1 - wrong) / 2:.3f}")


if __name__ == "__main__":
    main()
