"""The pandas baseline: read_csv of the same ledger files and a groupby to the same figures.

Run as `python -m orchestration.bench.pandas_baseline LEDGER_FOLDER`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

COLUMNS = ["Period", "Konto", "Uppdrag", "Belopp"]


def run_pandas(ledger_folder: Path) -> pd.Series:
    """Result (ledger sign) per month and uppdrag on result accounts 3000-8999."""
    frames = [
        pd.read_csv(path, sep=";", decimal=",", usecols=COLUMNS, dtype={"Uppdrag": "string"})
        for path in sorted(ledger_folder.glob("huvudbok_*.csv"))
    ]
    ledger = pd.concat(frames, ignore_index=True)
    result = ledger[ledger["Konto"].between(3000, 8999)]
    return result.groupby(["Period", "Uppdrag"], dropna=False)["Belopp"].sum()


if __name__ == "__main__":
    figures = run_pandas(Path(sys.argv[1]))
    print(len(figures), round(float(figures.sum()), 2))
