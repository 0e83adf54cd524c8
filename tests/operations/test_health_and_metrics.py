"""/healthz tells a probe whether the database answers and a worker takes queued tasks, with no
personal data and no sign-in; /metrics gives Prometheus request latency by view, the queue and
matching time, only with the token or from an allowed address; JSON logs hold no request data."""

from __future__ import annotations

import ipaddress
import json
import logging
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import World
from peyvand.core.operations.logs import JsonFormatter
from peyvand.matching.tasks import match_request_task


@pytest.fixture
def queued(settings: object) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_healthz_is_ok_with_an_idle_worker_and_names_nobody(world: World, queued: None) -> None:
    response = Client(REMOTE_ADDR="203.0.113.5").get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "worker": "ok",
        "oldest_queued_seconds": 0,
    }


@pytest.mark.django_db
def test_healthz_fails_once_a_queued_task_waits_too_long(
    world: World, queued: None, settings: object
) -> None:
    match_request_task.enqueue(world.request_a.pk)
    assert Client().get("/healthz").json()["worker"] == "ok"
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=10))
    response = Client().get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["worker"]) == ("fail", "stale")
    assert 590 <= body["oldest_queued_seconds"] <= 700
    assert world.request_a.reference_code not in response.content.decode()


@pytest.mark.django_db
def test_healthz_answers_a_plain_http_probe_in_production(settings: object) -> None:
    settings.SECURE_SSL_REDIRECT = True  # type: ignore[attr-defined]
    settings.ALLOWED_HOSTS = ["peyvand.example.org"]  # type: ignore[attr-defined]
    # A container probe speaks plain HTTP to its own address: no redirect, no host refusal.
    response = Client().get("/healthz", HTTP_HOST="172.18.0.3:8000")
    assert response.status_code == 200


@pytest.mark.django_db
def test_metrics_are_refused_without_the_token_or_an_allowed_address(
    world: World, settings: object
) -> None:
    settings.PEYVAND_METRICS_TOKEN = "t0ken-for-prometheus"  # type: ignore[attr-defined]
    assert Client().get("/metrics").status_code == 404
    wrong = Client().get("/metrics", HTTP_AUTHORIZATION="Bearer guess")
    assert wrong.status_code == 404
    settings.PEYVAND_METRICS_ALLOW = [ipaddress.ip_network("10.1.0.0/16")]  # type: ignore[attr-defined]
    assert Client(REMOTE_ADDR="10.1.2.3").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="10.2.0.1").get("/metrics").status_code == 404


@pytest.mark.django_db
def test_metrics_give_latency_by_view_the_queue_and_matching_time(
    world: World, queued: None, settings: object
) -> None:
    settings.PEYVAND_METRICS_TOKEN = "t0ken-for-prometheus"  # type: ignore[attr-defined]
    client = Client()
    client.get("/accounts/login/")
    match_request_task.enqueue(world.request_a.pk)
    # The worker's side: the task body, timed, as `peyvand db_worker` runs it.
    match_request_task.call(world.request_b.pk)
    text = client.get("/metrics", HTTP_AUTHORIZATION="Bearer t0ken-for-prometheus")
    body = text.content.decode()
    assert 'peyvand_request_seconds_count{method="GET",status="2xx",view="login"}' in body
    assert 'peyvand_tasks_ready{task="match_request_task"} 1.0' in body
    assert "peyvand_tasks_oldest_ready_seconds" in body
    assert 'peyvand_matching_seconds_count{side="request"}' in body
    # The task table's view of matching time, whichever worker ran the task.
    started = timezone.now() - timedelta(seconds=3)
    DBTaskResult.objects.create(
        task_path="peyvand.matching.tasks.match_request_task",
        args_kwargs={"args": [world.request_a.pk], "kwargs": {}},
        backend_name="default",
        run_after=started,
        status="SUCCESSFUL",
        started_at=started,
        finished_at=started + timedelta(seconds=2),
    )
    body = client.get("/metrics", HTTP_AUTHORIZATION="Bearer t0ken-for-prometheus").content.decode()
    assert 'peyvand_matching_recent_seconds{quantile="0.95"} 2.0' in body
    assert "peyvand_matching_recent_tasks 1.0" in body
    assert world.request_a.reference_code not in body


@pytest.mark.django_db
def test_json_request_logs_hold_no_path_query_or_message(
    world: World, settings: object, caplog: pytest.LogCaptureFixture
) -> None:
    settings.PEYVAND_LOG_REQUESTS = True  # type: ignore[attr-defined]
    code = world.request_a.reference_code
    with caplog.at_level(logging.INFO):
        Client().get(f"/t/?code={code}")
        Client().get(f"/cases/{world.case_a.pk}/")
        Client().get(f"/no-such-page/{code}/")
    lines = [JsonFormatter().format(record) for record in caplog.records]
    requests = [json.loads(line) for line in lines if '"peyvand.request"' in line]
    assert [(line["view"], line["status"]) for line in requests] == [
        ("track_login", 200),
        ("case_detail", 302),
        ("unmatched", 404),
    ]
    assert all(
        set(line)
        == {"time", "level", "logger", "message", "method", "view", "status", "duration_ms"}
        for line in requests
    )
    joined = "\n".join(lines)
    assert code not in joined and f"/cases/{world.case_a.pk}/" not in joined
    assert "no-such-page" not in joined


def test_json_logs_give_an_exception_class_and_frames_never_its_message() -> None:
    try:
        raise ValueError("Key (email)=(someone@example.org) already exists")
    except ValueError:
        record = logging.getLogger("peyvand").makeRecord(
            "peyvand",
            logging.ERROR,
            __file__,
            1,
            "failed",
            (),
            exc_info=__import__("sys").exc_info(),
        )
    line = json.loads(JsonFormatter().format(record))
    assert line["exception"] == "ValueError" and line["message"] == "failed"
    assert line["frames"][0].endswith(
        ":test_json_logs_give_an_exception_class_and_frames_never_its_message"
    )
    assert "someone@example.org" not in json.dumps(line)
