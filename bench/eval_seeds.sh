#!/usr/bin/env bash
# Evaluate the seed corpus against gold/gold.jsonl, clause splitting vs the fixed
# 500/50 chunking baseline. Prints the metrics table; writes into bench/out/:
#   eval.json                  metrics (SPEC keys), per_question, by_type, config, latency,
#                              and the baseline's result under "baseline"
#   eval/report.md             config, overall and per-type tables, latency, worst questions
#   eval/metrics.json, eval/baseline.json, eval/by_type.png, eval/comparison.png
# Extra arguments go to `rag eval` (e.g. --corpus, --index).
set -euo pipefail
cd "$(dirname "$0")/.."
RAG="${RAG:-.venv/bin/rag}"
mkdir -p bench/out
"$RAG" eval --gold gold/gold.jsonl --json bench/out/eval.json --report bench/out/eval --baseline fixed "$@"
