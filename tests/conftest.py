"""The one place tests find the shared real data (`../shared/` beside the repo).

Real feeds, pages and the labelled real corpus live outside the repository
(their texts belong to their publishers), so a fresh clone may not have them.
A test that needs them calls `shared_dir(...)`: it skips with the reason when
the folder is absent, and fails instead when `REQUIRE_SHARED=1` (CI), so a
missing folder can never turn mandatory checks into silent skips.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

_CANDIDATES = (Path(__file__).resolve().parents[1].parent / "shared", Path("/work/shared"))


def find_shared(sub: str = "") -> Path | None:
    """The shared folder (or `sub` inside it), or None; never skips. For collection time."""
    for root in _CANDIDATES:
        path = root / sub if sub else root
        if path.exists():
            return path
    return None


def shared_dir(sub: str = "") -> Path:
    """The shared folder (or `sub` inside it); skips, or fails under REQUIRE_SHARED=1, when absent."""
    path = find_shared(sub)
    if path is not None:
        return path
    where = " or ".join(str(r / sub if sub else r) for r in _CANDIDATES)
    reason = f"shared data not present ({where})"
    if os.environ.get("REQUIRE_SHARED") == "1":
        pytest.fail(reason + " but REQUIRE_SHARED=1", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def shared() -> Path:
    """The shared folder, as a fixture."""
    return shared_dir()
