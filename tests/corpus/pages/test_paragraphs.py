"""Lines → paragraphs in both layouts, including the blank lines that column breaks misplace."""

from __future__ import annotations

from corpus.pages.paragraphs import COLUMN, PARAGRAPH, split_paragraphs


def texts(page: str) -> list[str]:
    return [p.text for p in split_paragraphs(page)[0]]


def test_column_layout_is_detected_and_wrapped_lines_joined(column):
    page = column("市地矿集团在省域自然资源要素市场培育、专业技术全链条服务方面优势突出，构建新的竞争力。",
                  "重庆高速集团此次签约主体是重庆建筑施工领域的骨干力量。")
    paragraphs, layout = split_paragraphs(page)
    assert layout == COLUMN
    assert [p.text for p in paragraphs] == [
        "市地矿集团在省域自然资源要素市场培育、专业技术全链条服务方面优势突出，构建新的竞争力。",
        "重庆高速集团此次签约主体是重庆建筑施工领域的骨干力量。",
    ]


def test_a_blank_line_inside_a_column_paragraph_is_ignored():
    page = ("重庆高速集团此次签约主体巨\n能建设集团是重庆建筑施工领域的\n\n“硬核力量”。巨能建设集团目前煤\n"
            "矿综合施工能力位居全国第二。\n\n市国资委党委书记、主任曾菁\n华表示，此次合作意义重大。\n")
    assert texts(page) == ["重庆高速集团此次签约主体巨能建设集团是重庆建筑施工领域的“硬核力量”。巨能建设集团目前煤矿综合施工能力位居全国第二。",
                           "市国资委党委书记、主任曾菁华表示，此次合作意义重大。"]


def test_a_missing_blank_line_after_a_short_final_line_still_ends_the_paragraph():
    page = ("特别是“智能网联新能源汽车之都\n”建设按下“快进键”、跑出\n“加速度”。\n王志杰介绍，去年，全市新能源\n\n"
            "汽车产量突破95.3万辆，是2020年\n的22.2倍。\n")
    assert texts(page) == ["特别是“智能网联新能源汽车之都”建设按下“快进键”、跑出“加速度”。",
                           "王志杰介绍，去年，全市新能源汽车产量突破95.3万辆，是2020年的22.2倍。"]


def test_short_headline_lines_stay_apart_from_the_text(column):
    page = column("市国资委党委书记、主任曾菁华表示，此次合作将有力推动市属国企加强战略协同。",
                  "三方签约推动市属国企\n能源矿业领域协同发展",
                  "本报讯 （新重庆-重庆日报记者 杨骏）9月 23日，重庆国际铁路港综合保税区通过验收。")
    assert texts(page)[1] == "三方签约推动市属国企能源矿业领域协同发展"


def test_list_entries_stay_separate(column):
    page = column("本报讯（记者 周盈）9月 23日，活动评选出“2025川渝不夜地标”等十个项目，受到市民欢迎。",
                  "山城巷传统风貌区", "巴国城", "紫薇路商业街", "天生城文旅街区", "美心红酒小镇")
    assert texts(page)[1:] == ["山城巷传统风貌区", "巴国城", "紫薇路商业街", "天生城文旅街区", "美心红酒小镇"]


def test_a_trailing_source_credit_ends_the_paragraph(column):
    page = column("时代总会眷顾坚定者、奋进者、搏击者。让更多“重庆制造”升级为“重庆\n创造”。 据新重庆客户端",
                  "33618，重庆制造两年新变化")
    assert texts(page)[-1] == "33618，重庆制造两年新变化"


def test_paragraph_layout_keeps_one_paragraph_per_line_but_rejoins_words_cut_by_a_break():
    page = ("推动2025年全市规模以上工业增加值增长8%、工业投资增长10%\n\n"
            "重庆日报：持续壮大“33618”现代制造业集群体系，明年市经济信息系统将采取哪些推进措施？这是一个很长的问题。\n\n"
            "其三是“强”的主体壮大，全区新入选中\n\n国500强制造业企业2户、全市百强制造业企业12户，数量均居全市第一。\n")
    paragraphs, layout = split_paragraphs(page)
    assert layout == PARAGRAPH
    assert [p.text for p in paragraphs][0] == "推动2025年全市规模以上工业增加值增长8%、工业投资增长10%"
    assert [p.text for p in paragraphs][-1].startswith("其三是“强”的主体壮大，全区新入选中国500强")


def test_table_rows_are_never_joined():
    page = ("主持人\t新重庆-重庆日报记者\t夏元\n访谈嘉宾\t市经济信息委党组书记、主任\t王志杰\n\n"
            "市委经济工作会议提出，要紧盯做大做强制造业，巩固提升优势主导产业，发展壮大新兴产业未来产业。\n")
    assert len(texts(page)) == 3


def test_a_name_line_stays_apart_from_the_text_even_when_a_word_spans_the_break():
    page = ("『兵妈妈』做红娘老军官当新郎\n\n黄建林\n\n家住江苏省仪征市解放路年过六旬的秦秀英女士，"
            "在省拥军模范周宏英的陪同下喜气洋洋地来到该市城中居委会。\n\n去年８月２２日，周宏英意外地收到了一封来信。\n")
    assert texts(page)[1:3] == ["黄建林", "家住江苏省仪征市解放路年过六旬的秦秀英女士，在省拥军模范周宏英的陪同下喜气洋洋地来到该市城中居委会。"]
