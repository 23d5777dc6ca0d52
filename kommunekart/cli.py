"""Kommunekart from the command line: import a table, check it, and optionally save it so that every
visitor sees it (the Data page does the same for one session).

  python -m kommunekart.cli fil FIL [--aar 2024] [--kommunekolonne KOLONNE] [felles valg]
  python -m kommunekart.cli ssb TABELL                      (viser tabellens variabler og verdier)
  python -m kommunekart.cli ssb TABELL --innhold KODE [--aar 2024 ...] [--velg VARIABEL=KODE ...] [felles valg]

Felles valg: --serie NAVN, --til-2024 [--fra-aar ÅR] [--art snitt|sum], --navn, --enhet, --kilde,
--retning hoy|lav|ingen, --lagre [--mappe MAPPE].
Without --lagre nothing is written: the command reads, checks and reports what the map would show.
Errors are printed in Norwegian on stderr and the exit status is 2 (1 for a missing data source).
"""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from . import importer, ssbapi, userdata
from .importer import ImportProblem
from .sources import DataSourceError
from .strings import message, t

ART = {"snitt": "weighted_mean", "sum": "sum"}


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m kommunekart.cli",
                                 description="Les inn tall per kommune til Kommunekart (fra fil eller SSBs API).")
    sub = ap.add_subparsers(dest="fra", required=True)
    fil = sub.add_parser("fil", help="CSV- eller Excel-fil (SSB-eksport eller egen tabell)")
    fil.add_argument("fil", type=Path)
    fil.add_argument("--aar", type=int, help="året tallene gjelder, hvis filen ikke sier det")
    fil.add_argument("--kommunekolonne", help="kolonnen med kommunenummer, hvis gjetningen er feil")
    fil.add_argument("--kommunevalg", action="append", default=[], metavar="NAVN=NUMMER",
                     help="kommunen et navn som passer flere (Herøy, Våler) gjelder, f.eks. «Herøy=1818» (kan gjentas)")
    ssb = sub.add_parser("ssb", help="tabell fra SSBs statistikkbank (PxWebApi v2)")
    ssb.add_argument("tabell", help="tabellnummer, f.eks. 07459")
    ssb.add_argument("--innhold", help="statistikkvariabelen (kode); uten den vises tabellens variabler")
    ssb.add_argument("--aar", action="append", default=[], help="år (kan gjentas); standard er siste år")
    ssb.add_argument("--velg", action="append", default=[], metavar="VARIABEL=KODE",
                     help="én verdi for en annen variabel (kan gjentas); ellers SSBs totaltall")
    for p in (fil, ssb):
        p.add_argument("--serie", help="tallserien som skal brukes, når tabellen har flere")
        p.add_argument("--til-2024", action="store_true", help="regn om til kommuneinndelingen 2024")
        p.add_argument("--fra-aar", type=int, help="året som regnes om (standard: siste)")
        p.add_argument("--art", choices=sorted(ART), default="snitt",
                       help="snitt: andel/gjennomsnitt, vektet med folketall; sum: antall")
        p.add_argument("--navn", help="indikatorens navn")
        p.add_argument("--enhet", default="")
        p.add_argument("--kilde")
        p.add_argument("--retning", choices=list(userdata.HIGHER_IS_BETTER), default="ingen")
        p.add_argument("--lagre", action="store_true", help="lagre i data/egne/ så alle besøkende ser den")
        p.add_argument("--mappe", type=Path, help="hvor den lagres (standard data/egne)")
    return ap


def describe(meta: ssbapi.TableMeta) -> str:
    lines = [f"{meta.title} (oppdatert {meta.updated[:10] or '?'})"]
    for d in meta.dims:
        role = {"geo": "region", "time": "tid", "metric": "statistikkvariabel"}.get(d.role, "")
        codes = ", ".join(f"{c} ({d.text(c)})" for c in d.codes[:12]) + (" ..." if len(d.codes) > 12 else "")
        extra = "kan utelates (totaltall)" if d.elimination else "må velges"
        lines.append(f"  {d.id} - {d.label}{' [' + role + ']' if role else ''}, {len(d.codes)} verdier, {extra}: {codes}")
    return "\n".join(lines)


def _choices(meta: ssbapi.TableMeta, pairs: list[str]) -> dict[str, str | None]:
    choices = {d.id: ssbapi.default_choice(d) for d in meta.others}
    for pair in pairs:
        dim, sep, code = pair.partition("=")
        if not sep or dim not in choices:
            raise ImportProblem("cli.velg", par=pair, variabler=", ".join(choices) or "(ingen)")
        choices[dim] = code
    return choices


