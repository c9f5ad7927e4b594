"""The sample region: an uppdrag tree, owners and the two monthly tables of domain.md.

Shared by the sample generator (demo) and the tests, so both speak about the same organisation.
Amounts are annual budgets in mnkr, report sign, as in the November 2017 report.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Uppdrag:
    code: str
    label: str
    parent: str | None
    group: str | None
    order: int
    owner: str | None = None
    unit: str | None = None
    annual_mnkr: float | None = None  # leaves only: budget, report sign
    kind: str = "cost"  # leaves: cost | grant (regionbidrag) | tax | targeted_grant


UPPDRAG: tuple[Uppdrag, ...] = (
    # Regionstyrelsens verksamhet
    Uppdrag("RSV10", "Regionbidrag", None, "RSV", 1, "Anna Lindqvist", "Ekonomi", 341.6, "grant"),
    Uppdrag("RSV20", "E-plan utveckling", None, "RSV", 2, "Per Öberg", "IT-strategi", -23.5),
    Uppdrag("RSV30", "Förtroendevalda", None, "RSV", 3, "Karin Åström", "Kansli", -46.4),
    Uppdrag("RSV40", "Regionkontoret Bas", None, "RSV", 4, "Erik Sandström", "Regionkontoret"),
    Uppdrag("RSV41", "Ledning och stab", "RSV40", None, 1, "Erik Sandström", "Stab", -71.8),
    Uppdrag(
        "RSV42", "Ekonomi och upphandling", "RSV40", None, 2, "Maria Håkansson", "Ekonomi", -64.6
    ),
    Uppdrag("RSV43", "HR och kommunikation", "RSV40", None, 3, "Johan Ek", "HR", -102.8),
    Uppdrag(
        "RSV50", "Drift av egna utvecklingsprojekt", None, "RSV", 5, "Lena Björk", "Utveckling", 0.0
    ),
    Uppdrag(
        "RSV60", "Tillväxt utveckling", None, "RSV", 6, "Ola Nyström", "Regional utveckling", -32.5
    ),
    # Hälso- och sjukvårdsfinansiering: two top-level lines over twelve leaves
    Uppdrag("HSF10", "Regionbidrag", None, "HSF", 1, "Eva Carlsson", "Hälso- och sjukvård"),
    Uppdrag(
        "HSF20",
        "Hälso- och sjukvårdsfinansiering",
        None,
        "HSF",
        2,
        "Eva Carlsson",
        "Hälso- och sjukvård",
    ),
    Uppdrag(
        "HSF21",
        "Regionbidrag",
        "HSF20",
        None,
        1,
        "Eva Carlsson",
        "Hälso- och sjukvård",
        7691.1,
        "grant",
    ),
    Uppdrag("HSF11", "Avtals- och taxevård", "HSF10", None, 1, "Sara Wikström", "Vårdval", -144.9),
    Uppdrag(
        "HSF12",
        "Den nära vården - Vårdval Halland",
        "HSF10",
        None,
        2,
        "Sara Wikström",
        "Vårdval",
        -1204.1,
    ),
    Uppdrag(
        "HSF13",
        "Gemensam verksamhetsutveckling",
        "HSF10",
        None,
        3,
        "Nils Ågren",
        "Utveckling",
        -155.4,
    ),
    Uppdrag("HSF14", "Läkemedel", "HSF10", None, 4, "Ingrid Falk", "Läkemedelsenheten", -759.4),
    Uppdrag("HSF15", "Psykiatriuppdrag", "HSF10", None, 5, "Mats Lund", "Psykiatri", -528.9),
    Uppdrag(
        "HSF16",
        "Riktade stadsbidrag",
        "HSF10",
        None,
        6,
        "Eva Carlsson",
        "Ekonomi",
        29.7,
        "targeted_grant",
    ),
    Uppdrag("HSF17", "Somatikuppdrag", "HSF10", None, 7, "Björn Svensson", "Somatik", -4206.9),
    Uppdrag("HSF18", "Tandvård", "HSF10", None, 8, "Helena Dahl", "Tandvård", -213.8),
    Uppdrag("HSF19", "Valfrihetsvård", "HSF10", None, 9, "Sara Wikström", "Vårdval", -271.9),
    Uppdrag(
        "HSF1A", "Vårdval specialistvård", "HSF10", None, 10, "Sara Wikström", "Vårdval", -72.1
    ),
    Uppdrag(
        "HSF1B",
        "Övrig hälso- och sjukvårdsverksamhet",
        "HSF10",
        None,
        11,
        "Nils Ågren",
        "Hälso- och sjukvård",
        -163.3,
    ),
    # Regiongemensamma kostnader och finansiering
    Uppdrag("RGK10", "Regionbidrag", None, "RGK", 1, "Anna Lindqvist", "Ekonomi", 824.4, "grant"),
    Uppdrag("RGK20", "Finansiering", None, "RGK", 2, "Anna Lindqvist", "Ekonomi", 8827.2, "tax"),
    Uppdrag("RGK30", "Hallandstrafiken", None, "RGK", 3, "Gustav Ström", "Kollektivtrafik", -438.4),
    Uppdrag(
        "RGK40",
        "Övriga regiongemensamma kostnader",
        None,
        "RGK",
        4,
        "Anna Lindqvist",
        "Ekonomi",
        -9195.7,
    ),
)

UPPDRAG_HEADER = (
    "Uppdrag",
    "Benämning",
    "Förälder",
    "Rapportgrupp",
    "Sortering",
    "Ansvarig",
    "Avdelning",
)

LAYOUT_HEADER = ("Tabell", "Rad", "Typ", "Etikett", "Omfattar")
TABLE_RS = "Regionstyrelsens verksamhet"
TABLE_HSF = "Specifikation Hälso- och sjukvårdsfinansiering"
LAYOUT: tuple[tuple[str, int, str, str | None, str], ...] = (
    (TABLE_RS, 10, "grupp", None, "RSV"),
    (TABLE_RS, 20, "summa", "Totalt Regionstyrelsens verksamheter", "RSV"),
    (TABLE_RS, 30, "grupp", None, "HSF"),
    (TABLE_RS, 40, "summa", "Hälso- och sjukvårdfinansiering", "HSF"),
    (
        TABLE_RS,
        50,
        "summa",
        "Deltotal för RS verksamheter o Hälso- och sjukvårdfinansiering",
        "RSV+HSF",
    ),
    (TABLE_RS, 60, "grupp", None, "RGK"),
    (TABLE_RS, 70, "summa", "Totalt Regiongemensamma kostnader och finansiering", "RGK"),
    (TABLE_RS, 80, "summa", "Totalt Regionstyrelsens ansvarsområde", "RSV+HSF+RGK"),
    (TABLE_HSF, 10, "noder", None, "HSF20"),
    (TABLE_HSF, 20, "noder", None, "HSF10"),
    (TABLE_HSF, 30, "summa", "Summa", "HSF"),
)


def leaves() -> list[Uppdrag]:
    parents = {u.parent for u in UPPDRAG if u.parent}
    return [u for u in UPPDRAG if u.code not in parents]


def uppdrag_rows() -> list[tuple]:
    return [(u.code, u.label, u.parent, u.group, u.order, u.owner, u.unit) for u in UPPDRAG]
