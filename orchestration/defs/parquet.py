"""On the Spark engine only: the raw tables in force as Parquet, the sources of Spark's dbt."""

import dagster as dg

from orchestration.defs.dbt_project import ENGINE_IS_SPARK
from orchestration.defs.owners import DATA_TEAM
from orchestration.defs.resources import TertialPaths
from orchestration.ingest.parquet import PUBLISHED_TABLES, PublishedTable, publish
from orchestration.ingest.raw_store import HISTORY_SCHEMA
from orchestration.runtime.engine import SparkFolders
from orchestration.runtime.failures import explained


def published_key(table: PublishedTable) -> dg.AssetKey:
    return dg.AssetKey(["parquet", table.asset_name])


def _upstream(table: PublishedTable) -> dg.AssetKey:
    if table.schema == HISTORY_SCHEMA:  # written by the export assets, read as a dbt source
        return dg.AssetKey([table.schema, table.name])
    return dg.AssetKey(["raw", table.asset_name])


def _specs() -> list[dg.AssetSpec]:
    return [
        dg.AssetSpec(
            published_key(table),
            group_name="ingestion",
            description=f"{table.relation} as Parquet for Spark: one file per "
            + (" and ".join(table.partition) if table.partition else "table")
            + ", written once and renamed into place.",
            deps=[_upstream(table)],
            owners=[DATA_TEAM],
            kinds={"parquet"},
            skippable=False,
        )
        for table in PUBLISHED_TABLES
    ]


def build_published_parquet() -> dg.AssetsDefinition:
    """The asset; built only on Spark (Dagster collects every asset object of a defs module)."""

    @dg.multi_asset(name="published_parquet", specs=_specs(), pool="warehouse")
    def published_parquet(context: dg.AssetExecutionContext, paths: TertialPaths):
        folders = SparkFolders.of(paths.warehouse_file)
        with (
            explained(f"Publishing the raw tables as Parquet in {folders.published}"),
            paths.opened(read_only=True) as con,
        ):
            done = publish(con, folders)
        if done.reset:
            context.log.warning(done.reset)
        context.log.info(
            f"published {done.tables} tables: {done.files_written} file(s) written "
            f"({done.rows_written} rows), {done.files_removed} removed"
        )
        for table in PUBLISHED_TABLES:
            yield dg.MaterializeResult(
                asset_key=published_key(table),
                metadata={"folder": dg.MetadataValue.path(str(table.folder(folders.published)))},
            )

    return published_parquet


# The DuckDB engine reads the raw tables where they are: nothing to publish.
parquet_assets = [build_published_parquet()] if ENGINE_IS_SPARK else []
