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


@settings(max_examples=300, deadline=None)
@given(STATUS, BODIES, st.sampled_from(["enqueue", "generate", "generation", "queue", "cancel", "model"]))
def test_client_never_raises_anything_but_api_error(status, body, call):
    client = Client("https://hub.example", "k", transport=httpx.MockTransport(lambda r: httpx.Response(status, content=body)), sleep=lambda s: None, attempts=2)
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
        elif call == "cancel":
            client.cancel("g")
        else:
            client.model("m")
    except ApiError as exc:
        assert exc.message and "Traceback" not in exc.message
        assert exc.exit_code in (1, 2, 3)
