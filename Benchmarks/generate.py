#!/usr/bin/env python3
"""Writes N synthetic back issues of a bulletin, deterministically (same N and seed, same files).

Issues vary in length (1 to 12 articles), sections, punctuation, numbers, dates and issue numbers,
so a batch exercises the whole layout: masthead, 目录, line breaking, pagination and the 版记.
Usage: generate.py N OUTDIR [--seed S]
"""
import os
import random
import sys

WORDS = ("产业工人 队伍建设 改革 职工 技能 培训 竞赛 劳模 工匠 创新 工作室 企业 工会 班组 岗位 服务 权益 "
         "保障 提升 推进 落实 机制 平台 体系 质量 安全 生产 发展 基层 组织 活动 成果 经验 示范 引领 "
         "数字化 智能制造 新就业形态 劳动者 服务站点 职业技能 等级认定 高技能人才 产改 联席会议").split()
UNITS = ["个", "项", "场", "人次", "万元", "家", "名", "期", "%"]
MARKS = ["，", "，", "，", "、", "；", "。"]
SOURCES = ["省总工会", "南京市总工会", "苏州市总工会", "无锡市总工会", "省机冶石化工会", "省部属企事业工会", "常州市总工会"]
SECTIONS = ["工作动态", "基层经验", "劳动和技能竞赛", "职工服务", "产业工人队伍建设改革"]


def sentence(rng):
    parts = []
    for _ in range(rng.randint(3, 7)):
        phrase = "".join(rng.choice(WORDS) for _ in range(rng.randint(2, 4)))
        r = rng.random()
        if r < 0.15:
            phrase += f"{rng.randint(2, 3000)}{rng.choice(UNITS)}"
        elif r < 0.22:
            phrase = f"“{phrase}”"
        elif r < 0.26:
            phrase = f"《关于{phrase}的意见》"
        elif r < 0.29:
            phrase += f"（{rng.choice(WORDS)}）"
        elif r < 0.31:
            phrase += f"——{rng.choice(WORDS)}"
        parts.append(phrase)
        parts.append(rng.choice(MARKS[:-1]))
    parts[-1] = "。"
    return "".join(parts)


def issue(rng, n):
    year = 2015 + n // 24
    number = n % 24 + 1
    month = (number - 1) // 2 + 1
    articles = rng.randint(1, 12)
    sections = 1 if articles < 4 else rng.randint(1, 3)
    lines = ["---",
             "title: 新时代江苏产业工人队伍建设改革联席会",
             f"kind: {rng.choice(['专报', '简报', '工作动态'])}",
             f"year: {year}",
             f"number: {number}",
             f"total: {n + 1}",
             "publisher: 新时代江苏产业工人队伍建设改革联席会议办公室",
             f"date: {year}-{month:02d}-{rng.randint(1, 28):02d}"]
    if rng.random() < 0.8:
        lines += ["distribution:",
                  "  - 报: 推进产业工人队伍建设改革协调小组办公室，省委全面深化改革委员会办公室。",
                  "  - 送: 省产改联席会议成员单位、省有关单位，各设区市产改领导机构。"]
    lines.append("---")
    per = max(1, articles // sections)
    for s in range(sections):
        if articles > 1:
            lines.append(f"# {rng.choice(SECTIONS)}")
        for _ in range(per if s < sections - 1 else articles - per * (sections - 1)):
            title = "".join(rng.choice(WORDS) for _ in range(rng.randint(3, 8)))
            lines.append(f"## {title}")
            for _ in range(rng.randint(1, 4)):
                lines.append("")
                lines.append("".join(sentence(rng) for _ in range(rng.randint(2, 6))))
            lines.append("")
            lines.append(f"（{rng.choice(SOURCES)}）")
            lines.append("")
    return "\n".join(lines) + "\n"


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    count, out = int(sys.argv[1]), sys.argv[2]
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 2024
    rng = random.Random(seed)
    for n in range(count):
        folder = os.path.join(out, str(2015 + n // 24))
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"issue-{n % 24 + 1:02d}.md"), "w", encoding="utf-8") as f:
            f.write(issue(rng, n))


if __name__ == "__main__":
    main()
