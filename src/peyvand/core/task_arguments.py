"""Finished background work keeps no arguments.

The database task backend keeps every task row, arguments included, after the task ran. Tasks
here are queued with ids and sealed values only (see :mod:`peyvand.core.sealed`), and once a task
succeeded its arguments are blanked too: nothing in a finished row can point at a person. A
failed task keeps its (sealed) arguments so that it can be looked into and queued again.
"""

from __future__ import annotations

from typing import Any

from django_tasks import TaskResult, TaskResultStatus
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

NO_ARGUMENTS: dict[str, Any] = {"args": [], "kwargs": {}}


def forget_arguments_of_successful_task(
    sender: object, task_result: TaskResult, **kwargs: object
) -> None:
    """``task_finished`` receiver: blank a successful task's stored arguments."""
    # The worker sends the backend itself, the enqueueing side its class: accept either.
    backend = sender if isinstance(sender, type) else type(sender)
    stored = issubclass(backend, DatabaseBackend)
    if not stored or task_result.status != TaskResultStatus.SUCCESSFUL:
        return  # other backends keep no rows
    DBTaskResult.objects.filter(pk=task_result.id, status=TaskResultStatus.SUCCESSFUL).update(
        args_kwargs=NO_ARGUMENTS
    )
