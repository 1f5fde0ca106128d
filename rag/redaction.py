"""Keeping secrets out of messages: URLs without credentials, known secrets masked.

Shared by the settings (which name the LLM address in an error) and the generators
(whose failures are shown to users and logged).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"<>]+")
MASK = "***"
_MIN_SECRET_CHARS = 4  # shorter "secrets" (placeholders like "EMPTY" aside) would mask ordinary words


def safe_url(url: str) -> str:
    """`scheme://host[:port]/path` of `url`: no user, password, query string or fragment."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return MASK
    if port:
        host = f"{host}:{port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def scrub(text: str, secrets: Iterable[str | None] = ()) -> str:
    """`text` with every URL made safe and every given secret masked."""
    text = _URL.sub(lambda match: safe_url(match.group(0)), text)
    for secret in secrets:
        if secret and len(secret) >= _MIN_SECRET_CHARS:
            text = text.replace(secret, MASK)
    return text
