"""Compiling a script into API requests, one per scene."""
