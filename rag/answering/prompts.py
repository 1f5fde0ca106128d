"""Prompt templates kept as files in `prompts/`, loaded and filled here.

The files live in the top-level `prompts/` folder; the wheel ships them as the package
data `rag/_prompts/`, which in the source tree is a link to that folder (see
pyproject.toml), so one path serves both. Should the link be missing (a checkout
without symlinks), the folder itself is read.

Templates name their slots `{question}`, `{context}`, `{history}` (and `{subject_of}`,
`{thing}` in refusal.txt). Only these known names are replaced, in one pass, so braces
in document text or in the template itself never break formatting and values are never
re-scanned for slots.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

_PACKAGED = Path(__file__).resolve().parents[1] / "_prompts"
PROMPT_DIR = _PACKAGED if _PACKAGED.is_dir() else Path(__file__).resolve().parents[2] / "prompts"
SLOTS = ("question", "context", "history", "subject_of", "thing")
_SLOT = re.compile(r"\{(" + "|".join(SLOTS) + r")\}")


@lru_cache(maxsize=None)
def load_prompt(name: str, folder: Path = PROMPT_DIR) -> str:
    """The text of `prompts/<name>.txt` (UTF-8), without a trailing newline."""
    return (folder / f"{name}.txt").read_text(encoding="utf-8").rstrip("\n")


def fill(template: str, **values: str) -> str:
    """`template` with each known `{slot}` replaced by its value; other braces left as they are."""
    return _SLOT.sub(lambda match: values.get(match.group(1), match.group(0)), template)


def render(name: str, **values: str) -> str:
    """Load `prompts/<name>.txt` and fill its slots."""
    return fill(load_prompt(name), **values)


@lru_cache(maxsize=None)
def refusal_templates(folder: Path = PROMPT_DIR) -> dict[str, str]:
    """The `name=template` lines of refusal.txt (lines starting with # are comments)."""
    templates: dict[str, str] = {}
    for line in load_prompt("refusal", folder).splitlines():
        if line.strip() and not line.lstrip().startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            templates[key.strip()] = value.strip()
    return templates


def refusal_text(kind: str, subject: str = "", thing: str = "") -> str:
    """The refusal sentence for `kind` (falls back to the general wording)."""
    templates = refusal_templates()
    template = templates.get(kind) or templates["general"]
    subject_of = f"{subject}的" if subject and not subject.endswith("的") else subject
    return fill(template, subject_of=subject_of, thing=thing)
