"""What counts as an image URL in version 1: `https://` (or `http://`) with a host."""

from __future__ import annotations

from urllib.parse import urlsplit


def url_problem(url: str) -> str | None:
    """Why `url` is not a valid image URL, or None."""
    if not url:
        return "no URL is given"
    if any(c.isspace() for c in url):
        return "a URL cannot contain spaces"
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        return "this URL cannot be read"
    if parts.scheme.lower() not in ("http", "https"):
        if not parts.scheme or len(parts.scheme) == 1:
            return "local paths are not taken: the API fetches images itself, so give an `https://` URL"
        return f"`{parts.scheme}:` URLs are not taken: give an `https://` URL"
    if not host:
        return "the URL has no host"
    return None


def is_http(url: str) -> bool:
    return url.lower().startswith("http://")
