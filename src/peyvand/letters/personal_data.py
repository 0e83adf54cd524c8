"""What the letters app holds about a case (collected by ``peyvand.privacy``)."""

from peyvand.core.holdings import Erasure, Holding, Reach, Retention

HOLDINGS = (
    Holding(
        "letters.GeneratedLetter", Erasure.DELETE, Retention.DELETE, reaches={"case": Reach.CASE}
    ),
)
