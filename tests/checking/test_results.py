"""Wording-check results: the overall verdict of a passage and its top-level matches."""

from __future__ import annotations

from rag.checking.results import CheckMatch, CheckReport, CheckResult, DiffOp


def _match(clause_id: str) -> CheckMatch:
    diff = (DiffOp("equal", "算力", "算力"),)
    return CheckMatch(clause_id, "doc.txt", 0, 2, 1, 1, (), None, None, "算力", 1.0, diff)


def test_overall_verdicts() -> None:
    exact, near, absent = (CheckResult("q", verdict) for verdict in ("exact", "near", "not_found"))
    assert CheckReport("q", (exact, exact)).verdict == "exact"
    assert CheckReport("q", (absent, absent)).verdict == "not_found"
    assert CheckReport("q", (exact, absent)).verdict == "near"
    assert CheckReport("q", (near,)).verdict == "near"


def test_sentences_with_a_note_do_not_count_towards_the_verdict() -> None:
    skipped = CheckResult("hello", "not_found", (), "该句不含中文，未核对")
    assert CheckReport("q", (CheckResult("q", "exact"), skipped)).verdict == "exact"


def test_top_level_matches_are_the_best_of_each_sentence() -> None:
    first = CheckResult("a", "exact", (_match("doc:1"), _match("doc:2")))
    second = CheckResult("b", "exact", (_match("doc:3"),))
    assert [m.clause_id for m in CheckReport("ab", (first,)).matches] == ["doc:1", "doc:2"]
    assert [m.clause_id for m in CheckReport("ab", (first, second)).matches] == ["doc:1", "doc:3"]
    data = CheckReport("ab", (first, second)).to_dict()
    assert data["verdict"] == "exact" and len(data["sentences"]) == 2 and "note" not in data["sentences"][0]
