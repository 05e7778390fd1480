"""Analysis: normalisation, jieba words and bigram tokens on real segmentation pitfalls."""

import random

import numpy as np

from index.analysis import add_user_words, bigram_tokens, word_tokens
from index.normalize import fold, normalize


def test_normalize_folds_fullwidth_case_and_traditional_characters():
    assert normalize("重慶 ＰＭ２．５ １９９８年 AI賦能") == "重庆 pm2.5 1998年 ai赋能"


def test_fold_keeps_one_character_per_character_so_offsets_map_back():
    text = "重慶ＡＩ賦能"
    assert len(fold(text)) == len(text)
    assert fold(text) == "重庆ai赋能"


def test_word_tokens_drop_punctuation_and_stop_words():
    words = word_tokens("重庆的夜经济，火锅！")
    assert words[0] == "重庆" and words[-1] == "火锅"
    assert "".join(words) == "重庆夜经济火锅"


def test_word_tokens_keep_jiebas_tokens_around_latin_runs():
    # jieba may cut a decimal into 25 . 1; the word field keeps it whole, like the bigram field.
    assert word_tokens("covid-19疫情，增长3.5倍") == ["covid-19", "疫情", "增长", "3.5", "倍"]


def test_word_tokens_keep_latin_words_and_numbers_whole_without_their_unit_signs():
    # 60% holds the number 60: a search for 60 finds it, and 300 never matches inside 1300.
    assert word_tokens("PM2.5浓度下降25.1%") == ["pm2.5", "浓度", "下降", "25.1"]
    assert word_tokens("６０％的人") == ["60", "人"]
    assert [t for t, _ in bigram_tokens("1300万", index=False)] == ["1300", "万"]


def test_jieba_segments_common_words_as_jieba_does():
    # jieba-fast-dat 0.59 cut these into 乡/村振兴 and 整治取/得; jieba itself doesn't.
    assert word_tokens("乡村振兴") == ["乡村", "振兴"]
    assert word_tokens("农村人居环境整治取得了哪些成效") == ["农村", "人居", "环境", "整治", "取得", "哪些", "成效"]


def test_user_words_make_unknown_names_single_tokens():
    assert "覃婕妤" not in word_tokens("艺人覃婕妤守护手艺")
    add_user_words(["覃婕妤"])
    assert "覃婕妤" in word_tokens("艺人覃婕妤守护手艺")


def test_bigrams_number_positions_sequentially_and_keep_latin_tokens_whole():
    assert bigram_tokens("用AI赋能", index=False) == [("用", 0), ("ai", 1), ("赋能", 2)]


def test_indexed_bigrams_add_each_runs_edge_characters_at_the_edge_bigrams_positions():
    assert bigram_tokens("综合保税区。港") == [
        ("综", 0), ("综合", 0), ("合保", 1), ("保税", 2), ("税区", 3), ("区", 3), ("港", 4)]


def test_substring_inside_a_long_word_is_a_run_of_the_documents_bigrams():
    doc = [t for t, _ in bigram_tokens("重庆国际铁路港综合保税区")]
    query = [t for t, _ in bigram_tokens("保税", index=False)]
    assert query == ["保税"] and "保税" in doc


def test_batched_bigrams_are_the_same_tokens_at_the_same_positions():
    from index.analysis import bigram_batch, bigram_code_text, bigram_columns

    texts = ["综合保税区。港", "用AI赋能 PM2.5下降25.1%", "", "。", "江", "１９９８年洪水", "重慶國際鐵路港", "a b c"]
    ids: dict[str, int] = {}
    codes, positions, counts = bigram_batch([normalize(t) for t in texts], ids)
    at = 0
    for text, n in zip(texts, counts.tolist()):
        got = [(bigram_code_text(int(c), list(ids)), int(p)) for c, p in zip(codes[at:at + n], positions[at:at + n])]
        assert sorted(got) == sorted(zip(*bigram_columns(text))) if text.strip("。 ") else got == []
        at += n


def test_bigram_batch_finds_the_same_runs_as_the_analyzer_in_any_mix_of_characters():
    from index.analysis import _RUN, _run_spans

    rng = random.Random(7)
    alphabet = list("保税区港az09.-_+ 。%\x00") + ["\U00020000"]  # separators, a full stop, an astral character
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        start, end, cjk = _run_spans(np.array([ord(c) for c in text], dtype=np.int64))
        assert [(text[a:b], bool(c)) for a, b, c in zip(start, end, cjk)] == [
            (m.group(), m.group()[0] in "保税区港") for m in _RUN.finditer(text)], text


def test_a_texts_opening_sentence_is_cut_as_if_on_its_own_right_after_the_text():
    from index.analysis import WORDS, _whole_latin_runs, word_cut
    from index.workers import opening

    def alone(text):  # what word_cut gives with nothing cut or normalised before
        norm = normalize(text)
        return _whole_latin_runs(norm, WORDS.cut(norm))

    # Where the lead ends inside a run of Chinese, jieba may cut its end otherwise than the body's.
    for body, lead in [("中国坚定不移奉行互利共赢的开放战略。", "中国坚定不移奉行互利共赢"),
                       ("夏粮和早稻旺季收购已于9月结束。", "夏粮和早稻旺季收购已于"),
                       ("疫情防得住，经济稳得住。", "疫情防得住，经济稳得住。")]:
        assert word_cut(body) == alone(body)
        assert word_cut(lead) == alone(lead), lead
    rng = random.Random(11)
    pieces = ["重庆", "国际", "铁路港", "综合保税区", "开通", "PM2.5", "25.1%", "c919", "。", "！", "？", "；", "!",
              "\r\n", "\n", " ", "，", "1998年", "重慶", "ＡＩ", "pm2.", "-", "长江大桥", "ΣΑΣ", "İ", "e\u0301"]
    for _ in range(2000):
        body = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        lead = opening(body) if rng.random() < 0.7 else body[: rng.randint(0, len(body))]
        assert word_cut(body) == alone(body), body
        assert word_cut(lead) == alone(lead), (body, lead)


def test_latin_runs_are_made_whole_only_where_jieba_split_them():
    from index.analysis import _LATIN, WORDS, _normalized, _whole_latin_runs

    def walked(norm, words):  # the definition: walk every word, a run that starts a word replaces its words
        runs = {m.start(): m.end() for m in _LATIN.finditer(norm)}
        out, start, skip_to = [], 0, 0
        for word in words:
            end = start + len(word)
            if start >= skip_to and runs.get(start):
                skip_to = runs[start]
                out += [norm[start:skip_to]] + ([norm[skip_to:end]] if end > skip_to else [])
            elif start >= skip_to:
                out.append(word)
            elif end > skip_to:
                out.append(norm[skip_to:end])
            start = end
        return out

    rng = random.Random(5)
    pieces = ["重庆", "铁路港", "pm2.5", "25.1%", "c919", "。", "2022-01-02", "a.b", "x_1", "1+1", "%", "-", ".",
              "t恤", "covid-19", " ", "3.5万", "12.5", "2.5", "ｇｄｐ"]
    split = 0
    for _ in range(3000):
        norm = _normalized("".join(rng.choice(pieces) for _ in range(rng.randint(1, 30))))
        words = WORDS.cut(norm)
        assert _whole_latin_runs(norm, words) == walked(norm, words), norm
        split += _whole_latin_runs(norm, words) != words
    assert split > 300  # jieba does split runs: the check above compares real repairs
