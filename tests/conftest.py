import pytest

from tests.oxen_server import OxenServer

KEY = "sk-SECRET-kscript-test-7f3a9c"


@pytest.fixture(autouse=True)
def user_cache(tmp_path_factory, monkeypatch):
    """Every test's models cache (the live model check's answers) is its own, never the user's."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("KSCRIPT_MODELS_CACHE", str(folder / "models.json"))
    return folder


@pytest.fixture
def server():
    srv = OxenServer(key=KEY).start()
    yield srv
    srv.stop()


@pytest.fixture
def api_env(server, tmp_path, monkeypatch):
    """Environment for a subprocess `kscript` talking to the test server from tmp_path."""
    monkeypatch.chdir(tmp_path)
    return {"OXEN_API_KEY": KEY, "KSCRIPT_BASE_URL": server.base_url, "KSCRIPT_POLL_INTERVAL": "0.05"}
