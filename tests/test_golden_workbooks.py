"""The sample data's workbooks, cell by cell, equal the snapshot (apart from run id and clock)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden import differences, dump, load_snapshot

pytestmark = pytest.mark.slow


def test_sample_workbooks_are_cell_identical_to_the_snapshot(sample_workbooks: Path):
    found = differences(load_snapshot(), dump(sample_workbooks))
    assert found == [], "\n".join(found[:40])
