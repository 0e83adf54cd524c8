"""What the people app holds about a person (collected by ``peyvand.privacy``)."""

from peyvand.core.holdings import Erasure, Holding, Reach, Retention

HOLDINGS = (
    Holding(
        "people.Person",
        Erasure.SUBJECT,
        Retention.KEEP,
        reaches={"pk": Reach.PERSON},
        # A seeker's description of a registered person who is erased stays as an empty row:
        # the seeker's request points at it.
        emptied=(
            "sex",
            "birth_date",
            "birth_date_precision",
            "birth_date_calendar",
            "birth_date_text",
            "birthplace",
            "father_given_name",
            "mother_given_name",
            "national_id",
        ),
        why="who asked and whom they sought stay with the case shell so the agency can count "
        "and explain its work; erasure removes them",
    ),
    Holding(
        "people.Name",
        Erasure.DELETE,
        Retention.KEEP,
        reaches={"person": Reach.PERSON},
        why="names stay with the person; erasure removes them",
    ),
    Holding(
        "people.ContactDetail",
        Erasure.DELETE,
        Retention.DELETE,
        reaches={"person": Reach.PERSON},
    ),
)
