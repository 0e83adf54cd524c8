"""What the appeals app holds about a family (collected by ``peyvand.privacy``)."""

from peyvand.core.holdings import Erasure, Holding, Reach, Retention

HOLDINGS = (
    Holding(
        "appeals.Signatory",
        Erasure.WITH_PARENT,
        Retention.KEEP,
        parent="tracing_request",
        why="a signature is the family's own act on an appeal that outlives the case; the "
        "family withdraws it from its track page",
    ),
    Holding(
        "appeals.AppealDocument",
        Erasure.DELETE_IF_ERASED,
        Retention.KEEP,
        reaches={"named_requests": Reach.REQUEST},
        why="a kept appeal PDF is the record of what was sent to an authority; it lists "
        "families who chose to be named, never the sought person",
    ),
)
