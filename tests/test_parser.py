"""The table-driven parser against Lark's own LALR parser of the same grammar."""

import json
from pathlib import Path

import lark
import pytest
from hypothesis import given, settings
from lark import Lark
from lark import Token as LarkToken
from lark import Tree as LarkTree
from lark.exceptions import UnexpectedInput

from kscript.core.resources import grammar_path
from kscript.language import parser as parser_module
from kscript.language.parser import CACHED, SHIPPED, Parser, Token, Tree, build_tables, get_parser, load_tables, module_text, well_formed
from kscript.language.source import load
from tests.helpers import EXAMPLES
from tests.test_properties import SCRIPTS

GRAMMAR = open(grammar_path(), encoding="utf-8").read()
LARK = Lark(GRAMMAR, parser="lalr", lexer="contextual")


def shape(node):
    if isinstance(node, (Tree, LarkTree)):
        return (node.data, [shape(c) for c in node.children])
    return (node.type, str(node.value), node.line)


def both(text: str):
    ours_errors, lark_errors = [], []

    def ours_on_error(e):
        ours_errors.append((e.token.type, e.token.line))
        return True

    def lark_on_error(e):
        token = e.token
        lark_errors.append((token.type, token.line))
        return True

    ours = get_parser().parse(text, on_error=ours_on_error)
    try:
        theirs = LARK.parse(text, on_error=lark_on_error)
    except UnexpectedInput:
        theirs = None
    return ours, theirs, ours_errors, lark_errors


def test_examples_parse_exactly_as_lark_parses_them():
    for path in EXAMPLES.glob("*.kscript"):
        text = load(str(path), path.read_text()).text
        ours, theirs, oe, le = both(text)
        assert oe == le == []
        assert shape(ours) == shape(theirs)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(SCRIPTS)
def test_any_text_parses_as_lark_parses_it(raw):
    text = load("t", raw).text
    ours, theirs, ours_errors, lark_errors = both(text)
    assert ours_errors == lark_errors
    if theirs is not None:
        assert shape(ours) == shape(theirs)


def test_the_package_ships_the_tables_of_its_grammar():
    """kscript/language/lalr_tables.py holds Lark's tables of grammar/kscript.lark: after
    an edit of the grammar, `python -m kscript.language.parser` writes them again."""
    from kscript.language.lalr_tables import TABLES as shipped

    assert shipped["grammar"] == GRAMMAR, "the grammar changed: run `python -m kscript.language.parser`"
    assert well_formed(shipped, GRAMMAR)
    if shipped["lark"] == lark.__version__:  # another Lark may number its states otherwise
        assert shipped == build_tables(GRAMMAR), "run `python -m kscript.language.parser`"
    assert Path(SHIPPED).read_text(encoding="utf-8") == module_text(shipped)


def test_an_ordinary_run_uses_the_shipped_tables_and_writes_no_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KSCRIPT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(parser_module, "build_tables", lambda grammar: pytest.fail("Lark was asked for tables the package ships"))
    assert load_tables()["grammar"] == GRAMMAR
    assert not (tmp_path / "cache").exists()


def test_another_grammar_gets_its_own_tables_cached_as_data_and_checked(tmp_path, monkeypatch):
    """A grammar being edited is not the one the shipped tables were made from: Lark
    computes its tables once, the cache keeps them as JSON, and a cached copy that is
    damaged, of another grammar or of the wrong shape is computed again, never used."""
    edited = GRAMMAR + "\n// an edit\n"
    grammar = tmp_path / "kscript.lark"
    grammar.write_text(edited, encoding="utf-8")
    monkeypatch.setattr(parser_module, "grammar_path", lambda: str(grammar))
    cache = tmp_path / "cache"
    monkeypatch.setenv("KSCRIPT_CACHE_DIR", str(cache))
    first = load_tables()
    assert first["grammar"] == edited
    stored = cache / CACHED
    assert sorted(p.name for p in cache.iterdir()) == [CACHED]
    assert cache.stat().st_mode & 0o777 == 0o700 and stored.stat().st_mode & 0o777 == 0o600
    assert json.loads(stored.read_text(encoding="utf-8")) == first
    real_build = parser_module.build_tables
    monkeypatch.setattr(parser_module, "build_tables", lambda g: pytest.fail("a good cached copy was not used"))
    assert load_tables() == first
    monkeypatch.setattr(parser_module, "build_tables", real_build)
    text = (EXAMPLES / "heist.kscript").read_text()
    wrong_shift = json.loads(stored.read_text(encoding="utf-8"))
    wrong_shift["states"][0] = {name: [0, 10**6] for name in wrong_shift["states"][0]}
    wrong_rule = json.loads(stored.read_text(encoding="utf-8"))
    wrong_rule["rules"][0] = ["start", -1]
    others = json.loads(stored.read_text(encoding="utf-8"))
    others["grammar"] = GRAMMAR
    bad_regex = json.loads(stored.read_text(encoding="utf-8"))
    bad_regex["terminals"][0][1] = "(unclosed"
    for junk in (b"", b"not json", b"[]", b"{}", b"\x80\x04\x95", *(json.dumps(t).encode() for t in (wrong_shift, wrong_rule, others, bad_regex))):
        stored.write_bytes(junk)
        rebuilt = load_tables()
        assert rebuilt == first
        assert shape(Parser(rebuilt).parse(text)) == shape(get_parser().parse(text))
        assert json.loads(stored.read_text(encoding="utf-8")) == first  # and stored again


def test_parser_from_fresh_tables_accepts_a_script():
    parser = Parser(build_tables(GRAMMAR))
    tree = parser.parse("INT. A - DAY\n\nSHOT 4s\nRain.\n")
    assert tree.data == "start" and tree.children[0].data == "scene"
    assert isinstance(tree.children[0].children[0], Token)
    assert not isinstance(tree.children[0].children[0], LarkToken)
