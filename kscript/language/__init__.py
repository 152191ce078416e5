"""The language: reading a script, parsing it, and the data model every pass shares."""
