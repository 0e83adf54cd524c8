"""What the messaging app holds about a case (collected by ``peyvand.privacy``)."""

from peyvand.core.holdings import Erasure, Holding, Reach, Retention

HOLDINGS = (
    Holding("messaging.Message", Erasure.DELETE, Retention.DELETE, reaches={"case": Reach.CASE}),
)
