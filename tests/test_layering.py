"""Imports flow one way between the stages, and no two modules import each other.

shared (types, errors, config, interfaces) ← text ← corpus ← index ← retrieval
← answering, checking ← evaluation ← app ← cli

A module may import its own stage and the stages below it. `answering` and `checking`
share a rank but are peers that never import each other (neither needs the other: the
wording check reads documents, the answerers read hits). Nothing imports `rag.app` or
`rag.cli` from below. Every import counts, at the top of a file or inside a function, and
project modules are imported at the top, so that a file's head shows what it uses (only
heavy third-party libraries are imported inside functions).

One exception, explicit and checked: rag.cli imports each command's handler module by
name (its COMMANDS table, through importlib) only when that command runs, so that
`rag search` starts without the answerer, the web app or the evaluation. The checks below
read that table and count its modules as imports of rag.cli; no other module imports a
project module by name.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "rag"

RANKS = {
    "rag": 0, "rag.types": 0, "rag.errors": 0, "rag.config": 0, "rag.interfaces": 0, "rag.redaction": 0,
    "rag.text": 1,
    "rag.corpus": 2,
    "rag.index": 3,
    "rag.retrieval": 4,
    "rag.answering": 5, "rag.checking": 5,
    "rag.evaluation": 6,
    "rag.app": 7,
    "rag.cli": 8, "rag.commands": 8,
}
PEERS = frozenset({"rag.answering", "rag.checking"})


def stage_of(module: str) -> str:
    """The longest RANKS entry `module` is or lies under."""
    parts = module.split(".")
    for length in range(len(parts), 0, -1):
        prefix = ".".join(parts[:length])
        if prefix in RANKS:
            return prefix
    raise AssertionError(f"{module} belongs to no stage: add its package to RANKS")


def package_sources(root: Path = PACKAGE) -> dict[str, str]:
    """Module name -> source of every module of the package."""
    sources: dict[str, str] = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        sources[name] = path.read_text(encoding="utf-8")
    return sources


def _base(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    anchor = module.split(".") if is_package else module.split(".")[:-1]
    anchor = anchor[: len(anchor) - node.level + 1]
    return ".".join(anchor + ([node.module] if node.module else []))


def imports_of(module: str, source: str, known: set[str], is_package: bool = False) -> set[str]:
    """Project modules `module` imports anywhere in `source` (`from a import b` is a.b when b is a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _base(module, is_package, node)
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    return {name for name in found if name == "rag" or name.startswith("rag.")}


def imports_inside_functions(source: str) -> list[str]:
    """Project modules imported inside a function or method body."""
    found: list[str] = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Import):
                found.extend(alias.name for alias in node.names if alias.name.startswith("rag"))
            elif isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("rag")):
                found.append("." * node.level + (node.module or ""))
    return found


def dispatch_imports(source: str) -> set[str]:
    """Modules named in the COMMANDS table of rag.cli ("module:function" values)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == "COMMANDS":
            return {target.partition(":")[0] for target in ast.literal_eval(node.value).values()}
    return set()


def import_graph(sources: Mapping[str, str]) -> dict[str, set[str]]:
    known = set(sources)
    packages = {name for name in known if any(other.startswith(name + ".") for other in known)}
    graph = {name: imports_of(name, source, known, name in packages) - {name} for name, source in sources.items()}
    if "rag.cli" in sources:
        graph["rag.cli"] |= dispatch_imports(sources["rag.cli"])
    return graph


def upward_imports(graph: Mapping[str, set[str]]) -> list[str]:
    """Every import of a higher stage, or of a peer stage."""
    problems: list[str] = []
    for importer, imported in sorted(graph.items()):
        mine = stage_of(importer)
        for target in sorted(imported):
            theirs = stage_of(target)
            if RANKS[theirs] > RANKS[mine]:
                problems.append(f"{importer} imports {target}: {theirs} sits above {mine}")
            elif theirs != mine and {theirs, mine} <= PEERS:
                problems.append(f"{importer} imports {target}: {mine} and {theirs} are peers")
    return problems


def import_cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


# --------------------------------------------------------------------------- the package


def test_every_module_belongs_to_a_stage():
    for name in package_sources():
        stage_of(name)


def test_no_module_imports_a_higher_or_peer_stage():
    assert upward_imports(import_graph(package_sources())) == []


def test_no_import_cycles():
    assert import_cycles(import_graph(package_sources())) == []


def test_project_modules_are_imported_at_the_top():
    inside = {name: imports_inside_functions(source) for name, source in package_sources().items()}
    assert {name: found for name, found in inside.items() if found} == {}


def test_the_cli_dispatch_names_existing_modules_and_nothing_else_imports_by_name():
    sources = package_sources()
    assert dispatch_imports(sources["rag.cli"]) <= set(sources)
    assert {name for name in dispatch_imports(sources["rag.cli"]) if not name.startswith("rag.commands.")} == set()
    by_name = {name for name, source in sources.items() if "import_module(" in source or "__import__(" in source}
    assert by_name == {"rag.cli"}


# --------------------------------------------------------------------------- the checker itself


def _with(extra: Mapping[str, str]) -> dict[str, set[str]]:
    return import_graph({**package_sources(), **extra})


def test_checker_reports_an_upward_import():
    graph = _with({"rag.text.fake": "from rag.retrieval.hybrid import HybridRetriever\n"})
    assert upward_imports(graph) == [
        "rag.text.fake imports rag.retrieval.hybrid: rag.retrieval sits above rag.text"
    ]


def test_checker_reads_imports_inside_functions():
    source = "def late():\n    from rag.evaluation import metrics\n    return metrics\n"
    assert upward_imports(_with({"rag.answering.fake": source})) == [
        "rag.answering.fake imports rag.evaluation.metrics: rag.evaluation sits above rag.answering"
    ]


def test_checker_reports_peer_imports_and_imports_of_the_front_door():
    graph = _with({
        "rag.checking.fake": "import rag.answering.extractive\n",
        "rag.evaluation.fake": "from rag import cli\n",
        "rag.index.fake": "from ..app.service import PolicyService\n",
    })
    assert upward_imports(graph) == [
        "rag.checking.fake imports rag.answering.extractive: rag.checking and rag.answering are peers",
        "rag.evaluation.fake imports rag.cli: rag.cli sits above rag.evaluation",
        "rag.index.fake imports rag.app.service: rag.app sits above rag.index",
    ]


def test_checker_finds_project_imports_inside_functions():
    source = "import json\n\ndef f():\n    import torch\n    from rag.config import Settings\n    from . import sibling\n"
    assert imports_inside_functions(source) == ["rag.config", "."]


def test_checker_reports_a_cycle_within_a_stage():
    graph = _with({
        "rag.text.fake_a": "from rag.text.fake_b import B\n",
        "rag.text.fake_b": "def f():\n    from rag.text.fake_a import A\n",
    })
    assert upward_imports(graph) == []
    assert import_cycles(graph) == [["rag.text.fake_a", "rag.text.fake_b"]]
