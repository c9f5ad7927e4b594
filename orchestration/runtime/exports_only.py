"""The report jobs with their export assets only, for a run that has nothing to load or build.

Same job and asset names as the code location (orchestration/definitions.py), so the runs and
materializations show under them in the Dagster UI; without the ingestion and dbt assets, so
that loading them skips dagster-dbt, dbt and the manifest (about 3 s of a run's start).
"""

from __future__ import annotations

import dagster as dg

from orchestration.defs.exports import export_assets
from orchestration.defs.resources import paths_resource
from orchestration.reports.catalog import jobs


def exports_only_definitions() -> dg.Definitions:
    return dg.Definitions(
        assets=export_assets,
        jobs=[
            dg.define_asset_job(
                name=job,
                selection=dg.AssetSelection.assets(*(w.asset for w in workbooks)),
                description="Write the job's workbooks from the report tables as they are.",
            )
            for job, workbooks in jobs().items()
        ],
        resources={"paths": paths_resource()},
    )
