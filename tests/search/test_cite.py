"""Citations: GB/T 7714-2015 for newspapers ([N]) and online items ([N/OL]), RIS and BibTeX."""

from datetime import date

from search.views.cite import bibtex, citations, gbt7714, ris

ACCESSED = date(2026, 1, 5)
RECORD = {"id": "重庆日报-20250923-1-01", "title": "重庆国际铁路港综合保税区通过验收", "source": "重庆日报",
          "date": "2025-09-23", "date_source": "dateline", "page": "1", "section": "要闻",
          "reporters": [{"name": "佘振芳", "role": "记者"}, {"name": "王尊", "role": "记者"},
                        {"name": "张伟", "role": "记者"}, {"name": "安然", "role": "实习生"},
                        {"name": "杨敏", "role": "特约摄影"}],
          "url": "https://www.cqrb.cn/html/2025-09/23/content_1.htm"}


def test_newspaper_citation_has_three_authors_then_deng_and_the_page():
    assert gbt7714(RECORD) == "佘振芳, 王尊, 张伟, 等. 重庆国际铁路港综合保税区通过验收[N]. 重庆日报, 2025-09-23(1)."


def test_online_citation_adds_the_access_date_and_the_url():
    assert gbt7714(RECORD, ACCESSED, RECORD["url"]) == (
        "佘振芳, 王尊, 张伟, 等. 重庆国际铁路港综合保税区通过验收[N/OL]. 重庆日报, 2025-09-23(1)[2026-01-05]. "
        "https://www.cqrb.cn/html/2025-09/23/content_1.htm.")


def test_an_inferred_year_is_cited_in_brackets_never_as_a_fact():
    record = {**RECORD, "date_source": "inferred", "reporters": [{"name": "佘振芳"}]}
    assert gbt7714(record) == "佘振芳. 重庆国际铁路港综合保税区通过验收[N]. 重庆日报, [2025]-09-23(1)."


def test_without_authors_or_page_the_citation_starts_with_the_title():
    record = {"id": "x", "title": "大桥检修公告", "source": "新渝报", "date": "2025-06-04", "reporters": []}
    assert gbt7714(record) == "大桥检修公告[N]. 新渝报, 2025-06-04."


def test_online_citation_falls_back_to_the_permalink_without_an_original_url():
    record = {k: v for k, v in RECORD.items() if k != "url"}
    got = citations(record, "http://yuwen/article/x", ACCESSED)
    assert got["gbt7714_online"].endswith("[2026-01-05]. http://yuwen/article/x.")
    assert citations(RECORD, "http://yuwen/article/x", ACCESSED)["online_url"] == RECORD["url"]


def test_ris_is_a_news_record_with_authors_page_section_and_both_links():
    text = ris([RECORD], ["http://yuwen/article/1"], ACCESSED)
    lines = text.split("\r\n")
    assert lines[0] == "TY  - NEWS" and lines[-2] == "ER  - " and text.endswith("\r\n")
    assert ["AU  - 佘振芳", "AU  - 王尊", "AU  - 张伟", "AU  - 安然"] == [x for x in lines if x.startswith("AU")]
    for line in ("T2  - 重庆日报", "SP  - 1", "SE  - 要闻", "PY  - 2025", "DA  - 2025/09/23/", "Y2  - 2026/01/05/",
                 "UR  - https://www.cqrb.cn/html/2025-09/23/content_1.htm", "ID  - 重庆日报-20250923-1-01"):
        assert line in lines
    assert any(x.startswith("N1  - ") and "http://yuwen/article/1" in x for x in lines)


def test_bibtex_escapes_latex_and_keeps_an_ascii_key():
    record = {**RECORD, "title": "50% & {增长}_1", "date_source": "inferred"}
    text = bibtex([record, {**RECORD, "id": "other"}], ["http://y/1", "http://y/2"], ACCESSED)
    first = text.split("\n\n")[0]
    assert first.startswith("@article{yuwen20250923-") and first.isascii() is False
    assert first.split(",")[0].isascii()
    assert r"title = {50\% \& \{增长\}\_1}," in first
    assert "author = {佘振芳 and 王尊 and 张伟 and 安然}," in first
    assert "url = {https://www.cqrb.cn/html/2025-09/23/content_1.htm}," in first and "urldate = {2026-01-05}," in first
    assert "年份为推断" in first and "entrysubtype = {newspaper}" in first
    assert text.count("@article{") == 2
