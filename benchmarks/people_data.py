"""Name pools for the synthetic people benchmark, read from ``../shared/data/names/units_dev.csv``.

Given and family names come from the dev set's variant clusters at run time (nothing is copied
into the engine). Birthplaces are a handful of Iranian cities in both scripts, written here as
benchmark data only.
"""

from __future__ import annotations

from peyvand.linkage.name_clusters import variant_pools as unit_pools

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
