"""Jobs: each loads the sources, builds the models and writes one report for a partition."""

import dagster as dg

PIPELINE = dg.AssetSelection.groups("ingestion", "staging", "intermediate", "marts", "reports")

monthly_report_job = dg.define_asset_job(
    name="monthly_report_job",
    selection=PIPELINE | dg.AssetSelection.assets("monthly_report_xlsx"),
    description="Load every source file, build the dbt models and tests, and write the monthly "
    "follow-up of the partition's month.",
)
tertial_report_job = dg.define_asset_job(
    name="tertial_report_job",
    selection=PIPELINE | dg.AssetSelection.assets("tertial_report_xlsx"),
    description="Load, build and write the tertial report (partition YYYY-T1 or YYYY-T2).",
)
annual_report_job = dg.define_asset_job(
    name="annual_report_job",
    selection=PIPELINE | dg.AssetSelection.assets("annual_report_xlsx"),
    description="Load, build and write the annual report of the partition's year.",
)
