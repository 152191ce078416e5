"""kscript: write AI video as a screenplay, compile it to Kling video requests.

The Python API (docs/PYTHON.md): pure functions of a script's text.

    import kscript

    parsed = kscript.parse(text)                 # lines as written, model, syntax errors
    problems = kscript.lint(text)                # list[kscript.Diagnostic]
    requests = kscript.compile(text)             # list[dict], or raises kscript.ScriptError
    tidy = kscript.format(text)                  # the canonical layout
    repaired = kscript.fix(text)                 # the safe fixes applied

`import kscript` loads nothing but this file: every function imports what it
needs when called, so the command line (which imports this package first)
starts fast, and so do programs that only need part of it. None of these
calls loads click, httpx, jsonschema, ruamel.yaml or lark (linting a payload
file, `path` ending in .json or .yaml, needs the schema and YAML readers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

    from kscript.check.config import Config
    from kscript.core.diagnostics import Diagnostic
    from kscript.language.document import Parsed

__all__ = ["Diagnostic", "Parsed", "ScriptError", "compile", "fix", "format", "lint", "parse"]


class ScriptError(ValueError):
    """A script that cannot be compiled: `.diagnostics` lists its errors (code, line, column, message)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        first = diagnostics[0] if diagnostics else None
        if first is None or first.severity != "error":
            message = "the script has no scene"
        else:
            where = f"{first.path}:{first.line}:{first.column}"
            more = len(diagnostics) - 1
            message = f"{where}: error[{first.code}] {first.message}" + (f" (and {more} more)" if more else "")
        super().__init__(message)


def parse(text: str, path: str | None = None) -> Parsed:
    """Read a script: its lines as written, the model, and the syntax errors (KS001, KS002)."""
    from kscript.language.document import parse as parse_text

    return parse_text(text, path or "<string>")


def lint(text: str, path: str | None = None, config: Config | Mapping[str, Any] | None = None) -> list[Diagnostic]:
    """Every diagnostic of `text`, sorted by position.

    `path` names the file in diagnostics, decides between a script and a
    payload file (`.json`, `.yaml`, `.yml`) and matches `per-file-ignores`.
    `config` is a `kscript.check.config.Config` or a mapping with the keys of
    kscript.toml (`select`, `ignore`, `per-file-ignores`, `image-count`, ...);
    without one, every rule runs with its defaults. No file is read.
    """
    from kscript.check.runner import lint_path

    cfg = _config(config)
    name = path or "<string>"
    return lint_path(name, cfg, text=text).diagnostics


def compile(text: str, path: str | None = None) -> list[dict[str, Any]]:  # noqa: A001 - the API's word
    """The request of every scene, in order (LANGUAGE.md section 6).

    Raises ScriptError, whose `.diagnostics` lists the errors, when any error is
    left (or the script has no scene); warnings do not stop it.
    """
    from kscript.check.runner import check_script

    result = check_script(path or "<string>", text)
    errors = [d for d in result.diagnostics if d.severity == "error"]
    if errors:
        raise ScriptError(sorted(errors, key=lambda d: d.sort_key()))
    if not result.compiled:
        raise ScriptError([d for d in result.diagnostics if d.code == "KS007"])
    return [scene.request for scene in result.compiled]


def format(text: str) -> str:  # noqa: A001 - the API's word
    """`text` in the canonical layout (docs/LANGUAGE.md section 10); a script with
    a syntax error (KS001, KS002) comes back unchanged."""
    from kscript.formatter import format_text

    return format_text(text)


def fix(text: str, unsafe: bool = False, path: str | None = None) -> str:
    """`text` with every safe fix applied, re-linted and fixed again until none
    is left (bounded); with `unsafe=True`, the unsafe fixes too (they change
    what is sent: a guess at what was meant)."""
    from kscript.check.fixes import fix_text

    return fix_text(text, lambda t: lint(t, path), unsafe=unsafe).text


def _config(config: Config | Mapping[str, Any] | None) -> Config:
    from kscript.check.config import Config, from_mapping

    if config is None:
        return Config()
    if isinstance(config, Config):
        return config
    return from_mapping(dict(config), "<config>")


def __getattr__(name: str) -> Any:
    # The data classes and the version, loaded on first use so that `import kscript` stays cheap.
    if name == "__version__":
        from kscript.core.version import __version__

        return __version__
    if name == "Diagnostic":
        from kscript.core.diagnostics import Diagnostic

        return Diagnostic
    if name == "Parsed":
        from kscript.language.document import Parsed

        return Parsed
    raise AttributeError(f"module 'kscript' has no attribute {name!r}")
