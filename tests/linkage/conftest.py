"""Shared fixtures for the linkage tests: where the shared name data lives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def names_data_dir() -> Path:
    """``../shared/data/names`` beside the repository, or ``PEYVAND_NAMES_DATA``."""
    override = os.environ.get("PEYVAND_NAMES_DATA")
    if override:
        return Path(override)
    return (Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "names").resolve()


@pytest.fixture(scope="session")
def fullnames_csv() -> Path:
    """The full-name cluster file; the test is skipped if the shared data is absent."""
    path = names_data_dir() / "fullnames_dev.csv"
    if not path.exists():
        pytest.skip(f"shared name data not found at {path}")
    return path
