"""The `kscript` command: a thin shell that parses options, calls the library and prints."""
