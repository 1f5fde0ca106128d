"""Split gold/gold.jsonl into a dev part and a test part, reproducibly (stdlib only).

Rule (deterministic, stratified by `type`):

1. Group the questions by their `type` field.
2. Within each type, sort the ids by sha1(id.encode("utf-8")).hexdigest(), ties by id.
3. The first round(0.6 * n) ids of each type go to dev, the rest to test.
4. Both output files keep the original lines unchanged (byte for byte, minus the
   trailing newline, which is re-added) and in the original file order.

Purpose: tune retrieval/answering choices on gold/dev.jsonl only and report numbers
on gold/test.jsonl; never tune on test. The split depends only on the ids and types,
so adding questions to gold.jsonl moves no existing question between the parts unless
that type's count changes the 60 % cut (re-run and compare if that matters).

Usage (from the project root):
    python gold/split.py                 # writes gold/dev.jsonl and gold/test.jsonl
    python gold/split.py --check         # exits 1 if the files on disk differ
    python gold/split.py GOLD DEV TEST   # other paths
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEV_SHARE = 0.6


def sha1_key(qid: str) -> tuple[str, str]:
    return hashlib.sha1(qid.encode("utf-8")).hexdigest(), qid


def split_lines(lines: list[str], dev_share: float = DEV_SHARE) -> tuple[list[str], list[str]]:
    """(dev lines, test lines), each in input order."""
    by_type: dict[str, list[str]] = defaultdict(list)
    records = []
    for line in lines:
        if not line.strip():
            continue
        record = json.loads(line)
        records.append((record["id"], line))
        by_type[record["type"]].append(record["id"])
    ids = [qid for qid, _ in records]
    if len(ids) != len(set(ids)):
        raise SystemExit("duplicate ids in the gold file")
    dev_ids: set[str] = set()
    for qtype, members in by_type.items():
        ordered = sorted(members, key=sha1_key)
        dev_ids.update(ordered[: round(dev_share * len(ordered))])
    dev = [line for qid, line in records if qid in dev_ids]
    test = [line for qid, line in records if qid not in dev_ids]
    return dev, test


def render(lines: list[str]) -> str:
    return "".join(line + "\n" for line in lines)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = [a for a in argv if a != "--check"]
    gold = Path(paths[0]) if paths else HERE / "gold.jsonl"
    dev_path = Path(paths[1]) if len(paths) > 1 else HERE / "dev.jsonl"
    test_path = Path(paths[2]) if len(paths) > 2 else HERE / "test.jsonl"
    lines = gold.read_text(encoding="utf-8").split("\n")
    dev, test = split_lines(lines)
    outputs = {dev_path: render(dev), test_path: render(test)}
    if check:
        stale = [p for p, text in outputs.items()
                 if not p.exists() or p.read_text(encoding="utf-8") != text]
        for p in stale:
            print(f"out of date: {p}")
        return 1 if stale else 0
    for p, text in outputs.items():
        p.write_text(text, encoding="utf-8")
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for part, chunk in enumerate((dev, test)):
        for line in chunk:
            counts[json.loads(line)["type"]][part] += 1
    print(f"dev {len(dev)}  test {len(test)}")
    for qtype in sorted(counts):
        print(f"  {qtype:15s} dev {counts[qtype][0]:3d}  test {counts[qtype][1]:3d}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
