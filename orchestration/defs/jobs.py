"""Jobs: the monthly report from files to Excel."""

import dagster as dg

monthly_report_job = dg.define_asset_job(
    name="monthly_report_job",
    selection=dg.AssetSelection.all(),
    description="Load every source file, build the dbt models and tests, and write the monthly "
    "follow-up for the configured period (ops.monthly_report_xlsx.config.period).",
)
