"""What a part asks for that none of its top clauses holds, and why that refuses it.

`rag.answering.selection.absent_objects` finds it; the decision carries it to the refusal,
whose template its `Lack` names (`prompts/refusal.txt`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Lack(StrEnum):
    """Why a thing a part asks for decides its refusal (the refusal template that names it)."""

    OBJECT = "object"  # 在哪个APP上用: no top clause names an APP
    PAID = "paid"  # 要不要交所得税: no top clause names that tax
    LOCAL = "local"  # 西安市在省里的补贴之外还补多少: no top clause is of a document 西安市 issued


@dataclass(frozen=True)
class Absence:
    """What a part asks for that none of its top clauses holds, and why that refuses it; false when nothing is."""

    words: tuple[str, ...] = ()
    lack: Lack = Lack.OBJECT

    def __bool__(self) -> bool:
        return bool(self.words)


NOTHING_ABSENT = Absence()
