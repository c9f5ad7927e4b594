"""The file names of the sources folder: which kind a file is, and the period or key in its name."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from orchestration.ingest.errors import SourceFileError
from orchestration.periods import Period


@dataclass(frozen=True)
class SourceKind:
    name: str  # also the raw table's name
    folder: str
    pattern: re.Pattern[str]
    description: str
    required: bool = False
    depends_on_tree: bool = False  # checked against the uppdrag tree: loads after it
    loads_after: tuple[str, ...] = ()  # other kinds its loading reads (besides the tree)
    shown: str = ""  # the file names as people read them, when the pattern is not plain

    @property
    def names(self) -> str:
        """The file names of the kind, for messages and the UI: huvudbok_YYYY-MM.csv ..."""
        if self.shown:
            return self.shown
        plain = self.pattern.pattern.replace(TABULAR, ".xlsx|.csv")
        for regex, shown in _SHOWN_PARTS:
            plain = plain.replace(regex, shown)
        return re.sub(r"\(\?P<key>([a-z]+)\)", r"\1", plain).replace("\\.", ".")


def _p(text: str) -> re.Pattern[str]:
    return re.compile(text, re.IGNORECASE)


TABULAR = r"\.(?P<ext>xlsx|csv)"
# How the patterns' keys read in messages: projekt_YYYY-MM-DD.xlsx|.csv
_SHOWN_PARTS = (
    (r"(?P<key>\d{4}-\d{2}-\d{2})", "YYYY-MM-DD"),
    (r"(?P<key>\d{4}-\d{2})", "YYYY-MM"),
    (r"(?P<key>\d{4})", "YYYY"),
    (r"\.(?P<ext>csv)", ".csv"),
)
KINDS: tuple[SourceKind, ...] = (
    SourceKind(
        "ledger",
        "ledger",
        # a month's CSV file, or the fiscal year's SIE 4 export (one key group for both)
        _p(
            r"(?=huvudbok_\d{4}-\d{2}\.csv$|sie4_\d{4}\.se$)"
            r"(?:huvudbok|sie4)_(?P<key>[\d-]+)\.(?P<ext>csv|se)"
        ),
        "General ledger transactions, one CSV file per accounting period or an SIE 4 file "
        "per fiscal year",
        required=True,
        loads_after=("sie_dimensions",),
        shown="huvudbok_YYYY-MM.csv or sie4_YYYY.se",
    ),
    SourceKind(
        "budget",
        "budget",
        _p(rf"budget_(?P<key>\d{{4}}){TABULAR}"),
        "Adopted budget per year, month x leaf uppdrag x account",
        depends_on_tree=True,
    ),
    SourceKind(
        "forecast",
        "forecast",
        _p(rf"prognos_(?P<key>\d{{4}}-\d{{2}}){TABULAR}"),
        "Full-year forecast per leaf uppdrag, one file per forecast occasion",
        depends_on_tree=True,
    ),
    SourceKind(
        "uppdrag",
        "registers",
        _p(rf"(?P<key>uppdrag){TABULAR}"),
        "The uppdrag tree with groups, order and owners",
        required=True,
    ),
    SourceKind(
        "report_layout",
        "registers",
        _p(rf"(?P<key>rapportmall){TABULAR}"),
        "Report layout: tables and their rows",
        depends_on_tree=True,
    ),
    SourceKind(
        "sie_dimensions",
        "registers",
        _p(rf"(?P<key>siedimensioner){TABULAR}"),
        "Which ledger column each SIE 4 dimension fills (optional; default 1 Ansvar, "
        "6 Projekt, 20 Uppdrag)",
    ),
    SourceKind(
        "projects",
        "registers",
        _p(rf"projekt_(?P<key>\d{{4}}-\d{{2}}-\d{{2}}){TABULAR}"),
        "Project register snapshots",
    ),
    SourceKind(
        "business_plan",
        "registers",
        _p(rf"verksamhetsplan_(?P<key>\d{{4}}-\d{{2}}-\d{{2}}){TABULAR}"),
        "The business plan's verksamhetsuppdrag with their goal fulfilment forecast, snapshots",
    ),
    SourceKind(
        "investments",
        "investments",
        _p(rf"investeringar_(?P<key>\d{{4}}-\d{{2}}){TABULAR}"),
        "Investment budget and forecast per object and occasion",
    ),
    SourceKind(
        "hr", "hr", _p(r"hr_(?P<key>\d{4}-\d{2})\.(?P<ext>csv)"), "Staff indicators per month"
    ),
)
KINDS_BY_NAME = {kind.name: kind for kind in KINDS}
FOLDERS = sorted({kind.folder for kind in KINDS})


@dataclass(frozen=True)
class SourceFile:
    kind: str
    path: Path
    key: str  # period, year, snapshot date or register name taken from the file name

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def is_sie4(self) -> bool:
        return self.path.suffix.lower() == ".se"

    @property
    def delivery(self) -> str:
        """A delivery's identity: the name without extension (.csv replaces .xlsx)."""
        return self.path.stem.lower()


