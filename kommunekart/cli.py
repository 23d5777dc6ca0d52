"""Kommunekart from the command line: import a table, check it, and optionally save it so that every
visitor sees it (the Data page does the same for one session).

  python -m kommunekart.cli fil FIL [--aar 2024] [--kommunekolonne KOLONNE] [felles valg]
  python -m kommunekart.cli ssb TABELL                      (viser tabellens variabler og verdier)
  python -m kommunekart.cli ssb TABELL --innhold KODE [--aar 2024 ...] [--velg VARIABEL=KODE ...]
  [felles valg]

Felles valg: --serie NAVN, --til-2024 [--fra-aar ÅR] [--nummerering ÅR] [--art snitt|sum], --navn,
--enhet, --kilde, --retning hoy|lav|ingen, --lagre [--erstatt] [--mappe MAPPE].
Without --lagre nothing is written: the command reads, checks and reports what the map would show.
Messages are in bokmål (KOMMUNEKART_SPRAK=nn or en for nynorsk or English), argparse's own help and
errors too; errors go to stderr with exit status 2 (1 for a missing data source).
"""

from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from kommunekart.base import fmt
from kommunekart.base.strings import message, plural_key, set_lang, t
from kommunekart.pipeline import userdata
from kommunekart.readers import importer, ssbapi
from kommunekart.readers.importer import ImportProblem
from kommunekart.sources.mirror import DataSourceError

ART = {"snitt": "weighted_mean", "sum": "sum"}

# argparse's own words (its gettext message ids, Python 3.11-3.13) -> the catalogue's keys: its help
# and its errors in the user's language, like the rest of the command
_ARGPARSE_WORDS = {
    "usage: ": "cli.ap.bruk",
    "positional arguments": "cli.ap.argumenter",
    "options": "cli.ap.valg",
    "show this help message and exit": "cli.ap.hjelp",
    "the following arguments are required: %s": "cli.ap.mangler",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli.ap.ugyldig_valg",
    "invalid %(type)s value: %(value)r": "cli.ap.ugyldig_verdi",
    "unrecognized arguments: %s": "cli.ap.ukjente",
    "%(prog)s: error: %(message)s\n": "cli.ap.feil",
    "argument %(argument_name)s: %(message)s": "cli.ap.argument",
    "expected one argument": "cli.ap.ett",
    "expected at most one argument": "cli.ap.hoyst_ett",
    "expected at least one argument": "cli.ap.minst_ett",
    "ambiguous option: %(option)s could match %(matches)s": "cli.ap.tvetydig",
    "not allowed with argument %s": "cli.ap.ikke_med",
    "one of the arguments %s is required": "cli.ap.en_av",
    "ignored explicit argument %r": "cli.ap.ignorert",
}


@contextmanager
def _argparse_in_our_language():
    """argparse looks its words up through gettext (``argparse._``, ``argparse.ngettext``) when it
    builds the parser and when it prints help or an error: answer from the catalogue while it does.
    """

    def words(msgid: str) -> str:
        key = _ARGPARSE_WORDS.get(msgid)
        return msgid if key is None else t(key) + ("\n" if msgid.endswith("\n") else "")

    def plural(one: str, many: str, n: int) -> str:
        if one == "expected %s argument":
            return t(plural_key("cli.ap.venter", n))
        return one if n == 1 else many

    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = words, plural
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m kommunekart.cli", description=t("cli.beskrivelse"))
    sub = ap.add_subparsers(dest="fra", required=True)
    fil = sub.add_parser("fil", help=t("cli.h.fil"))
    fil.add_argument("fil", type=Path)
    fil.add_argument("--aar", type=int, help=t("cli.h.aar"))
    fil.add_argument("--kommunekolonne", help=t("cli.h.kommunekolonne"))
    fil.add_argument(
        "--kommunevalg",
        action="append",
        default=[],
        metavar="NAVN=NUMMER",
        help=t("cli.h.kommunevalg"),
    )
    ssb = sub.add_parser("ssb", help=t("cli.h.ssb"))
    ssb.add_argument("tabell", help=t("cli.h.tabell"))
    ssb.add_argument("--innhold", help=t("cli.h.innhold"))
    ssb.add_argument("--aar", action="append", default=[], help=t("cli.h.ssb_aar"))
    ssb.add_argument(
        "--velg", action="append", default=[], metavar="VARIABEL=KODE", help=t("cli.h.velg")
    )
    for p in (fil, ssb):
        p.add_argument("--serie", help=t("cli.h.serie"))
        p.add_argument("--til-2024", action="store_true", help=t("cli.h.til_2024"))
        p.add_argument("--fra-aar", type=int, help=t("cli.h.fra_aar"))
        p.add_argument("--nummerering", type=int, metavar="ÅR", help=t("cli.h.nummerering"))
        p.add_argument("--art", choices=sorted(ART), default="snitt", help=t("cli.h.art"))
        p.add_argument("--navn", help=t("cli.h.navn"))
        p.add_argument("--enhet", default="")
        p.add_argument("--kilde")
        p.add_argument("--retning", choices=list(userdata.HIGHER_IS_BETTER), default="ingen")
        p.add_argument("--lagre", action="store_true", help=t("cli.h.lagre"))
        p.add_argument("--erstatt", action="store_true", help=t("cli.h.erstatt"))
        p.add_argument("--mappe", type=Path, help=t("cli.h.mappe"))
    return ap


