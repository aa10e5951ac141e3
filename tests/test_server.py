"""The HTTP API over real HTTP: one uvicorn server (on a free loopback port, in a thread) for the
module, on the session's Checker. Limits are set small here so they can be hit cheaply."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("fastapi", reason="the server extra (fastapi, uvicorn) is not installed")
pytest.importorskip("uvicorn", reason="the server extra (fastapi, uvicorn) is not installed")
httpx = pytest.importorskip("httpx")

from groundcheck.server import ServerSettings, create_app  # noqa: E402
from groundcheck.server.schemas import BatchOut, ReportOut  # noqa: E402
from groundcheck.server.testing import serve_in_thread  # noqa: E402

WANG_YI = "the US Secretary of State Wang Yi"

SETTINGS = dict(
    max_body_bytes=64 * 1024,
    max_source_chars=20_000,
    max_derived_chars=5_000,
    max_sources=3,
    max_batch_pairs=3,
    queue_size=8,
    request_timeout_s=60,
)


@pytest.fixture(scope="module")
def base_url(checker):
    app = create_app(ServerSettings(**SETTINGS), checker=checker)
    with serve_in_thread(app) as url:
        yield url


@pytest.fixture(scope="module")
def client(base_url):
    with httpx.Client(base_url=base_url, timeout=60) as c:
        yield c


@pytest.fixture(scope="module")
def seed_response(client, seed_texts):
    source, derived = seed_texts
    r = client.post("/v1/check", json={"source": source, "derived": derived})
    assert r.status_code == 200, r.text
    return r


def _wang_yi(report: dict) -> dict:
    (claim,) = [c for c in report["claims"] if WANG_YI in c["text"]]
    return claim


# ---- /v1/check ----------------------------------------------------------------------------


def test_check_seed_pair_gives_the_core_report(seed_response, seed_report, seed_texts):
    body = seed_response.json()
    assert seed_response.headers["content-type"].startswith("application/json")
    ReportOut.model_validate(body)  # the documented response model matches what is sent
    assert body["schema"] == "groundcheck.report/1"
    expected = seed_report.to_dict()
    # same pipeline, same models: same claims, verdicts and evidence as the in-process report
    assert body["claims"] == expected["claims"]
    assert body["summary"] == expected["summary"]
    claim = _wang_yi(body)
    assert claim["label"] == "contradicted" and claim["error_type"] == "role"
    source = seed_texts[0]
    texts = [source[e["start"] : e["end"]] for e in claim["evidence"]]
    assert "Chinese Foreign Minister Wang Yi" in texts
    assert all(e["text"] == source[e["start"] : e["end"]] for e in claim["evidence"])


def test_check_named_sources_and_options(client, seed_texts):
    source, derived = seed_texts
    half = source.index("China’s Foreign Minister")
    r = client.post(
        "/v1/check",
        json={
            "sources": [{"id": "part-1", "text": source[:half]}, {"id": "part-2", "text": source[half:]}],
            "derived": derived,
            "derived_id": "rewrite.txt",
            "options": {"evidence_k": 1, "max_omissions": 0, "checks": ["roles"]},
        },
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["derived"]["id"] == "rewrite.txt"
    assert body["omissions"] == []
    assert {c["source"] for c in body["coverage"]} == {"part-1", "part-2"}
    ev = _wang_yi(body)["evidence"]
    assert {e["source"] for e in ev} <= {"part-1", "part-2"}
    assert any(e["source"] == "part-1" and e["text"] == "Chinese Foreign Minister Wang Yi" for e in ev)


@pytest.mark.parametrize(
    ("payload", "code", "loc"),
    [
        ({"source": "text"}, "GC606", "derived"),
        ({"source": "a", "sources": ["b"], "derived": "c"}, "GC606", "body"),
        ({"derived": "c"}, "GC606", "body"),
        ({"source": "a", "derived": "c", "options": {"evidence_k": 0}}, "GC606", "options.evidence_k"),
        ({"source": "a", "derived": "c", "options": {"profile": "x"}}, "GC606", "options.profile"),
        ({"source": "a", "derived": "c", "extra": 1}, "GC606", "extra"),
    ],
)
def test_check_schema_errors_are_coded_422(client, payload, code, loc):
    r = client.post("/v1/check", json=payload)
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == code
    assert body["message"] and "See /docs" in body["message"]
    assert loc in [e["loc"] for e in body["detail"]["errors"]]


def test_check_not_json_is_422(client):
    r = client.post("/v1/check", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert r.json()["code"] == "GC606"
    assert r.json()["detail"]["errors"][0]["loc"] == "body"


def test_core_input_errors_keep_their_codes(client, seed_texts):
    r = client.post("/v1/check", json={"source": "   ", "derived": seed_texts[1]})
    assert r.status_code == 422
    assert r.json()["code"] == "GC101"
    assert set(r.json()) == {"code", "message", "detail"}


def test_text_length_limits(client, seed_texts):
    source, derived = seed_texts
    r = client.post("/v1/check", json={"source": source, "derived": "x " * 2600})
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "GC105"
    assert body["detail"]["limit"] == SETTINGS["max_derived_chars"]
    assert "GROUNDCHECK_SERVER_MAX_DERIVED_CHARS" in body["message"]

    r = client.post("/v1/check", json={"sources": ["y" * 7000] * 3, "derived": derived})
    assert r.status_code == 422
    assert r.json()["code"] == "GC105"
    assert r.json()["detail"]["size"] == 21000

    r = client.post("/v1/check", json={"sources": ["a", "b", "c", "d"], "derived": derived})
    assert r.status_code == 422
    assert r.json()["code"] == "GC602"
    assert r.json()["detail"]["limit"] == 3


def test_body_size_limit_is_413(client):
    big = {"source": "word " * 20_000, "derived": "x"}  # ~100 KB > 64 KiB
    r = client.post("/v1/check", json=big)
    assert r.status_code == 413
    assert r.json()["code"] == "GC601"
    assert r.json()["detail"]["limit"] == SETTINGS["max_body_bytes"]


def test_body_size_limit_without_content_length(client):
    def chunks():
        for _ in range(100):
            yield b"x" * 1024

    # a streamed (chunked) body has no Content-Length: the limit is counted as it arrives
    r = client.post("/v1/check", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert r.json()["code"] == "GC601"


def test_wrong_method_and_route(client):
    r = client.get("/v1/check")
    assert r.status_code == 405 and r.json()["code"] == "GC607"
    r = client.get("/v2/nothing")
    assert r.status_code == 404 and r.json()["code"] == "GC607"


# ---- /v1/batch -------------------------------------------------------------------------------


def test_batch_reports_and_per_item_errors(client, seed_texts, seed_report):
    source, derived = seed_texts
    r = client.post(
        "/v1/batch",
        json={
            "pairs": [
                {"id": "seed", "source": source, "derived": derived},
                {"source": "", "derived": derived},
                {"id": "long", "source": source, "derived": "z" * 6000},
            ]
        },
    )
    assert r.status_code == 200, r.text
    body = r.json()
    BatchOut.model_validate(body)
    assert [x["id"] for x in body["results"]] == ["seed", "1", "long"]
    assert body["results"][0]["report"]["claims"] == seed_report.to_dict()["claims"]
    assert body["results"][1]["error"]["code"] == "GC101"
    assert body["results"][2]["error"]["code"] == "GC105"
    assert body["summary"] == {"pairs": 3, "ok": 1, "errors": 2}


def test_batch_pair_limit(client):
    pairs = [{"source": "a b c", "derived": "a b"}] * 4
    r = client.post("/v1/batch", json={"pairs": pairs})
    assert r.status_code == 422
    assert r.json()["code"] == "GC602"
    assert r.json()["detail"] == {"what": "'pairs'", "count": 4, "limit": 3, "option": "GROUNDCHECK_SERVER_MAX_BATCH_PAIRS"}
    r = client.post("/v1/batch", json={"pairs": []})
    assert r.status_code == 422 and r.json()["code"] == "GC606"


# ---- operations ------------------------------------------------------------------------------


def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok"
    assert body["auth_required"] is False
    assert body["queue"]["capacity_pairs"] == SETTINGS["queue_size"]
    assert body["limits"]["max_batch_pairs"] == 3


def test_metrics_after_traffic(client, seed_response):
    r = client.get("/metrics")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain; version=0.0.4")
    text = r.text
    assert '# TYPE groundcheck_http_requests_total counter' in text
    assert 'groundcheck_http_requests_total{method="POST",route="/v1/check",status="200"}' in text
    assert 'groundcheck_http_request_duration_seconds_bucket{route="/v1/check",le="+Inf"}' in text
    assert "groundcheck_http_request_duration_seconds_count" in text
    samples = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            samples[name] = float(value)
    assert samples['groundcheck_claims_total{label="contradicted"}'] >= 2
    assert samples["groundcheck_queue_capacity_pairs"] == SETTINGS["queue_size"]
    assert samples["groundcheck_check_duration_seconds_count"] >= 1
    # random paths share one label
    client.get("/no/such/path/123")
    assert 'route="/no/such/path/123"' not in client.get("/metrics").text


def test_docs_and_openapi_work_offline(client):
    r = client.get("/openapi.json")
    assert r.status_code == 200
    spec = r.json()
    assert {"/v1/check", "/v1/batch", "/healthz", "/metrics"} <= set(spec["paths"])
    assert "429" in spec["paths"]["/v1/check"]["post"]["responses"]
    r = client.get("/docs")
    assert r.status_code == 200
    assert "cdn" not in r.text.lower()
    assert "/docs/assets/swagger-ui-bundle.js" in r.text
    assert client.get("/docs/assets/swagger-ui-bundle.js").status_code == 200


def test_page_is_served_self_contained(client):
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    html = r.text
    assert "http://" not in html and "https://" not in html  # no CDN, no external font
    assert "<script src" not in html and "<link rel=\"stylesheet\"" not in html
    data = json.loads(html.split('id="gc-data">', 1)[1].split("</script>", 1)[0])
    assert data["mode"] == "app" and data["api"] == "v1/check" and data["auth"] is False


def test_no_cors_by_default(client):
    r = client.options(
        "/v1/check",
        headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in r.headers
    r = client.get("/healthz", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in r.headers
