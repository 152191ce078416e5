"""kscript's version: one place, read by the packaging (pyproject.toml) and by every floor."""

__version__ = "0.1.0"
