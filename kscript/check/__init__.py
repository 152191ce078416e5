"""Checking: the rule runner, diagnostics, configuration, payload files and the rules."""
