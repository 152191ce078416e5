"""The test server itself speaks the documented protocol (checked with plain httpx,
not kscript's client), so that the end-to-end tests test kscript, not a toy."""

import json
import threading

import httpx

from tests.conftest import KEY
from tests.oxen_server import VIDEO, Fault

AUTH = {"Authorization": f"Bearer {KEY}"}
BODY = {"model": "kling-video-o3-pro-reference-to-video", "prompt": "Rain.", "duration": 4}


def enqueue(server, **extra):
    answer = httpx.post(server.base_url + "/api/ai/queue", json={**BODY, **extra}, headers=AUTH)
    assert answer.status_code == 200, answer.text
    return [g["generation_id"] for g in answer.json()["generations"]]


def read_events(server, wanted: int, into: list, ready: threading.Event) -> None:
    with httpx.stream("GET", server.base_url + "/api/events", headers=AUTH, timeout=10) as response:
        into.append(("status", response.status_code, response.headers["content-type"]))
        ready.set()
        event = None
        for line in response.iter_lines():
            if line.startswith(":"):
                into.append(("comment", line))
            elif line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:"):
                into.append((event, json.loads(line.split(":", 1)[1])))
                if sum(1 for x in into if x[0] == "media_generation_completed") == wanted:
                    return


def test_events_are_server_sent_for_listeners_only_and_never_for_cancelled(server):
    server.keepalive = 0.05
    early = enqueue(server)[0]
    server.finish(early)  # nobody listens yet: lost, as documented
    got: list = []
    ready = threading.Event()
    reader = threading.Thread(target=read_events, args=(server, 2, got, ready))
    reader.start()
    assert ready.wait(5)
    ok, bad, gone = enqueue(server, num_generations=3)
    httpx.delete(f"{server.base_url}/api/ai/queue/{gone}", headers=AUTH)
    server.finish(bad, "failed", "Prompt flagged")
    threading.Event().wait(0.2)  # a keep-alive or two
    server.finish(ok)
    reader.join(5)
    assert got[0] == ("status", 200, "text/event-stream")
    events = [x[1] for x in got if x[0] == "media_generation_completed"]
    assert [e["generation_id"] for e in events] == [bad, ok]
    assert events[0]["status"] == "failed" and events[0]["error"] == "Prompt flagged"
    assert events[1]["status"] == "succeeded" and events[1]["url"].startswith("http://localhost:")
    assert events[1]["media_type"] == "video" and events[1]["model"] == BODY["model"]
    assert ("comment", ": keep-alive") in got
    assert server.count("events") == 1


def test_events_can_be_refused(server):
    server.events_enabled = False
    assert httpx.get(server.base_url + "/api/events", headers=AUTH).status_code == 404
    server.events_enabled = True
    server.fault("events", Fault("status", 500))
    assert httpx.get(server.base_url + "/api/events", headers=AUTH).status_code == 500
    with httpx.stream("GET", server.base_url + "/api/events", headers={"Authorization": "Bearer wrong"}) as r:
        assert r.status_code == 401


