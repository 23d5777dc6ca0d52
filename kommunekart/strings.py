"""Every user-facing string, in one catalogue.

Pages and package code ask for a string by key (``t("kart.tittel")``); adding nynorsk or English means
adding a column here, not touching pages. Placeholders use ``str.format`` names.
"""
from __future__ import annotations

LANG = "nb"

STRINGS: dict[str, dict[str, str]] = {
    "nb": {
        # navigation
        "nav.kart": "Kart",
        "nav.profil": "Kommuneprofil",
        # general
        "app.tittel": "Kommunekart",
        "app.undertittel": "Digitalisering i norske kommuner",
        "kilde": "Kilde: SSB. Kartgrunnlag: Kartverket (CC BY 4.0)",
        "demo.etikett": "Demonstrasjonsdata - ikke SSBs tall",
        "kilde.tall": "Tallene: {kilde}",
        "forbehold": "Forbehold: {tekst}",
        "demo.forklaring": (
            "Verdiene for spørreundersøkelsen er demonstrasjonsdata laget av Kommunekart med en fast, "
            "dokumentert modell (kalibrert mot SSBs nasjonale tall). De er ikke SSBs tall for den enkelte "
            "kommune. Folketallet er SSBs offisielle tall."
        ),
        "ekte.etikett": "Offisielle tall",
        "egen.etikett": "Egne data lastet inn i denne økten - ikke kontrollert av Kommunekart.",
        # sidebar / controls
        "kontroll.tema": "Tema",
        "kontroll.indikator": "Indikator",
        "kontroll.aar": "År",
        "kontroll.klasser": "Klasseinndeling",
        "kontroll.sok": "Finn kommune (navn eller nummer)",
        "kontroll.sok.hjelp": "Skriv en del av navnet eller kommunenummeret, f.eks. «Tromsø», «Romsa» eller «5501».",
        "kontroll.sok.ingen": "Ingen kommune valgt",
        "kontroll.sok.treff": "Velg kommune",
        "kontroll.sok.ingentreff": "Fant ingen kommune som passer «{q}» i {aar}. Prøv en kortere del av navnet eller et firesifret kommunenummer.",
        "klasser.kvantiler": "Kvantiler (like mange kommuner i hver klasse)",
        "klasser.jenks": "Naturlige brudd (Fisher-Jenks)",
        "klasser.lik": "Like intervaller",
        # themes
        "tema.prioritering": "Digital prioritering",
        "tema.kompetanse": "Digital kompetanse",
        "tema.aktivitet": "Digital aktivitet",
        "tema.indeks": "Indekser",
        "tema.befolkning": "Befolkning",
        "tema.egne": "Egne data",
        "tema.infrastruktur": "Infrastruktur (offisielle tall)",
        # size classes
        "storrelse.liten": "under 5 000 innbyggere",
        "storrelse.mellom": "5 000-19 999 innbyggere",
        "storrelse.stor": "20 000 innbyggere og over",
        # legend
        "legende.tittel": "Tegnforklaring",
        "legende.mangler": "Mangler data",
        "legende.ja": "Ja",
        "legende.nei": "Nei",
        "legende.hoyere_bedre": "Høyere verdi er bedre.",
        "legende.lavere_bedre": "Lavere verdi er bedre.",
        "legende.enhet": "Enhet: {enhet}",
        # tooltip / panel
        "tips.kommunenummer": "Kommunenr.",
        "tips.verdi": "Verdi",
        "tips.storrelse": "Størrelse",
        "tips.aar": "År",
        "panel.tittel": "{navn} ({nr})",
        "panel.verdi": "{indikator}: {verdi}",
        "panel.storrelse": "Størrelsesgruppe: {gruppe}",
        "panel.median": "Median for kommuner med {gruppe}: {median}",
        "panel.andel": "Andel «ja» blant kommuner med {gruppe}: {andel}",
        "panel.mangler": "mangler data",
        "panel.fylke": "Fylke: {fylke}",
        "panel.folketall": "Folketall 1. januar {aar}: {folketall}",
        "panel.hint": "Klikk på en kommune i kartet eller søk etter den for å se tallene.",
        "panel.fjern": "Fjern valgt kommune",
        # map page
        "kart.tittel": "Kart: {indikator}, {aar}",
        "kart.alt": "Kartet viser {indikator} for {n} kommuner i {aar} (kommuneinndelingen per 1. januar {aar}).",
        "kart.region": "Kart over {indikator} i {aar}. Pek på en kommune for å se verdien, klikk for å velge den.",
        "kart.region_fil": "Kart over {indikator} i {aar}. Pek på en kommune for å se verdien.",
        "kart.feil": "Kartet kunne ikke tegnes (Leaflet eller kartfilene ble ikke lastet). Last siden på nytt; tallene finnes også i tabellen under kartet.",
        "kart.tabell": "Vis tabell over alle kommuner (tekstalternativ til kartet)",
        "kart.last_ned_csv": "Last ned tallene (CSV)",
        "kart.definisjon": "Om indikatoren",
        "kart.kilde_ind": "Kilde for indikatoren: {kilde}",
        "kart.oversikt": "{mangler} mangler data.",
        "kart.andel_alle": "Andel «ja» blant alle kommuner: {andel}.",
        "kart.tabell_hint": "Alle tallene kan vises som tabell under kartet.",
        "kart.sammendrag": "Høyest: {topp}. Lavest: {bunn}. Median: {median}.",
        # table columns
        "kol.kommunenummer": "Kommunenummer",
        "kol.kommune": "Kommune",
        "kol.fylke": "Fylke",
        "kol.verdi": "Verdi",
        "kol.status": "Merknad",
        "kol.storrelse": "Størrelsesgruppe",
        "kol.folketall": "Folketall",
        "kol.aar": "År",
        "kol.indikator": "Indikator",
        "kol.kilde": "Kilde",
        "kol.datatype": "Datatype",
        # notices about URL parameters
        "url.ukjent_indikator": "Fant ikke indikatoren «{verdi}» fra lenken. Viser «{standard}» i stedet. Velg en indikator i menyen.",
        "url.ukjent_aar": "Året «{verdi}» i lenken finnes ikke. Gyldige år er {gyldige}. Viser {standard}.",
        "url.ukjent_klasser": "Klasseinndelingen «{verdi}» i lenken er ukjent. Gyldige verdier er {gyldige}. Viser «{standard}».",
        "url.ukjent_kommune": "Kommunenummeret «{verdi}» i lenken finnes ikke i {aar}. Et kommunenummer har fire sifre, f.eks. 0301 for Oslo. Søk etter kommunen i menyen.",
        "url.kommune_oversatt": "Kommunenummeret «{verdi}» i lenken gjaldt ikke i {aar}. Samme kommune hadde nummer {nytt} det året; viser {nytt}.",
        "url.kommune_format": "«{verdi}» i lenken er ikke et kommunenummer. Et kommunenummer har fire sifre, f.eks. 0301 for Oslo.",
        # SSB / data status
        # SSB's table symbols (standardtegn): what a missing or special cell means
        "status.mangler": "Mangler data (tallgrunnlag mangler, «..»)",
        "status.ikke_aktuelt": "Ikke aktuelt (tall kan ikke forekomme, «.»)",
        "status.ikke_ennaa": "Ikke tilgjengelig ennå (oppgave mangler foreløpig, «...»)",
        "status.konfidensielt": "Skjult av hensyn til personvern («:»)",
        "status.null": "Null («-»)",
        "status.ikke_offentliggjort": "Ikke offentliggjort («x»)",
        # errors
        "feil.data.tittel": "Kartdataene mangler",
        "feil.data.mangler": (
            "Kommunekart fant ikke filen «{fil}» ({hva}). Prøvde: {steder}. {problem} "
            "Slik retter du det: sett miljøvariabelen {env} til mappen med det lokale speilet av offentlige data "
            "(standard: {standard}), eller koble maskinen til internett slik at filen kan lastes ned fra {url}."
        ),
        "feil.data.sjekksum": "Filen «{fil}» har feil sjekksum (sha256 {faktisk}, ventet {ventet}). Den kan være ødelagt eller endret. Slett den og last ned på nytt.",
        "feil.data.ingen_url": "Filen har ingen offentlig nedlastingsadresse; den må ligge i det lokale speilet.",
        "feil.data.offline": "Nedlasting er slått av ({env}=1).",
        "feil.data.nett": "Nedlasting fra {url} mislyktes ({feil}).",
        "feil.kobling": "{n} rader i {hva} passer ikke med kommuneinndelingen i {aar}: {eksempler}.",
        # profile page
        "profil.tittel": "Kommuneprofil: {navn}",
        "profil.side": "Kommuneprofil",
        "profil.kart_side": "Kart",
        "profil.ingress": "Kommunenummer {nr} · {fylke} · {folketall} innbyggere 1. januar {aar} · {gruppe}",
        "profil.velg": "Velg en kommune for å se profilen.",
        "profil.ukjent": "Fant ikke kommunen. Søk etter navn eller kommunenummer i menyen til venstre.",
        "profil.lenke": "Se kommuneprofilen for {navn}",
        "profil.lokator": "Kart som viser hvor {navn} ligger i Norge.",
        "profil.historikk": "Kommunens historikk",
        "profil.historikk.ingen": "Ingen endringer i kommunenummer, navn eller grenser siden 2018 ifølge SSBs endringstabell.",
        "profil.historikk.kilde": "Kilde: SSB, Klass 131 Standard for kommuneinndeling (endringstabell), og SSBs gruppering «Kommuner 1994-2024» (KommSummer) i Statistikkbanken.",
        "profil.ks.2024": "I SSBs statistikkbank summeres tall for disse tidligere kommunenumrene inn i {navn}: {liste}.",
        "profil.ks.eldre": "I SSBs statistikkbank summeres tall for {nr} inn i dagens kommune {gruppe}.",
        "profil.ks.rest": "I SSBs statistikkbank kan tall for {nr} ikke føres til én kommune i dag (kommunen ble delt); de summeres i «{gruppe}».",
        "profil.hist.sammenslaatt": "{nye} ble opprettet ved sammenslåing av {gamle}.",
        "profil.hist.delt": "{gamle} ble delt i {nye} og {andre}.",
        "profil.hist.nummer": "{gamle} fikk nytt kommunenummer: {nye}.",
        "profil.hist.navn": "Navnet ble endret fra «{gamle}» til «{nye}».",
        "profil.indikatorer": "Alle indikatorer, {aar}",
        "profil.indekser": "Indekser mot medianen for kommuner med {gruppe}",
        "profil.indekser.alt": "Søylediagram: {navn} sine fire indekser mot medianen i størrelsesgruppen. Tallene står i tabellen over.",
        "profil.trend": "Utvikling over tid",
        "profil.trend.indikator": "Indikator for utviklingen og nærmeste kommuner",
        "profil.trend.alt": "Linjediagram: {navn} og medianen for størrelsesgruppen, {indikator}, {aar}. Tallene står i tabellen under.",
        "profil.trend.fra": "Kommunen fantes ikke i denne formen; tallet er for {navn}.",
        "profil.trend.senere": "Senere del av {navn}; tallet er for den kommunen.",
        "profil.trend.sum": "(summert)",
        "profil.trend.vektet": "(vektet med folketall)",
        "profil.naboer": "Nærmeste kommuner i folketall, {aar}",
        "profil.naboer.hjelp": "De ti kommunene med folketall nærmest {navn}. Velg en for å se dens profil.",
        "profil.last_ned_csv": "Last ned profilen (CSV)",
        "profil.last_ned_xlsx": "Last ned profilen (Excel)",
        "profil.sammendrag": "{navn} ligger bedre enn medianen for kommuner med {gruppe} på {bedre} av {n} indikatorer og dårligere på {verre}.",
        "profil.sammendrag.mangler": "{n} indikatorer mangler data.",
        "profil.sammendrag.mangler1": "Én indikator mangler data.",
        "profil.sammendrag.indeks": "Samlet digitaliseringsindeks er {verdi} (median i gruppen {median}), som gir plass {rang} av {n} kommuner.",
        "kol.median_storrelse": "Median, samme størrelse",
        "kol.median_fylke": "Median, fylket",
        "kol.median_landet": "Median, landet",
        "kol.rang": "Plass (1 = best)",
        "kol.persentil": "Bedre enn andel av kommunene",
        "kol.merknad_trend": "Merknad",
        "kol.kommune_verdi": "Kommunen",
        "kol.gruppe_median": "Median i størrelsesgruppen",
        "kol.tema": "Tema",
        "kol.hva": "Serie",
        "kol.avstand": "Forskjell i folketall",
        # size-group page
        "nav.grupper": "Størrelsesgrupper",
        "grupper.tittel": "Størrelsesgrupper: {indikator}, {aar}",
        "grupper.kontroll": "Gruppering",
        "grupper.ssb": "SSBs tre størrelsesgrupper",
        "grupper.fin": "Finere inndeling (seks grupper)",
        "grupper.fylke": "Fylke",
        "grupper.blant": "blant kommuner med {gruppe}",
        "grupper.tekst.ja": "{a} svarer {andel_a} «ja» på «{ind}», mot {andel_b} {b}.",
        "grupper.tekst.median": "Medianen for «{ind}» er {verdi_a} {a}, mot {verdi_b} {b}.",
        "grupper.for_faa": "For få grupper med data til å sammenligne.",
        "grupper.fordeling": "Fordeling per gruppe",
        "grupper.fordeling.alt": "Diagram: hver kommune er et punkt i sin gruppe; den svarte streken er gruppens median, ruten er valgt kommune. Tallene står i tabellen under.",
        "grupper.andel.alt": "Søylediagram: andel kommuner som svarer «ja» i hver gruppe. Tallene står i tabellen under.",
        "grupper.statistikk": "Tall per gruppe",
        "grupper.utvikling": "Utvikling per gruppe",
        "grupper.utvikling.alt": "Linjediagram: {stat} per gruppe og år. Gruppene regnes ut på nytt hvert år fra folketallet, og antall kommuner endres med reformene.",
        "grupper.smaakart": "Samme indikator, ett kart per størrelsesgruppe",
        "grupper.smaakart.alt": "Tre kart av Norge, ett for hver av SSBs størrelsesgrupper: kommunene i gruppen er farget etter verdien, de andre er grå.",
        "grupper.kommuner": "Kommunene i hver gruppe",
        "grupper.last_ned_csv": "Last ned tabellen (CSV)",
        "grupper.last_ned_xlsx": "Last ned tabellen (Excel)",
        "grupper.valgt": "Valgt kommune: {navn} ({nr}), gruppe {gruppe}: {verdi}.",
        "kol.gruppe": "Gruppe",
        "kol.antall": "Antall kommuner",
        "kol.mangler": "Mangler data",
        "kol.median": "Median",
        "kol.snitt": "Gjennomsnitt",
        "kol.andel_ja": "Andel «ja»",
        "kol.valgt": "Valgt",
        "url.ukjent_grupper": "Grupperingen «{verdi}» i lenken er ukjent. Gyldige verdier er {gyldige}. Viser «{standard}».",
        # export / share / embed
        "del.tittel": "Vis nedlasting, lenke og innbygging",
        "del.bilde": "Kartet som bilde",
        "del.png_lysbilde": "PNG for lysbilde (16:9)",
        "del.png_artikkel": "PNG for artikkel (stående)",
        "del.svg": "SVG (vektor)",
        "del.html": "Frittstående kart (HTML)",
        "del.html.hjelp": "Én fil med kart, tegnforklaring og kilde som virker uten nett, f.eks. i en presentasjon.",
        "del.data": "Tallene bak kartet",
        "del.lenke": "Lenke til akkurat denne visningen",
        "del.bygg_inn": "Bygg inn på en nettside",
        "del.bygg_inn.hjelp": "Innbygget visning viser bare kartet med tegnforklaring og kilde. Legg til &kontroller=1 i adressen for å vise menyene.",
        "kart.last_ned_xlsx": "Last ned tallene (Excel)",
        "graf.png": "Last ned diagrammet (PNG)",
        "graf.svg": "Last ned diagrammet (SVG)",
        "grupper.last_ned_smaakart": "Last ned kartene (PNG)",
        # data page
        "nav.data": "Last inn data",
        "data.tittel": "Last inn egne tall",
        "data.ingress": ("Last inn en CSV- eller Excel-fil med tall per kommune: en eksport fra SSBs statistikkbank (som den lastes ned, "
                         "med tittellinjer, semikolon eller tabulator, «K-0301 Oslo») eller en egen tabell med en kolonne for "
                         "kommunenummer og én eller flere tallkolonner. Eller hent en tabell direkte fra SSB med tabellnummeret. "
                         "Tall med kommunenummer fra før reformene kan vises på kartet for sitt eget år eller regnes om til "
                         "dagens kommuner. Tallene vises i kartet, profilen og størrelsesgruppene i denne økten, og lagres ikke "
                         "på serveren."),
        "data.fil": "CSV- eller Excel-fil (høyst 20 MB)",
        "data.fra_fil": "Fra fil",
        "data.fra_ssb": "Fra SSBs statistikkbank (API)",
        "data.ssb.felt": "Tabellnummer (f.eks. 07459) eller API-adresse fra Statistikkbanken",
        "data.ssb.hjelp": "Skriv tabellnummeret, så henter Kommunekart tabellens variabler og du velger statistikkvariabel, år og resten. Du kan også lime inn en API-adresse (PxWebApi v2) som du har laget i Statistikkbanken.",
        "data.ssb.tabell": "**{tittel}** (sist oppdatert {oppdatert})",
        "data.ssb.innhold": "Statistikkvariabel",
        "data.ssb.aar": "År",
        "data.ssb.alle": "Alle (SSBs totaltall)",
        "data.ssb.hent": "Hent tallene fra SSB",
        "data.ssb.kommuner": "Kommunene hentes med SSBs kodeliste «{liste}».",
        "data.ssb.kommuner_egne": "Kommunene hentes med tabellens egne kommunenummer ({n} stykker).",
        "data.ssb.kilde_url": "SSB, Statistikkbanken, tabell {tabell}. Hentet {dato}",
        "data.ssb.kilde": "SSB, Statistikkbanken, tabell {tabell}: {tittel}. Hentet {dato}",
        "data.aar": "År tallene gjelder (hvis filen ikke sier det)",
        "data.aar.ingen": "Står i filen",
        "data.kommunekolonne": "Kolonnen med kommunenummer",
        "data.gjettet": "Kommunekart tolket tabellen slik:",
        "data.gjettet.kolonner": "Kommunekolonne: «{region}». Tallkolonner: {verdier}.",
        "data.serie": "Tallserie som skal vises",
        "data.navn": "Navn på indikatoren",
        "data.enhet": "Enhet (valgfritt, f.eks. % eller kr)",
        "data.kilde": "Kilde",
        "data.retning": "Retning",
        "data.retning.hoy": "Høyere er bedre",
        "data.retning.lav": "Lavere er bedre",
        "data.retning.ingen": "Ingen retning",
        "data.inndeling": "Hvilket kart skal tallene vises på?",
        "data.inndeling.egen": "Kartet for tallenes eget år",
        "data.inndeling.2024": "Dagens kommuner (2024), omregnet",
        "data.inndeling.hjelp": ("Tall med kommunenummer fra før reformene (2018-2019 eller 2020-2023) kan regnes om til dagens "
                                 "kommuneinndeling med SSBs tabell over sammenslåtte kommuner (KommSummer). Delte kommuner "
                                 "fordeles ikke (det ville vært gjetning) og får «mangler data»."),
        "data.fra_aar": "Hvilket år skal regnes om?",
        "data.art": "Hva slags tall er det?",
        "data.art.weighted_mean": "Andel, rate eller gjennomsnitt (sammenslåtte kommuner vektes med folketall)",
        "data.art.sum": "Antall (sammenslåtte kommuner summeres)",
        "data.omregnet": "Tall for {aar}, regnet om til kommuneinndelingen 2024 (SSBs KommSummer).",
        "data.leser": "Leser «{fil}» …",
        "data.lest": "«{fil}» er lest.",
        "data.klasser": "Regner ut klasseinndelingen …",
        "data.ssb.metadata": "Henter tabellinformasjonen for tabell {tabell} fra SSB …",
        "data.ssb.henter": "Henter tallene fra SSB …",
        "data.forhaand": "Forhåndsvisning (de første 50 radene)",
        "data.bruk": "Vis på kartet",
        "data.klar": "«{navn}» er lagt til under temaet «Egne data» for denne økten.",
        "data.til_kart": "Åpne kartet med «{navn}»",
        "data.ingen_rader": "Ingen rader kan vises på kartet (se merknadene over).",
        # footer
        "om.data": "Om dataene",
        # build step (progress in words)
        "bygg.status": "Kommunekart gjør klar dataene …",
        "bygg.grenser": "Leser kommune- og fylkesgrensene (Kartverket) …",
        "bygg.folketall": "Leser folketall, kommuneendringer og SSBs gruppering …",
        "bygg.demo": "Lager demonstrasjonsdataene …",
        "bygg.ekte": "Leser bredbåndstallene (Nkom) og Digisos-listen (NAV) …",
        "bygg.klasser": "Regner ut klasseinndelingene …",
        "bygg.lagrer": "Lagrer datasettet for neste oppstart …",
        "bygg.laster": "Laster datasettet …",
        "bygg.klar": "Dataene er klare.",
        "bygg.ferdig": "Datasettet {nokkel} er klart ({sek} s).",
        "url.gjentatt": "Lenken har «{navn}» flere ganger med ulike verdier. Bruker den første («{verdi}»); fjern de andre fra adressen.",
    }
}


def message(item) -> str:
    """The text of a Message or Problem (errors.py): the catalogue's sentence for its code."""
    from .errors import Message

    if isinstance(item, str) or (isinstance(item, Exception) and not hasattr(item, "message")):
        return str(item)  # a note or error that is still a sentence
    msg = getattr(item, "message", item)
    return t(msg.code, **{k: message(v) if isinstance(v, Message) else v for k, v in msg.params.items()})


def t(key: str, **kwargs) -> str:
    """Look up a UI string by key in the current language and fill in its placeholders."""
    text = STRINGS[LANG].get(key)
    if text is None:
        text = STRINGS["nb"][key]
    return text.format(**kwargs) if kwargs else text
