"""Who answers for which assets (shown as owners in the Dagster UI)."""

DATA_TEAM = "team:data"  # schedules, monitors, backfills: pipeline assets
FINANCE = "team:finance"  # reads and trusts the reports: report tables and Excel exports
