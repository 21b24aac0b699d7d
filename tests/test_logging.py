"""Structured logs: one line per request, audit events for editorial actions, JSON or plain."""

import json
import logging

import pytest

from articles import workflow
from newsroom.logging import JSONFormatter, PlainFormatter, RequestContextFilter, request_id_var
from tests.factories import UserFactory, ready_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_log(caplog):
    caplog.set_level("INFO", logger="newsroom.request")
    return lambda: [r for r in caplog.records if r.name == "newsroom.request"]


def test_each_request_is_logged_with_its_fields(editor_client, request_log):
    response = editor_client.get("/admin/?token=do-not-log-me")
    (line,) = request_log()
    assert line.event == "http.request" and line.method == "GET" and line.path == "/admin/"
    assert line.status == 200 and line.duration_ms >= 0
    assert line.user_id == editor_client.user.pk and line.ip == "127.0.0.1"
    assert line.request_id == response["X-Request-ID"] and len(line.request_id) == 32
    assert "do-not-log-me" not in line.getMessage()


def test_public_pages_log_no_user_and_load_none(client, request_log):
    client.get("/robots.txt")
    (line,) = request_log()
    assert line.user_id is None and line.status == 200


def test_a_trusted_proxy_names_the_request_and_the_client(client, settings, request_log):
    settings.TRUSTED_PROXY_COUNT = 1
    response = client.get("/robots.txt", HTTP_X_REQUEST_ID="abc123def456", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert response["X-Request-ID"] == "abc123def456"
    (line,) = request_log()
    assert line.request_id == "abc123def456" and line.ip == "198.51.100.4"


def test_an_untrusted_client_cannot_name_the_request(client, request_log):
    response = client.get("/robots.txt", HTTP_X_REQUEST_ID="forged-request-id", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert response["X-Request-ID"] != "forged-request-id"
    assert request_log()[0].ip == "127.0.0.1"


def test_successful_health_checks_are_not_logged(client, request_log):
    client.get("/healthz")
    assert request_log() == []


def test_editorial_actions_are_logged_once_committed_without_content(
    django_capture_on_commit_callbacks, caplog,
):
    caplog.set_level("INFO", logger="newsroom.audit")
    editor = UserFactory(username="log-editor", role="Editor")
    article = ready_article(headline="Unannounced merger of two ports")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.transition(article, "publish", user=editor, note="Source: a harbour official")
    assert not [r for r in caplog.records if r.name == "newsroom.audit"]  # nothing before the commit
    for callback in callbacks:
        callback()
    (line,) = [r for r in caplog.records if getattr(r, "event", "") == "article.publish"]
    assert line.article_id == article.pk and line.actor_id == editor.pk
    assert line.from_status == "draft" and line.to_status == "published" and line.has_note
    text = JSONFormatter().format(line)
    assert "merger" not in text and "harbour official" not in text


def make_record(**extra):
    record = logging.LogRecord("newsroom.test", logging.INFO, __file__, 1, "Saved %s", ("story",), None)
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def test_json_lines_carry_the_message_the_fields_and_the_request_id():
    token = request_id_var.set("req-42")
    try:
        record = make_record(event="article.save", article_id=7, user_id=None)
        RequestContextFilter().filter(record)
    finally:
        request_id_var.reset(token)
    entry = json.loads(JSONFormatter().format(record))
    assert entry["message"] == "Saved story" and entry["level"] == "INFO" and entry["logger"] == "newsroom.test"
    assert entry["event"] == "article.save" and entry["article_id"] == 7 and entry["request_id"] == "req-42"
    assert "user_id" not in entry  # empty fields are left out
    assert entry["time"].endswith("+00:00")


def test_json_lines_include_tracebacks_on_one_line():
    try:
        raise ValueError("bad")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    line = JSONFormatter().format(record)
    assert "\n" not in line and "ValueError: bad" in json.loads(line)["exception"]


def test_plain_lines_read_as_text_with_key_value_fields():
    line = PlainFormatter().format(make_record(event="http.request", status=200, path="/a b/"))
    assert " INFO newsroom.test Saved story " in line
    assert "event=http.request" in line and "status=200" in line and 'path="/a b/"' in line
