"""Where items begin and end, from the page's own signals (issue: read any page the way an archivist would).

Real strings throughout: the headlines, bylines and datelines are printed ones; the
bodies are short real sentences.
"""

from __future__ import annotations

from corpus.pages.parse import parse_page

A = "近日，江津区建立线上线下融合的人大代表联络体系，让群众从旁观者转变为参与者，民意沟通渠道更加畅通。"
B = "9月22日，治理后的马喇河环绕着黔江区金洞乡鱼泉村的鲟鱼养殖基地和民居，当地发展多种产业带动群众增收。"
C = "国务院总理李鹏今天下午在人民大会堂会见日本建设大臣瓦力，双方就加强两国建设领域合作交换了意见。"


def parse(page: str):
    return parse_page(page, "p.txt", None)[0]


def names(article) -> list[str]:
    return [r.name for r in article.reporters]


def test_a_headline_and_a_plain_byline_line_start_a_new_article(column):
    page = column("代表进校园 履职上“云端”", "本报记者 张三", A, "黔江加强河流治理", "新重庆-重庆日报记者 李四", B)
    first, second = parse(page)
    assert (first.title, names(first)) == ("代表进校园 履职上“云端”", ["张三"])
    assert (second.title, names(second)) == ("黔江加强河流治理", ["李四"])
    assert second.body.startswith("新重庆-重庆日报记者 李四\n9月22日")


def test_a_headline_followed_by_ordinary_text_starts_a_new_article_in_paragraph_layout():
    page = f"江津拓宽民意沟通新渠道\n\n{A}\n\n\n\n黔江加强河流治理发展多种产业\n\n{B}\n"
    first, second = parse(page)
    assert (first.title, second.title) == ("江津拓宽民意沟通新渠道", "黔江加强河流治理发展多种产业")
    assert (first.body, second.body) == (A, B)


def test_a_name_alone_under_a_headline_is_the_byline(column):
    page = column("还应坚持能力支付原则", "周德武", A * 2, "李鹏会见日本建设大臣", "本报记者陈杰", C)
    first, second = parse(page)
    assert (names(first), names(second)) == (["周德武"], ["陈杰"])
    assert first.body.startswith("周德武\n近日")


def test_headlines_printed_after_their_bodies(column):
    page = column("本报讯（记者 余杰）" + A, "江津拓宽民意沟通新渠道", "本报讯（记者 何美林）" + B, "黔江加强河流治理")
    first, second = parse(page)
    assert (first.title, names(first)) == ("江津拓宽民意沟通新渠道", ["余杰"])
    assert (second.title, names(second)) == ("黔江加强河流治理", ["何美林"])


def test_a_roundup_of_datelines_under_one_headline_stays_one_item(column):
    page = column("各国政要发表新年贺词", "新华社波恩１２月３０日电（记者吕鸿）" + C, "新华社基辅１２月３０日电" + B,
                  "李鹏会见日本建设大臣", "新华社北京１月８日电（记者于海生）" + C)
    roundup, other = parse(page)
    assert roundup.title == "各国政要发表新年贺词" and names(roundup) == ["吕鸿"]
    assert "新华社基辅" in roundup.body and other.title == "李鹏会见日本建设大臣"


def test_a_column_of_briefs_each_closed_by_its_credit_is_one_item_each():
    page = ("简讯\n\n本报讯 12月24日，市公安局举行2024年度民警退休暨新警入警宣誓仪式。（记者 周松）\n\n"
            "本报讯 12月24日，市应急局召开安全生产工作会议，部署岁末年初安全防范工作。（记者 李明）\n")
    first, second = parse(page)
    assert (names(first), names(second)) == (["周松"], ["李明"])
    assert first.body.endswith("宣誓仪式。（记者 周松）")


def test_a_closing_credit_split_over_two_column_lines_ends_the_article(column):
    page = ("延安城市基础设施薄弱，进入\n九十年代以后，城市缺水问题\n日益突出。（孟西安祁\n勇）\n\n"
            "大连港年吞吐量超\n七千万吨\n\n本报大连十二月三十一日电记\n者张书政报道：截至十二月\n三十一日，大连港吞吐量超过七千万吨。\n")
    first, second = parse(page)
    assert names(first) == ["孟西安", "祁勇"] and first.body.endswith("（孟西安祁勇）")
    assert (second.title, names(second)) == ("大连港年吞吐量超七千万吨", ["张书政"])


def test_a_photo_caption_in_brackets_keeps_its_credit_in_the_body():
    page = "冬泳迎新年\n\n１９９８年元旦，广西南宁近千名冬泳爱好者冒雨横渡邕江，迎接新年。（新华社记者陈天湖摄）\n"
    (photo,) = parse(page)
    assert photo.body.endswith("（新华社记者陈天湖摄）") and names(photo) == ["陈天湖"]


