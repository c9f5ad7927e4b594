"""Jobs: one per workbook of the catalogue; each loads the sources, builds the models and writes
the workbook for a partition."""

import dagster as dg

from orchestration.reports.catalog import WORKBOOKS

PIPELINE = dg.AssetSelection.groups("ingestion", "staging", "intermediate", "marts", "reports")

report_jobs = [
    dg.define_asset_job(
        name=workbook.job,
        selection=PIPELINE | dg.AssetSelection.assets(workbook.asset),
        description=f"Load every source file, build the dbt models and tests, and write "
        f"{workbook.title.split(' ')[0]} ({workbook.file_pattern}) for the partition.",
    )
    for workbook in WORKBOOKS
]
