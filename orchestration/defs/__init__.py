"""Dagster definitions, one module per concern; loaded by orchestration.definitions."""
