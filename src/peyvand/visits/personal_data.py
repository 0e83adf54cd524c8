"""What the visits app holds about a case (collected by ``peyvand.privacy``)."""

from peyvand.core.holdings import Erasure, Holding, Reach, Retention

HOLDINGS = (
    # Travel plans and meeting places of both parties; applications, checklists and reminders
    # hang on the visit.
    Holding("visits.Visit", Erasure.DELETE, Retention.DELETE, reaches={"case": Reach.CASE}),
    Holding("visits.TravelApplication", Erasure.WITH_PARENT, Retention.WITH_PARENT, parent="visit"),
    Holding(
        "visits.ChecklistItem", Erasure.WITH_PARENT, Retention.WITH_PARENT, parent="application"
    ),
    Holding("visits.Reminder", Erasure.WITH_PARENT, Retention.WITH_PARENT, parent="application"),
)
