"""`kscript fmt`: the canonical layout of a script (canonical.py), and the file edge (files.py)."""

from kscript.formatter.canonical import Formatted, format_script, format_text

__all__ = ["Formatted", "format_script", "format_text"]
