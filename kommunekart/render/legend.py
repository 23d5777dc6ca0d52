"""One legend model for every form of the map: the page's legend, the PNG/SVG and the standalone
HTML all draw from ``map_legend``, so they cannot disagree. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from kommunekart.base.strings import t


@dataclass(frozen=True)
class Legend:
    title: str  # the indicator's name
    year: int | str  # the year, or the period of a change («2022–2025»)
    items: tuple[tuple[str, str], ...]  # (label, colour), "Mangler data" last
    unit: str  # "Enhet: %" or ""
    direction: str  # "Høyere verdi er bedre." or ""
    credits: tuple[str, ...]  # source lines, boundaries included
    demo: str  # the demo label, or "" for real data
    caveat: str  # "Forbehold: ..." or ""

    @property
    def note(self) -> str:
        return " ".join(x for x in (self.unit, self.direction) if x)


def source_lines(indicator, boundaries: bool = True) -> tuple[str, ...]:
    """The credits shown with an indicator: its own source ("Kilde: Nkom, …"; demonstration data say
    so) and, for maps, the boundaries' (Kartverket)."""
    return (t("kilde", kilde=indicator.credit),) + ((t("kartgrunnlag"),) if boundaries else ())


def sources_line(indicators) -> str:
    """One line naming the sources of several indicators (a profile, an export of many)."""
    credits = list(dict.fromkeys(i.credit for i in indicators))
    return (
        t("kilde", kilde=credits[0])
        if len(credits) == 1
        else t("kilder", kilder="; ".join(credits))
    )


def built_date(built_at: str | None) -> str:
    """The day the data were built («2026-12-03»), as a citation gives it."""
    return (built_at or "")[:10] or "–"


def citation(indicators, title: str, link: str, built_at: str) -> str:
    """How to cite a view: its numbers' sources (and the demonstration label where they are that),
    what it shows, Kommunekart, the date the data were built and the view's permanent link."""
    indicators = list(indicators)
    credits = list(dict.fromkeys(i.credit for i in indicators))
    if any(i.is_demo for i in indicators):
        credits.append(t("demo.etikett"))
    return t(
        "sitat.tekst",
        kilder="; ".join(credits),
        tittel=title,
        dato=built_date(built_at),
        lenke=link,
    )


def chart_credits(indicators) -> list[str]:
    """The lines under a chart or inside an exported image: sources, and the demo label when any of
    the numbers are demonstration data (it is part of the figure, not only beside it)."""
    indicators = list(indicators)
    lines = [sources_line(indicators)]
    if any(i.is_demo for i in indicators) and t("demo.etikett") not in lines[0]:
        lines.append(t("demo.etikett"))
    return lines


def footer_lines(legend: Legend) -> list[str]:
    """The lines at the foot of a static map: credits, caveat, and the demo label unless the credit
    already is it."""
    lines = list(legend.credits) + ([legend.caveat] if legend.caveat else [])
    if legend.demo and not any(legend.demo in line for line in legend.credits):
        lines.append(legend.demo)
    return lines


def map_legend(classes, indicator, year: int) -> Legend:
    direction = {True: t("legende.hoyere_bedre"), False: t("legende.lavere_bedre")}.get(
        indicator.higher_is_better, ""
    )
    if indicator.kind == "grade":
        direction = t("legende.karakter")
    unit = (
        t("legende.enhet", enhet=indicator.unit)
        if indicator.unit and indicator.kind != "yesno"
        else ""
    )
    return Legend(
        title=indicator.name,
        year=indicator.period or int(year),
        items=tuple(zip(classes.labels, classes.colours)),
        unit=unit,
        direction=direction,
        credits=source_lines(indicator),
        demo=t("demo.etikett") if indicator.is_demo else "",
        caveat=t("forbehold", tekst=indicator.caveat) if indicator.caveat else "",
    )
