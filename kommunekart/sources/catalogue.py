"""The indicator catalogue (data/indicators.yaml) as typed records."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kommunekart.base.files import ROOT, read_yaml
from kommunekart.base.strings import pick

KINDS = ("share", "count", "yesno", "index", "grade")  # grade: an ordered letter, fmt.GRADES
# what kind of source real data come from (strings: datatype.<id>)
DATATYPES = (
    "ssb",
    "etat",
    "tredjepart",
)
# all: a yes/no of a whole area, «ja» if every part
MERGES = (
    "weighted_mean",
    "sum",
    "none",
    "all",
)


@dataclass(frozen=True)
class Indicator:
    id: str
    names: dict
    theme: str
    kind: str
    unit_names: str | dict  # shown after values: a string, or {nb: …, nn: …, en: …}
    higher_is_better: bool | None
    decimals: int
    data: str  # "demo" or "real"
    definitions: dict
    source_names: str | dict  # the long source text («Om indikatoren»), a string or per language
    merge: str = "weighted_mean"
    caveats: dict | None = None
    # the short source line (catalogue field ``credit``; a user's own source)
    credit_text: str | dict = ""
    # other words for it, per language (catalogue field ``synonyms``)
    synonym_lists: dict | None = None
    # real data: "ssb", "etat" (a public agency's register or assessment), "tredjepart"
    datatype: str = ""
    # {map year: year of the measurement} where a year repeats another's (carried)
    measured: dict | None = None
    # a view over several years (Endring: «2022–2025»), shown where a year would be
    period: str = ""

    def measurement_year(self, year: int) -> int:
        """The year the values shown for ``year`` were measured: Nkom's 2013 carried to 2024 is
        2013."""
        return int((self.measured or {}).get(int(year), year))

    def change_starts(self, years, end: int) -> list[int]:
        """Of ``years`` (those with numbers), the ones a change to ``end`` can start from: earlier,
        each a measurement of its own (Nkom's 2013 carried to the 2024 map is no change)."""
        return [
            y for y in years if y < end and self.measurement_year(y) != self.measurement_year(end)
        ]

    @property
    def synonyms(self) -> tuple[str, ...]:
        return tuple(pick(self.synonym_lists or {}, ()))

    @property
    def name(self) -> str:
        return pick(self.names)

    @property
    def definition(self) -> str:
        return pick(self.definitions)

    @property
    def caveat(self) -> str:
        return pick(self.caveats or {})

    @property
    def unit(self) -> str:
        return pick(self.unit_names)

    @property
    def source(self) -> str:
        return pick(self.source_names)

    @property
    def credit(self) -> str:
        """Who the numbers are from, for "Kilde: …" under every figure: never SSB for what is not
        SSB's."""
        from kommunekart.base.strings import t

        if self.is_demo:
            return t("kilde.demo")
        return pick(self.credit_text) or self.source

    @property
    def is_demo(self) -> bool:
        return self.data == "demo"

    @property
    def data_label(self) -> str:
        """What kind of numbers these are, for every view and export."""
        from kommunekart.base.strings import t

        if self.data in ("demo", "egen"):
            return t(f"{self.data}.etikett")
        return t(f"datatype.{self.datatype}") if self.datatype in DATATYPES else t("ekte.etikett")


@dataclass(frozen=True)
class Catalogue:
    themes: tuple[str, ...]
    indicators: tuple[Indicator, ...]
    default: str

    def __getitem__(self, ind_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == ind_id:
                return ind
        raise KeyError(ind_id)

    def __contains__(self, ind_id: str) -> bool:
        return any(i.id == ind_id for i in self.indicators)

    def in_theme(self, theme: str) -> list[Indicator]:
        return [i for i in self.indicators if i.theme == theme]

    @property
    def ids(self) -> list[str]:
        return [i.id for i in self.indicators]

    def with_coverage(self, counts: dict[str, dict[int, tuple[int, int]]]) -> Catalogue:
        """The catalogue with ``{dekning}`` in a caveat filled from the data: ``counts`` is
        {indicator: {year: (kommuner with a value, kommuner on the map)}}, so a caveat never says a
        count the data do not have (e.g. «355 av 356 kommuner i 2022, 353 av 356 i 2023 …»)."""
        from dataclasses import replace

        out = []
        for ind in self.indicators:
            texts = ind.caveats or {}
            if ind.id in counts and any("{dekning}" in str(v) for v in texts.values()):
                texts = {
                    lang: str(text).replace("{dekning}", coverage_text(counts[ind.id], lang))
                    for lang, text in texts.items()
                }
                ind = replace(ind, caveats=texts)
            out.append(ind)
        return replace(self, indicators=tuple(out))


def coverage_text(by_year: dict[int, tuple[int, int]], lang: str) -> str:
    """«355 av 356 kommuner i 2022, 353 av 356 i 2023 og 354 av 357 i 2024 og 2025» (years with the
    same counts together), in ``lang``."""
    from babel.lists import format_list

    from kommunekart.base.fmt import number
    from kommunekart.base.strings import BABEL_LOCALES, language, t

    groups: dict[tuple[int, int], list[int]] = {}
    for year in sorted(by_year):
        groups.setdefault(by_year[year], []).append(year)
    with language(lang):
        loc = BABEL_LOCALES[lang]
        parts = [
            t(
                "dekning.forste" if i == 0 else "dekning.neste",
                med=number(n),
                alle=number(total),
                aar=format_list([str(y) for y in years], locale=loc),
            )
            for i, ((n, total), years) in enumerate(groups.items())
        ]
        return format_list(parts, locale=loc) if parts else ""


def load_catalogue(path: Path | None = None) -> Catalogue:
    path = path or ROOT / "data" / "indicators.yaml"
    spec = read_yaml(path)
    inds = []
    for raw in spec["indicators"]:
        if raw["kind"] not in KINDS:
            raise ValueError(f"{path}: indicator {raw['id']!r} has unknown kind {raw['kind']!r}")
        if raw.get("merge", "weighted_mean") not in MERGES:
            raise ValueError(f"{path}: indicator {raw['id']!r} has unknown merge {raw['merge']!r}")
        if raw["data"] == "real" and raw.get("datatype") not in DATATYPES:
            raise ValueError(
                f"{path}: real indicator {raw['id']!r} needs a datatype ({', '.join(DATATYPES)})"
            )
        if raw["theme"] not in spec["themes"]:
            raise ValueError(f"{path}: indicator {raw['id']!r} has unknown theme {raw['theme']!r}")
        inds.append(
            Indicator(
                id=raw["id"],
                names=raw["name"],
                theme=raw["theme"],
                kind=raw["kind"],
                unit_names=raw.get("unit") or "",
                higher_is_better=raw.get("higher_is_better"),
                decimals=int(raw.get("decimals", 0)),
                data=raw["data"],
                definitions=raw["definition"],
                source_names=raw["source"],
                merge=raw.get("merge", "weighted_mean"),
                caveats=raw.get("caveat"),
                credit_text=raw.get("credit", ""),
                synonym_lists=raw.get("synonyms"),
                datatype=raw.get("datatype", ""),
                measured={int(k): int(v) for k, v in (raw.get("measured") or {}).items()} or None,
            )
        )
    ids = [i.id for i in inds]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path}: duplicate indicator ids")
    return Catalogue(themes=tuple(spec["themes"]), indicators=tuple(inds), default=spec["default"])