def test_every_line_is_in_an_item_or_counted_as_furniture(column):
    page = column("第4版 要闻", "江津拓宽民意沟通新渠道", "本报讯（记者 余杰）" + A)
    articles, report = parse_page(page, "p.txt", None)
    assert report.lines == report.in_items + report.furniture + report.duplicates
    assert report.furniture_text == ["第4版 要闻"]
    assert len(articles) == 1


def test_a_column_label_over_briefs_names_their_section():
    page = ("政务简报\n\n●12月24日，市公安局举行2024年度民警退休暨新警入警宣誓仪式。（记者 周松）\n\n"
            "●12月24日，市应急局召开安全生产工作会议，部署岁末年初安全防范工作。（记者 李明）\n")
    articles, report = parse_page(page, "p.txt", None)
    assert [(a.kind, a.section) for a in articles] == [("brief", "政务简报"), ("brief", "政务简报")]
    assert report.furniture == 0


def test_a_letter_signed_over_three_column_lines_ends_before_the_next_headline():
    page = ("只要上下共同努\n力，就能刹住公款送礼之风。（\n江苏兴化棉纺织厂办公室唐锦禄\n）\n\n节日谨防公款送礼\n\n"
            "“人情债”越来越\n沉重\n\n近年来，随着农村经济的发展，\n农民生活水平的提高，“人情债\n”也越来越重。（四川省达川市委安全东）\n")
    first, second = parse(page)
    assert first.body.endswith("（江苏兴化棉纺织厂办公室唐锦禄）") and names(first) == ["唐锦禄"]
    assert second.body.startswith("近年来") and names(second) == ["安全东"]


def test_a_headline_and_its_deck_framed_over_a_new_story_head_it_in_paragraph_layout():
    photos = ["２：１９８２年１１月２４日，全国政协主席邓小平、副主席兼秘书长刘澜涛在全国政协五届五次会议主席台上。",
              "３：１９９７年６月５日，江泽民总书记到北京医院看望刘澜涛同志。",
              "４、１９８８年１２月１７日，在纪念中共中央和解放军总部移驻西柏坡４０周年大会上，刘澜涛同志（左一）和"
              "薄一波同志（中）在一起。",
              "５、１９４４年２月８日，在晋察冀边区第一届群英会上，刘澜涛同志（前左一）和子弟兵的母亲戎冠秀（中）、"
              "战斗英雄邓世军（前右一）等合影。"]
    weather = ("预计，今天晚上到明天，受西南暖湿气流影响，黄淮南部、江淮、江南、华南西部和北部将有小到中雨，"
               "黄海、东海有６—７级偏北风；我国其余大部地区以晴到多云天气为主。")
    page = "\n\n".join(["刘澜涛同志生平", *photos, "（照片均为新华社发）", "\n\n明天气象预报（１月７日２０时—８日２０时）",
                        "天气趋势分析", weather]) + "\n"
    first, second = parse(page)
    assert first.body.endswith("（照片均为新华社发）")
    assert (second.kicker + second.title + second.subtitle, second.body) == (
        "明天气象预报（１月７日２０时—８日２０时）天气趋势分析", weather)


def test_briefs_each_signed_with_a_pen_name_stay_apart_in_paragraph_layout():
    a = "本报讯日前，北京市第二中级人民法院、北京大学法律系和丰台区南苑乡三方会聚一堂，就加强社会治安综合治理达成共识。"
    b = "本报讯武警驻北京昌平某农场时刻牢记自身职责，生产不忘执勤，取得了生产与执勤训练『双丰收』。"
    first, second = parse(f"{a}\n\n（晓王）\n\n\n\n{b}\n\n（张向东）\n")
    assert (first.body, names(first)) == (f"{a}\n（晓王）", ["晓王"])
    assert (second.body, names(second)) == (f"{b}\n（张向东）", ["张向东"])


def test_a_credited_photo_about_something_else_is_apart_from_the_story_above(column):
    story = ("本报苏州１月１日电记者龚雯报道：１９９７年１２月３１日子夜，随着苏州寒山寺钟声撞响，"
             "九七中国旅游年圆满结束，九八华夏城乡游隆重启幕。国家旅游局将围绕这一主题推出十个专题，"
             "向海内外游客全面展示改革开放２０年来我国城乡的巨变。")
    photo = ("新年来临，冰城哈尔滨市儿童公园为孩子们准备了特殊的贺岁礼物———冰雕童话世界。"
             "这是孩子们在冰雕前嬉戏。（新华社记者周确摄）")
    page = column("九七中国旅游年圆满结束", story, photo, "冰雕童话世界")
    first, second = parse(page)
    assert (first.body, names(first)) == (story, ["龚雯"])
    assert (second.title, second.kind, names(second)) == ("冰雕童话世界", "photo", ["周确"])


def test_a_story_s_own_photo_stays_in_the_story(column):
    story = ("本报记者董伟", "元旦之夜，哈尔滨市举办“卡通狂欢夜”，数万名孩子和家长涌上街头，观看卡通人物巡游。",
             "图片：“卡通狂欢夜”是孩子们的乐园。（王丰摄）")
    (item,) = parse(column("哈尔滨万人空巷看卡通", *story))
    assert item.body == "\n".join(story) and names(item) == ["董伟", "王丰"]



