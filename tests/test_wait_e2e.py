"""Waiting and downloading as a user runs them (`submit --wait`, `download`): the real
command against the local server, with its event stream, list and file host."""

import os
import shutil
import time
from pathlib import Path

from tests.helpers import EXAMPLES, run_kscript
from tests.oxen_server import Fault

TRAM = "the-last-tram.kscript"
BIG = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + os.urandom(400_000)


def copy_example(tmp_path: Path) -> str:
    shutil.copy(EXAMPLES / TRAM, tmp_path / TRAM)
    return TRAM


def submit_wait(tmp_path, env, *extra):
    return run_kscript("submit", copy_example(tmp_path), "--yes", "--wait", "--out", "v", *extra, cwd=tmp_path, env=env)


def videos(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in (tmp_path / "v").iterdir()) if (tmp_path / "v").exists() else []


def test_events_carry_the_wait_and_requests_do_not_grow_with_generations(server, api_env, tmp_path):
    server.tick = 0.05
    server.polls_queued = server.polls_processing = 8  # about a second: longer than any poll interval here
    api_env = {**api_env, "KSCRIPT_POLL_INTERVAL": "0.2"}
    counts = []
    for n in ("1", "4"):
        folder = tmp_path / n
        folder.mkdir()
        before = {route: server.count(route) for route in ("get", "list", "events")}
        proc = submit_wait(folder, api_env, "--generations", n)
        assert proc.returncode == 0, proc.stderr.decode()
        assert len(videos(folder)) == 2 * int(n)
        counts.append({route: server.count(route) - before[route] for route in before})
    for seen in counts:
        assert seen["get"] == 0  # each event carries its video's URL
        assert seen["events"] == 1
        assert seen["list"] <= 2
    # The stream was open before the first enqueue: nothing was missed.
    log = [path for _, path, _ in server.log]
    assert log.index("/api/events") < log.index("/api/ai/queue")


def test_a_refused_stream_falls_back_to_one_list_read_per_interval(server, api_env, tmp_path):
    server.events_enabled = False
    server.polls_queued = server.polls_processing = 3  # several list reads pass before any ends
    proc = submit_wait(tmp_path, api_env, "--generations", "4")
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    assert len(videos(tmp_path)) == 8
    assert "the event stream was refused (HTTP 404)" in err and "list of generations in flight" in err
    assert server.count("get") == 8  # one record per generation, once it left the list
    assert 4 <= server.count("list") <= 12  # one read per interval covers all eight


