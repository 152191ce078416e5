"""Whatever the API answers (any status, any body), the client returns or raises ApiError."""

import json

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from kscript.oxen.api import ApiError, Client

BODIES = st.one_of(
    st.binary(max_size=60),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=12),
        lambda c: st.lists(c, max_size=3) | st.dictionaries(st.sampled_from(["error", "detail", "message", "generations", "generation_id", "status", "videos", "title", "type"]), c, max_size=4),
        max_leaves=12,
    ).map(lambda v: json.dumps(v).encode()),
)
STATUS = st.sampled_from([200, 201, 204, 400, 401, 402, 403, 404, 409, 422, 429, 500, 502, 503])


RETRY_AFTER = st.none() | st.sampled_from(["0", "7", "100000", "inf", "-inf", "nan", "1e999", "soon", "", "Wed, 21 Oct 2015 07:28:00 GMT", "Mon, 99 Foo"])


@settings(max_examples=300, deadline=None)
@given(STATUS, BODIES, st.sampled_from(["enqueue", "generate", "generation", "queue", "in_flight", "cancel", "model"]), RETRY_AFTER)
def test_client_never_raises_anything_but_api_error(status, body, call, retry_after):
    headers = {} if retry_after is None else {"Retry-After": retry_after}
    slept: list[float] = []
    client = Client(
        "https://hub.example", "k", transport=httpx.MockTransport(lambda r: httpx.Response(status, content=body, headers=headers)),
        sleep=slept.append, attempts=2,
    )
    request = {"model": "m", "prompt": "x"}
    try:
        if call == "enqueue":
            result = client.enqueue(request, attempts=2)
            assert all(isinstance(g["generation_id"], str) for g in result)
        elif call == "generate":
            assert isinstance(client.generate(request)["videos"], list)
        elif call == "generation":
            assert "status" in client.generation("g")
        elif call == "queue":
            assert isinstance(client.queue(), list)
        elif call == "in_flight":
            assert all(isinstance(row["generation_id"], str) for row in client.in_flight())
        elif call == "cancel":
            client.cancel("g")
        else:
            client.model("m")
    except ApiError as exc:
        assert exc.message and "Traceback" not in exc.message
        assert exc.exit_code in (1, 2, 3)
    assert all(0 <= s <= 120 for s in slept)  # Retry-After is capped, never infinite or negative


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=30))
def test_any_event_stream_text_reads_without_error(lines):
    from kscript.oxen.events import completion, parse

    for kind, data in parse(lines):
        assert isinstance(kind, str) and isinstance(data, str)
        event = completion(data)
        assert event is None or isinstance(event.generation_id, str)


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=12), lambda c: st.lists(c, max_size=3), max_leaves=5))
def test_any_status_value_is_a_known_status_or_none(value):
    from kscript.oxen.api import IN_FLIGHT, TERMINAL, normal_status

    assert normal_status(value) in (None, *IN_FLIGHT, *TERMINAL)
