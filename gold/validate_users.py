"""Validate the generalisation gold files (stdlib only; does not import `rag`).

Checks, from the project root:  python gold/validate_users.py

- gold/users_seeds.jsonl against seeds/ and gold/users_other.jsonl against
  gold/other_corpus/: one JSON object per line; fields id, question, type,
  answerable, evidence, answer, style with the right JSON types; `type` one of the
  SPEC types; `style` one of the styles below; ids unique across both files and
  prefixed u / o; unanswerable <=> answerable false <=> evidence [];
  every quote an exact substring of the raw file (UTF-8, a leading BOM removed,
  no newline translation), 10-60 characters, no line break, occurring exactly once.
- gold/dev.jsonl and gold/test.jsonl: the same structural rules as SPEC (no style),
  quotes exact substrings of seeds/, each gold/gold.jsonl line in exactly one part,
  lines unchanged, and the split equal to what gold/split.py regenerates.
- gold/other_corpus/: UTF-8 .txt files, each referenced by at least one question;
  portal-style files (p*.txt) start with the 索引号 … 发布日期 header block.

Prints counts per type and style for each file; exits 1 on any error.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

GOLD_DIR = Path(__file__).resolve().parent
ROOT = GOLD_DIR.parent
sys.path.insert(0, str(GOLD_DIR))
sys.dont_write_bytecode = True  # importing split.py must not leave __pycache__ in gold/

TYPES = ("fact", "paraphrase", "wording", "responsibility", "multi", "metadata", "unanswerable")
STYLES = ("colloquial", "yesno", "multipart", "chinese_numerals", "near_miss", "formal")
REQUIRED = {"id": str, "question": str, "type": str, "answerable": bool, "evidence": list, "answer": str}
PORTAL_HEADER = ("索引号：", "主题分类：", "发文机关：", "成文日期：", "标题：", "发文字号：", "发布日期：")
# The sets and their folders are registered once, in gold/sets.json (bench/eval_sets.py reads it too).
REGISTRY = json.loads((GOLD_DIR / "sets.json").read_text(encoding="utf-8"))
FOLDERS = {name: ROOT / folder for name, folder in REGISTRY["folders"].items()}
SETS = REGISTRY["sets"]
# (file, the folder its quotes come from, its id prefix) of each user-voice set
USER_FILES = tuple(
    (entry.get("file") or f"{entry['stem']}dev.jsonl", FOLDERS[entry["written_on"]], entry["prefix"])
    for entry in SETS.values() if "prefix" in entry
)
# Fitted on, with no test part: none may reword a test question (fresh_seeds is not fitted on).
FITTING_ONLY = tuple(f"{entry['stem']}dev.jsonl" for entry in SETS.values() if entry["fitted"] and not entry.get("test_part"))
TEST_PARTS = tuple((f"{entry['stem']}test.jsonl", FOLDERS[entry["written_on"]]) for entry in SETS.values() if entry.get("test_part"))
CLOSE_WORDING = 0.5  # character-bigram Jaccard of two questions at which one rewords the other


def read_text(path: Path) -> str:
    text = path.read_bytes().decode("utf-8")
    return text[1:] if text.startswith("\ufeff") else text


class Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.texts: dict[Path, str] = {}

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def text(self, corpus: Path, file: str) -> str | None:
        path = (corpus / file).resolve()
        if not path.is_relative_to(corpus.resolve()) or not path.is_file():
            return None
        if path not in self.texts:
            self.texts[path] = read_text(path)
        return self.texts[path]

    def records(self, path: Path) -> list[tuple[int, dict]]:
        out = []
        try:
            lines = path.read_text(encoding="utf-8").split("\n")
        except (OSError, UnicodeDecodeError) as exc:
            self.error(path.name, f"cannot read: {exc}")
            return out
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except json.JSONDecodeError as exc:
                self.error(f"{path.name}:{number}", f"invalid JSON ({exc.msg})")
                continue
            if not isinstance(record, dict):
                self.error(f"{path.name}:{number}", "not a JSON object")
                continue
            out.append((number, record))
        return out

    def check_record(self, name: str, number: int, record: dict, corpus: Path, strict: bool) -> None:
        where = f"{name}:{number} {record.get('id', '?')}"
        for field, kind in REQUIRED.items():
            if field not in record:
                self.error(where, f"missing field {field}")
            elif not isinstance(record[field], kind):
                self.error(where, f"field {field} should be {kind.__name__}")
        if any(f not in record or not isinstance(record[f], REQUIRED[f]) for f in REQUIRED):
            return
        if not record["id"].strip() or not record["question"].strip():
            self.error(where, "empty id or question")
        if record["type"] not in TYPES:
            self.error(where, f"unknown type {record['type']!r}")
        unanswerable = record["type"] == "unanswerable"
        if unanswerable and record["answerable"]:
            self.error(where, "type unanswerable but answerable is true")
        if record["answerable"] and not record["evidence"]:
            self.error(where, "answerable question without evidence")
        if strict:
            if record.get("style") not in STYLES:
                self.error(where, f"style should be one of {', '.join(STYLES)}")
            if not record["answerable"] and record["evidence"]:
                self.error(where, "unanswerable question should have evidence []")
            if not record["answerable"] and not unanswerable:
                self.error(where, "answerable false but type is not unanswerable")
            if not record["answer"].strip():
                self.error(where, "empty answer")
        for index, item in enumerate(record["evidence"], start=1):
            self.check_quote(f"{where} evidence {index}", item, corpus, strict)

    def check_quote(self, where: str, item: object, corpus: Path, strict: bool) -> None:
        if not isinstance(item, dict) or not isinstance(item.get("file"), str) \
                or not isinstance(item.get("quote"), str) or not item["quote"]:
            self.error(where, "evidence item needs a file and a non-empty quote")
            return
        text = self.text(corpus, item["file"])
        if text is None:
            self.error(where, f"file {item['file']} not in {corpus}")
            return
        quote = item["quote"]
        count = text.count(quote)
        if count == 0:
            self.error(where, f"quote not found in {item['file']}: {quote[:30]!r}")
            return
        problems = []
        if count > 1:
            problems.append(f"occurs {count} times")
        if "\n" in quote or "\r" in quote:
            problems.append("spans a line break")
        if not 10 <= len(quote) <= 60:
            problems.append(f"length {len(quote)}")
        for problem in problems:
            if strict:  # the new files: hard rules
                self.error(where, f"{problem}: {quote!r}")
            else:  # the pre-existing gold lines in dev/test: as check_gold.py, warnings only
                self.warnings.append(f"{where}: {problem}: {quote!r}")


def print_counts(name: str, records: list[dict], with_style: bool) -> None:
    types = Counter(r.get("type") for r in records)
    unanswerable = sum(r.get("answerable") is False for r in records)
    print(f"{name}: {len(records)} questions, {unanswerable} unanswerable "
          f"({unanswerable / max(len(records), 1):.0%})")
    print("  type:  " + ", ".join(f"{t} {types[t]}" for t in TYPES))
    if with_style:
        styles = Counter(r.get("style") for r in records)
        print("  style: " + ", ".join(f"{s} {styles[s]}" for s in STYLES))
        files = Counter(e["file"] for r in records for e in r.get("evidence", []) if isinstance(e, dict))
        print("  evidence files: " + ", ".join(f"{f} {n}" for f, n in sorted(files.items())))


def check_users(checker: Checker) -> set[str]:
    seen: dict[str, str] = {}
    used: set[str] = set()
    for name, corpus, prefix in USER_FILES:
        path = GOLD_DIR / name
        if not path.exists():
            checker.error(name, "missing")
            continue
        rows = checker.records(path)
        for number, record in rows:
            checker.check_record(name, number, record, corpus, strict=True)
            qid = record.get("id")
            if isinstance(qid, str):
                if qid in seen:
                    checker.error(f"{name}:{number}", f"duplicate id {qid} (also in {seen[qid]})")
                seen[qid] = f"{name}:{number}"
                if not qid.startswith(prefix):
                    checker.error(f"{name}:{number}", f"id {qid} should start with {prefix!r}")
            if name == "users_other.jsonl":
                used.update(e["file"] for e in record.get("evidence", []) if isinstance(e, dict) and "file" in e)
        print_counts(name, [r for _, r in rows], with_style=True)
    return used


def check_split(checker: Checker) -> None:
    import split  # gold/split.py

    gold_path = GOLD_DIR / "gold.jsonl"
    gold_lines = [line for line in gold_path.read_text(encoding="utf-8").split("\n") if line.strip()]
    expected_dev, expected_test = split.split_lines(gold_lines)
    parts = {}
    for name, expected in (("dev.jsonl", expected_dev), ("test.jsonl", expected_test)):
        path = GOLD_DIR / name
        if not path.exists():
            checker.error(name, "missing (run python gold/split.py)")
            continue
        lines = [line for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
        parts[name] = lines
        if lines != expected:
            checker.error(name, "differs from what gold/split.py generates")
        rows = checker.records(path)
        seen = set()
        for number, record in rows:
            checker.check_record(name, number, record, ROOT / "seeds", strict=False)
            if record.get("id") in seen:
                checker.error(f"{name}:{number}", f"duplicate id {record.get('id')}")
            seen.add(record.get("id"))
        print_counts(name, [r for _, r in rows], with_style=False)
    if len(parts) == 2:
        dev, test = Counter(parts["dev.jsonl"]), Counter(parts["test.jsonl"])
        if dev & test:
            checker.error("split", f"{sum((dev & test).values())} lines in both dev and test")
        if dev + test != Counter(gold_lines):
            checker.error("split", "dev + test is not exactly gold.jsonl")
        dev_types = Counter(json.loads(line)["type"] for line in parts["dev.jsonl"])
        all_types = Counter(json.loads(line)["type"] for line in gold_lines)
        print("  dev share per type: " + ", ".join(
            f"{t} {dev_types[t]}/{all_types[t]}" for t in TYPES if all_types[t]))


def check_other_corpus(checker: Checker, used: set[str]) -> None:
    """The files of the registered `other` folder: laws and portal pages, each used by a question."""
    corpus = FOLDERS["other"]
    files = sorted(p for p in corpus.iterdir() if p.is_file())
    for path in files:
        if path.suffix != ".txt":
            checker.error(f"{corpus.name}/{path.name}", "not a .txt file")
            continue
        try:
            text = read_text(path)
        except UnicodeDecodeError:
            checker.error(f"{corpus.name}/{path.name}", "not UTF-8")
            continue
        if path.name not in used:
            checker.error(f"{corpus.name}/{path.name}", "no question uses this file")
        lines = text.split("\n")
        if path.name.startswith("p"):
            for line, label in zip(lines, PORTAL_HEADER):
                if not line.startswith(label):
                    checker.error(f"{corpus.name}/{path.name}", f"header line should start with {label}")
        elif not lines[0].strip() or not any(line.startswith("第一条\u3000") for line in lines[1:3]):
            checker.error(f"{corpus.name}/{path.name}", "law file should be: title line, then 第一条　…")
    print(f"{corpus.name}: {len(files)} files, {sum(p.stat().st_size for p in files)} bytes")


def bigrams(text: str) -> set[str]:
    chars = [char for char in text if "\u4e00" <= char <= "\u9fff" or char.isalnum()]
    return {a + b for a, b in zip(chars, chars[1:])}


def quote_spans(record: dict, corpus: Path, checker: Checker) -> set[tuple[str, int, int]]:
    spans = set()
    for item in record["evidence"]:
        text = checker.text(corpus, item["file"]) or ""
        start = text.find(item["quote"])
        if start >= 0:
            spans.add((item["file"], start, start + len(item["quote"])))
    return spans


def leaks(record: dict, spans: set[tuple[str, int, int]], tests: list[tuple[set[str], set[tuple[str, int, int]]]]) -> bool:
    """True when a fitting-only question rewords a test question or quotes the same text."""
    words = bigrams(record["question"])
    for test_words, test_spans in tests:
        if words and len(words & test_words) / len(words | test_words) >= CLOSE_WORDING:
            return True
        if any(f == g and a < d and c < b for f, a, b in spans for g, c, d in test_spans):
            return True
    return False


def check_fitting_only(checker: Checker) -> None:
    """No fitting-only question may reword a test question or quote text a test question quotes
    (checked by machine: the test parts are never read by eye)."""
    corpora = {name: corpus for name, corpus, _ in USER_FILES}
    tests = []
    for name, corpus in TEST_PARTS:
        for _, record in checker.records(GOLD_DIR / name):
            tests.append((bigrams(record["question"]), quote_spans(record, corpus, checker)))
    for name in FITTING_ONLY:
        for _, record in checker.records(GOLD_DIR / name):
            if leaks(record, quote_spans(record, corpora[name], checker), tests):
                checker.error(f"{name}:{record['id']}", "rewords or quotes the same text as a test question")


def main() -> int:
    checker = Checker()
    used = check_users(checker)
    check_fitting_only(checker)
    check_split(checker)
    check_other_corpus(checker, used)
    for warning in checker.warnings:
        print("warning: " + warning)
    for error in checker.errors:
        print("ERROR: " + error, file=sys.stderr)
    if checker.errors:
        print(f"FAILED: {len(checker.errors)} errors", file=sys.stderr)
        return 1
    print("OK" + (f" ({len(checker.warnings)} warnings, all in the pre-existing gold split)" if checker.warnings else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
