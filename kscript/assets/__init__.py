"""The writer's own files: local images and videos a script names, their addresses in an
Oxen repository, and the last frames that chained scenes start from (ASSETS.md)."""
