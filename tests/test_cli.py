"""The command line: import a file or an SSB table, check it, save it for every visitor."""

import json
from pathlib import Path

import pytest

from kommunekart import cli
from kommunekart.analysis import stats
from kommunekart.base.strings import set_lang
from kommunekart.pipeline import userdata
from kommunekart.readers import importer, ssbapi

FIX = Path(__file__).parent / "fixtures"


def test_file_is_checked_and_nothing_is_written_without_lagre(
    real_dataset, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv(userdata.SAVED_ENV, str(tmp_path))
    assert (
        cli.main(
            ["fil", str(FIX / "import" / "ok_egen_tabell.csv"), "--aar", "2024"], ds=real_dataset
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "2024: 2 kommuner med verdi, 355 uten" in out and "Ikke lagret" in out
    assert not list(tmp_path.iterdir())


def test_saved_indicator_is_read_back_and_drawn(real_dataset, tmp_path, capsys):
    code = cli.main(
        [
            "fil",
            str(FIX / "import" / "ok_egen_tabell.csv"),
            "--aar",
            "2024",
            "--navn",
            "Tjenester <i>",
            "--enhet",
            "stk",
            "--retning",
            "hoy",
            "--lagre",
            "--mappe",
            str(tmp_path),
        ],
        ds=real_dataset,
    )
    assert code == 0 and "Lagret som" in capsys.readouterr().out
    ((ind, values),) = userdata.load_saved(tmp_path)
    assert (
        ind.name == "Tjenester <i>"
        and ind.data == "egen"
        and ind.higher_is_better is True
        and ind.unit == "stk"
    )
    overlay = userdata.with_user_indicator(real_dataset, ind, values)
    tab = stats.view_table(overlay, ind.id, 2024).set_index("kommunenummer")
    assert tab.at["0301", "value"] == 12.5 and tab.at["1508", "value"] == 7


def test_carried_to_2024_with_the_caveat_saved(real_dataset, tmp_path, capsys):
    src = tmp_path / "gammel.csv"
    src.write_text(
        "kommune;antall 2019\n1504;100\n1523;10\n1529;20\n1546;5\n1534;30\n", encoding="utf-8"
    )
    out_dir = tmp_path / "egne"
    assert (
        cli.main(
            ["fil", str(src), "--til-2024", "--art", "sum", "--lagre", "--mappe", str(out_dir)],
            ds=real_dataset,
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "Tallene med kommunenumrene fra 2019 er omregnet" in out
    ((ind, values),) = userdata.load_saved(out_dir)
    v = values.set_index("kommunenummer")
    assert (
        v.at["1508", "value"] == 135
        and v.at["1580", "value"] == 30
        and set(values["year"]) == {2024}
    )
    assert "2019" in ind.caveat and ind.merge == "sum"


def test_a_broken_saved_file_is_skipped_not_fatal(tmp_path):
    (tmp_path / "x.yaml").write_text(
        "id: x\nname: {nb: X}\ndefinition: {nb: d}\n", encoding="utf-8"
    )
    (tmp_path / "x.csv").write_text(
        "kommunenummer,year,value,status\n0301,2024,abc,\n", encoding="utf-8"
    )
    skipped = []
    assert userdata.load_saved(tmp_path, skipped) == [] and skipped == ["x"]


def _save(ds, folder, *extra):
    return cli.main(
        [
            "fil",
            str(FIX / "import" / "ok_egen_tabell.csv"),
            "--aar",
            "2024",
            "--navn",
            "Befolkning 2024",
            "--lagre",
            "--mappe",
            str(folder),
            *extra,
        ],
        ds=ds,
    )


def test_a_saved_table_cut_short_is_left_out_never_shown_with_wrong_numbers(
    real_dataset, tmp_path, capsys
):
    """Cut mid-row, 78 745 read as 787 for every visitor; the checksum in its entry catches it."""
    assert _save(real_dataset, tmp_path) == 0
    (csv,) = tmp_path.glob("*.csv")
    whole = csv.read_bytes()
    assert len(userdata.load_saved(tmp_path)) == 1
    # «0301,2024,12.5» cut to «0301,2024,12»: a number, wrong
    csv.write_bytes(whole[: whole.index(b"12.5") + 2])
    skipped = []
    assert userdata.load_saved(tmp_path, skipped) == [] and skipped == [csv.stem]


def test_lagre_refuses_an_existing_name_unless_told_to_replace(real_dataset, tmp_path, capsys):
    assert _save(real_dataset, tmp_path) == 0
    capsys.readouterr()
    (csv,) = tmp_path.glob("*.csv")
    first = csv.read_bytes()
    assert _save(real_dataset, tmp_path) == 2
    err = capsys.readouterr().err
    assert (
        "«Befolkning 2024» er allerede lagret" in err
        and "--erstatt" in err
        and "Traceback" not in err
    )
    assert csv.read_bytes() == first
    src = tmp_path / "ny.csv"
    src.write_text("kommune;verdi\n0301;99\n", encoding="utf-8")
    assert (
        cli.main(
            [
                "fil",
                str(src),
                "--aar",
                "2024",
                "--navn",
                "Befolkning 2024",
                "--lagre",
                "--erstatt",
                "--mappe",
                str(tmp_path),
            ],
            ds=real_dataset,
        )
        == 0
    )
    ((ind, values),) = userdata.load_saved(tmp_path)
    assert values.set_index("kommunenummer").at["0301", "value"] == 99


def test_ssb_table_lists_its_variables_then_fetches_a_choice(real_dataset, capsys, monkeypatch):
    meta_text = (FIX / "ssb" / "metadata_07459.json").read_text(encoding="utf-8")
    asked = []

    def fake_fetch(url, **_):
        asked.append(url)
        if "/metadata" in url:
            return meta_text
        return json.dumps(
            {
                "version": "2.0",
                "class": "dataset",
                "id": ["Region", "ContentsCode", "Tid"],
                "size": [2, 1, 1],
                "dimension": {
                    "Region": {"category": {"index": {"0301": 0, "1508": 1}}},
                    "ContentsCode": {"category": {"index": {"Personer1": 0}}},
                    "Tid": {"category": {"index": {"2024": 0}}},
                },
                "value": [10, 20],
            }
        )

    monkeypatch.setattr(ssbapi, "fetch_json", fake_fetch)
    assert cli.main(["ssb", "07459"], ds=real_dataset) == 0
    out = capsys.readouterr().out
    assert "Kjonn - kjønn" in out and "kan utelates" in out and "--innhold" in out
    assert (
        cli.main(["ssb", "07459", "--innhold", "Personer1", "--velg", "Kjonn=1"], ds=real_dataset)
        == 0
    )
    assert "valueCodes[Kjonn]=1" in asked[-1] and "valueCodes[Tid]=2024" in asked[-1]
    assert "Personer (2024), 2024: 2 kommuner med verdi" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv, words",
    [
        (["fil", "finnes/ikke.csv"], "Fant ikke filen"),
        (["fil", str(FIX / "import" / "tom.csv")], "tom"),
        (["ssb", "7459"], "fem sifre"),
        # no network on this server (KOMMUNEKART_OFFLINE=1): the file path is proposed
        (
            ["ssb", "07459"],
            "slått av",
        ),
    ],
)
def test_bad_input_gives_a_norwegian_message_and_status_2(
    real_dataset, capsys, argv, words, monkeypatch
):
    monkeypatch.setenv("KOMMUNEKART_OFFLINE", "1")
    assert cli.main(argv, ds=real_dataset) == 2
    err = capsys.readouterr().err
    assert err.startswith("Feil: ") and words in err and "Traceback" not in err


def test_bad_velg_is_explained(real_dataset, capsys, monkeypatch):
    monkeypatch.setattr(
        ssbapi,
        "fetch_json",
        lambda url, **_: (FIX / "ssb" / "metadata_07459.json").read_text("utf-8"),
    )
    assert (
        cli.main(["ssb", "07459", "--innhold", "Personer1", "--velg", "Farge=rod"], ds=real_dataset)
        == 2
    )
    assert "VARIABEL er en av Kjonn, Alder" in capsys.readouterr().err


def test_the_commands_own_help_and_errors_are_in_the_users_language(capsys, monkeypatch):
    with pytest.raises(SystemExit) as done:
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert (
        done.value.code == 0 and out.startswith("bruk: ") and "vis denne hjelpen og avslutt" in out
    )
    assert "usage" not in out and "show this help" not in out
    with pytest.raises(SystemExit) as done:
        cli.main(["fil", "x.csv", "--aar", "to"])
    err = capsys.readouterr().err
    assert (
        done.value.code == 2
        and "feil: argument --aar: ugyldig verdi: 'to' (skal være et heltall)" in err
    )
    monkeypatch.setenv("KOMMUNEKART_SPRAK", "nn")
    try:
        with pytest.raises(SystemExit):
            cli.main(["fil"])
    finally:
        # the command sets its language for the rest of its process: here, the test's
        set_lang(None)
    assert "feil: desse argumenta manglar: fil" in capsys.readouterr().err
    import argparse

    assert argparse._("usage: ") == "usage: "  # argparse's own words are back for everything else


def test_nkom_2013_values_on_2019_numbers_land_on_the_2024_map(real_dataset, capsys):
    """Nkom's file (raw/nkom_broadband_harrall) has 2013's coverage keyed on 2019's numbers. Checked
    by hand: 422 codes of 2019; divided 1850 Tysfjord and 5012 Snillfjord leave five 2024 kommuner
    out (Narvik, Hamarøy, Orkland, Heim, Hitra); 5061 Rindal (1567 until 2018) has 0.007534984."""
    from kommunekart.sources import mirror

    path = mirror.path_of("data", "broadband")
    argv = [
        "fil",
        str(path),
        "--aar",
        "2019",
        "--kommunekolonne",
        "knr",
        "--serie",
        "100S",
        "--til-2024",
    ]
    assert cli.main(argv, ds=real_dataset) == 0
    out = capsys.readouterr().out
    assert "1. januar 2019 (422 av 422" in out and "352 kommuner med verdi, 5 uten" in out
    assert "fantes ikke" not in out and "folketallet 1. januar 2019" in out
    result = importer.read_table(path.read_bytes(), path.name, year=2019, region_column="knr")
    values, _, _ = userdata.series_values(real_dataset, result.data, "100S", "2024")
    v = values.set_index("kommunenummer")
    assert round(v.at["5061", "value"] * 100, 2) == 0.75  # a share in the file: 0,75 %
    assert set(v.index[v["value"].isna()]) == {"1806", "1875", "5059", "5055", "5056"}
    assert set(v.loc[["1806", "1875", "5059", "5055", "5056"], "status"]) == {"delt"}
