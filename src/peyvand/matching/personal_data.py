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
)
