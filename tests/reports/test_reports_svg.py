"""The hand-written SVG charts: well-formed, labelled for screen readers, mirrored in RTL."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import defusedxml.ElementTree as SafeET

from peyvand.reports.svg import WIDTH, ChartText, bar_chart, line_chart

NS = {"svg": "http://www.w3.org/2000/svg"}


def _parse(markup: str) -> ET.Element:
    return SafeET.fromstring(markup)


def test_bar_chart_is_an_labelled_image_with_a_bar_per_value() -> None:
    chart = _parse(
        bar_chart(
            ChartText("Requests <by> status", "Bars & more"),
            [("Open", 4), ("Closed", 8), ("Searching", 0)],
        )
    )
    assert chart.get("role") == "img"
    title = chart.find("svg:title", NS)
    desc = chart.find("svg:desc", NS)
    assert title is not None and title.text == "Requests <by> status"
    assert desc is not None and desc.text == "Bars & more"
    assert chart.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    rects = chart.findall(".//svg:rect", NS)
    assert [float(r.get("width", "")) for r in rects][1] > float(rects[0].get("width", ""))
    assert float(rects[2].get("width", "")) == 0
    bar_titles = [g.find("svg:title", NS).text for g in chart.findall("svg:g", NS)]  # type: ignore[union-attr]
    assert bar_titles == ["Open: 4", "Closed: 8", "Searching: 0"]


def test_bar_chart_mirrors_in_rtl_and_uses_persian_digits() -> None:
    ltr = _parse(bar_chart(ChartText("t", "d"), [("باز", 4)]))
    rtl = _parse(bar_chart(ChartText("t", "d", rtl=True, persian_digits=True), [("باز", 4)]))
    assert rtl.get("direction") == "rtl"
    ltr_rect = ltr.find(".//svg:rect", NS)
    rtl_rect = rtl.find(".//svg:rect", NS)
    assert ltr_rect is not None and rtl_rect is not None
    # LTR bars start after the labels on the left; RTL bars end before the labels on the right.
    assert float(ltr_rect.get("x", "")) < WIDTH / 2
    assert float(rtl_rect.get("x", "")) + float(rtl_rect.get("width", "")) > WIDTH / 2
    texts = [t.text for t in rtl.findall(".//svg:text", NS)]
    assert "۴" in texts and "4" not in texts


def test_long_labels_wrap_onto_two_lines_and_stay_whole() -> None:
    label = "Awaiting the sought person's decision, and a little more"
    chart = _parse(bar_chart(ChartText("t", "d"), [(label, 2)]))
    lines = [span.text for span in chart.findall(".//svg:text/svg:tspan", NS)]
    assert lines == ["Awaiting the sought person's", "decision, and a little more"]
    assert chart.find(".//svg:g/svg:title", NS).text == f"{label}: 2"  # type: ignore[union-attr]


def test_only_what_does_not_fit_two_lines_is_cut() -> None:
    label = "An authority with a very long name that goes on and on for three lines at least"
    chart = _parse(bar_chart(ChartText("t", "d"), [(label, 1)]))
    lines = [span.text or "" for span in chart.findall(".//svg:text/svg:tspan", NS)]
    assert len(lines) == 2 and lines[0] == "An authority with a very long"
    assert lines[1].endswith("…") and all(len(line) <= 30 for line in lines)


def test_line_chart_runs_right_to_left_in_rtl() -> None:
    points = [("w1", 1), ("w2", 5), ("w3", 2)]
    ltr = _parse(line_chart(ChartText("t", "d"), points))
    rtl = _parse(line_chart(ChartText("t", "d", rtl=True), points))
    ltr_x = [float(c.get("cx", "")) for c in ltr.findall(".//svg:circle", NS)]
    rtl_x = [float(c.get("cx", "")) for c in rtl.findall(".//svg:circle", NS)]
    assert ltr_x == sorted(ltr_x) and rtl_x == sorted(rtl_x, reverse=True)
    assert ltr.find(".//svg:polyline", NS) is not None
    circle_titles = [c.find("svg:title", NS).text for c in ltr.findall(".//svg:circle", NS)]  # type: ignore[union-attr]
    assert circle_titles == ["w1: 1", "w2: 5", "w3: 2"]


def test_empty_charts_still_render() -> None:
    assert _parse(bar_chart(ChartText("t", "d"), [])).get("role") == "img"
    assert _parse(line_chart(ChartText("t", "d"), [])).get("role") == "img"