def run(args, out=None, ds=None) -> int:
    """``ds``: the dataset (tests pass one; by default the app's own data is loaded)."""
    out = out or sys.stdout
    today = f"{date.today():%d.%m.%Y}"
    if args.fra == "fil":
        if not args.fil.is_file():
            raise ImportProblem("cli.ingen_fil", fil=str(args.fil))
        size = args.fil.stat().st_size
        if size > importer.MAX_BYTES:  # refused before the file is read
            raise ImportProblem("imp.for_stor", mb=round(size / importer.MIB, 1), grense=importer.MAX_MB)
        loaded = [ds]

        def names(*a):  # the dataset is loaded only for a table with names instead of numbers
            from .names import KommuneNames

            if loaded[0] is None:
                from .build import load_or_build

                loaded[0] = load_or_build()
            if len(loaded) == 1:
                loaded.append(KommuneNames.of(loaded[0]))
            return loaded[1].resolve(*a)

        choices = dict(pair.partition("=")[::2] for pair in args.kommunevalg)
        result = importer.read_table(args.fil.read_bytes(), args.fil.name, year=args.aar,
                                     region_column=args.kommunekolonne, names=names,
                                     name_choices={k.strip(): v.strip() for k, v in choices.items()})
        ds = loaded[0]
        source = args.kilde or args.fil.name
    else:
        table_id = ssbapi.validate_table_id(args.tabell)
        meta = ssbapi.fetch_metadata(table_id)
        if not args.innhold:
            print(describe(meta), file=out)
            print("Velg statistikkvariabel med --innhold KODE.", file=out)
            return 0
        years = args.aar or list(meta.time.codes[-1:])
        result = ssbapi.fetch_table(meta, args.innhold, years, _choices(meta, args.velg))
        source = args.kilde or t("data.ssb.kilde", tabell=table_id, tittel=ssbapi.plain_title(meta), dato=today)

    if ds is None:
        from .build import load_or_build

        ds = load_or_build()
    for note in result.notes + importer.check_codes(result, ds.codes_by_year()):
        print("- " + message(note), file=out)
    series_list = sorted(result.data["indicator"].unique())
    series = args.serie or (series_list[0] if len(series_list) == 1 else None)
    if series not in series_list:
        raise ImportProblem("cli.serie", serier=", ".join(series_list))
    years_in = userdata.series_years(result.data, series)
    if args.til_2024 and args.fra_aar is not None and args.fra_aar not in years_in:
        raise ImportProblem("cli.fra_aar", aar=args.fra_aar, gyldige=", ".join(map(str, years_in)))
    how = ART[args.art]
    values, notes, caveat = userdata.series_values(ds, result.data, series, "2024" if args.til_2024 else "egen",
                                                   args.fra_aar, how)
    for note in notes:
        print("- " + message(note), file=out)
    if values.empty:
        raise ImportProblem("data.ingen_rader")
    ind = userdata.make_indicator(args.navn or userdata.default_name(result.data, series), args.enhet, source,
                                  userdata.HIGHER_IS_BETTER[args.retning], ds.catalogue.ids, caveat=caveat,
                                  merge=how, decimals=userdata.decimals_for(values))
    for year, part in values.groupby("year"):
        known = int(part["value"].notna().sum())
        print(f"{ind.name}, {year}: {known} kommuner med verdi, {len(ds.codes(int(year))) - known} uten "
              f"(av {len(ds.codes(int(year)))} på kartet).", file=out)
    if args.lagre:
        path = userdata.save_indicator(ind, values, args.mappe, retrieved=today)
        print(f"Lagret som {path} (+ .csv). Start appen på nytt, så ligger «{ind.name}» under «Egne data».", file=out)
    else:
        print("Ikke lagret (bruk --lagre for å legge indikatoren til for alle besøkende).", file=out)
    return 0


def main(argv: list[str] | None = None, ds=None) -> int:
    args = _parser().parse_args(argv)
    try:
        return run(args, ds=ds)
    except ImportProblem as err:
        print(f"Feil: {message(err)}", file=sys.stderr)
        return 2
    except DataSourceError as err:  # the map data is missing: its own message, no traceback
        print(f"Feil: {message(err)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