def test_a_headline_between_two_stories_goes_to_the_one_it_sums_up(column):
    a = ("此外，金融机构应当加强对国际金融机构和国际金融市场的了解，随时跟踪国际金融形势的变化，规避风险，减少损失。"
         "国商银行倒闭以后，很多经验丰富的金融机构并没有受到多大冲击。")
    b = ("据新华社汉城１月３日电（记者朱克川）由于受巨额短期外债压力的影响，今年１月份韩国的金融形势仍不容乐观。"
         "去年底韩国政府实际能够支配的外汇储备共有１０７亿美元。")
    # Both stories speak of finance; the headline sums up the one below (its lead above all).
    first, second = parse(column("国商银行倒闭风波", a, "韩国金融：元月形势仍紧", b))
    assert (first.title, second.title) == ("国商银行倒闭风波", "韩国金融：元月形势仍紧")
    first, second = parse(column(a, "韩国金融：元月形势仍紧", b))  # the story above has no headline here
    assert (first.title, second.title, second.body) == ("", "韩国金融：元月形势仍紧", b)


def test_a_second_dateline_stays_in_its_roundup_when_the_next_story_follows(column):
    a = ("新华社香港１月３日电（记者孙承斌）香港特区政府２日宣布，特区第一届立法会选举将于５月２４日举行。"
         "筹备、组织香港特区第一届立法会选举，是特区政府的一项重要工作。")
    b = ("据新华社香港１月３日电（记者朱冬菊）香港特区第一届立法会选举日期日益临近，越来越多的香港市民"
         "填写了选民登记表。据公布，截至１９９７年１２月３０日，全港已有９３·５万多住户登记为选民。")
    c = ("胡国兴表示，距离１月１６日选民登记截止日仅有两周时间了，目前尚有一些合资格选民未登记成为选民。"
         "他呼吁合资格的选民不要放弃权利，争取在截止日期前完成登记。")
    weather = ("预计，今天晚上到明天，受冷空气影响，东海、台湾海峡、南海北部仍有６—７级偏北风。过去两天江南地区持续的"
               "阴雨天气也将结束，转为晴到多云天气，但福建东部和南部、广东南部、海南仍将有小雨。")
    roundup, forecast = parse(column("香港首届立法会选举５月２４日举行", a, b, c,
                                     "明天气象预报（１月４日２０时—５日２０时）", "天气趋势分析", weather))
    assert roundup.body == f"{a}\n{b}\n{c}" and names(roundup) == ["孙承斌", "朱冬菊"]
    assert forecast.body == weather


POEM = ["归来的雁阵飞过渭水", "陕北，蒲公英就开放了", "挣扎着开放在", "窑洞向阳的墙角，在", "秦皇战车碾过的大道旁",
        "像一支苦调歌谣", "像一盏黄晕的灯光", "半是美丽，半是凄惶"]
ESSAY = ("当代杂文作者，并非“画堂鹦鹉鸟，冷暖不知情”，而是关心国家大事、关心人民疾苦的。杂文事业的发展，"
         "需要社会各方面的人的理解和支持，包括党政领导，使社会主义杂文事业蓬勃发展！")


def test_a_poem_s_short_lines_are_its_text_under_the_poet_s_name(column):
    essay, poem = parse(column("唱国歌与写杂文", "胡昭衡", ESSAY, "黄土地上的蒲公英（外一首）", "李瑛", *POEM))
    assert (essay.body, names(essay)) == (f"胡昭衡\n{ESSAY}", ["胡昭衡"])
    assert (poem.title, names(poem)) == ("黄土地上的蒲公英（外一首）", ["李瑛"])
    assert poem.body == "\n".join(["李瑛", *POEM])


def test_a_boxed_list_of_names_is_no_poem(column):
    places = ["山城巷传统风貌区", "巴国城", "紫薇路商业街", "天生城文旅街区", "美心红酒小镇", "长寿菩提古镇"]
    essay, places_list = parse(column("唱国歌与写杂文", ESSAY, "川渝不夜地标（重庆）", "2025", *places))
    assert essay.body == ESSAY and (places_list.kind, places_list.body) == ("brief", "\n".join(places))


def test_an_artwork_s_title_and_artist_are_an_item_of_their_own(column):
    essay, art = parse(column("唱国歌与写杂文", "胡昭衡", ESSAY, "（关山月）", "迎虎年（书法）"))
    assert names(essay) == ["胡昭衡"] and essay.body.endswith("蓬勃发展！")
    assert (art.title, art.body, art.kind, names(art)) == ("迎虎年（书法）", "（关山月）", "photo", ["关山月"])
    essay, art = parse(column("唱国歌与写杂文", "胡昭衡", ESSAY, "细语（中国画）", "（杨光利）"))
    assert (names(essay), art.title, names(art)) == (["胡昭衡"], "细语（中国画）", ["杨光利"])
