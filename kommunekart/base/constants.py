"""The project's fixed choices in one table (imports nothing): the survey's years and themes, the
size classes' bounds, and the choices of a view shared by the URL parser, the classification, the
groupings and the pages. Their words live in the string catalogue (base/strings, locale/)."""

# SSB's survey «Digitalisering og IKT i offentlig sektor», kommune part: the years it was run and
# the three themes its indicators are grouped in (data/indicators.yaml: theme)
SURVEY_YEARS = (2018, 2020, 2022, 2024)
SURVEY_THEMES = ("prioritering", "kompetanse", "aktivitet")
OVERALL_INDEX = "indeks_samlet"  # the demonstration model's index of the three themes

# size class id -> (inhabitants from, inclusive; up to, exclusive)
INF = float("inf")
SIZE_BOUNDS = {
    "liten": (0, 5_000),
    "mellom": (5_000, 20_000),
    "stor": (20_000, INF),  # SSB's three classes
    "under2000": (0, 2_000),
    "2000-4999": (2_000, 5_000),
    "5000-9999": (5_000, 10_000),  # six finer ones
    "10000-19999": (10_000, 20_000),
    "20000-49999": (20_000, 50_000),
    "50000+": (50_000, INF),
}
SSB_SIZES = ("liten", "mellom", "stor")
FINE_SIZES = ("under2000", "2000-4999", "5000-9999", "10000-19999", "20000-49999", "50000+")

CLASS_METHODS = ("kvantiler", "jenks", "lik")  # URL values of ?klasser=
DEFAULT_METHOD = "kvantiler"
GROUPINGS = ("ssb", "fin", "fylke")  # URL values of ?grupper=
DEFAULT_GROUPING = "ssb"
COLOUR_BY = ("storrelse", "fylke")  # Sammenheng's dots coloured by: URL values of ?farge=
DEFAULT_AGAINST = "folketall"  # Sammenheng's second indicator when the link names none

# the kommune and its group in every chart and on the locator map (Okabe-Ito: safe for every common
# colour-vision deficiency)
KOMMUNE_COLOUR = "#0072B2"
GROUP_COLOUR = "#E69F00"
# groups in charts, in order (Okabe-Ito's eight)
GROUP_PALETTE = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
]
# text in charts: Streamlit's own text colour, 12,6:1 on white
TEXT_COLOUR = "#31333F"
