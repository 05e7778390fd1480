"""Provenance on pages and in the API: original URL, page, section, file, dates with their mark,
citation downloads, old ids answering 301."""

import csv
import io


def test_article_page_shows_original_url_page_section_and_file(archive_client):
    html = archive_client.get("/article/重庆日报-20250923-1-01").get_data(as_text=True)
    assert 'class="original" href="https://www.cqrb.cn/html/2025-09/23/content_1.htm"' in html
    assert "重庆日报</a> · 第 1 版 · 要闻" in html
    assert "<code>archive.jsonl</code>" in html
    assert "佘振芳, 王尊, 张伟, 等. 重庆国际铁路港综合保税区通过验收[N]. 重庆日报, 2025-09-23(1)." in html
    assert "[N/OL]. 重庆日报, 2025-09-23(1)[" in html and "https://www.cqrb.cn/html/2025-09/23/content_1.htm." in html


def test_article_api_returns_provenance_and_both_citations(archive_client):
    data = archive_client.get("/api/article/重庆日报-20250923-1-01").get_json()
    assert data["provenance"] == {"source": "重庆日报", "date": "2025-09-23", "date_source": "dateline",
                                  "date_label": "2025-09-23", "page": "1", "section": "要闻", "order": 1,
                                  "url": "https://www.cqrb.cn/html/2025-09/23/content_1.htm", "file": "archive.jsonl"}
    assert data["citations"]["gbt7714"].endswith("[N]. 重庆日报, 2025-09-23(1).")
    assert data["citations"]["gbt7714_online"].startswith("佘振芳, 王尊, 张伟, 等. 重庆国际铁路港综合保税区通过验收[N/OL].")
    assert data["links"]["ris"] == "/cite.ris?id=%E9%87%8D%E5%BA%86%E6%97%A5%E6%8A%A5-20250923-1-01"


def test_without_an_original_url_the_online_citation_cites_the_permalink(archive_client):
    data = archive_client.get("/api/article/重庆日报-20251002-3-01").get_json()
    assert data["provenance"]["url"] is None
    assert data["citations"]["gbt7714_online"].endswith(
        "http://localhost/article/%E9%87%8D%E5%BA%86%E6%97%A5%E6%8A%A5-20251002-3-01.")


def test_inferred_year_is_marked_on_page_list_citation_and_json(archive_client):
    html = archive_client.get("/article/重庆日报-20250924-1-01").get_data(as_text=True)
    assert "2025-09-24（年份推断）" in html and "重庆日报, [2025]-09-24(1)." in html
    results = archive_client.get("/search?q=稻谷").get_data(as_text=True)
    assert 'class="inferred" title="年份为推断">2025-09-24（年份推断）</time>' in results
    hit = archive_client.get("/api/search?q=稻谷").get_json()["hits"][0]
    assert (hit["date_source"], hit["date_label"]) == ("inferred", "2025-09-24（年份推断）")


def test_undated_articles_say_so_with_date_source_none(archive_client):
    hit = archive_client.get("/api/search?q=无日期").get_json()["hits"][0]
    assert hit["date"] is None and hit["date_source"] == "none" and hit["date_label"] == "日期不详"
    assert "[出版日期不详]" in archive_client.get("/api/article/cms-undated-1").get_json()["citation"]


def test_result_lists_show_page_section_and_a_link_to_the_original(archive_client):
    html = archive_client.get("/search?q=保税区").get_data(as_text=True)
    assert '<span class="page">第 1 版 · 要闻</span>' in html
    assert '<a class="original" href="https://www.cqrb.cn/html/2025-09/23/content_1.htm"' in html
    hit = archive_client.get("/api/search?q=保税区").get_json()["hits"][0]
    assert hit["provenance"]["page"] == "1" and hit["provenance"]["url"].startswith("https://www.cqrb.cn/")


def test_an_old_id_answers_301_with_the_current_permalink_on_page_and_api(archive_client):
    resp = archive_client.get("/article/a1b2c3d4e5f60718?q=老街")
    assert resp.status_code == 301
    assert resp.headers["Location"] == "/article/%E9%87%8D%E5%BA%86%E6%97%A5%E6%8A%A5-20250923-2-01?q=%E8%80%81%E8%A1%97"
    api = archive_client.get("/api/article/a1b2c3d4e5f60718")
    assert api.status_code == 301
    assert api.headers["Location"] == "/api/article/%E9%87%8D%E5%BA%86%E6%97%A5%E6%8A%A5-20250923-2-01"
    assert archive_client.get(api.headers["Location"]).get_json()["aliases"] == ["a1b2c3d4e5f60718"]


def test_ris_download_of_one_article(archive_client):
    resp = archive_client.get("/cite.ris?id=重庆日报-20250923-1-01")
    assert resp.status_code == 200 and resp.mimetype == "application/x-research-info-systems"
    assert 'filename="yuwen-citation.ris"' in resp.headers["Content-Disposition"]
    text = resp.get_data(as_text=True)
    assert text.startswith("TY  - NEWS\r\n") and "T2  - 重庆日报" in text and "SP  - 1" in text


def test_bibtex_download_of_a_selection_including_an_old_id_once(archive_client):
    resp = archive_client.get("/cite.bib?id=重庆日报-20250923-2-01&id=a1b2c3d4e5f60718&id=新渝报-20250604-A01-01&id=nope")
    text = resp.get_data(as_text=True)
    assert resp.mimetype == "application/x-bibtex" and text.count("@article{") == 2
    assert "journal = {新渝报}" in text and "pages = {A01}" in text


def test_citation_downloads_need_known_ids(archive_client):
    assert archive_client.get("/cite.ris").status_code == 400
    assert archive_client.get("/cite.ris?id=nope").status_code == 404
    assert archive_client.get("/cite.bib?" + "&".join(f"id={i}" for i in range(101))).status_code == 400


def test_results_page_offers_a_selection_form_for_citations(archive_client):
    html = archive_client.get("/search?q=夜经济").get_data(as_text=True)
    assert 'formaction="/cite.ris"' in html and 'formaction="/cite.bib"' in html
    assert 'name="id" value="重庆日报-20250923-1-02"' in html


def test_article_page_offers_ris_and_bibtex(archive_client):
    html = archive_client.get("/article/新渝报-20250604-A01-01").get_data(as_text=True)
    assert 'class="ris" href="/cite.ris?id=%E6%96%B0%E6%B8%9D%E6%8A%A5-20250604-A01-01"' in html
    assert 'class="bib" href="/cite.bib?id=' in html
