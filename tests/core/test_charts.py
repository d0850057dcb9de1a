"""The server-side SVG charts of core/charts.py: valid XML, points at their values, missing
values, reference lines, escaped text. Parsed with xml.etree, as a browser would read them.

The default line chart plots x across 44..624 and y from 220 (low) up to 28 (high)."""

import xml.etree.ElementTree as ET
from decimal import Decimal

from django.utils.safestring import SafeString

from core.charts import bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"
NS = {"svg": SVG[1:-1]}


def parse(chart):
    return ET.fromstring(str(chart))


def circles(chart):
    return [
        (float(c.get("cx")), float(c.get("cy")), c.find("svg:title", NS).text)
        for c in parse(chart).iter(f"{SVG}circle")
    ]


def polylines(chart):
    return [p.get("points") for p in parse(chart).iter(f"{SVG}polyline")]


def texts(chart):
    return [t.text for t in parse(chart).iter(f"{SVG}text")]


def one_series(*values, **kwargs):
    labels = [f"Q{i + 1}" for i in range(len(values))]
    return line_chart(labels=labels, series=[("score", list(values))], **kwargs)


# ---- line chart ---------------------------------------------------------------------------


def test_a_line_chart_is_an_svg_document_of_its_size():
    root = parse(one_series(Decimal(80)))
    assert (root.tag, root.get("viewBox")) == (f"{SVG}svg", "0 0 640 260")


def test_a_chart_is_marked_safe_for_templates():
    assert isinstance(one_series(Decimal(80)), SafeString)


def test_each_point_sits_at_its_value_and_its_label():
    chart = one_series(Decimal(100), Decimal(50), Decimal(0))
    assert [(x, y) for x, y, _ in circles(chart)] == [(140.7, 28.0), (334.0, 124.0), (527.3, 220.0)]


def test_the_range_from_low_to_high_fills_the_height():
    chart = one_series(Decimal(60), Decimal(80), Decimal(100), low=60, high=100)
    assert [y for _, y, _ in circles(chart)] == [220.0, 124.0, 28.0]


def test_a_value_outside_the_range_is_drawn_at_its_edge():
    chart = one_series(Decimal(40), Decimal(120), low=60, high=100)
    assert [y for _, y, _ in circles(chart)] == [220.0, 28.0]


def test_the_points_of_a_series_are_joined_by_a_line():
    chart = one_series(Decimal(100), Decimal(50), Decimal(0))
    assert polylines(chart) == ["140.7,28.0 334.0,124.0 527.3,220.0"]


def test_a_missing_value_has_no_point_and_the_line_joins_its_neighbours():
    chart = one_series(Decimal(100), None, Decimal(0))
    assert [(x, y) for x, y, _ in circles(chart)] == [(140.7, 28.0), (527.3, 220.0)]
    assert polylines(chart) == ["140.7,28.0 527.3,220.0"]


def test_a_single_point_draws_no_line():
    chart = one_series(None, Decimal(70))
    assert (len(circles(chart)), polylines(chart)) == (1, [])


def test_a_series_of_missing_values_draws_nothing_but_its_legend():
    chart = one_series(None, None)
    assert (circles(chart), polylines(chart)) == ([], [])
    assert "score" in texts(chart)


def test_each_point_tells_its_series_and_its_value_to_two_decimals():
    (_, _, title), *_ = circles(one_series(Decimal("87.5")))
    assert title == "score: 87.50"


def test_a_point_value_is_shown_rounded_half_up():
    (_, _, title), *_ = circles(one_series(Decimal("87.125")))
    assert title == "score: 87.13"


def test_a_reference_line_is_dashed_at_its_value_and_named_with_it():
    chart = line_chart(
        labels=["2009"],
        series=[("composite", [Decimal(90)])],
        lines=[("city minimum", Decimal("80.00"))],
        low=60,
        high=100,
    )
    (dashed,) = [line for line in parse(chart).iter(f"{SVG}line") if line.get("stroke-dasharray")]
    assert (dashed.get("y1"), dashed.get("y2")) == ("124.0", "124.0")
    assert "city minimum 80.00" in texts(chart)


def test_the_value_axis_is_marked_in_quarters_of_the_range():
    assert texts(one_series(Decimal(80), low=60, high=100))[:5] == ["60", "70", "80", "90", "100"]


def test_each_series_has_its_own_colour_and_legend():
    chart = line_chart(
        labels=["2008", "2009"],
        series=[("composite", [Decimal(80), Decimal(85)]), ("safety index", [Decimal(90)] * 2)],
    )
    colours = [p.get("stroke") for p in parse(chart).iter(f"{SVG}polyline")]
    assert len(set(colours)) == 2
    assert {"composite", "safety index"} <= set(texts(chart))


def test_a_range_of_no_width_still_draws():
    assert circles(one_series(Decimal(50), low=50, high=50))[0][1] == 28.0


def test_labels_names_and_the_title_are_escaped():
    label, name, title = '<b>Q1 & "Q2"</b>', "<script>alert(1)</script>", "甲区's <chart>"
    chart = line_chart(
        labels=[label],
        series=[(name, [Decimal(80)])],
        lines=[("a<b", Decimal(75))],
        title=title,
    )
    root = parse(chart)  # raises if any text broke the XML
    assert root.get("aria-label") == title
    assert root.find("svg:title", NS).text == title
    assert {label, name, "a<b 75.00"} <= set(texts(chart))
    assert circles(chart)[0][2] == f"{name}: 80.00"
    assert "<script>" not in str(chart)


# ---- bar chart ----------------------------------------------------------------------------


def bars(chart):
    return [
        (r.find("svg:title", NS).text, float(r.get("y")), float(r.get("height")))
        for r in parse(chart).iter(f"{SVG}rect")
    ]


def test_bars_are_as_tall_as_their_count_against_the_highest():
    chart = bar_chart(bars=[("a", 4, "#111"), ("b", 2, "#222"), ("c", 0, "#333")])
    assert bars(chart) == [("a: 4", 20.0, 144.0), ("b: 2", 92.0, 72.0), ("c: 0", 164.0, 0.0)]


def test_bars_of_nothing_are_flat_without_dividing_by_zero():
    chart = bar_chart(bars=[("a", 0, "#111"), ("b", 0, "#222")])
    assert [height for _, _, height in bars(chart)] == [0.0, 0.0]


def test_a_bar_chart_without_bars_is_an_empty_svg():
    assert bars(bar_chart(bars=[], title="nothing yet")) == []


def test_bar_labels_and_the_title_are_escaped():
    chart = bar_chart(bars=[("<非常满意> & co", 3, "#1e7b34")], title='Levels "Q1" <2009>')
    root = parse(chart)
    assert root.get("aria-label") == 'Levels "Q1" <2009>'
    assert texts(chart) == ["3", "<非常满意> & co"]
