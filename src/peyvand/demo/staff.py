"""The demo's agencies and one login per role, with passwords derived from the seed.

Deriving passwords from the seed (rather than drawing fresh ones) lets a second run on the same
database print logins that still work.
"""

from __future__ import annotations

import hashlib

from peyvand.accounts.models import Role
from peyvand.demo.plan import AgencyPlan, StaffPlan

AGENCY_A = AgencyPlan(code="tehran", name="Family Links Tehran Office", country="IR")
AGENCY_B = AgencyPlan(code="tirana", name="Peyvand Association Tirana", country="AL")
AGENCIES = (AGENCY_A, AGENCY_B)

_LOGINS: tuple[tuple[str, str, str], ...] = (
    ("seeker", Role.SEEKER, ""),
    ("registrant", Role.REGISTRANT, ""),
    ("caseworker-a", Role.CASEWORKER, AGENCY_A.code),
    ("caseworker-b", Role.CASEWORKER, AGENCY_B.code),
    ("supervisor", Role.SUPERVISOR, AGENCY_A.code),
    ("dpo", Role.DPO, ""),
    ("admin", Role.ADMIN, ""),
)
# No 0/o, 1/l/i: passwords are read off a terminal and typed by hand.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def demo_password(seed: int, username: str) -> str:
    """A 14-character password such as ``k7pq-x3mr-w9ta``, the same for the same seed."""
    digest = hashlib.sha256(f"peyvand-demo:{seed}:{username}".encode()).digest()
    letters = "".join(_ALPHABET[byte % len(_ALPHABET)] for byte in digest[:12])
    return "-".join(letters[i : i + 4] for i in range(0, 12, 4))


def staff_plan(seed: int) -> tuple[StaffPlan, ...]:
    """One login per role; caseworkers of both agencies and a supervisor of agency A."""
    return tuple(
        StaffPlan(
            username=username, role=str(role), password=demo_password(seed, username), agency=agency
        )
        for username, role, agency in _LOGINS
    )


def demo_second_factor(seed: int, username: str) -> tuple[bytes, list[str]]:
    """An authenticator key and five one-time recovery codes for a staff login, per seed."""
    key = hashlib.sha256(f"peyvand-demo-totp:{seed}:{username}".encode()).digest()[:20]
    codes = []
    for index in range(5):
        digest = hashlib.sha256(f"peyvand-demo-code:{seed}:{username}:{index}".encode()).digest()
        codes.append("".join(_ALPHABET[byte % len(_ALPHABET)] for byte in digest[:8]))
    return key, codes
