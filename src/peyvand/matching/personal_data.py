"""What the matching app holds about a person (collected by ``peyvand.privacy``)."""

from peyvand.core.holdings import Erasure, Holding, Reach, Retention

HOLDINGS = (
    Holding(
        "matching.CandidatePair",
        Erasure.DELETE,
        Retention.KEEP,
        reaches={"tracing_request": Reach.REQUEST, "registration": Reach.REGISTRATION},
        why="the engine's suggestions and the reviewers' decisions explain why a case closed "
        "and keep rejected pairs rejected; they hold scores and field levels",
    ),
    Holding(
        "matching.MatchReview",
        Erasure.WITH_PARENT,
        Retention.WITH_PARENT,
        parent="pair",
    ),
    # The live candidate index: a record's comparison values (encrypted) and its blocking keys
    # (keyed hashes). Deleted when the record is erased or emptied (an emptied request keeps
    # its case for the family, but nothing of the person it described may stay behind).
    Holding(
        "matching.IndexedRegistration",
        Erasure.DELETE,
        Retention.KEEP,
        reaches={"registration": Reach.REGISTRATION},
        why="the registration's own facts in the engine's form, for as long as it is kept",
    ),
    Holding(
        "matching.RegistrationKey",
        Erasure.DELETE,
        Retention.KEEP,
        reaches={"registration": Reach.REGISTRATION},
        why="the registration's blocking keys, for as long as it is kept",
    ),
    Holding(
        "matching.IndexedRequest",
        Erasure.DELETE,
        Retention.DELETE,
        reaches={"tracing_request": Reach.REQUEST},
    ),
    Holding(
        "matching.RequestKey",
        Erasure.DELETE,
        Retention.DELETE,
        reaches={"tracing_request": Reach.REQUEST},
    ),
)
