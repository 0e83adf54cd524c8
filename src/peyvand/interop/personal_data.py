"""What the interop app holds about a request (collected by ``peyvand.privacy``)."""

from peyvand.core.holdings import Erasure, Holding, Reach, Retention

HOLDINGS = (
    # The PFIF fields without a column describe the sought person and the record's author (the
    # family): they go with any erasure touching the request, and with its schedule. The
    # original record id stays so a partner's record keeps its name.
    Holding(
        "interop.ExternalRecord",
        Erasure.DELETE,
        Retention.CLEAR,
        reaches={"tracing_request": Reach.REQUEST},
        cleared=("payload",),
    ),
    # Notes carry their authors' names, addresses and where they saw the person.
    Holding(
        "interop.ExternalNote",
        Erasure.WITH_PARENT,
        Retention.DELETE,
        parent="record",
        reaches={"record__tracing_request": Reach.REQUEST},
    ),
)
