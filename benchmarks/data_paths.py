"""Where the shared evaluation data lives (``../shared/data`` beside the repository)."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def names_data_dir() -> Path:
    """Directory of the name cluster files; ``PEYVAND_NAMES_DATA`` overrides it."""
    override = os.environ.get("PEYVAND_NAMES_DATA")
    if override:
        return Path(override)
    return (REPO_ROOT / ".." / "shared" / "data" / "names").resolve()
