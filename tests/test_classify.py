import numpy as np

from kommunekart.analysis import classify
from kommunekart.pipeline import breaks


def test_yes_no_is_two_categories_plus_missing():
    c = classify.classify([1, 0, np.nan, 1], kind="yesno")
    assert c.labels == ["Ja", "Nei", "Mangler data"]
    assert list(c.assign) == [0, 1, 2, 0]
    assert c.colours[-1] == classify.MISSING_COLOUR


def test_quantiles_put_every_value_in_a_class_and_missing_last():
    vals = np.r_[np.arange(100.0), np.nan]
    c = classify.classify(vals, "kvantiler", kind="share", unit="%")
    assert len(c.labels) == 6 and c.labels[-1] == "Mangler data"
    assert c.assign[-1] == 5
    counts = np.bincount(c.assign[:-1])
    assert counts.min() >= 19 and counts.max() <= 21  # quantiles: equal-sized classes
    assert "%" in c.labels[0]


def test_methods_differ_on_skewed_data():
    vals = np.r_[np.ones(50), np.arange(2.0, 52.0) ** 2]
    q = classify.classify(vals, "kvantiler").breaks
    e = classify.classify(vals, "lik").breaks
    j = classify.classify(vals, "jenks").breaks
    assert q != e and e != j
    assert np.allclose(np.diff(e), np.diff(e)[0])  # equal intervals


def test_few_distinct_values_get_one_class_each():
    c = classify.classify([0, 1, 2, 2, 8], kind="count")
    assert c.breaks == [0, 1, 2, 8]
    assert list(c.assign) == [0, 1, 2, 2, 3]


def test_palette_is_viridis_light_to_dark():
    p = classify.palette(5)
    assert len(set(p)) == 5 and classify.MISSING_COLOUR not in p


def test_breaks_from_the_child_process_equal_mapclassify_in_process():
    vals = list(np.r_[np.arange(40.0) ** 1.5, np.nan])
    jobs = {"a": (vals, "kvantiler"), "b": (vals, "jenks"), "c": (vals, "lik")}
    got = breaks.breaks_in_subprocess(jobs)
    assert got == {key: breaks.compute_breaks(v, m) for key, (v, m) in jobs.items()}
    c = classify.classify(vals, "jenks", breaks=got["b"])
    assert c.breaks == got["b"] and c.assign[-1] == len(got["b"])  # NaN -> "Mangler data"


def test_the_stored_palettes_are_matplotlibs_viridis():
    for k, colours in classify.VIRIDIS.items():
        assert colours == classify.viridis_palette(k)


def test_legend_never_shows_an_empty_class_or_two_bounds_that_look_the_same():
    import numpy as np

    values = np.array([0.0] * 50 + [0.2, 0.4, 3.0, 50.0, 100.0, 7.0, 12.0, 0.0])
    c = classify.classify(
        values, kind="share", unit="%", decimals=0, breaks=[0.0, 0.3, 5.0, 60.0, 90.0, 100.0]
    )
    counts = np.bincount(c.assign, minlength=len(c.labels))
    assert (counts[:-1] > 0).all()  # every class (missing aside) has kommuner in it
    # a class of one value reads as that value
    assert "–" not in c.labels[0] and c.labels[0].startswith("0")
    bounds = [label.split("–")[-1].strip() for label in c.labels[1:-1]]
    assert len(set(bounds)) == len(bounds) and "over 0 – 0" not in " ".join(c.labels)
    # 0,3 % needs a decimal to be told from 0 %
    assert any("," in label for label in c.labels[1:-1])
