"""Fountain's emphasis pairing: the one-pass pairing is exactly the patterns that define it, and stays linear."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kscript.compiler.markup import STARS, UNDERLINE, star_pairs, underline_pairs, unmark

MARKUP = st.text(alphabet="**__ a.\\\n\t@é", max_size=40)


def _without(text: str, spans) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + text[end:]
    return text


@pytest.mark.slow
@settings(max_examples=3000, deadline=None)
@given(MARKUP)
def test_the_pairing_is_the_patterns(text):
    stars = _without(text, [s for o, k, c in star_pairs(text) for s in ((o, o + k), (c, c + k))])
    assert stars == STARS.sub(lambda m: m.group(2), text)
    underlined = _without(text, [s for o, c in underline_pairs(text) for s in ((o, o + 1), (c, c + 1))])
    assert underlined == UNDERLINE.sub(lambda m: m.group(1), text)


def test_unmark_as_documented():
    assert unmark("*italic*, **bold**, ***both*** and _underline_") == "italic, bold, both and underline"
    assert unmark("\\*literal\\* @tram_depot snake_case 2 * 3 *stray") == "*literal* @tram_depot snake_case 2 * 3 *stray"


def test_a_line_of_unpaired_markers_is_read_in_linear_time():
    # The patterns' lazy search scans to the line's end for every opener: 50,000 of them took minutes.
    line = "word *a_ " * 50_000
    started = time.perf_counter()
    assert unmark(line) == line
    assert time.perf_counter() - started < 10
