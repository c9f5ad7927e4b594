"""The sample region's business plan: 44 verksamhetsuppdrag in four Områden with their focus
areas, and the owners' goal fulfilment forecasts as the year goes (registers/verksamhetsplan_*)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from orchestration.sample.files import write_table

PLAN_HEADER = (
    "Uppdragsnr",
    "Verksamhetsuppdrag",
    "Område",
    "Fokusområde",
    "Sortering",
    "Årsprognos",
    "Kommentar",
)
RTU = "Regional tillväxt och utveckling"
HSV = "Hälsa- och sjukvård"
ARB = "Region Halland som arbetsgivare"
EKO = "Ekonomi"
# (number, verksamhetsuppdrag, Område, Fokusområde); the projects' numbers refer to these
UPPDRAG: tuple[tuple[int, str, str, str | None], ...] = (
    (
        1,
        "Utveckla Halland som attraktiv plats att bo, verka och besöka i",
        RTU,
        "Hög attraktivitet",
    ),
    (
        2,
        "Leda och driva innovation och utveckling inom hälsoinnovationsområdet",
        RTU,
        "Stark konkurrenskraft",
    ),
    (3, "Stärka kulturens roll i den regionala utvecklingen", RTU, "Hög attraktivitet"),
    (
        4,
        "Leda och samordna omställningsarbetet mot en god och nära vård i Halland",
        HSV,
        "God och nära vård",
    ),
    (
        5,
        "Leda, driva och förvalta det generella företags- och innovationsstödet",
        RTU,
        "Stark konkurrenskraft",
    ),
    (
        6,
        "Utveckla kollektivtrafiken i takt med att Halland växer",
        RTU,
        "Hållbar samhällsutveckling",
    ),
    (7, "Samordna arbetet med kompetensförsörjning i länet", RTU, "Stark konkurrenskraft"),
    (8, "Främja internationalisering av halländska företag", RTU, "Stark konkurrenskraft"),
    (
        9,
        "Utveckla beställning, uppdrag och uppföljning inom området psykisk ohälsa",
        HSV,
        "Psykisk hälsa",
    ),
    (10, "Stärka suicidpreventivt arbete tillsammans med kommunerna", HSV, "Psykisk hälsa"),
    (11, "Korta väntetiderna till specialiserad vård", HSV, "Tillgänglig vård"),
    (
        12,
        "Öka samplaneringen inom regional utveckling och samhällsplanering",
        RTU,
        "Hållbar samhällsutveckling",
    ),
    (13, "Utveckla digitala vårdtjänster för invånarna", HSV, "Tillgänglig vård"),
    (14, "Säkra läkemedelsförsörjning och god förskrivning", HSV, "God och nära vård"),
    (15, "Utveckla primärvårdens uppdrag i vårdvalet", HSV, "God och nära vård"),
    (16, "Minska vårdrelaterade infektioner", HSV, "Patientsäkerhet"),
    (17, "Öka kunskapen om insatser som minskar skillnaden i hälsa", HSV, "Jämlik hälsa"),
    (18, "Utveckla barn- och ungdomshälsan", HSV, "Jämlik hälsa"),
    (19, "Stärka tandvården för grupper med stora behov", HSV, "Jämlik hälsa"),
    (
        20,
        "Leda och driva utveckling, innovation och internationalisering i besöksnäringen",
        RTU,
        "Hög attraktivitet",
    ),
    (21, "Utveckla infrastrukturen för cykel längs kusten", RTU, "Hållbar samhällsutveckling"),
    (22, "Främja de kulturella och kreativa näringarna", RTU, "Hög attraktivitet"),
    (23, "Stärka livsmedelsstrategins genomförande", RTU, "Stark konkurrenskraft"),
    (24, "Öka andelen förnybar energi i transporter", RTU, "Hållbar samhällsutveckling"),
    (25, "Utveckla ledarskapet i hela organisationen", ARB, "Attraktiv arbetsgivare"),
    (26, "Sänka sjukfrånvaron", ARB, "Hållbart arbetsliv"),
    (27, "Minska beroendet av hyrpersonal", ARB, "Kompetensförsörjning"),
    (28, "Utveckla karriärvägar för vårdens yrkesgrupper", ARB, "Kompetensförsörjning"),
    (29, "Koordinera regionala processer för grön tillväxt", RTU, "Hållbar samhällsutveckling"),
    (30, "Främja mångfald och likabehandling på arbetsplatserna", ARB, "Attraktiv arbetsgivare"),
    (31, "Stärka arbetsmiljöarbetet", ARB, "Hållbart arbetsliv"),
    (32, "Erbjuda konkurrenskraftiga villkor för bristyrken", ARB, "Kompetensförsörjning"),
    (33, "Digitalisera administrativa stödprocesser", ARB, "Attraktiv arbetsgivare"),
    (
        34,
        "Hålla budget och nå ett resultat på minst två procent av skatter och bidrag",
        EKO,
        "God ekonomisk hushållning",
    ),
    (35, "Säkra en långsiktigt hållbar investeringsnivå", EKO, "God ekonomisk hushållning"),
    (36, "Förbättra prognossäkerheten i uppföljningen", EKO, "Styrning och uppföljning"),
    (37, "Effektivisera upphandling och inköp", EKO, "Effektivt resursutnyttjande"),
    (38, "Utveckla kostnad per patient som styrmått", EKO, "Styrning och uppföljning"),
    (39, "Minska lokalkostnaderna per anställd", EKO, "Effektivt resursutnyttjande"),
    (40, "Följa upp finansiering av regionala projekt", EKO, "Styrning och uppföljning"),
    (41, "Stärka den interna kontrollen", EKO, "Styrning och uppföljning"),
    (42, "Utveckla vårdens produktionsplanering", HSV, "Tillgänglig vård"),
    (43, "Införa ett nytt vårdinformationsstöd", HSV, "Patientsäkerhet"),
    (44, "Samverka med högskolan om forskning och utbildning", RTU, "Stark konkurrenskraft"),
)
COMMENTS = {
    "Uppfylls": (
        None,
        "Arbetet går enligt plan.",
        "Aktiviteterna genomförs som planerat tillsammans med kommunerna.",
        "Målet för året är redan nått.",
    ),
    "Uppfylls delvis": (
        "Rekryteringen av projektledare har dröjt; delar av arbetet flyttas till nästa år.",
        "Samverkan med kommunerna har kommit igång senare än planerat.",
        "Upphandlingen försenades, men huvuddelen av aktiviteterna genomförs.",
    ),
    "Uppfylls inte": (
        "Finansieringen är inte säkrad och arbetet har pausats.",
        "Bristen på personal gör att målet inte nås i år.",
    ),
}


def _forecast(rng: random.Random, risk: float, day: dt.date) -> str:
    # early in the year more uppdrag are "delvis"; by December most have settled
    settle = day.month / 12
    if risk > 0.93:
        return "Uppfylls inte"
    if risk > 0.78 - 0.08 * settle:
        return "Uppfylls delvis"
    return "Uppfylls"


def write_business_plan(folder: Path, day: dt.date, seed: int) -> Path:
    """The snapshot of the plan on `day`: the same uppdrag every year, forecasts that move."""
    rng = random.Random(seed * 1000 + day.year * 13 + day.month)
    risks = random.Random(seed + day.year)  # an uppdrag's risk holds through a year
    order: dict[tuple[str, str | None], int] = {}
    rows = []
    for number, name, area, focus in UPPDRAG:
        order[(area, focus)] = order.get((area, focus), 0) + 1
        forecast = _forecast(rng, risks.random(), day)
        comment = rng.choice(COMMENTS[forecast])
        rows.append((number, name, area, focus, order[(area, focus)], forecast, comment))
    # grouped as the plan document is: by Område, then Fokusområde
    areas = {RTU: 1, HSV: 2, ARB: 3, EKO: 4}
    rows.sort(key=lambda row: (areas[row[2]], row[3] or "", row[4]))
    path = folder / "registers" / f"verksamhetsplan_{day}.csv"
    return write_table(path, PLAN_HEADER, rows, "utf-8-sig")
