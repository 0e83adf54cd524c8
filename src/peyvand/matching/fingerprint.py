"""What counts as a material change of a record: the facts the engine compares."""

from __future__ import annotations

import hashlib
import json

from peyvand.people.models import Person


def person_facts(person: Person) -> dict[str, object]:
    """The comparable facts of one person (names, birth, birthplace, parents, sex, national ID)."""
    return {
        "names": sorted(name.full for name in person.names.all()),
        "birth": [str(person.birth_date or ""), person.birth_date_precision],
        "birthplace": person.birthplace,
        "father": person.father_given_name,
        "mother": person.mother_given_name,
        "sex": person.sex,
        "national_id": person.national_id,
    }


def records_fingerprint(sought: Person, registered: Person) -> str:
    """A digest of both persons' facts: equal digests mean neither record changed materially."""
    payload = json.dumps([person_facts(sought), person_facts(registered)], sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
