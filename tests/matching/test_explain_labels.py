"""Every reason the engine can give a caseworker has words in each language of the UI."""

from __future__ import annotations

from django.utils import translation

from peyvand.linkage.internals.people_batch import load_default_people_model
from peyvand.matching.explain import FIELD_LABELS, LEVEL_LABELS, explanation_bars


def test_every_field_and_level_of_the_shipped_model_has_a_label() -> None:
    model = load_default_people_model()
    missing = [
        f"{c.name}: {level.label}"
        for c in model.comparisons
        for level in c.levels
        if level.label not in LEVEL_LABELS
    ]
    assert missing == []
    assert [c.name for c in model.comparisons if c.name not in FIELD_LABELS] == []


def test_a_swapped_name_reads_in_persian() -> None:
    row = {
        "field": "whole_name",
        "level": "reordered, same consonants",
        "weight": 9.5,
        "text": "whole name: given and family name swapped — موسوی مجتبی ~ Mojtaba Moosavi, +9.5",
    }
    with translation.override("fa"):
        bar = explanation_bars([row])[0]
        assert str(bar["level"]) != "given and family name swapped, same consonants"
        assert (bar["left"], bar["right"]) == ("موسوی مجتبی", "Mojtaba Moosavi")
