"""API key and binding rules: off loopback a key is required; with a key, /v1 and /metrics need
it (Bearer or X-API-Key), /healthz and the page do not. Over real HTTP."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi", reason="the server extra (fastapi, uvicorn) is not installed")
pytest.importorskip("uvicorn", reason="the server extra (fastapi, uvicorn) is not installed")
httpx = pytest.importorskip("httpx")

from groundcheck.errors import ConfigError  # noqa: E402
from groundcheck.server import ServerSettings, create_app  # noqa: E402
from groundcheck.server.deps import key_matches  # noqa: E402
from groundcheck.server.settings import is_loopback  # noqa: E402
from groundcheck.server.testing import serve_in_thread  # noqa: E402

KEY = "k3y-for-tests-0123456789abcdef"
PAIR = {"source": "Chinese Foreign Minister Wang Yi met Antony Blinken in Beijing.", "derived": "Wang Yi met Blinken in Beijing."}


@pytest.fixture(scope="module")
def base_url(checker):
    app = create_app(ServerSettings(api_key=KEY), checker=checker)
    with serve_in_thread(app) as url:
        yield url


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong-key-wrong-key-0000"}, {"X-API-Key": KEY[:-1]}, {"Authorization": f"Basic {KEY}"}],
    ids=["none", "wrong-bearer", "wrong-header", "not-bearer"],
)
def test_v1_without_the_right_key_is_401(base_url, headers):
    r = httpx.post(base_url + "/v1/check", json=PAIR, headers=headers)
    assert r.status_code == 401
    assert r.json()["code"] == "GC605"
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    assert KEY not in r.text
    r = httpx.post(base_url + "/v1/batch", json={"pairs": [PAIR]}, headers=headers)
    assert r.status_code == 401


@pytest.mark.parametrize("headers", [{"Authorization": f"Bearer {KEY}"}, {"X-API-Key": KEY}], ids=["bearer", "x-api-key"])
def test_v1_with_the_key(base_url, headers):
    r = httpx.post(base_url + "/v1/check", json=PAIR, headers=headers, timeout=60)
    assert r.status_code == 200, r.text
    assert r.json()["schema"] == "groundcheck.report/1"


def test_metrics_need_the_key_health_and_page_do_not(base_url):
    assert httpx.get(base_url + "/metrics").status_code == 401
    assert httpx.get(base_url + "/metrics", headers={"X-API-Key": KEY}).status_code == 200
    r = httpx.get(base_url + "/healthz")
    assert r.status_code == 200 and r.json()["auth_required"] is True
    r = httpx.get(base_url + "/")
    assert r.status_code == 200 and '"auth":true' in r.text and KEY not in r.text


def test_non_loopback_needs_a_key():
    with pytest.raises(ConfigError) as info:
        create_app(ServerSettings(host="0.0.0.0"))
    assert info.value.code == "GC202" and "GROUNDCHECK_API_KEY" in info.value.message
    create_app(ServerSettings(host="0.0.0.0", api_key=KEY))  # builds; the models load only at start-up


def test_short_keys_are_refused():
    with pytest.raises(ConfigError):
        create_app(ServerSettings(api_key="short"))


def test_key_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("GROUNDCHECK_API_KEY", KEY)
    monkeypatch.setenv("GROUNDCHECK_SERVER_QUEUE_SIZE", "5")
    s = ServerSettings()
    assert s.key == KEY and s.queue_size == 5
    assert KEY not in repr(s)


@pytest.mark.parametrize(
    ("host", "loop"),
    [("127.0.0.1", True), ("127.5.0.9", True), ("localhost", True), ("::1", True), ("[::1]", True),
     ("0.0.0.0", False), ("::", False), ("192.168.1.4", False), ("example.org", False)],
)
def test_is_loopback(host, loop):
    assert is_loopback(host) is loop


def test_key_matches():
    assert key_matches(KEY, KEY)
    assert not key_matches(KEY + "x", KEY)
    assert not key_matches("", KEY)
    assert not key_matches(None, KEY)


def test_serve_refuses_public_bind_without_key(monkeypatch):
    from typer.testing import CliRunner

    from groundcheck.cli import app

    monkeypatch.delenv("GROUNDCHECK_API_KEY", raising=False)
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--port", "0"])
    assert result.exit_code == 2
    assert "GC202" in result.output and "GROUNDCHECK_API_KEY" in result.output
