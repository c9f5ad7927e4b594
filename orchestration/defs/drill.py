"""The voucher drill-down as a Dagster asset and job with config: the same query and workbook as
`tertial drill`, launched from the UI (Launchpad: period, uppdrag, konto, ansvar)."""

import datetime as dt

import dagster as dg
from pydantic import Field

from orchestration.defs.owners import FINANCE
from orchestration.defs.resources import TertialPaths
from orchestration.periods import Period
from orchestration.reports.about import STOCKHOLM, Provenance
from orchestration.reports.catalog import DRILL_MODEL, UNDERLAG_MODEL
from orchestration.reports.drill import DrillError, drill_file, selection_text, write_drill
from orchestration.reports.reader import DrillFilter
from orchestration.runtime.failures import explained


class DrillConfig(dg.Config):
    period: str = Field(description="Closed month, YYYY-MM: rows of January to that month.")
    uppdrag: str = Field(
        description="Uppdrag code: a leaf, a parent (all leaves under it) or an unknown code."
    )
    konto: str | None = Field(default=None, description="Only this account (four digits).")
    ansvar: str | None = Field(default=None, description="Only this ansvar.")

    def to_filter(self) -> DrillFilter:
        try:
            period = Period.parse(self.period)
        except ValueError as error:
            raise dg.Failure(description=f"period: {error}") from None
        return DrillFilter(period, self.uppdrag.strip(), self.konto, self.ansvar)


@dg.asset(
    group_name="exports",
    deps=[dg.AssetKey(["reports", DRILL_MODEL]), dg.AssetKey(["reports", UNDERLAG_MODEL])],
    kinds={"excel"},
    owners=[FINANCE],
    description="Verifikationer: the ledger rows behind Resultat of an uppdrag (and account, "
    "ansvar) for the year to a month, with source file and line and a Summa equal to the "
    "reports' figure: exports/YYYY/drill/verifikationer_*.xlsx. Run ledger_drill_job with config.",
)
def ledger_drill_xlsx(
    context: dg.AssetExecutionContext, config: DrillConfig, paths: TertialPaths
) -> dg.MaterializeResult:
    drill = config.to_filter()
    provenance = Provenance(
        f"Verifikationer {drill.uppdrag}", drill.period, context.run_id, dt.datetime.now(STOCKHOLM)
    )
    with (
        explained(f"Writing {drill_file(drill)} in {paths.exports_dir}"),
        paths.opened(read_only=True) as con,
    ):
        try:
            made = write_drill(con, drill, paths.exports_dir, provenance)
        except DrillError as error:
            raise dg.Failure(description=str(error)) from None
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(made.path)),
            "selection": selection_text(drill),
            "rows": made.figures.rows,
            "result_sek": made.figures.result_sek,
        }
    )


ledger_drill_job = dg.define_asset_job(
    name="ledger_drill_job",
    selection=[ledger_drill_xlsx],
    description="Write the ledger rows behind a figure (config: period, uppdrag, konto, ansvar) "
    "from the warehouse as it is; builds nothing.",
)
