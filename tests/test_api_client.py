"""The API client against the local server: error shapes, retries, enqueue safety, downloads."""

import httpx
import pytest

from kscript.oxen.api import ApiError, Client, error_text
from kscript.oxen.video_transfer import Target, save_url
from tests.conftest import KEY
from tests.oxen_server import Fault

BODY = {"model": "kling-video-o3-pro-reference-to-video", "prompt": "Rain.", "duration": 4}


def client(server, key=KEY):
    return Client(server.base_url, key, sleep=lambda s: None)


def test_enqueue_then_poll_to_success(server):
    c = client(server)
    (g,) = c.enqueue(BODY)
    assert g["status"] == "queued"
    states = [c.generation(g["generation_id"])["status"] for _ in range(3)]
    assert states == ["queued", "processing", "succeeded"]
    assert server.requests_to("POST", "/api/ai/queue")[0][2] == f"Bearer {KEY}"


def test_user_agent_names_kscript(server):
    seen = {}

    def handler(request):
        seen["ua"] = request.headers["User-Agent"]
        return httpx.Response(200, json={"status": "queued"})

    Client("https://hub.example", "k", transport=httpx.MockTransport(handler)).generation("x")
    assert seen["ua"].startswith("kscript/")


def test_wrong_key_is_exit_3(server):
    with pytest.raises(ApiError) as exc:
        client(server, "wrong").enqueue(BODY)
    assert exc.value.exit_code == 3 and "refused the key" in exc.value.message
    assert "Invalid or missing API key" in exc.value.message


def test_both_error_shapes_are_read():
    shaped = httpx.Response(400, json={"error": {"type": "invalid_params", "title": "T", "detail": "the detail"}, "status": "error"})
    assert error_text(shaped) == "the detail"
    assert error_text(httpx.Response(404, json={"error": {"message": "Model not found: x"}})) == "Model not found: x"
    assert error_text(httpx.Response(500, text="plain")) == "plain"


def test_enqueue_time_checks(server):
    with pytest.raises(ApiError) as exc:
        client(server).enqueue({**BODY, "model": "bad-model"})
    assert "Model not found: bad-model" in exc.value.message and exc.value.exit_code == 1
    with pytest.raises(ApiError) as exc:
        client(server).enqueue({**BODY, "num_generations": 7})
    assert "num_generations must be an integer between 1 and 4" in exc.value.message


def test_insufficient_credits_is_billing_and_never_retried(server):
    server.credits = False
    with pytest.raises(ApiError) as exc:
        client(server).enqueue(BODY)
    assert "billing" in exc.value.message and "Insufficient credits" in exc.value.message
    assert len(server.requests_to("POST", "/api/ai/queue")) == 1


def test_enqueue_retries_429_and_503_honouring_retry_after(server):
    slept = []
    c = Client(server.base_url, KEY, sleep=slept.append)
    server.fault("enqueue", Fault("status", 429, {"Retry-After": "7"}), Fault("status", 503, {"Retry-After": "2"}))
    (g,) = c.enqueue(BODY)
    assert slept == [7.0, 2.0]
    assert server.enqueued == 1 and g["generation_id"]


def test_enqueue_is_not_repeated_when_the_answer_is_lost(server):
    server.fault("enqueue", Fault("lost"))
    with pytest.raises(ApiError) as exc:
        client(server).enqueue(BODY)
    assert exc.value.maybe_sent and exc.value.exit_code == 3
    assert "kscript status --queue" in exc.value.message
    assert server.enqueued == 1 and len(server.requests_to("POST", "/api/ai/queue")) == 1


def test_enqueue_is_not_repeated_after_a_500(server):
    server.fault("enqueue", Fault("status", 500))
    with pytest.raises(ApiError) as exc:
        client(server).enqueue(BODY)
    assert exc.value.maybe_sent
    assert len(server.requests_to("POST", "/api/ai/queue")) == 1


