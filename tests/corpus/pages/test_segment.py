"""Where one item ends and the next begins; subheads stay inside their article."""

from __future__ import annotations

from corpus.pages.parse import parse_page

LEAD = "9 月 23 日，市政府新闻办举行系列主题新闻发布会，介绍“十四五”时期重庆制造业高质量发展成效。"
SECTION_1 = "“十四五”期间，全市制造业高质量发展指数居西部第1位，规上工业营业收入达到2.8万亿元，量质齐升。"
SECTION_2 = "在现代制造业集群体系建设进程中，我市聚力智能网联新能源汽车等主导产业，集群体系提速建设成效明显。"


def parse(page: str):
    return parse_page(page, "p.txt", None)[0]


def test_in_body_subheads_do_not_start_new_articles(column):
    page = column("■新重庆-重庆日报记者 夏元", LEAD, "制造业高质量发展指数\n居西部第1位", SECTION_1,
                  "现代制造业集群体系\n提速建设", SECTION_2, "重庆工业经济总量\n突破3万亿元")
    (article,) = parse(page)
    assert article.title == "重庆工业经济总量突破3万亿元"
    assert "制造业高质量发展指数居西部第1位\n" in article.body
    assert article.body.startswith("■新重庆-重庆日报记者 夏元\n9 月 23 日") and article.body.endswith("成效明显。")
    assert [(r.name, r.role) for r in article.reporters] == [("夏元", "记者")]


def test_photo_caption_with_credit_after_a_headline_is_its_own_item(column):
    page = column("■新重庆-重庆日报记者 崔曜", "近日，江津区建立线上线下融合的人大代表联络体系，让群众从旁观者转变为参与者。",
                  "江津区拓宽民意沟通新渠道——", "代表进校园 履职上“云端”",
                  "9月22日，治理后的马喇河环绕着黔江区金洞乡鱼泉村的鲟鱼养殖基地和民居（无人机照片）。",
                  "特约摄影 杨敏/视觉重庆", "黔江：", "加强河流治理\n发展多种产业")
    article, photo = parse(page)
    assert (article.kind, article.kicker, article.title) == ("article", "江津区拓宽民意沟通新渠道——", "代表进校园 履职上“云端”")
    assert (photo.kind, photo.title) == ("photo", "黔江：加强河流治理发展多种产业")
    assert [(r.name, r.role) for r in photo.reporters] == [("杨敏", "特约摄影")]
    assert photo.body.endswith("（无人机照片）。\n特约摄影 杨敏/视觉重庆")
    assert photo.districts == ["黔江区"]


def test_continuations_are_items_without_their_marker(column):
    page = column("（上接1版）\n敏昂莱表示，主席阁下2020年对缅历史性访问，开启构建缅中命运共同体的新篇章。",
                  "（上接1版）\n“从加快建设西部陆海新通道等国家战略来看，中西部地区需要一个重要的金融开放创新阵地。”")
    first, second = parse(page)
    assert first.continuation and second.continuation
    assert first.body.startswith("敏昂莱表示") and second.body.startswith("“从加快建设")
    assert "上接" not in first.body + second.body


def test_the_body_keeps_the_printed_dateline_and_its_reporters_are_extracted(column):
    (article,) = parse(column("新渝报讯（记者 余杰 实习生 彭茜）6月 4日，大足区人大常委会副主任带队开展全区智慧城管建设工作专题调研。"))
    assert article.body.startswith("新渝报讯（记者 余杰 实习生") and "6月 4日，大足区" in article.body
    assert [(r.name, r.role) for r in article.reporters] == [("余杰", "记者"), ("彭茜", "实习生")]
    assert article.source == "新渝报"
    assert article.date == (None if article.date is None else article.date)  # no year evidence: inferred or none


def test_bullet_briefs_are_separate_items_with_their_credit():
    page = ("政务简报\n\n●12月24日，市公安局举行2024年度民警退休暨新警入警宣誓仪式。（记者 周松）\n\n"
            "●12月24日，市应急局召开安全生产工作会议，部署岁末年初安全防范工作。（记者 李明）\n")
    first, second = parse(page)
    assert (first.kind, first.title) == ("brief", "")
    assert first.body == "12月24日，市公安局举行2024年度民警退休暨新警入警宣誓仪式。（记者 周松）"
    assert [r.name for r in first.reporters] == ["周松"] and [r.name for r in second.reporters] == ["李明"]


def test_wire_copy_is_credited_to_the_agency():
    page = ("减少涉企行政检查频次 杜绝随意检查\n\n"
            "新华社北京12月24日电 国务院总理李强12月23日主持召开国务院常务会议，审议通过《关于严格规范涉企行政检查的意见》。\n")
    (article,) = parse(page)
    assert article.source == "新华社"
    assert article.body.startswith("新华社北京12月24日电 国务院总理")
    assert article.date is None or article.date.endswith("12-24")


def test_uncredited_caption_in_its_own_frame_is_a_photo():
    page = ("重庆市六届人大三次会议举行专题记者会 打造“新”动力源 重庆制造奔向重庆创造\n\n\n\n"
            "一对新人开启浪漫低空飞行\n\n"
            "1月20日下午，重庆市六届人大三次会议举行专题记者会，介绍如何推动制造业高质量发展，打造新质生产力动力源。\n")
    photo, article = sorted(parse(page), key=lambda a: a.kind, reverse=True)
    assert (photo.kind, photo.body) == ("photo", "一对新人开启浪漫低空飞行")
    assert article.title == "打造“新”动力源 重庆制造奔向重庆创造"


def test_turn_marker_at_the_end_is_not_body_text():
    page = ("打造中新金融合作样板\n\n本报讯（记者 周和华）6月3日，中新互联互通项目联合实施委员会第十次会议在重庆召开，"
            "23个中新合作项目集中签约。（下转2版）\n")
    (article,) = parse(page)
    assert article.body.endswith("集中签约。")


def test_an_article_ending_with_a_photo_credit_is_not_cut_at_its_last_subhead(column):
    last_section = "“十四五”期间，全市制造业高质量发展指数居西部第1位，规上工业营业收入达到2.8万亿元。"
    page = column("■新重庆-重庆日报记者 夏元", LEAD, SECTION_1, SECTION_2, "制造业高质量发展指数\n居西部第1位", last_section,
                  "新重庆-重庆日报记者 张三 摄", "重庆工业经济总量\n突破3万亿元")
    (article,) = parse(page)
    assert article.kind == "article" and article.title == "重庆工业经济总量突破3万亿元"
    assert [r.name for r in article.reporters] == ["夏元", "张三"]


def test_a_short_loose_label_is_not_a_caption():
    page = ("重庆成为2025年春晚分会场\n\n"
            "本报讯（新重庆-重庆日报记者 卞立成）12月24日，中央广播电视总台发布重庆成为春晚分会场。\n\n\n\n"
            "政务简报\n\n●12月24日，市公安局举行2024年度民警退休暨新警入警宣誓仪式。（记者 周松）\n")
    assert [a.kind for a in parse(page)] == ["article", "brief"]