def test_a_dropped_stream_is_reopened_and_the_gap_read_from_the_list(server, api_env, tmp_path):
    server.polls_queued = 10_000  # nothing ends by being looked at: only the clock below ends them
    server.fault("events", Fault("cut", count=0))  # the first stream drops at once
    env = {**api_env, "KSCRIPT_POLL_INTERVAL": "0.2"}
    import subprocess
    import sys

    from tests.helpers import ROOT

    proc = subprocess.Popen(
        [sys.executable, "-m", "kscript", "submit", copy_example(tmp_path), "--yes", "--wait", "--out", "v", "--scene", "1"],
        cwd=tmp_path, env={**os.environ, **env, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while (server.count("events") < 2 or not server.generations) and time.monotonic() < deadline:  # the enqueue may follow the reconnection
        time.sleep(0.02)
    (gid,) = list(server.generations)
    server.finish(gid)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err.decode()
    assert server.count("events") >= 2
    assert videos(tmp_path) == ["the-last-tram.1.1.mp4"]


def test_a_cut_download_resumes_with_a_range(server, api_env, tmp_path):
    server.video = BIG
    server.tick = 0.05
    server.fault("download", Fault("truncate"))
    proc = submit_wait(tmp_path, api_env, "--scene", "1")
    assert proc.returncode == 0, proc.stderr.decode()
    assert (tmp_path / "v" / "the-last-tram.1.1.mp4").read_bytes() == BIG
    ranges = [h.get("Range") for m, p, h in server.headers_log if p.startswith("/files/")]
    assert ranges == [None, f"bytes={len(BIG) // 2}-"]
    assert videos(tmp_path) == ["the-last-tram.1.1.mp4"]  # no partial file left


def test_ctrl_c_mid_download_keeps_the_part_and_the_next_run_resumes_it(server, api_env, tmp_path):
    import signal
    import subprocess
    import sys

    from tests.helpers import ROOT

    server.video = BIG
    server.tick = 0.05
    server.fault("download", Fault("stall", seconds=30))
    env = {**os.environ, **api_env, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kscript", "submit", copy_example(tmp_path), "--yes", "--wait", "--out", "v", "--scene", "1"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    parts: list[Path] = []
    while not (parts and parts[0].stat().st_size == len(BIG) // 2) and time.monotonic() < deadline:
        time.sleep(0.05)
        parts = list((tmp_path / "v").glob(".kscript-dl-*.part")) if (tmp_path / "v").exists() else []
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=20)
    (gid,) = list(server.generations)
    assert proc.returncode == 130 and f"resume with: kscript download --wait {gid}".encode() in err
    assert [p.name for p in (tmp_path / "v").iterdir()] == [f".kscript-dl-{gid}.part"]
    again = run_kscript("download", "--wait", gid, "--out", "v", cwd=tmp_path, env=api_env)
    assert again.returncode == 0, again.stderr.decode()
    assert (tmp_path / "v" / "the-last-tram.1.1.mp4").read_bytes() == BIG
    assert [h.get("Range") for m, p, h in server.headers_log if p.startswith("/files/")] == [None, f"bytes={len(BIG) // 2}-"]
    assert videos(tmp_path) == ["the-last-tram.1.1.mp4"]


def test_a_server_ignoring_ranges_restarts_from_zero(server, api_env, tmp_path):
    server.video = BIG
    server.ranges = False
    server.tick = 0.05
    server.fault("download", Fault("truncate"))
    proc = submit_wait(tmp_path, api_env, "--scene", "1")
    assert proc.returncode == 0, proc.stderr.decode()
    assert (tmp_path / "v" / "the-last-tram.1.1.mp4").read_bytes() == BIG


def test_the_next_run_resumes_a_partial_file_and_stale_ones_go(server, api_env, tmp_path):
    server.video = BIG
    proc = run_kscript("submit", copy_example(tmp_path), "--yes", "--scene", "1", cwd=tmp_path, env=api_env)
    assert proc.returncode == 0
    (gid,) = list(server.generations)
    server.finish(gid)
    out = tmp_path / "v"
    out.mkdir()
    (out / f".kscript-dl-{gid}.part").write_bytes(BIG[:1000])  # left by a run killed mid-download
    old = time.time() - 8 * 86400
    for name in (".kscript-dl-forgotten.part", ".kscript-k2j4h5g6.part"):
        (out / name).write_bytes(b"x")
        os.utime(out / name, (old, old))
    proc = run_kscript("download", gid, "--out", "v", cwd=tmp_path, env=api_env)
    assert proc.returncode == 0, proc.stderr.decode()
    assert (out / "the-last-tram.1.1.mp4").read_bytes() == BIG
    assert [h.get("Range") for m, p, h in server.headers_log if p.startswith("/files/")] == ["bytes=1000-"]
    assert videos(tmp_path) == ["the-last-tram.1.1.mp4"]


def test_an_expired_url_is_fetched_afresh_from_the_api(server, api_env, tmp_path):
    server.tick = 0.05
    server.fault("download", Fault("expire"))
    proc = submit_wait(tmp_path, api_env, "--scene", "1")
    assert proc.returncode == 0, proc.stderr.decode()
    assert videos(tmp_path) == ["the-last-tram.1.1.mp4"]
    assert server.count("get") == 1  # the fresh URL
    assert server.count("download") == 2


def test_saved_videos_get_the_umasks_mode(server, api_env, tmp_path):
    server.tick = 0.05
    proc = submit_wait(tmp_path, api_env, "--scene", "1")
    assert proc.returncode == 0
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "v" / "the-last-tram.1.1.mp4").stat().st_mode & 0o777 == 0o666 & ~mask


def test_an_endless_download_is_stopped_at_max_video_mb(server, api_env, tmp_path):
    (tmp_path / "kscript.toml").write_text("max-video-mb = 1\n")
    server.tick = 0.05
    server.fault("download", Fault("endless"))
    proc = submit_wait(tmp_path, api_env, "--scene", "1")
    err = proc.stderr.decode()
    assert proc.returncode == 1
    assert "over the 1 MB limit" in err and "deleted the partial file" in err and "max-video-mb" in err
    assert "kscript download " in err
    assert list((tmp_path / "v").iterdir()) == []


def test_download_tries_every_id_and_sums_up(server, api_env, tmp_path):
    proc = run_kscript("submit", copy_example(tmp_path), "--yes", cwd=tmp_path, env=api_env)
    first, second = list(server.generations)
    server.finish(first)
    server.finish(second)
    proc = run_kscript("download", "no-such-id", first, "still-missing", second, "--out", "v", cwd=tmp_path, env=api_env)
    err = proc.stderr.decode()
    assert proc.returncode == 1
    assert videos(tmp_path) == ["the-last-tram.1.1.mp4", "the-last-tram.2.1.mp4"]
    assert "no-such-id" in err and "still-missing" in err and "2 of 4 generations not saved" in err
    assert "Traceback" not in err


def test_ids_with_path_parts_stay_inside_out(server, api_env, tmp_path):
    server.tick = 0.05
    counter = iter(range(100))
    server.make_id = lambda: f"../../evil-{next(counter)}"
    proc = submit_wait(tmp_path, api_env, "--scene", "1")
    assert proc.returncode == 0, proc.stderr.decode()
    elsewhere = tmp_path / "elsewhere"  # no journal here: the file is named after the id
    elsewhere.mkdir()
    proc = run_kscript("download", "../../evil-0", "--out", "w", cwd=elsewhere, env=api_env)
    assert proc.returncode == 0, proc.stderr.decode()
    (saved,) = (elsewhere / "w").iterdir()
    assert saved.name.endswith("evil-0.mp4") and not saved.name.startswith(".")
    outside = [p for p in tmp_path.parent.parent.iterdir() if "evil" in p.name]
    assert outside == [] and not list(tmp_path.parent.glob("*evil*"))
    assert videos(tmp_path) == ["the-last-tram.1.1.mp4"]
