"""Headlines find their articles: after the body, below another article, or above it."""

from __future__ import annotations

from corpus.pages.parse import parse_page

A = "本报讯（记者 张三）9月 1日，全市智慧城管建设现场会在大足区召开，大足区城市管理局介绍了数字窨井盖和智慧照明系统的运行情况。"
B = "本报讯（记者 李四）9月 2日，大足区政协组织委员开展文旅产业发展主题调研，委员们体验了石刻匠人的生活与文旅新场景。"
C = "本报讯（记者 王五）9月 3日，大足区生态环境局发布生态环境质量状况，全区水环境质量好中更优，大气环境质量持续改善。"


def titles(page: str) -> dict[str, tuple[str, str, str]]:
    return {a.reporters[0].name: (a.kicker, a.title, a.subtitle) for a in parse_page(page, "p.txt", None)[0] if a.reporters}


def test_column_headline_after_its_body(column):
    page = column(A, "智慧城管建设现场会\n在大足区召开", B, "大足区政协开展文旅\n产业发展主题调研")
    assert titles(page) == {"张三": ("", "智慧城管建设现场会在大足区召开", ""),
                            "李四": ("", "大足区政协开展文旅产业发展主题调研", "")}


def test_column_headline_printed_below_the_next_article(column):
    page = column(A, "智慧城管建设现场会\n在大足区召开", C, B,
                  "大足区政协", "开展文旅产业发展主题调研", "大足区生态环境质量稳中有进",
                  "水环境质量好中更优 大气环境质量持续改善", width=22)
    assert titles(page) == {
        "张三": ("", "智慧城管建设现场会在大足区召开", ""),
        "李四": ("大足区政协", "开展文旅产业发展主题调研", ""),
        "王五": ("", "大足区生态环境质量稳中有进", "水环境质量好中更优 大气环境质量持续改善"),
    }


def test_column_label_at_the_top_of_the_page_is_furniture(column):
    page = column("高质量完成“十四五”规划\n系列发布会", A, "智慧城管建设现场会\n在大足区召开")
    articles = parse_page(page, "p.txt", None)[0]
    assert [a.title for a in articles] == ["智慧城管建设现场会在大足区召开"]
    assert "系列发布会" not in articles[0].body


def test_paragraph_layout_headline_above_its_body():
    page = ("重庆成为2025年春晚分会场\n\n"
            "本报讯（新重庆-重庆日报记者 卞立成）12月24日，中央广播电视总台发布重庆、武汉、拉萨、无锡成为春晚分会场。\n\n"
            "作为春节申遗成功后的首届总台春晚，春晚将以满屏新意、诚意和创意，擦亮春晚“金名片”，展现分会场的历史人文亮点。\n")
    (article,) = parse_page(page, "p.txt", None)[0]
    assert article.title == "重庆成为2025年春晚分会场"
    assert article.body.startswith("本报讯（新重庆-重庆日报记者 卞立成）12月24日，中央广播电视总台")


def test_a_boxed_list_is_one_brief_with_its_own_headline(column):
    page = column(A, "智慧城管建设现场会\n在大足区召开", "川渝不夜地标\n（重庆）", "山城巷传统风貌区", "巴国城",
                  "紫薇路商业街", "天生城文旅街区", "美心红酒小镇")
    articles = parse_page(page, "p.txt", None)[0]
    assert [(a.kind, a.title) for a in articles] == [("article", "智慧城管建设现场会在大足区召开"),
                                                     ("brief", "川渝不夜地标（重庆）")]
    assert articles[1].body.split("\n") == ["山城巷传统风貌区", "巴国城", "紫薇路商业街", "天生城文旅街区", "美心红酒小镇"]


def test_headshot_name_tags_are_not_items():
    page = ("长安汽车工厂实现自动化装配的专题报道\n\n"
            "1月20日下午，市经济信息委主任王志杰、两江新区管委会主任许宏球介绍了制造业高质量发展的情况和下一步安排。\n\n\n\n"
            "王志杰\n\n\n\n许宏球\n\n\n\n"
            "“一直以来，两江新区始终把制造业高质量发展作为主攻方向。”许宏球透露，两江新区全域GDP突破5000亿元大关。\n\n"
            "新重庆-重庆晨报记者 王尊 陈军\n")
    articles = parse_page(page, "p.txt", None)[0]
    assert len(articles) == 1
    assert "王志杰\n" not in articles[0].body
    assert [r.name for r in articles[0].reporters] == ["王尊", "陈军"]
