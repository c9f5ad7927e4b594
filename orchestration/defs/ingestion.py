"""Ingestion assets: one per source kind, each loading its files into a raw table."""

from pathlib import Path

import dagster as dg

from orchestration.defs.owners import DATA_TEAM
from orchestration.defs.resources import TertialPaths
from orchestration.ingest import raw_store
from orchestration.ingest.errors import RejectedFiles, SourceFileError
from orchestration.ingest.loader import load_kind
from orchestration.ingest.source_files import KINDS, SourceKind, discover
from orchestration.runtime.failures import explained

# Files whose names fit no kind of a folder are reported by the folder's first kind.
FOLDER_OWNER = {kind.folder: kind.name for kind in reversed(KINDS)}


def _rejection(kind: SourceKind, errors: list[SourceFileError]) -> dg.Failure:
    rejected = RejectedFiles(errors)
    return dg.Failure(
        description=str(rejected),
        metadata={
            "rejected_files": dg.MetadataValue.md(
                "\n".join(f"- `{e.file}` line {e.line or '-'}: {e.problem}" for e in errors)
            ),
            "source_kind": kind.name,
        },
    )


def source_file_spec(kind: SourceKind) -> dg.AssetSpec:
    """The delivered files themselves: the start of the lineage graph."""
    pattern = kind.names
    return dg.AssetSpec(
        key=["sources", kind.name],
        group_name="sources",
        description=f"{kind.description}: files {kind.folder}/{pattern} in the sources folder "
        "(see the data contract).",
        owners=[DATA_TEAM],
        kinds={"file"},
        metadata={"folder": kind.folder, "file_name_pattern": pattern},
    )


VOUCHER_CHECK = "vouchers_balance"


def _check_specs(kind: SourceKind) -> list[dg.AssetCheckSpec]:
    if kind.name != "ledger":
        return []
    return [
        dg.AssetCheckSpec(
            VOUCHER_CHECK,
            asset=["raw", kind.name],
            description="Every voucher of every loaded ledger file balances (|sum| < 0,005). "
            "The loader checks each file as it reads it and rejects the file otherwise, so the "
            "whole history is never read again for this.",
        )
    ]


def build_ingestion_asset(kind: SourceKind) -> dg.AssetsDefinition:
    @dg.asset(
        key=["raw", kind.name],
        name=None,
        group_name="ingestion",
        description=f"{kind.description}. Raw table raw.{kind.name}: every delivered version of "
        f"{kind.folder}/ files with file name, content hash and load time.",
        deps=[
            source_file_spec(kind).key,
            # checked against the uppdrag tree, so it loads first
            *([dg.AssetKey(["raw", "uppdrag"])] if kind.depends_on_tree else []),
            *(dg.AssetKey(["raw", other]) for other in kind.loads_after),
        ],
        owners=[DATA_TEAM],
        pool="warehouse",
        kinds={"duckdb", "csv"},
        check_specs=_check_specs(kind),
    )
    def _ingest(context: dg.AssetExecutionContext, paths: TertialPaths) -> dg.MaterializeResult:
        with explained(f"Reading the sources folder {paths.sources_dir}"):
            found, misnamed = discover(paths.sources_dir)
        errors = [e for e in misnamed if FOLDER_OWNER.get(_folder_of(e.file)) == kind.name]
        files = found[kind.name]
        if kind.required and not files:
            errors.append(
                SourceFileError(
                    paths.sources_dir / kind.folder,
                    f"no {kind.folder} file delivered: this folder is required by the contract",
                )
            )
        if errors:
            raise _rejection(kind, errors)
        with paths.lock(), explained(f"Loading {kind.folder}/ into {paths.warehouse_file}"):
            con = paths.connect()
            try:
                loaded = load_kind(con, kind.name, files)
                current_rows = raw_store.current_row_count(con, kind.name)
            except RejectedFiles as rejected:
                raise _rejection(kind, rejected.errors) from None
            finally:
                con.close()
        for item in loaded:
            if item.action != "unchanged":
                context.log.info(
                    f"{item.action} {item.file_name}: {item.rows} rows, "
                    f"sha256 {item.content_hash[:12]}"
                )
        check_results = [
            dg.AssetCheckResult(
                check_name=spec.name,
                passed=True,  # a file with an unbalanced voucher fails the step above
                metadata={"files_checked": sum(i.action != "unchanged" for i in loaded)},
            )
            for spec in _check_specs(kind)
        ]
        return dg.MaterializeResult(
            check_results=check_results,
            metadata={
                "dagster/row_count": current_rows,  # rows of the current deliveries
                "files": len(loaded),
                "files_loaded": sum(i.action != "unchanged" for i in loaded),
                "rows_loaded": sum(i.rows for i in loaded),
                "source_files": dg.MetadataValue.md(
                    "| file | action | rows | sha256 |\n|---|---|---|---|\n"
                    + "\n".join(
                        f"| {i.file_name} | {i.action} | {i.rows} | {i.content_hash[:16]} |"
                        for i in loaded
                    )
                ),
            },
        )

    return _ingest


def _folder_of(file: str) -> str:
    return Path(file).parent.name


source_files = [source_file_spec(kind) for kind in KINDS]
deliveries = dg.AssetSpec(
    key=["raw", "deliveries"],
    group_name="ingestion",
    description="raw.deliveries: one row per loaded file version (kind, name, SHA-256, rows, load "
    "time, current or replaced) and a ledger file's control total. Every ingestion asset "
    "writes it.",
    owners=[DATA_TEAM],
    kinds={"duckdb"},
)
ingestion_assets = [build_ingestion_asset(kind) for kind in KINDS]
