"""The event stream client: the SSE reading rules, and EventStream against the local server
(subscribe, completions, a cut stream reopened, a refused one reported)."""

import queue
import time

from kscript.oxen.api import Client
from kscript.oxen.events import Completion, Dropped, EventStream, Reconnected, completion, parse
from tests.conftest import KEY
from tests.oxen_server import Fault

BODY = {"model": "kling-video-o3-pro-reference-to-video", "prompt": "Rain.", "duration": 4}


def test_parse_follows_the_sse_rules():
    lines = [": keep-alive", "", "event: media_generation_completed", "data: {\"a\":", "data: 1}", "id: 7", "",
             "data:plain", "", "retry: 5", "event: x", ""]
    assert list(parse(lines)) == [("media_generation_completed", '{"a":\n1}'), ("message", "plain")]


def test_completion_keeps_only_usable_events():
    assert completion("not json") is None
    assert completion('{"status": "succeeded"}') is None
    event = completion('{"generation_id": "g", "status": "SUCCEEDED", "url": "https://x/v.mp4", "error": null}')
    assert event == Completion("g", "SUCCEEDED", "https://x/v.mp4", None)
    assert completion('{"generation_id": "g", "status": ["x"], "error": {"code": 1}}').error == '{"code": 1}'


def drain(inbox: queue.Queue, until, seconds: float = 5.0) -> list:
    items = []
    while not any(until(i) for i in items):
        items.append(inbox.get(timeout=seconds))
    return items


def test_event_stream_delivers_reconnects_and_reports(server):
    client = Client(server.base_url, KEY)
    server.fault("events", Fault("cut", count=1))  # the first connection carries one event, then drops
    stream = EventStream(client, stall=5, retry_base=0.01, retry_cap=0.05)
    assert stream.open() and stream.connected
    first, second = [g["generation_id"] for g in client.enqueue({**BODY, "num_generations": 2})]
    server.finish(first)
    items = drain(stream.inbox, lambda i: isinstance(i, Reconnected))
    assert isinstance(items[0], Completion) and items[0].generation_id == first and items[0].url
    assert any(isinstance(i, Dropped) and i.was_up for i in items)
    server.emit_raw("event: media_generation_completed\ndata: {broken\n\n")  # ignored
    server.finish(second, "failed", "Prompt flagged")
    (event,) = [i for i in drain(stream.inbox, lambda i: isinstance(i, Completion)) if isinstance(i, Completion)]
    assert (event.generation_id, event.status, event.error) == (second, "failed", "Prompt flagged")
    stream.close()
    assert server.count("events") == 2


def test_a_refused_stream_is_reported_not_raised(server):
    server.events_enabled = False
    stream = EventStream(Client(server.base_url, KEY), retry_base=0.01, retry_cap=0.05)
    assert stream.open() is False
    dropped = stream.inbox.get(timeout=5)
    assert isinstance(dropped, Dropped) and dropped.reason == "the event stream was refused (HTTP 404)" and not dropped.was_up
    stream.close()


def test_closing_an_idle_stream_returns_at_once(server):
    # The reading thread is blocked in the socket until the next keep-alive (15 s): close() must
    # wake it rather than wait out its join (a second at the end of every `submit --wait`).
    stream = EventStream(Client(server.base_url, KEY))
    assert stream.open()
    time.sleep(0.1)  # the thread is reading the idle stream
    started = time.monotonic()
    stream.close()
    assert time.monotonic() - started < 0.5
    assert not stream._thread.is_alive()
