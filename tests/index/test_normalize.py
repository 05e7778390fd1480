"""Normalisation: the fast paths give what full NFKC, lower-casing and OpenCC give."""

import random
import unicodedata

import opencc

from index.normalize import normalize, normalized


def reference(text: str) -> str:
    """The definition: NFKC, lower case, control characters to spaces, OpenCC t2s on everything."""
    return opencc.OpenCC("t2s").convert(before_opencc(text))


def before_opencc(text: str) -> str:
    """The definition's steps before OpenCC."""
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(" " if (ord(c) < 0x20 and c not in "\t\n\r") or c == "\x7f" else c for c in text)


def test_traditional_text_is_converted_even_when_mostly_simplified():
    assert normalize("今天重慶的長江大橋") == "今天重庆的长江大桥"
    assert normalize("乾隆年间") == reference("乾隆年间")  # a phrase OpenCC treats apart from 乾 → 干


def test_full_width_forms_controls_and_astral_characters():
    assert normalize("ＰＭ２．５\u3000１９９８年") == "pm2.5 1998年"
    assert normalize("三\x00江\x7f") == "三 江 "
    assert normalize("𠀀重慶") == reference("𠀀重慶")
    assert normalize("①号线 ﬁ") == reference("①号线 ﬁ")


def test_random_mixed_text_matches_the_definition():
    rnd = random.Random(7)
    pools = [(0x20, 0x7F), (0x4E00, 0x9FA5), (0xFF01, 0xFF5F), (0x2460, 0x2474), (0xF900, 0xFA2D),
             (0x00C0, 0x0180), (0x0370, 0x0400), (0x20000, 0x20100), (0x00, 0x20)]
    for _ in range(3000):
        # Mostly from one or two pools, so that texts with nothing to map (the fast path) are common.
        chosen = rnd.sample(pools, rnd.choice((1, 1, 2, 3)))
        text = "".join(chr(rnd.randrange(*rnd.choice(chosen))) for _ in range(rnd.randrange(1, 30)))
        assert normalize(text) == reference(text), repr(text)


def test_a_text_said_to_map_character_for_character_normalises_each_opening_to_its_own():
    """What lets an article's lead reuse its body's normalisation."""
    rnd = random.Random(11)
    pools = [(0x20, 0x7F), (0x4E00, 0x9FA5), (0xFF01, 0xFF5F), (0xF900, 0xFA2D), (0x00C0, 0x0180),
             (0x0370, 0x0400), (0x0300, 0x0370), (0x1100, 0x1200), (0x20000, 0x20010)]
    aligned = 0
    for _ in range(3000):
        chosen = rnd.sample(pools, rnd.choice((1, 2)))
        text = "".join(chr(rnd.randrange(*rnd.choice(chosen))) for _ in range(rnd.randrange(1, 20)))
        norm, same_length = normalized(text)
        assert norm == normalize(text)
        if same_length:
            aligned += 1
            assert all(normalize(text[:k]) == norm[:k] for k in range(1, len(text))), repr(text)
    assert aligned > 1000


def test_every_character_in_simplified_and_traditional_text_matches_the_definition():
    """Whether OpenCC must run is told from tables of single characters: every one is checked."""
    chars = [chr(c) for c in range(1, 0x10000) if not 0xD800 <= c < 0xE000 and c not in (0x0A, 0x0D)]
    # simplified: the tables decide; traditional: OpenCC runs anyway; without a full-width
    # character, most texts take the path that finds nothing to map
    for before, after in (("江", "Ａ"), ("重慶", "Ａ"), ("江", "a")):
        texts = [f"{before}{c}{after}" for c in chars]  # (no line end among them: OpenCC gets them joined by one)
        expected = opencc.OpenCC("t2s").convert("\n".join(map(before_opencc, texts))).split("\n")
        assert len(expected) == len(texts)
        wrong = [(t, got, e) for t, got, e in zip(texts, map(normalize, texts), expected) if got != e]
        assert not wrong, wrong[:5]