def test_queue_list_filters_and_history(server):
    server.polls_queued = 100  # b stays queued while it is looked at
    a = enqueue(server)[0]
    b = enqueue(server, model="kling-video-o3-omni", target_namespace="team")[0]
    server.finish(a)
    listed = httpx.get(server.base_url + "/api/ai/queue", headers=AUTH).json()["generations"]
    assert [g["generation_id"] for g in listed] == [b]
    assert httpx.get(server.base_url + "/api/ai/queue", params={"namespace": "nobody"}, headers=AUTH).json() == {"generations": []}
    assert [g["generation_id"] for g in httpx.get(server.base_url + "/api/ai/queue", params={"status": "succeeded"}, headers=AUTH).json()["generations"]] == [a]
    assert httpx.get(server.base_url + "/api/ai/queue", params={"model": "kling-video-o3-omni", "media_type": "video"}, headers=AUTH).json()["generations"][0]["generation_id"] == b
    history = httpx.get(server.base_url + "/api/ai/generations", params={"page_size": 1}, headers=AUTH).json()
    assert history["total_entries"] == 2 and history["total_pages"] == 2 and history["count"] == 1
    assert history["generations"][0]["generation_id"] == b  # newest first
    second = httpx.get(server.base_url + "/api/ai/generations", params={"page": 2, "page_size": 1}, headers=AUTH).json()["generations"][0]
    assert second["generation_id"] == a and second["cost"] == "0.896" and second["duration"] == 4 and second["prompt"] == "Rain."
    assert history["total_cost"] == "0.896"
    one = httpx.get(f"{server.base_url}/api/ai/generations/{a}", headers=AUTH).json()
    assert one["status"] == "success" and one["status_message"] == "resource_found" and one["generation"]["cost"] == "0.896"
    assert httpx.get(f"{server.base_url}/api/ai/generations/nope", headers=AUTH).status_code == 404
    assert server.count("list") == 4 and server.count("history") == 2 and server.count("history_get") == 2


def test_downloads_honour_ranges_unless_told_not_to(server):
    url = server.file_url("g")
    part = httpx.get(url, headers={"Range": "bytes=100-"})
    assert part.status_code == 206 and part.content == VIDEO[100:]
    assert part.headers["content-range"] == f"bytes 100-{len(VIDEO) - 1}/{len(VIDEO)}"
    server.ranges = False
    whole = httpx.get(url, headers={"Range": "bytes=100-"})
    assert whole.status_code == 200 and whole.content == VIDEO


def test_expired_urls_stay_expired_and_fresh_ones_work(server):
    gid = enqueue(server)[0]
    server.finish(gid)
    old = httpx.get(f"{server.base_url}/api/ai/queue/{gid}", headers=AUTH).json()["result_url"]
    server.fault("download", Fault("expire"))
    assert httpx.get(old).status_code == 403
    assert httpx.get(old).status_code == 403
    fresh = httpx.get(f"{server.base_url}/api/ai/queue/{gid}", headers=AUTH).json()["result_url"]
    assert fresh != old and httpx.get(fresh).content == VIDEO


def test_hostile_answers(server):
    server.polls_queued = 100
    server.fault("get", Fault("echo"))
    echoed = httpx.get(server.base_url + "/api/ai/queue/x", headers=AUTH)
    assert echoed.status_code == 500 and KEY in echoed.text
    server.fault("list", Fault("status", 200, body="<html>maintenance</html>"))
    html = httpx.get(server.base_url + "/api/ai/queue", headers=AUTH)
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    server.make_id = lambda: "../../evil"
    assert enqueue(server) == ["../../evil"]
    assert httpx.get(server.base_url + "/api/ai/queue/..%2F..%2Fevil", headers=AUTH).json()["generation_id"] == "../../evil"
    server.status_alias = {"queued": ["queued"]}
    assert httpx.get(server.base_url + "/api/ai/queue/..%2F..%2Fevil", headers=AUTH).json()["status"] == ["queued"]
    server.fault("download", Fault("endless"))
    received = 0
    with httpx.stream("GET", server.file_url("x")) as response:
        assert "content-length" not in response.headers
        for chunk in response.iter_bytes():
            received += len(chunk)
            if received > 1 << 20:
                break
    assert received > 1 << 20


def test_a_generations_video_is_a_real_mp4_by_default(server):
    import io

    import av

    gid = enqueue(server)[0]
    server.finish(gid)
    url = httpx.get(f"{server.base_url}/api/ai/queue/{gid}", headers=AUTH).json()["result_url"]
    with av.open(io.BytesIO(httpx.get(url).content)) as container:
        frames = list(container.decode(video=0))
    assert frames and (frames[-1].width, frames[-1].height) == (480, 320)  # a last frame a chained scene can start from
