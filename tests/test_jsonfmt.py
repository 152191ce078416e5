"""The fast indented JSON writer says exactly what json.dumps(indent=2) says."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from kscript.jsonfmt import indented

KEYS = st.one_of(st.text(max_size=8), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False, allow_infinity=False))
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=4),
    max_leaves=25,
)


@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_same_text_as_the_standard_library(value):
    assert indented(value) == json.dumps(value, indent=2, ensure_ascii=False)
