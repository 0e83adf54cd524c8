"""Prometheus metrics: request latency by view, the task queue, matching time.

Request and matching times are counted in the process that serves or runs them. Under
`peyvand serve` every server process and the background worker write them to files in
``PROMETHEUS_MULTIPROC_DIR`` (prometheus-client's multiprocess mode, set up by
peyvand.core.serving), and /metrics adds them up. The queue is read from the database at scrape
time, so it is right whichever process answers. Labels name views and tasks, never a record.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from prometheus_client import REGISTRY, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

SECONDS_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.4, 0.6, 1.0, 2.5, 5.0, 10.0, 30.0)

REQUEST_SECONDS = Histogram(
    "peyvand_request_seconds",
    "Time to answer a request, by view (URL name), method and status class.",
    ["view", "method", "status"],
    buckets=SECONDS_BUCKETS,
)
MATCHING_SECONDS = Histogram(
    "peyvand_matching_seconds",
    "Time to score one new record against the other side (background matching task).",
    ["side"],
    buckets=SECONDS_BUCKETS,
)


def uses_task_queue() -> bool:
    return str(settings.TASKS["default"]["BACKEND"]).startswith("django_tasks_db")


def oldest_ready_enqueued_at() -> datetime | None:
    """When the task that has waited longest for a worker was queued (None: nothing waits)."""

    return (
        DBTaskResult.objects.ready()
        .order_by("enqueued_at")
        .values_list("enqueued_at", flat=True)
        .first()
    )


# Matching time as the task table records it, so that it shows whichever process or container
# ran the task: quantiles over the matching tasks that finished in the last RECENT_MINUTES.
MATCHING_TASKS = (
    "peyvand.matching.tasks.match_request_task",
    "peyvand.matching.tasks.match_registration_task",
)
RECENT_MINUTES = 15
QUANTILES = (0.5, 0.95, 0.99)


def recent_matching_seconds() -> list[float]:
    since = timezone.now() - timedelta(minutes=RECENT_MINUTES)
    rows = (
        DBTaskResult.objects.filter(
            task_path__in=MATCHING_TASKS, finished_at__gte=since, started_at__isnull=False
        )
        .order_by("-finished_at")
        .values_list("started_at", "finished_at")[:5000]
    )
    return sorted(
        (finished - started).total_seconds() for started, finished in rows if started and finished
    )


class QueueCollector(Collector):
    """Tasks waiting for a worker, by task, the age of the oldest, and recent matching times
    (read from the database at scrape time)."""

    def collect(self) -> Iterator[Metric]:
        if not uses_task_queue():
            return
        depth = GaugeMetricFamily(
            "peyvand_tasks_ready", "Queued tasks waiting for a worker, by task.", labels=["task"]
        )
        waiting = DBTaskResult.objects.ready().values("task_path").annotate(count=Count("id"))
        for row in waiting.order_by("task_path"):
            depth.add_metric([str(row["task_path"]).rsplit(".", 1)[-1]], row["count"])
        yield depth
        oldest = oldest_ready_enqueued_at()
        age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
        yield GaugeMetricFamily(
            "peyvand_tasks_oldest_ready_seconds",
            "Seconds the longest-waiting queued task has waited (0: none waits).",
            value=max(age, 0.0),
        )
        durations = recent_matching_seconds()
        recent = GaugeMetricFamily(
            "peyvand_matching_recent_seconds",
            f"Matching time per record over the last {RECENT_MINUTES} minutes, by quantile "
            "(from the task table: any worker, any host).",
            labels=["quantile"],
        )
        for share in QUANTILES:
            index = min(len(durations) - 1, int(share * len(durations)))
            recent.add_metric([str(share)], durations[index] if durations else 0.0)
        yield recent
        yield GaugeMetricFamily(
            "peyvand_matching_recent_tasks",
            f"Matching tasks finished in the last {RECENT_MINUTES} minutes.",
            value=len(durations),
        )


class _ThisProcess(Collector):
    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()


def exposition() -> bytes:
    """The metrics in Prometheus' text format."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())
    registry.register(QueueCollector())
    return generate_latest(registry)
