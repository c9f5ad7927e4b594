"""The report catalogue: every workbook Tertial writes, declared once.

A workbook is its name, the months it is made for, how its Dagster partitions are keyed, its
file, the Swedish working day it is due, the source kinds `Om rapporten` lists, and its sheets in
order, each the `rpt_` model it shows. The CLI, the export assets, partitions, jobs, schedules
and the dbt exposures (`make exposures`) are all derived from this module; a sheet's shape (title,
unit line, headers, formats) is the model's own (models/reports/_reports__models.yml).

Adding a sheet = one `rpt_` model + one `Sheet(...)` line below.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from orchestration.periods import Period
from orchestration.reports.calendar import (
    TERTIAL_END_MONTH,
    YEAR_END_MONTH,
    due_period,
    partition_key,
    period_of_partition,
    tertial_of_period,
)

# Every workbook ends with these: the activities list and Om rapporten (provenance and warnings).
ACTIVITIES_MODEL = "rpt_activities"
SOURCES_MODEL = "rpt_sources_in_force"
WARNINGS_MODEL = "rpt_warnings"
CHANGES_MODEL = "rpt_report_changes"  # Om rapporten's "Ändringar sedan förra versionen"
# the voucher drill-down (`tertial drill`, ledger_drill_job): its rows, and Underlag to tie out
DRILL_MODEL = "rpt_ledger_drill"
UNDERLAG_MODEL = "rpt_underlag"


@dataclass(frozen=True)
class Sheet:
    """One line of a workbook: the rpt_ model a sheet shows, under a tab name (without a name,
    one sheet per `sheet_name` of the model's rows, e.g. one per layout table)."""

    model: str
    name: str | None = None
    special: str | None = None  # 'about': Om rapporten, written by reports/about.py
    below: tuple[str, ...] = ()  # rpt_ models of tables under the first on the same sheet
    optional: bool = False  # left out of the workbook when the model has no rows for the period

    @property
    def models(self) -> tuple[str, ...]:
        if self.special == "about":
            return (self.model, WARNINGS_MODEL, CHANGES_MODEL)
        return (self.model, *self.below)


ABOUT = Sheet(SOURCES_MODEL, "Om rapporten", special="about")


@dataclass(frozen=True)
class Workbook:
    """A workbook Tertial writes: what it is, when it is made and due, and its sheets."""

    key: str  # monthly | tertial | annual
    title: str  # {year}, {tertial}, {period} filled in
    file_name: str  # under the exports folder; same fields
    months: tuple[int, ...]  # the months of the year a report is made for
    partition: str  # month | tertial | year (reports/calendar.py keys them)
    sheets: tuple[Sheet, ...]
    source_kinds: tuple[str, ...]  # the source files Om rapporten lists
    due_months_after: int  # due in the month this many after the report's month ...
    working_day: int  # ... on this Swedish working day (default; settable by environment)
    description: str
    runs_with: str | None = None  # written by that workbook's job (no job or schedule of its own)
    compares_previous_year: bool = False  # its sheets show last year's outcome: list its ledger

    @property
    def sources_listed(self) -> dict[str, tuple[object, ...]]:
        """The rows of rpt_sources_in_force Om rapporten lists."""
        return {
            "kind": self.source_kinds,
            "is_comparison_year": (False, True) if self.compares_previous_year else (False,),
        }

    @property
    def job(self) -> str:
        return f"{self.runs_with or self.key}_report_job"

    @property
    def schedule(self) -> str:
        return f"{self.runs_with or self.key}_report_schedule"

    @property
    def asset(self) -> str:
        return f"{self.key}_xlsx" if self.runs_with else f"{self.key}_report_xlsx"

    @property
    def working_day_setting(self) -> str:
        return f"TERTIAL_{self.key.upper()}_WORKING_DAY"

    def due_working_day(self) -> int:
        return int(os.environ.get(self.working_day_setting, self.working_day))

    @property
    def models(self) -> tuple[str, ...]:
        """Every rpt_ model the workbook reads, in sheet order."""
        found: list[str] = []
        for sheet in self.sheets:
            found += [model for model in sheet.models if model not in found]
        return tuple(found)

    def is_made_for(self, period: Period) -> bool:
        return period.month in self.months

    def _fields(self, period: Period) -> dict[str, object]:
        return {"year": period.year, "period": str(period), "tertial": tertial_of_period(period)}

    def name_for(self, period: Period) -> str:
        return self.title.format(**self._fields(period))

    def file_for(self, period: Period) -> str:
        return self.file_name.format(**self._fields(period))

    @property
    def file_pattern(self) -> str:
        """The file name as the contract writes it: YYYY/arsrapport_YYYY.xlsx."""
        return self.file_name.format(year="YYYY", period="YYYY-MM", tertial="N")

    def partition_key(self, period: Period) -> str:
        return partition_key(self.partition, period)

    def period_of(self, partition: str) -> Period:
        return period_of_partition(self.partition, partition)

    def due_on(self, day: dt.date) -> Period | None:
        """The period whose report is due on `day`, if any."""
        return due_period(day, self.months, self.due_months_after, self.due_working_day())


# the figures under the first table, to filter and pivot (every report workbook)
UNDERLAG = Sheet(UNDERLAG_MODEL, "Underlag")
MONTHLY_SOURCES = (
    "ledger",
    "sie_dimensions",
    "budget",
    "forecast",
    "uppdrag",
    "report_layout",
    "projects",
)
PERIODIC_SOURCES = (*MONTHLY_SOURCES, "business_plan", "investments", "hr")

MONTHLY = Workbook(
    key="monthly",
    title="Månadsuppföljning",
    file_name="{year}/manadsuppfoljning_{period}.xlsx",
    months=tuple(range(1, 13)),
    partition="month",
    sheets=(
        Sheet("rpt_monthly_result"),  # one sheet per layout table
        Sheet(ACTIVITIES_MODEL, "Aktiviteter"),
        UNDERLAG,
        ABOUT,
    ),
    source_kinds=MONTHLY_SOURCES,
    due_months_after=1,
    working_day=6,
    description="Månadsuppföljning: exports/YYYY/manadsuppfoljning_YYYY-MM.xlsx with one sheet "
    "per layout table, Aktiviteter, Underlag and Om rapporten.",
)

FORECAST = Sheet("rpt_forecast", "Prognos")
FORECAST_COMMENTS = Sheet("rpt_forecast_comments", "Prognoskommentarer")
PERIODIC_SHEETS = (
    Sheet("rpt_income_statement", "Resultaträkning"),
    Sheet("rpt_cost_development", "Kostnads- och intäktsutveckling"),
    Sheet("rpt_investments", "Investeringar"),
    Sheet("rpt_staff_indicators", "Medarbetare"),
    # only when a business plan snapshot is in force at the period's end
    Sheet("rpt_goal_fulfilment", "Måluppfyllelse", optional=True),
    Sheet("rpt_cumulative_result", "Diagram"),
)

TERTIAL = Workbook(
    key="tertial",
    title="Uppföljningsrapport {tertial} {year}",
    file_name="{year}/uppfoljningsrapport_{year}-T{tertial}.xlsx",
    months=tuple(TERTIAL_END_MONTH.values()),
    partition="tertial",
    sheets=(
        FORECAST,
        FORECAST_COMMENTS,
        *PERIODIC_SHEETS,
        Sheet(ACTIVITIES_MODEL, "Aktiviteter"),
        UNDERLAG,
        ABOUT,
    ),
    source_kinds=PERIODIC_SOURCES,
    compares_previous_year=True,
    due_months_after=1,
    working_day=8,
    description="Uppföljningsrapport T1 (jan-apr) and T2 (jan-aug): "
    "exports/YYYY/uppfoljningsrapport_YYYY-T1.xlsx / -T2.xlsx.",
)

ANNUAL = Workbook(
    key="annual",
    title="Årsrapport {year}",
    file_name="{year}/arsrapport_{year}.xlsx",
    months=(YEAR_END_MONTH,),
    partition="year",
    sheets=(
        FORECAST,
        Sheet(
            "rpt_forecast_accuracy",
            "Prognossäkerhet",
            below=("rpt_forecast_accuracy_by_occasion",),
        ),
        FORECAST_COMMENTS,
        *PERIODIC_SHEETS,
        Sheet("rpt_project_annex", "Projektbilaga"),
        Sheet(ACTIVITIES_MODEL, "Aktiviteter"),
        UNDERLAG,
        ABOUT,
    ),
    source_kinds=PERIODIC_SOURCES,
    compares_previous_year=True,
    due_months_after=2,
    working_day=10,
    description="Årsrapport: exports/YYYY/arsrapport_YYYY.xlsx, the tertial sheets for jan-dec "
    "plus Projektbilaga.",
)

FORECAST_TEMPLATE = Workbook(
    key="forecast_template",
    title="Prognosunderlag {period}",
    file_name="{year}/prognosunderlag_{period}.xlsx",
    months=tuple(range(1, 13)),
    partition="month",
    sheets=(
        # first and with its header in row 1: saved as forecast/prognos_YYYY-MM.xlsx it is the
        # next forecast delivery
        Sheet("rpt_forecast_template", "Prognos"),
        Sheet("rpt_forecast_methods", "Metoder"),
        ABOUT,
    ),
    source_kinds=MONTHLY_SOURCES,
    due_months_after=1,
    working_day=6,
    description="Prognosunderlag: exports/YYYY/prognosunderlag_YYYY-MM.xlsx, the form uppdrag "
    "owners fill in for the next forecast occasion, with Tertial's back-tested proposals.",
    runs_with="monthly",
)

# The monthly report comes first: its run loads the sources and builds the models (and writes
# the forecast template with it); the others for the same month only write their workbook.
WORKBOOKS: tuple[Workbook, ...] = (MONTHLY, FORECAST_TEMPLATE, TERTIAL, ANNUAL)
WORKBOOKS_BY_KEY = {workbook.key: workbook for workbook in WORKBOOKS}


def workbooks_for(period: Period) -> list[Workbook]:
    """The workbooks a closed month gets, the monthly follow-up first."""
    return [workbook for workbook in WORKBOOKS if workbook.is_made_for(period)]


def jobs() -> dict[str, list[Workbook]]:
    """Each job and the workbooks it writes (a workbook that runs with another is in its job)."""
    found: dict[str, list[Workbook]] = {}
    for workbook in WORKBOOKS:
        found.setdefault(workbook.job, []).append(workbook)
    return found


def latest_period_for(workbook: Workbook, last: Period) -> Period:
    """The latest period on or before `last` that the workbook is made for."""
    period = last
    while not workbook.is_made_for(period):
        period = period.previous()
    return period


def due_dates(year: int) -> dict[str, list[tuple[dt.date, str]]]:
    """Every run date of a year for each workbook, with the partition it writes."""
    result: dict[str, list[tuple[dt.date, str]]] = {w.key: [] for w in WORKBOOKS}
    day = dt.date(year, 1, 1)
    while day.year == year:
        for workbook in WORKBOOKS:
            if (period := workbook.due_on(day)) is not None:
                result[workbook.key].append((day, workbook.partition_key(period)))
        day += dt.timedelta(days=1)
    return result


def report_models() -> tuple[str, ...]:
    """Every rpt_ model any workbook or the drill-down reads."""
    found: list[str] = []
    for workbook in WORKBOOKS:
        found += [model for model in workbook.models if model not in found]
    return (*found, DRILL_MODEL)


def exposures_yaml() -> str:
    """The dbt exposures of the workbooks (models/reports/_reports__exposures.yml)."""
    lines = [
        "# Written by `make exposures` from orchestration/reports/catalog.py: do not edit.",
        "version: 2",
        "",
        "exposures:",
    ]
    for workbook in WORKBOOKS:
        lines += [
            f"  - name: {workbook.key}_report",
            f"    label: {workbook.title.split(' ')[0]} (Excel)",
            "    type: dashboard",
            f"    description: exports/{workbook.file_pattern} (Dagster asset {workbook.asset}).",
            "    owner: {name: Ekonomi (finance)}",
            "    depends_on:",
            *(f"      - ref('{model}')" for model in workbook.models),
        ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(exposures_yaml(), end="")
