"""The request id: a client's X-Request-ID is kept only when it is a plain id.

It ends up in a response header, in every log line and on error pages, so
anything else (newlines, markup, spaces, huge values) gets a fresh id.
"""

import logging
import re
import uuid

import pytest

from helpcenter.production import JsonFormatter, RequestIdFilter, request_id_var

pytestmark = pytest.mark.django_db

FRESH = re.compile(r"[0-9a-f]{32}")
TEXT_LINE = "%(levelname)s [%(request_id)s] %(name)s: %(message)s"

HOSTILE_IDS = {
    "trailing newline": "abc12345\n",
    "header injection": "abc12345\r\nSet-Cookie: sessionid=stolen",
    "log injection": "abc12345 GET /en/ 200\nINFO [admin] forged line",
    "html": "<script>alert(1)</script>",
    "html entity": "abc12345&lt;b&gt;",
    "10 kB": "a" * 10_000,
    "65 characters": "a" * 65,
    "too short": "xyz",
    "spaces": "abc 12345",
    "tab": "abc12345\tx",
    "NUL": "abc12345\x00",
    "full-width digits": "abc" + "\uff11" * 8,  # looks like 1
    "non-ASCII letters": "ident-\xff\xff\xff\xff",
    "JSON breaking": 'abc12345"}, {"level": "ERROR',
    "path": "../../etc/passwd",
}
GOOD_IDS = [
    "abc12345-edge",
    str(uuid.uuid4()),
    uuid.uuid4().hex,
    "1-67891233-abcdef012345678912345678",
    "trace.0001_A-b",
    "x" * 64,
]


@pytest.fixture
def request_log(caplog):
    """The request log's records, with the request id the handlers add."""
    caplog.set_level(logging.INFO, logger="helpcenter.requests")
    caplog.handler.addFilter(RequestIdFilter())
    yield lambda: [r for r in caplog.records if r.name == "helpcenter.requests"]
    caplog.handler.removeFilter(caplog.handler.filters[-1])


@pytest.mark.parametrize("incoming", HOSTILE_IDS.values(), ids=HOSTILE_IDS.keys())
def test_a_malformed_request_id_is_replaced_by_a_fresh_one(
    client, request_log, incoming
):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=incoming)

    assert response.status_code == 200
    assert FRESH.fullmatch(response["X-Request-ID"])
    (record,) = request_log()
    assert record.request_id == response["X-Request-ID"]
    text = logging.Formatter(TEXT_LINE).format(record)
    assert "\n" not in text
    assert "\r" not in text
    assert incoming not in text
    assert JsonFormatter().format(record).count("\n") == 0


@pytest.mark.parametrize("incoming", GOOD_IDS)
def test_a_well_formed_request_id_is_kept(client, incoming):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=incoming)

    assert response["X-Request-ID"] == incoming


def test_a_request_without_an_id_gets_a_fresh_one_each_time(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]

    assert FRESH.fullmatch(first)
    assert FRESH.fullmatch(second)
    assert first != second


def test_the_error_page_never_shows_a_hostile_id(client, monkeypatch):
    from articles import search as search_engine

    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(search_engine, "search", crash)
    client.raise_request_exception = False

    response = client.get(
        "/en/search/?q=payout", HTTP_X_REQUEST_ID="<script>alert(1)</script>"
    )

    html = response.content.decode()
    assert response.status_code == 500
    assert response["X-Request-ID"] in html
    assert "alert(1)" not in html
    assert request_id_var.get() == "-"  # reset once the request is over
