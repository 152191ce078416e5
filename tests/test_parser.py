"""The table-driven parser against Lark's own LALR parser of the same grammar."""

import pytest
from hypothesis import given, settings
from lark import Lark
from lark import Token as LarkToken
from lark import Tree as LarkTree
from lark.exceptions import UnexpectedInput

from kscript.core.resources import grammar_path
from kscript.language.parser import Parser, Token, Tree, build_tables, get_parser, load_tables
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


def test_tables_are_cached_and_rebuilt_when_the_grammar_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("KSCRIPT_CACHE_DIR", str(tmp_path))
    first = load_tables()
    assert first["grammar"] == GRAMMAR
    cached = list(tmp_path.iterdir())
    assert len(cached) == 1
    assert load_tables()["states"] == first["states"]  # read back from the cache
    cached[0].write_bytes(b"not marshal")
    rebuilt = load_tables()  # a broken cache is rebuilt, not fatal
    text = (EXAMPLES / "heist.kscript").read_text()
    assert shape(Parser(rebuilt).parse(text)) == shape(Parser(first).parse(text))


def test_parser_from_fresh_tables_accepts_a_script():
    parser = Parser(build_tables(GRAMMAR))
    tree = parser.parse("INT. A - DAY\n\nSHOT 4s\nRain.\n")
    assert tree.data == "start" and tree.children[0].data == "scene"
    assert isinstance(tree.children[0].children[0], Token)
    assert not isinstance(tree.children[0].children[0], LarkToken)
