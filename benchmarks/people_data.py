"""Name pools for the synthetic people benchmark, read from ``../shared/data/names/units_dev.csv``.

Given and family names come from the dev set's variant clusters at run time (nothing is copied
into the engine). Each Latin spelling is drawn in proportion to the number of people the source
attests it for (``n=N``): real registries write Saeed far more often than the one-off English
label "Steve" that one person of the name chose, so a one-off label (often a different name for
that one person) must not be as common as the name's usual spellings. Birthplaces are a
handful of Iranian cities in both scripts, written here as benchmark data only.
"""

from __future__ import annotations

from peyvand.linkage.internals.name_clusters import weighted_variant_pools as unit_pools

__all__ = ["BIRTHPLACES", "unit_pools"]

BIRTHPLACES: list[list[str]] = [
    ["تهران", "Tehran", "Teheran"],
    ["قزوین", "Qazvin", "Ghazvin", "Kazvin"],
    ["مشهد", "Mashhad", "Mashad"],
    ["اصفهان", "Isfahan", "Esfahan"],
    ["شیراز", "Shiraz"],
    ["تبریز", "Tabriz"],
    ["کرمانشاه", "Kermanshah"],
    ["اهواز", "Ahvaz", "Ahwaz"],
    ["رشت", "Rasht", "Resht"],
    ["کرج", "Karaj"],
    ["قم", "Qom", "Ghom"],
    ["زاهدان", "Zahedan"],
    ["همدان", "Hamadan", "Hamedan"],
    ["یزد", "Yazd", "Yezd"],
    ["ارومیه", "Urmia", "Orumieh"],
    ["سنندج", "Sanandaj"],
]
