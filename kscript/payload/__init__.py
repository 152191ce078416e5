"""Request payloads as files: reading JSON, JSON lines and YAML with positions and limits.

Shared by the linter (kscript/check/payload.py) and `kscript import`
(kscript/importer/read.py); it knows nothing of the rules.
"""
