"""`kscript import`: request payloads (JSON, JSONL, YAML) turned into a script that compiles back to them."""
