"""The sample region: an uppdrag tree, owners and the two monthly tables of domain.md.

Shared by the sample generator (demo) and the tests, so both speak about the same organisation.
Amounts are annual budgets in mnkr, report sign, as in the November 2017 report.

How the lines relate (the generator keeps these relations every year):

- The regionbidrag of a board nets its cost lines: "Regionbidrag" of Regionstyrelsens verksamhet
  (RSV10) is the sum of that group's cost lines, and "Hälso- och sjukvårdsfinansiering" (HSF21)
  the sum of the eleven leaves under HSF10, so each board's budget is in balance (`nets`).
- Both are paid out by "Övriga regiongemensamma kostnader" (RGK40, `paid_by`): 8 032,7 of its
  9 195,7 mnkr in 2017 are regionbidrag to the two boards, the rest (1 163 mnkr) is common costs
  (pensions, insurance, central reserves).
- "Finansiering" (tax revenue and general grants, RGK20) finances the group's costs and leaves the
  planned surplus (17,5 mnkr in 2017).

`profile` names the account mix and the kind of deviations a cost line has (see
orchestration/sample/generator.py), `growth` its budget trend a year, `area` how its owner names
the activity in forecast comments ("... inom psykiatrin").
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
    annual_mnkr: float | None = None  # leaves only: budget 2017, report sign
    kind: str = "cost"  # leaves: cost | grant (regionbidrag) | tax | targeted_grant | common
    profile: str | None = None  # cost leaves: admin | care | drugs | traffic
    growth: float = 0.03  # budget trend a year
    area: str | None = None  # "inom {area}" in the owner's comments
    nets: str | None = None  # grant leaves: the group or node whose other leaves it finances
    paid_by: str | None = None  # grant leaves: the leaf that pays it out (internal transfer)


UPPDRAG: tuple[Uppdrag, ...] = (
    # Regionstyrelsens verksamhet
    Uppdrag(
        "RSV10",
        "Regionbidrag",
        None,
        "RSV",
        1,
        "Anna Lindqvist",
        "Ekonomi",
        341.6,
        "grant",
        nets="RSV",
        paid_by="RGK40",
    ),
    Uppdrag(
        "RSV20",
        "E-plan utveckling",
        None,
        "RSV",
        2,
        "Per Öberg",
        "IT-strategi",
        -23.5,
        profile="admin",
        growth=0.035,
        area="e-hälsoarbetet",
    ),
    Uppdrag(
        "RSV30",
        "Förtroendevalda",
        None,
        "RSV",
        3,
        "Karin Åström",
        "Kansli",
        -46.4,
        profile="admin",
        growth=0.02,
        area="den politiska organisationen",
    ),
    Uppdrag("RSV40", "Regionkontoret Bas", None, "RSV", 4, "Erik Sandström", "Regionkontoret"),
    Uppdrag(
        "RSV41",
        "Ledning och stab",
        "RSV40",
        None,
        1,
        "Erik Sandström",
        "Stab",
        -71.8,
        profile="admin",
        growth=0.025,
        area="staben",
    ),
    Uppdrag(
        "RSV42",
        "Ekonomi och upphandling",
        "RSV40",
        None,
        2,
        "Maria Håkansson",
        "Ekonomi",
        -64.6,
        profile="admin",
        growth=0.025,
        area="upphandlingsenheten",
    ),
    Uppdrag(
        "RSV43",
        "HR och kommunikation",
        "RSV40",
        None,
        3,
        "Johan Ek",
        "HR",
        -102.8,
        profile="admin",
        growth=0.025,
        area="HR-avdelningen",
    ),
    Uppdrag(
        "RSV50",
        "Drift av egna utvecklingsprojekt",
        None,
        "RSV",
        5,
        "Lena Björk",
        "Utveckling",
        0.0,
        profile="admin",
        growth=0.0,
        area="utvecklingsprojekten",
    ),
    Uppdrag(
        "RSV60",
        "Tillväxt utveckling",
        None,
        "RSV",
        6,
        "Ola Nyström",
        "Regional utveckling",
        -32.5,
        profile="admin",
        growth=0.03,
        area="den regionala utvecklingen",
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
        nets="HSF10",
        paid_by="RGK40",
    ),
    Uppdrag(
        "HSF11",
        "Avtals- och taxevård",
        "HSF10",
        None,
        1,
        "Sara Wikström",
        "Vårdval",
        -144.9,
        profile="care",
        growth=0.03,
        area="avtals- och taxevården",
    ),
    Uppdrag(
        "HSF12",
        "Den nära vården - Vårdval Halland",
        "HSF10",
        None,
        2,
        "Sara Wikström",
        "Vårdval",
        -1204.1,
        profile="care",
        growth=0.035,
        area="vårdvalet",
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
        profile="admin",
        growth=0.03,
        area="verksamhetsutvecklingen",
    ),
    Uppdrag(
        "HSF14",
        "Läkemedel",
        "HSF10",
        None,
        4,
        "Ingrid Falk",
        "Läkemedelsenheten",
        -759.4,
        profile="drugs",
        growth=0.05,
        area="läkemedelsområdet",
    ),
    Uppdrag(
        "HSF15",
        "Psykiatriuppdrag",
        "HSF10",
        None,
        5,
        "Mats Lund",
        "Psykiatri",
        -528.9,
        profile="care",
        growth=0.04,
        area="psykiatrin",
    ),
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
        growth=0.02,
    ),
    Uppdrag(
        "HSF17",
        "Somatikuppdrag",
        "HSF10",
        None,
        7,
        "Björn Svensson",
        "Somatik",
        -4206.9,
        profile="care",
        growth=0.035,
        area="somatiken",
    ),
    Uppdrag(
        "HSF18",
        "Tandvård",
        "HSF10",
        None,
        8,
        "Helena Dahl",
        "Tandvård",
        -213.8,
        profile="care",
        growth=0.03,
        area="tandvården",
    ),
    Uppdrag(
        "HSF19",
        "Valfrihetsvård",
        "HSF10",
        None,
        9,
        "Sara Wikström",
        "Vårdval",
        -271.9,
        profile="care",
        growth=0.035,
        area="valfrihetsvården",
    ),
    Uppdrag(
        "HSF1A",
        "Vårdval specialistvård",
        "HSF10",
        None,
        10,
        "Sara Wikström",
        "Vårdval",
        -72.1,
        profile="care",
        growth=0.04,
        area="den specialiserade vården",
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
        profile="care",
        growth=0.03,
        area="övrig hälso- och sjukvård",
    ),
    # Regiongemensamma kostnader och finansiering
    Uppdrag("RGK10", "Regionbidrag", None, "RGK", 1, "Anna Lindqvist", "Ekonomi", 824.4, "grant"),
    Uppdrag("RGK20", "Finansiering", None, "RGK", 2, "Anna Lindqvist", "Ekonomi", 8827.2, "tax"),
    Uppdrag(
        "RGK30",
        "Hallandstrafiken",
        None,
        "RGK",
        3,
        "Gustav Ström",
        "Kollektivtrafik",
        -438.4,
        profile="traffic",
        growth=0.04,
        area="kollektivtrafiken",
    ),
    Uppdrag(
        "RGK40",
        "Övriga regiongemensamma kostnader",
        None,
        "RGK",
        4,
        "Anna Lindqvist",
        "Ekonomi",
        -9195.7,
        "common",
        growth=0.03,
        area="de regiongemensamma kostnaderna",
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

_BY_CODE = {u.code: u for u in UPPDRAG}


def leaves() -> list[Uppdrag]:
    parents = {u.parent for u in UPPDRAG if u.parent}
    return [u for u in UPPDRAG if u.code not in parents]


def uppdrag_rows() -> list[tuple]:
    return [(u.code, u.label, u.parent, u.group, u.order, u.owner, u.unit) for u in UPPDRAG]


def group_of(code: str) -> str:
    """The report group (RSV, HSF, RGK) of an uppdrag: its top-level line's group."""
    node = _BY_CODE[code]
    while node.parent:
        node = _BY_CODE[node.parent]
    return node.group or ""


def under(code: str, node_or_group: str) -> bool:
    """Whether `code` lies in the group `node_or_group` or under the node of that code."""
    if node_or_group not in _BY_CODE:
        return group_of(code) == node_or_group
    node: Uppdrag | None = _BY_CODE[code]
    while node is not None:
        if node.code == node_or_group:
            return True
        node = _BY_CODE[node.parent] if node.parent else None
    return False
