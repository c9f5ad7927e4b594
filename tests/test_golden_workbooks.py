"""The sample data's workbooks, cell by cell, equal the snapshot (apart from run id and clock)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden import differences, dump, load_snapshot, write_sample_workbooks

pytestmark = pytest.mark.slow


def test_sample_workbooks_are_cell_identical_to_the_snapshot(tmp_path: Path):
    exports = write_sample_workbooks(tmp_path)
    found = differences(load_snapshot(), dump(exports))
    assert found == [], "\n".join(found[:40])
