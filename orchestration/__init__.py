"""Tertial: the Dagster code location of the reporting warehouse."""
