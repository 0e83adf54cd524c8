"""What matching does with a record tracing has just saved: index it now, match it once the
transaction commits. ``MatchingConfig.ready`` hands these to ``peyvand.tracing.queue``."""

from __future__ import annotations

from peyvand.matching.engine import index_registrations, index_requests
from peyvand.matching.tasks import match_registration_task, match_request_task
from peyvand.tracing.queue import MatchingHooks

MATCHING_HOOKS = MatchingHooks(
    index_requests=index_requests,
    index_registrations=index_registrations,
    match_request=match_request_task.enqueue,
    match_registration=match_registration_task.enqueue,
)
