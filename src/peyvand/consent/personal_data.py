"""What the consent app holds about a person (collected by ``peyvand.privacy``)."""

from peyvand.core.holdings import Erasure, Holding, Reach, Retention

# Erasing a request takes its questions and answers with it (on_delete=CASCADE); erasing a
# registered person deletes theirs. Erasing a request's description of someone does not touch
# another registered person's answer about that request.
HOLDINGS = (
    Holding(
        "consent.DecisionRequest",
        Erasure.DELETE,
        Retention.KEEP,
        reaches={"registration": Reach.REGISTRATION},
        why="that the person was asked is part of their answer",
    ),
    Holding(
        "consent.Decision",
        Erasure.DELETE,
        Retention.KEEP,
        reaches={"registration": Reach.REGISTRATION},
        why="the sought person's answer outlives the case: a decline or 'never for this "
        "seeker' must still hold when the family asks again",
    ),
)
