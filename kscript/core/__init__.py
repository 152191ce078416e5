"""The ground floor: the vocabulary every other floor speaks, and nothing of kscript's own.

Diagnostics and their severities, spans and line tables, the words messages are
made of (`counted`, `did_you_mean`), the version, and the few services every
floor uses (the cache folder, atomic file replacement, the shipped resources).
Nothing here imports anything of kscript outside this folder; the floors above
are drawn in tests/test_architecture.py.
"""
