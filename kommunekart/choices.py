"""The fixed choices of a view, as plain constants (imports nothing), shared by the URL parser, the
classification, the groupings and the pages."""

CLASS_METHODS = ("kvantiler", "jenks", "lik")  # URL values of ?klasser=
DEFAULT_METHOD = "kvantiler"
GROUPINGS = ("ssb", "fin", "fylke")  # URL values of ?grupper=
DEFAULT_GROUPING = "ssb"
