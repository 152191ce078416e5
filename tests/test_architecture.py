"""The package's shape: floors that import only downwards, no import cycles, and only
the command line imports click.

The floors, bottom to top (a folder of kscript/ is a room; a room may import its
own modules, any room on a floor below, and the few sideways doors listed in
SIDEWAYS, each with its reason):

    core                              the vocabulary: Diagnostic, spans, lines, words, cache
    language, payload                 reading scripts; reading request payloads
    models, assets                    what each Kling model takes; local files and their limits
    compiler                          scripts to requests
    check                             the rules and the one checker
    formatter, importer, formats      fmt; import; how diagnostics are printed
    oxen, film, lsp                   the API; storyboard and film; the editor
    cli, api                          the command line; the Python API (kscript/__init__.py)

The import graph is built from the source (the AST), every `import` counted
wherever it stands, function-level (lazy) imports included, because a cycle
through a lazy import is still a cycle of meaning: two modules that each need
the other. Two kinds of edge are left out, for reasons:

- imports under `if TYPE_CHECKING:` never run; they only name types for the
  type checker (diagnostics.py and fixes.py name each other's classes);
- a module's implicit import of its parent package (`kscript.check.rules.ks204_x`
  runs `kscript/check/rules/__init__.py` first) is Python's mechanics, not a
  dependency the module chose. The registry's own loading of the rule modules
  (importlib, by file name) is counted: it is an edge from the registry to
  every rule module.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

from tests.helpers import ROOT

PACKAGE = ROOT / "kscript"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, name: str, is_package: bool) -> set[str]:
    found: set[str] = set()

    def resolve(target: str) -> str | None:
        # The longest known module that `target` names (a name imported from a module is not a module).
        while target and target not in MODULES:
            target = target.rpartition(".")[0]
        return target or None

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("kscript"):
                    found.add(resolve(alias.name) or alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            if stem.startswith("kscript"):
                for alias in node.names:
                    target = resolve(f"{stem}.{alias.name}") or resolve(stem)
                    if target:
                        found.add(target)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    found.discard(name)
    return found


@functools.cache
def parsed(path: Path) -> ast.Module:
    """A module's syntax tree, parsed once for all the tests (they only read it)."""
    return ast.parse(path.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _graph() -> dict[str, frozenset[str]]:
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        graph[name] = _imports(parsed(path), name, path.name == "__init__.py")
    # The registry imports every rule module by file name (importlib).
    graph["kscript.check.rules"] |= {n for n in MODULES if n.startswith("kscript.check.rules.ks")}
    return {name: frozenset(found) for name, found in graph.items()}


def import_graph() -> dict[str, set[str]]:
    """Which kscript modules each one imports (a copy each call: a test may change it)."""
    return {name: set(found) for name, found in _graph().items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected component that has one (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def connect(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    import sys

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


FLOORS: list[tuple[str, ...]] = [
    ("core",),
    ("language", "payload"),
    ("models", "assets"),
    ("compiler",),
    ("check",),
    ("formatter", "importer", "formats"),
    ("oxen", "film", "lsp"),
    ("cli", "api"),
]
SIDEWAYS = {
    # The film is cut from the videos the journal recorded, fetched as submit fetches them.
    ("film", "oxen"),
}
FLOOR = {room: n for n, rooms in enumerate(FLOORS) for room in rooms}


def room_of(module: str) -> str:
    """The room a module stands in: its folder under kscript/, "api" for the package
    itself, "cli" for `python -m kscript` (kscript/__main__.py)."""
    parts = module.split(".")
    if len(parts) == 1:
        return "api"
    return "cli" if parts[1] == "__main__" else parts[1]


def climbing(graph: dict[str, set[str]]) -> list[str]:
    """Every import that goes up a floor, or sideways through no listed door."""
    found = []
    for module, targets in sorted(graph.items()):
        here = room_of(module)
        for target in sorted(targets):
            there = room_of(target)
            if there == here or (here, there) in SIDEWAYS:
                continue
            if FLOOR[there] >= FLOOR[here]:
                found.append(f"{module} ({here}, floor {FLOOR[here]}) imports {target} ({there}, floor {FLOOR[there]})")
    return found


def test_every_room_has_a_floor():
    rooms = {room_of(name) for name in MODULES}
    assert rooms == set(FLOOR), "a new folder under kscript/ needs its floor in FLOORS"


def test_the_readme_draws_the_same_floors():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    drawn = readme.split("## How the code is laid out", 1)[1].split("```", 2)[1].strip("\n").splitlines()
    assert [tuple(line.split("  ")[0].split(", ")) for line in reversed(drawn)] == FLOORS


def test_imports_point_down():
    assert climbing(import_graph()) == []


def test_the_floors_catch_a_climbing_import():
    assert climbing({"kscript.language.build": {"kscript.check.rules.ks001_syntax"}}) == [
        "kscript.language.build (language, floor 1) imports kscript.check.rules.ks001_syntax (check, floor 4)"
    ]
    assert climbing({"kscript.payload.read": {"kscript.language.source"}}) != []  # sideways, no door
    assert climbing({"kscript.film.videos": {"kscript.oxen.journal"}, "kscript.cli.main": {"kscript.core.version"}}) == []


def test_the_graph_sees_the_imports_it_should():
    graph = import_graph()
    assert "kscript.core.diagnostics" in graph["kscript.check.runner"]
    assert "kscript.language.document" in graph["kscript"]  # a lazy, function-level import
    assert "kscript.check.rules.ks204_default_duration" in graph["kscript.check.rules"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_kscript_has_no_import_cycle():
    assert cycles(import_graph()) == []


def test_only_the_command_line_imports_click():
    offenders = []
    for name, path in MODULES.items():
        if name.startswith("kscript.cli"):
            continue
        for node in ast.walk(parsed(path)):
            if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "click" for a in node.names):
                offenders.append(name)
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "click":
                offenders.append(name)
    assert offenders == []
