"""Search filters (file, issuer, level, year, 文号) as Milvus filter expressions.

The same restrictions as `HybridRetriever.allowed` on the local index: files by name,
the issuer by substring, the 文号 by its comparison key, level and year exactly. Every
expression also keeps out duplicates and the store's non-clause rows (`active == true`).
"""

from __future__ import annotations

from rag.index.milvus_store import one_of, quote
from rag.text.doc_numbers import doc_number_key
from rag.types import Filters

ACTIVE = "active == true"
_LIKE_WILDCARDS = str.maketrans("", "", "%_")


def filter_expression(filters: Filters | None) -> str:
    """The Milvus expression selecting the clauses `filters` allow."""
    parts = [ACTIVE]
    if filters is None or filters.empty:
        return ACTIVE
    if filters.files:
        parts.append(one_of("file", filters.files))
    if filters.issuer:
        # LIKE has no escape for its wildcards here; an issuer name never holds them.
        parts.append(f"issuer like {quote('%' + filters.issuer.translate(_LIKE_WILDCARDS) + '%')}")
    if filters.level:
        parts.append(f"level == {quote(filters.level)}")
    if filters.year:
        parts.append(f"year == {int(filters.year)}")
    if filters.doc_number:
        parts.append(f"doc_number == {quote(doc_number_key(filters.doc_number))}")
    return " and ".join(parts)


def with_region(expression: str, region: str) -> str:
    """`expression` further restricted to the documents of `region`."""
    return f"{expression} and region == {quote(region)}"
