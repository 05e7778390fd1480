"""Chongqing's 38 districts and counties plus its three functional zones, with short names and aliases."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class District:
    """An official place name with the other names newspapers print for it."""

    name: str
    short: str
    aliases: tuple[str, ...] = ()
    kind: str = "区"  # 区 | 县 | 自治县 | 功能区

    @property
    def names(self) -> tuple[str, ...]:
        """Every spelling that refers to this place, longest first."""
        return tuple(sorted({self.name, self.short, *self.aliases}, key=len, reverse=True))


def _d(name: str, *aliases: str, kind: str = "区", short: str | None = None) -> District:
    return District(name=name, short=short or name.rstrip("区县"), aliases=aliases, kind=kind)


DISTRICTS: tuple[District, ...] = (
    # Former names map to today's district: 万县 (市) → 万州区, 涪陵市, 江津市 … became 区.
    _d("万州区", "万县", "万县市", "万州市"), _d("涪陵区", "涪陵市"), _d("渝中区"), _d("大渡口区"), _d("江北区"),
    _d("沙坪坝区"), _d("九龙坡区"), _d("南岸区"), _d("北碚区"), _d("綦江区"),
    _d("大足区", "大足县"), _d("渝北区", "江北县"), _d("巴南区", "巴县"), _d("黔江区"), _d("长寿区"),
    _d("江津区", "江津市", "江津县"), _d("合川区", "合川市", "合川县"), _d("永川区", "永川市", "永川县"),
    _d("南川区", "南川市", "南川县"), _d("璧山区", "璧山县"),
    _d("铜梁区", "铜梁县"), _d("潼南区", "潼南县"), _d("荣昌区", "荣昌县"),
    _d("开州区", "开县"), _d("梁平区", "梁平县"), _d("武隆区", "武隆县"),
    _d("城口县", kind="县"), _d("丰都县", kind="县"), _d("垫江县", kind="县"),
    # 忠县 is printed whole: "忠" alone is an ordinary character.
    _d("忠县", kind="县", short="忠县"),
    _d("云阳县", kind="县"), _d("奉节县", kind="县"), _d("巫山县", kind="县"), _d("巫溪县", kind="县"),
    _d("石柱土家族自治县", "石柱县", kind="自治县", short="石柱"),
    _d("秀山土家族苗族自治县", "秀山县", kind="自治县", short="秀山"),
    _d("酉阳土家族苗族自治县", "酉阳县", kind="自治县", short="酉阳"),
    _d("彭水苗族土家族自治县", "彭水县", kind="自治县", short="彭水"),
    _d("两江新区", "两江", kind="功能区", short="两江新区"),
    _d("重庆高新区", "高新区", "西部（重庆）科学城", "西部科学城", kind="功能区", short="高新区"),
    _d("万盛经开区", "万盛", "万盛区", "万盛经济技术开发区", kind="功能区", short="万盛"),
)

BY_NAME: dict[str, District] = {d.name: d for d in DISTRICTS}


def lookup(name: str) -> District | None:
    """The district a name, short name or alias refers to, or None."""
    name = name.strip()
    if name in BY_NAME:
        return BY_NAME[name]
    for district in DISTRICTS:
        if name in district.names:
            return district
    return None
