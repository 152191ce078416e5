"""What counts as an image URL in version 1: `https://` (or `http://`) with a host.

A small reader of its own: urllib.parse (and the ipaddress module it loads)
would add to every start-up for one question.
"""

from __future__ import annotations

import re

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_AUTHORITY = re.compile(r"(?:[^@/?#]*@)?(\[[0-9A-Fa-f:.]+\]|[^:/?#\[\]@]*)(?::(\d*))?\Z")


def url_problem(url: str) -> str | None:
    """Why `url` is not a valid image URL, or None."""
    if not url:
        return "no URL is given"
    if any(c.isspace() for c in url):
        return "a URL cannot contain spaces"
    scheme = _SCHEME.match(url)
    if scheme is None or len(scheme.group(1)) == 1:  # `C:` is a drive, not a scheme
        return "local paths are not taken: the API fetches images itself, so give an `https://` URL"
    name = scheme.group(1).lower()
    if name not in ("http", "https"):
        return f"`{scheme.group(1)}:` URLs are not taken: give an `https://` URL"
    rest = url[scheme.end() :]
    if not rest.startswith("//"):
        return "the URL has no host: write it as `https://host/path`"
    authority = re.split(r"[/?#]", rest[2:], maxsplit=1)[0]
    match = _AUTHORITY.match(authority)
    if match is None:
        return "this URL cannot be read"
    if not match.group(1):
        return "the URL has no host"
    port = match.group(2)
    if port and int(port) > 65535:
        return f"port {port} is out of range"
    return None


def is_http(url: str) -> bool:
    return url.lower().startswith("http://")
