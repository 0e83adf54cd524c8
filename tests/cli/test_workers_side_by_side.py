"""Several `peyvand db_worker`s may run side by side: each queued task runs exactly once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from serve_support import PEYVAND, serve_env

TASKS = 12

ENQUEUE = f"""
import django
django.setup()
from peyvand.accounts.models import User
from peyvand.messaging.tasks import send_notice_task
for number in range({TASKS}):
    user = User.objects.create(
        username=f"notice{{number}}", email=f"notice-{{number}}@example.org", role="registrant"
    )
    # Notices name their recipient, never an address (the task reads it when it sends).
    send_notice_task.enqueue(f"user:{{user.pk}}", f"Notice {{number}}", "A notice.")
"""

RESULTS = """
import json, django
django.setup()
from django_tasks_db.models import DBTaskResult
print(json.dumps([[row.status, row.worker_ids] for row in DBTaskResult.objects.all()]))
"""


def _python(env: dict[str, str], script: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", script],
        env={**env, "DJANGO_SETTINGS_MODULE": "peyvand.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_two_workers_share_the_queue_without_running_a_task_twice(tmp_path: Path) -> None:
    env = {**serve_env(tmp_path), "PEYVAND_TASKS": "database"}
    subprocess.run([*PEYVAND, "migrate", "-v", "0"], env=env, check=True)
    _python(env, ENQUEUE)
    command = [*PEYVAND, "db_worker", "--batch", "--interval", "0.05", "--no-startup-delay"]
    workers = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        for _ in range(2)
    ]
    outputs = [worker.communicate(timeout=120)[0].decode() for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], outputs
    # The console mail backend prints each notice sent: every one once, by one worker.
    sent = [line for output in outputs for line in output.splitlines() if line.startswith("To: ")]
    assert sorted(sent) == sorted(f"To: notice-{number}@example.org" for number in range(TASKS))
    rows = json.loads(_python(env, RESULTS))
    assert len(rows) == TASKS
    assert all(status == "SUCCESSFUL" and len(ids) == 1 for status, ids in rows)