def test_enqueue_retries_when_the_connection_never_opened():
    calls = []

    def handler(request):
        calls.append(request)
        if len(calls) == 1:
            raise httpx.ConnectError("refused")
        return httpx.Response(200, json={"generations": [{"generation_id": "g1", "status": "queued"}]})

    c = Client("https://hub.example", "k", transport=httpx.MockTransport(handler), sleep=lambda s: None)
    assert c.enqueue(BODY)[0]["generation_id"] == "g1"
    assert len(calls) == 2


def test_unreachable_server_is_exit_3():
    c = Client("http://127.0.0.1:9", "k", sleep=lambda s: None)
    with pytest.raises(ApiError) as exc:
        c.generation("x")
    assert exc.value.exit_code == 3 and "cannot reach" in exc.value.message


def test_polls_retry_500_429_and_dropped_connections(server):
    c = client(server)
    (g,) = c.enqueue(BODY)
    server.fault("get", Fault("status", 500), Fault("status", 429, {"Retry-After": "1"}), Fault("drop"))
    assert c.generation(g["generation_id"])["status"] == "queued"


@pytest.mark.slow
def test_slow_response_times_out_as_a_clear_error(server):
    impatient = Client(server.base_url, KEY, sleep=lambda s: None, timeout=httpx.Timeout(0.3, connect=1.0))
    (g,) = impatient.enqueue(BODY)
    server.fault("get", *[Fault("slow", seconds=0.6)] * 6)
    with pytest.raises(ApiError) as exc:
        impatient.generation(g["generation_id"])
    assert "did not answer in time" in exc.value.message


def test_unknown_generation_is_404(server):
    with pytest.raises(ApiError) as exc:
        client(server).generation("nope")
    assert exc.value.status == 404 and "not found" in exc.value.message


def test_cancel_and_list(server):
    c = client(server)
    (g,) = c.enqueue(BODY)
    assert [x["generation_id"] for x in c.queue()] == [g["generation_id"]]
    assert c.cancel(g["generation_id"])["status"] == "success"
    assert c.generation(g["generation_id"])["status"] == "cancelled"
    assert c.queue() == []


def test_download_goes_without_the_key_to_another_origin_and_survives_a_broken_transfer(server, tmp_path):
    c = client(server)
    server.fault("download", Fault("truncate"))
    path = save_url(c, server.file_url("abc"), Target(tmp_path, "scene.1.1"))
    assert path.name == "scene.1.1.mp4" and path.read_bytes()[4:8] == b"ftyp"
    downloads = server.requests_to("GET", "/files/")
    assert len(downloads) == 2 and all(auth is None for _, _, auth in downloads)
    assert [p.name for p in tmp_path.iterdir()] == ["scene.1.1.mp4"]


def test_download_never_overwrites(server, tmp_path):
    (tmp_path / "v.mp4").write_bytes(b"mine")
    path = save_url(client(server), server.file_url("abc"), Target(tmp_path, "v"))
    assert path.name == "v-2.mp4"
    assert (tmp_path / "v.mp4").read_bytes() == b"mine"


def test_download_refuses_what_is_not_an_mp4(tmp_path):
    def handler(request):
        return httpx.Response(200, content=b"<html>expired</html>")

    c = Client("https://hub.example", "k", transport=httpx.MockTransport(handler), sleep=lambda s: None)
    with pytest.raises(ApiError) as exc:
        save_url(c, "https://cdn.example/v.mp4", Target(tmp_path, "v"))
    assert "not an MP4" in exc.value.message
    assert list(tmp_path.iterdir()) == []


def test_key_goes_to_the_api_origin_only():
    c = Client("https://hub.oxen.ai", "k")
    assert c.same_origin("https://hub.oxen.ai/api/repos/x/video.mp4")
    assert not c.same_origin("https://cdn.example.com/video.mp4")
    assert not c.same_origin("http://hub.oxen.ai/video.mp4")
