"""The Tertial code location: everything under orchestration/defs."""

import dagster as dg

import orchestration.defs

defs = dg.load_defs(defs_root=orchestration.defs)
