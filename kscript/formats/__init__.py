"""Output formats for diagnostics: text, concise, json, github, sarif."""

from __future__ import annotations

FORMATS = ("text", "concise", "json", "github", "sarif")
