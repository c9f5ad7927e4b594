"""Jobs: one per workbook of the catalogue; each loads the sources, builds the models and writes
the workbook for a partition."""

import dagster as dg

from orchestration.reports.catalog import jobs

PIPELINE = dg.AssetSelection.groups("ingestion", "staging", "intermediate", "marts", "reports")

report_jobs = [
    dg.define_asset_job(
        name=job,
        selection=PIPELINE | dg.AssetSelection.assets(*(w.asset for w in workbooks)),
        description="Load every source file, build the dbt models and tests, and write "
        + " and ".join(f"{w.title.split(' ')[0]} ({w.file_pattern})" for w in workbooks)
        + " for the partition.",
    )
    for job, workbooks in jobs().items()
]
