"""Comparing terms over time: the chart on the page, the JSON, the CSV."""

import csv
import io


def test_compare_counts_each_term_per_month_with_the_articles_of_the_month(archive_client):
    data = archive_client.get("/api/compare?q=夜经济&q=大桥").get_json()
    assert data["interval"] == "month" and data["queries"] == ["夜经济", "大桥"]
    periods = [a["period"] for a in data["articles"]]
    assert periods[0] == "2024-12" and periods[-1] == "2025-10" and len(periods) == 11
    night = {p["period"]: p for p in data["series"][0]["points"]}
    assert night["2025-09"] == {"period": "2025-09", "count": 2, "per_1000": 333.33}  # 2 of September's 6
    assert night["2025-06"]["count"] == 1 and night["2025-07"] == {"period": "2025-07", "count": 0, "per_1000": 0.0}
    bridge = {p["period"]: p["count"] for p in data["series"][1]["points"]}
    assert (bridge["2025-06"], bridge["2025-09"], bridge["2025-10"]) == (1, 1, 1)
    assert data["series"][0]["search_url"] == "/search?q=%E5%A4%9C%E7%BB%8F%E6%B5%8E"


def test_compare_keeps_filters_and_can_count_per_year(archive_client):
    data = archive_client.get("/api/compare?q=夜经济&source=新渝报&interval=year").get_json()
    assert data["interval"] == "year" and [a["period"] for a in data["articles"]] == ["2024", "2025"]
    assert [p["count"] for p in data["series"][0]["points"]] == [0, 1]
    assert data["links"]["csv"] == "/compare.csv?q=%E5%A4%9C%E7%BB%8F%E6%B5%8E&source=%E6%96%B0%E6%B8%9D%E6%8A%A5&interval=year"


def test_compare_page_draws_one_line_per_term_with_a_legend_axis_and_table(archive_client):
    html = archive_client.get("/compare?q=夜经济&q=大桥&mode=per1000").get_data(as_text=True)
    assert html.count('<polyline class="series"') == 2 and 'stroke-dasharray="6 3"' in html
    assert '<text class="tick"' in html and ">2025-09</text>" in html
    assert '<a href="/search?q=%E5%A4%9C%E7%BB%8F%E6%B5%8E">夜经济</a>' in html
    assert "（333.33‰）" in html and "<strong>每千篇</strong>" in html
    assert 'href="/compare?q=%E5%A4%9C%E7%BB%8F%E6%B5%8E&amp;q=%E5%A4%A7%E6%A1%A5">篇数</a>' in html


def test_compare_csv_has_a_row_per_period_and_columns_per_term(archive_client):
    resp = archive_client.get("/compare.csv?q=夜经济&q==cmd")
    rows = list(csv.reader(io.StringIO(resp.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["period", "articles", "夜经济 count", "夜经济 per_1000", "'=cmd count", "'=cmd per_1000"]
    sept = next(r for r in rows if r[0] == "2025-09")
    assert sept[:4] == ["2025-09", "6", "2", "333.33"]


def test_compare_takes_at_most_four_terms_and_a_known_mode(archive_client):
    assert archive_client.get("/api/compare?" + "&".join(f"q=词{i}" for i in range(5))).status_code == 400
    assert archive_client.get("/api/compare?q=a&mode=ratio").status_code == 400
    html = archive_client.get("/compare").get_data(as_text=True)
    assert html.count('<label>检索词 ') == 4 and "试试" in html
