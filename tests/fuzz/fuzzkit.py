"""Helpers of the fuzz tests: a synthetic corpus big enough to make queries cost something, payloads."""

from __future__ import annotations

import json
import random
from pathlib import Path

from index.build import reindex

WORDS = ("重庆 江津 夜经济 综合保税区 火锅 长江 大桥 市民 发展 经济 文化 旅游 消费 城市 乡村 振兴 产业 企业 "
         "科技 创新 交通 轨道 学校 医院 社区 生态 环境 农业 制造 数字 开放 合作 项目 建设 改革").split()
REPORTERS = ("佘振芳", "夏元", "余杰", "谢凤", "杨敏", "王尊", "陈军")
DISTRICTS = ("江津区", "渝中区", "綦江区", "万州区", "南岸区", "永川区")
SOURCES = ("重庆日报", "重庆晨报", "新渝报")
MEDIUM_ARTICLES = 3000
SEARCH_SECONDS = 2.0  # the app's default search budget


def medium_corpus(path: Path, n: int = MEDIUM_ARTICLES, seed: int = 11) -> Path:
    """`n` articles of a few hundred characters built from a small vocabulary (every word is common)."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as out:
        for i in range(n):
            body = "\n".join("".join(rng.choice(WORDS) for _ in range(30)) + "。" for _ in range(4))
            out.write(json.dumps({
                "id": f"m-{i:05d}", "title": "".join(rng.choice(WORDS) for _ in range(4)), "body": body,
                "date": f"20{rng.randint(14, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "reporters": [{"name": rng.choice(REPORTERS), "role": "记者"}],
                "districts": [rng.choice(DISTRICTS)], "source": rng.choice(SOURCES),
                "kind": rng.choice(("article", "article", "brief", "photo"))}, ensure_ascii=False) + "\n")
    return path


# Markup a page must show as text. Each is also checked in attribute position (links, titles).
SCRIPT = "<script>alert('xss')</script>"
IMG = '<img src=x onerror="alert(1)">'
ATTR_BREAK = '" onmouseover="alert(2)'
PAYLOADS = (SCRIPT, IMG, ATTR_BREAK, "</title><svg onload=alert(3)>", "javascript:alert(4)")
# Raw forms that must never reach an HTML page unescaped.
DANGEROUS = ("<script>alert(", "<img src=x", 'onerror="alert', 'onmouseover="alert', "<svg onload")
FORMULAS = ("=cmd|' /C calc'!A0", "+1+2", "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1", "=HYPERLINK(\"http://x\")")


def injection_corpus(path: Path) -> Path:
    """Articles whose title, body, reporter, district and source carry markup and spreadsheet formulas."""
    records = []
    for i, payload in enumerate(PAYLOADS):
        records.append({"id": f"inj-{i}", "title": f"注入标题{i}{payload}", "subtitle": payload, "kicker": payload,
                        "body": f"正文开头注入正文{i}。{payload}夜经济{payload}\n第二段注入正文{i}{payload}",
                        "date": "2025-06-04", "reporters": [{"name": f"记者{payload}", "role": payload}],
                        "districts": ["江津区", payload], "source": f"报{payload}"})
    for i, formula in enumerate(FORMULAS):
        records.append({"id": f"csv-{i}", "title": formula, "subtitle": formula, "body": f"{formula} 公式注入正文{i}",
                        "date": "2025-06-05", "reporters": [{"name": formula}], "districts": [formula],
                        "source": formula})
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def close(handle) -> None:
    """Close an IndexHandle's open generations (where the engine can close them)."""
    if hasattr(handle, "close"):
        handle.close()


def build(corpus: Path, root: Path) -> Path:
    """Index `corpus` into `root` in this process."""
    reindex([corpus], root, workers=1)
    return root
