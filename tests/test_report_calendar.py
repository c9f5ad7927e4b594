"""Report calendar: Swedish working days and the run dates the schedules produce."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import pytest

from orchestration.defs.resources import TertialPaths
from orchestration.defs.schedules import report_schedules, sources_folder_sensor
from orchestration.periods import Period
from orchestration.reports.calendar import (
    is_working_day,
    nth_working_day,
    partition_key,
    period_of_partition,
)
from orchestration.reports.catalog import due_dates

SCHEDULES = {schedule.name: schedule for schedule in report_schedules}
monthly_report_schedule = SCHEDULES["monthly_report_schedule"]
tertial_report_schedule = SCHEDULES["tertial_report_schedule"]
annual_report_schedule = SCHEDULES["annual_report_schedule"]

D = dt.date


def test_swedish_holidays_are_not_working_days():
    assert not is_working_day(D(2026, 6, 19))  # midsommarafton
    assert not is_working_day(D(2026, 12, 24))  # julafton
    assert not is_working_day(D(2026, 12, 25)) and not is_working_day(D(2026, 12, 31))
    assert not is_working_day(D(2026, 1, 6))  # trettondedag jul
    assert not is_working_day(D(2026, 4, 3)) and not is_working_day(D(2026, 4, 6))  # påsk
    assert not is_working_day(D(2026, 11, 21))  # a Saturday
    assert is_working_day(D(2026, 6, 18)) and is_working_day(D(2026, 12, 23))
    # midsummer week: the 14th working day of June 2026 skips Friday the 19th
    assert nth_working_day(2026, 6, 14) == D(2026, 6, 18)
    assert nth_working_day(2026, 6, 15) == D(2026, 6, 22)


def test_run_dates_of_a_whole_year(monkeypatch: pytest.MonkeyPatch):
    dates = due_dates(2026)
    assert dates["monthly"] == [
        (D(2026, 1, 12), "2025-12"),  # New Year and Epiphany pushed it to the 12th
        (D(2026, 2, 9), "2026-01"),
        (D(2026, 3, 9), "2026-02"),
        (D(2026, 4, 10), "2026-03"),  # Good Friday and Easter Monday
        (D(2026, 5, 11), "2026-04"),  # May Day
        (D(2026, 6, 8), "2026-05"),
        (D(2026, 7, 8), "2026-06"),
        (D(2026, 8, 10), "2026-07"),
        (D(2026, 9, 8), "2026-08"),
        (D(2026, 10, 8), "2026-09"),
        (D(2026, 11, 9), "2026-10"),
        (D(2026, 12, 8), "2026-11"),
    ]
    assert dates["tertial"] == [(D(2026, 5, 13), "2026-T1"), (D(2026, 9, 10), "2026-T2")]
    assert dates["annual"] == [(D(2026, 2, 13), "2025")]
    # the day numbers are settings
    monkeypatch.setenv("TERTIAL_MONTHLY_WORKING_DAY", "10")
    monkeypatch.setenv("TERTIAL_TERTIAL_WORKING_DAY", "1")
    monkeypatch.setenv("TERTIAL_ANNUAL_WORKING_DAY", "1")
    later = due_dates(2026)
    assert later["monthly"][0] == (D(2026, 1, 16), "2025-12")
    assert later["tertial"][0] == (D(2026, 5, 4), "2026-T1")
    assert later["annual"][0] == (D(2026, 2, 2), "2025")


def test_partition_keys():
    assert period_of_partition("tertial", "2019-T1") == Period(2019, 4)
    assert period_of_partition("tertial", "2019-T2") == Period(2019, 8)
    assert period_of_partition("year", "2019") == Period(2019, 12)
    assert partition_key("tertial", Period(2019, 8)) == "2019-T2"
    assert partition_key("month", Period(2019, 8)) == "2019-08"
    with pytest.raises(ValueError, match="no tertial"):
        partition_key("tertial", Period(2019, 9))


def _at(day: dt.date) -> dg.ScheduleEvaluationContext:
    moment = dt.datetime(day.year, day.month, day.day, 6, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
    return dg.build_schedule_context(scheduled_execution_time=moment)


def test_schedules_request_the_right_partition_or_skip():
    request = monthly_report_schedule(_at(D(2026, 7, 8)))
    assert isinstance(request, dg.RunRequest) and request.partition_key == "2026-06"
    assert isinstance(monthly_report_schedule(_at(D(2026, 7, 7))), dg.SkipReason)
    assert tertial_report_schedule(_at(D(2026, 9, 10))).partition_key == "2026-T2"
    assert isinstance(tertial_report_schedule(_at(D(2026, 9, 9))), dg.SkipReason)
    assert annual_report_schedule(_at(D(2026, 2, 13))).partition_key == "2025"
    for schedule in (monthly_report_schedule, tertial_report_schedule, annual_report_schedule):
        assert schedule.execution_timezone == "Europe/Stockholm"


def test_sensor_runs_the_latest_month_when_files_change(tmp_path: Path):
    paths = TertialPaths(
        sources=str(tmp_path), exports=str(tmp_path / "e"), warehouse=str(tmp_path / "w.duckdb")
    )
    (tmp_path / "ledger").mkdir()
    (tmp_path / "ledger" / "huvudbok_2026-09.csv").write_text("a")
    (tmp_path / "ledger" / "huvudbok_2026-10.csv").write_text("b")
    context = dg.build_sensor_context(resources={"paths": paths})
    request = sources_folder_sensor(context)
    assert request.partition_key == "2026-10"
    context = dg.build_sensor_context(cursor=context.cursor, resources={"paths": paths})
    assert isinstance(sources_folder_sensor(context), dg.SkipReason)
    (tmp_path / "ledger" / "huvudbok_2026-09.csv").write_text("changed")
    context = dg.build_sensor_context(cursor=context.cursor, resources={"paths": paths})
    assert isinstance(sources_folder_sensor(context), dg.RunRequest)
