"""The wheel: it holds the package and the prompts, and `rag ask` runs from it outside the source tree.

A copy of the sources is built with the project's own setuptools (no build isolation, so
no network) and installed without dependencies into a fresh virtual environment. The
dependencies come from this interpreter's site-packages through a `.pth` file; that adds
the folder to the path without running its `.pth` files, so the editable install of the
source tree stays out, which the test checks.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCUMENT = """关于开展星河算力券试点工作的通知

一、总体要求
星河算力券面向本市中小企业发放，用于购买智能算力服务。
二、支持措施
每家企业每年最多可申领星河算力券50万元。
"""


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


def _build_wheel(folder: Path) -> Path:
    """A wheel built from a copy of the sources (the work tree gets no build/ folder)."""
    source = folder / "source"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("rag", "prompts"):
        shutil.copytree(ROOT / name, source / name, symlinks=True, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    _run([*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(folder / "dist"), str(source)], folder)
    return next((folder / "dist").glob("rag-*.whl"))


def _fresh_venv(folder: Path, wheel: Path) -> Path:
    """A virtual environment holding only the wheel; returns its bin folder."""
    venv = folder / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], folder)
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--python", str(python)]
    _run([*pip, "install", "--no-deps", "--no-index", str(wheel)], folder)
    purelib = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], folder)
    (Path(purelib.stdout.strip()) / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv / "bin"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("packaging")
    wheel = _build_wheel(folder)
    return wheel, _fresh_venv(folder, wheel)


def test_the_wheel_holds_the_package_and_every_prompt(installed: tuple[Path, Path]) -> None:
    wheel, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    prompts = {f"rag/_prompts/{path.name}" for path in (ROOT / "prompts").glob("*.txt")}
    assert prompts and prompts <= names
    data = {f"rag/data/{path.name}" for path in (ROOT / "rag" / "data").glob("*.tsv")}
    assert data and data <= names  # general-language data (regions, ...) read at run time
    modules = {f"rag/{path.relative_to(ROOT / 'rag').as_posix()}" for path in (ROOT / "rag").rglob("*.py")}
    assert modules <= names
    assert not any(name.startswith(("tests/", "prompts/", "seeds/")) for name in names)


def test_rag_ask_runs_from_the_installed_wheel_outside_the_source_tree(
    installed: tuple[Path, Path], tmp_path: Path
) -> None:
    _, bin_folder = installed
    corpus, work = tmp_path / "corpus", tmp_path / "work"
    corpus.mkdir()
    work.mkdir()
    (corpus / "xinghe.txt").write_text(DOCUMENT, encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("RAG_", "PYTHON"))}
    env.update(RAG_CORPUS=str(corpus), RAG_INDEX=str(tmp_path / "index"))
    where = _run([str(bin_folder / "python"), "-c", "import rag; print(rag.__file__)"], work, env)
    assert Path(where.stdout.strip()).is_relative_to(bin_folder.parent)
    asked = _run([str(bin_folder / "rag"), "ask", "每家企业每年最多可申领多少星河算力券？", "--json"], work, env)
    answer = json.loads(asked.stdout)
    assert answer["refused"] is False and "50万元" in answer["answer"]
    citation = answer["citations"][0]
    assert citation["file"] == "xinghe.txt" and "50万元" in DOCUMENT[citation["start"] : citation["end"]]
    # A refusal is worded by prompts/refusal.txt, read from the installed package.
    refused = json.loads(_run([str(bin_folder / "rag"), "ask", "养猪场的环保补贴标准是多少？", "--json"], work, env).stdout)
    assert refused["refused"] is True and refused["answer"].startswith("现有文件未")