def _ignored(path: Path) -> bool:
    # Hidden files and Excel's lock files are not deliveries.
    return path.name.startswith((".", "~$")) or path.name.lower() == "readme.md" or path.is_dir()


def _check_key(path: Path, key: str) -> None:
    parts = key.split("-")
    if len(parts) >= 2 and parts[0].isdigit() and not 1 <= int(parts[1]) <= 12:
        raise SourceFileError(path, f"the file name has month {parts[1]}, not 01-12")
    if len(parts) == 3:
        try:
            dt.date.fromisoformat(key)
        except ValueError:
            raise SourceFileError(path, f"the file name has an invalid date {key}") from None


def classify(path: Path, folder: str) -> SourceFile:
    """Which kind a file in a sources sub-folder is; a name outside the contract is an error."""
    for kind in KINDS:
        if kind.folder != folder:
            continue
        match = kind.pattern.fullmatch(path.name)
        if match:
            key = match.group("key").lower()
            _check_key(path, key)
            return SourceFile(kind.name, path, key)
    expected = ", ".join(kind.names for kind in KINDS if kind.folder == folder)
    raise SourceFileError(
        path, f"file name does not follow the contract for {folder}/ ({expected})"
    )


def discover(sources: Path) -> tuple[dict[str, list[SourceFile]], list[SourceFileError]]:
    """Every file of the sources folder by kind, sorted by key, and the misnamed files."""
    found: dict[str, list[SourceFile]] = {kind.name: [] for kind in KINDS}
    errors: list[SourceFileError] = []
    for folder in FOLDERS:
        directory = sources / folder
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            if _ignored(path):
                continue
            try:
                source = classify(path, folder)
            except SourceFileError as error:
                errors.append(error)
                continue
            found[source.kind].append(source)
    for kind, files in found.items():
        seen: dict[str, SourceFile] = {}
        for source in files:
            if source.delivery in seen:
                errors.append(
                    SourceFileError(
                        source.path,
                        f"delivered twice: also as {seen[source.delivery].name}; keep one",
                    )
                )
            seen[source.delivery] = source
        found[kind] = sorted(files, key=lambda s: s.key)
    return found, errors


def ledger_file_for(sources: Path, period: Period) -> Path | None:
    """The ledger delivery that holds `period`: huvudbok_YYYY-MM.csv, else the year's SIE 4
    file sie4_YYYY.se (any letter case)."""
    folder = sources / KINDS_BY_NAME["ledger"].folder
    if not folder.is_dir():
        return None
    found = {p.name.lower(): p for p in sorted(folder.iterdir()) if not _ignored(p)}
    for wanted in (f"huvudbok_{period}.csv", f"sie4_{period.year}.se"):  # the month's CSV first
        if wanted in found:
            return found[wanted]
    return None