def describe(meta: ssbapi.TableMeta) -> str:
    lines = [t("cli.tabell", tittel=meta.title, dato=meta.updated[:10] or "?")]
    for d in meta.dims:
        role = t(f"cli.rolle.{d.role}") if d.role in ("geo", "time", "metric") else ""
        codes = ", ".join(f"{c} ({d.text(c)})" for c in d.codes[:12]) + (
            " ..." if len(d.codes) > 12 else ""
        )
        lines.append(
            t(
                "cli.variabel",
                id=d.id,
                navn=d.label,
                rolle=f" [{role}]" if role else "",
                n=len(d.codes),
                valg=t("cli.kan_utelates") if d.elimination else t("cli.maa_velges"),
                koder=codes,
            )
        )
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
    today = fmt.date_text(date.today())
    if args.fra == "fil":
        if not args.fil.is_file():
            raise ImportProblem("cli.ingen_fil", fil=str(args.fil))
        size = args.fil.stat().st_size
        if size > importer.MAX_BYTES:  # refused before the file is read
            raise ImportProblem(
                "imp.for_stor", mb=round(size / importer.MIB, 1), grense=importer.MAX_MB
            )
        loaded = [ds]

        def names(*a):  # the dataset is loaded only for a table with names instead of numbers
            from kommunekart.lineage.names import KommuneNames

            if loaded[0] is None:
                from kommunekart.pipeline.build import load_or_build

                loaded[0] = load_or_build()
            if len(loaded) == 1:
                loaded.append(KommuneNames.of(loaded[0]))
            return loaded[1].resolve(*a)

        choices = dict(pair.partition("=")[::2] for pair in args.kommunevalg)
        result = importer.read_table(
            args.fil.read_bytes(),
            args.fil.name,
            year=args.aar,
            region_column=args.kommunekolonne,
            names=names,
            name_choices={k.strip(): v.strip() for k, v in choices.items()},
        )
        ds = loaded[0]
        source = args.kilde or args.fil.name
    else:
        table_id = ssbapi.validate_table_id(args.tabell)
        meta = ssbapi.fetch_metadata(table_id)
        if not args.innhold:
            print(describe(meta), file=out)
            print(t("cli.velg_innhold"), file=out)
            return 0
        years = args.aar or list(meta.time.codes[-1:])
        result = ssbapi.fetch_table(meta, args.innhold, years, _choices(meta, args.velg))
        source = args.kilde or t(
            "data.ssb.kilde", tabell=table_id, tittel=ssbapi.plain_title(meta), dato=today
        )

    if ds is None:
        from kommunekart.pipeline.build import load_or_build

        ds = load_or_build()
    for note in result.notes + importer.check_codes(result, ds.codes_by_own_year()):
        print("- " + message(note), file=out)
    series_list = sorted(result.data["indicator"].unique())
    series = args.serie or (series_list[0] if len(series_list) == 1 else None)
    if series not in series_list:
        raise ImportProblem("cli.serie", serier=", ".join(series_list))
    years_in = userdata.series_years(result.data, series)
    if args.til_2024 and args.fra_aar is not None and args.fra_aar not in years_in:
        raise ImportProblem("cli.fra_aar", aar=args.fra_aar, gyldige=", ".join(map(str, years_in)))
    how = ART[args.art]
    values, notes, caveat = userdata.series_values(
        ds,
        result.data,
        series,
        "2024" if args.til_2024 else "egen",
        args.fra_aar,
        how,
        args.nummerering,
    )
    for note in notes:
        print("- " + message(note), file=out)
    if values.empty:
        raise ImportProblem("data.ingen_rader")
    ind = userdata.make_indicator(
        args.navn or userdata.default_name(result.data, series),
        args.enhet,
        source,
        userdata.HIGHER_IS_BETTER[args.retning],
        ds.catalogue.ids,
        caveat=caveat,
        merge=how,
        decimals=userdata.decimals_for(values),
    )
    for year, part in values.groupby("year"):
        known = int(part["value"].notna().sum())
        print(
            t(
                "cli.dekning",
                navn=ind.name,
                aar=year,
                med=known,
                uten=len(ds.codes(int(year))) - known,
                alle=len(ds.codes(int(year))),
            ),
            file=out,
        )
    if args.lagre:
        path = userdata.save_indicator(
            ind, values, args.mappe, retrieved=today, replace=args.erstatt
        )
        print(t("cli.lagret", sti=path, navn=ind.name), file=out)
    else:
        print(t("cli.ikke_lagret"), file=out)
    return 0


def main(argv: list[str] | None = None, ds=None) -> int:
    import os

    set_lang(os.environ.get("KOMMUNEKART_SPRAK"))  # nb (default), nn or en
    with _argparse_in_our_language():
        args = _parser().parse_args(argv)
    try:
        return run(args, ds=ds)
    except ImportProblem as err:
        print(t("cli.feil", tekst=message(err)), file=sys.stderr)
        return 2
    except DataSourceError as err:  # the map data is missing: its own message, no traceback
        print(t("cli.feil", tekst=message(err)), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
