"""Which districts an article is about."""

from __future__ import annotations

from corpus.extract.districts import find_districts, mentions


def test_short_names_map_to_official_names():
    assert find_districts("大足区召开大会。大足石刻景区游客如织，大足区委书记出席。") == ["大足区"]
    assert find_districts("石柱县黄水镇的夏天。石柱黄连远近闻名。") == ["石柱土家族自治县"]


def test_a_headline_mention_is_enough():
    assert find_districts("近年来，当地持续加大中小河流治理力度。", title="黔江：加强河流治理") == ["黔江区"]


def test_chongqing_itself_is_no_district():
    assert find_districts("重庆市规上工业增加值增长7.3%，重庆制造迈向高端化。") == []


def test_passing_mentions_in_a_long_article_do_not_count():
    body = "中新金融合作不断深化。" * 20 + "2023年12月，渝中区，数据港启动建设。并与南岸区签订长期合作协议。"
    assert find_districts(body) == []


def test_airport_riverbank_and_longevity_are_not_districts():
    assert mentions("旅客从江北机场出发。") == {}
    assert mentions("长江南岸的步道。") == {}
    assert mentions("祝老人健康长寿。") == {}
    assert mentions("会后召开县委常委会。") == {}


def test_other_districts_high_tech_zones_are_not_chongqing_high_tech_zone():
    assert find_districts("位于铜梁高新区的企业。铜梁区推动数字化改造。") == ["铜梁区"]
    assert find_districts("重庆高新区功率半导体晶圆产能。重庆高新区集成电路产业集群。") == ["重庆高新区"]


def test_landmarks_named_after_a_district_count_half():
    body = "12月23日，垫江县白家镇湖滨社区长寿湖尾段。当地依托长寿湖自然风光发展文旅。"
    assert find_districts(body, title="垫江：“文旅+”业态赋能乡村振兴") == ["垫江县"]


def test_two_equally_covered_districts_are_ordered_by_first_mention():
    body = ("涪陵区委书记黎勇、两江新区管委会主任许宏球介绍。" + "涪陵全区工业增长。" * 4
            + "两江新区直管区增长。" * 5)
    assert find_districts(body) == ["涪陵区", "两江新区"]


def test_a_list_of_places_across_the_city_is_about_none():
    assert find_districts("山城巷\n长寿菩提古镇\n不夜合川·醉美江湾\n南川东街\n万州烤鱼街") == []


def test_a_short_caption_naming_one_district_is_about_it():
    assert find_districts("璧山：威致科技生产线，工人和机器手臂协同作业。") == ["璧山区"]


def test_prosperity_and_a_weather_reports_river_banks_are_not_districts():
    assert mentions("祝愿祖国明天更加繁荣昌盛。") == {}
    assert mentions("受暖湿气流影响，江南、江北大部有小到中雨。") == {}
    assert find_districts("荣昌区猪肉产业发展迅速，荣昌区推出新品牌。") == ["荣昌区"]


def test_former_names_map_to_todays_district():
    assert find_districts("原江津市白沙镇。江津市委书记出席。") == ["江津区"]
    assert find_districts("万县市三峡移民工作。万县市移民局。") == ["万州区"]
    assert find_districts("江北县两路镇。江北县委召开会议。") == ["渝北区"]
