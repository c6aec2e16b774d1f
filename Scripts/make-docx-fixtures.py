#!/usr/bin/env python3
"""Writes Word (.docx) fixtures for the import tests with python-docx, a program other than ours:
a bulletin laid out the way offices type one in Word (masthead paragraphs, a typed 目录, centred
bold titles, Heading 3 subheadings, right-aligned source lines, the 报/送 block), from the JSON
that `bulletin parse` prints. Tables and photos of the issue are written as Word tables and
pictures (the photos from Examples/images).

  python3 -m venv /tmp/docxenv && /tmp/docxenv/bin/pip install python-docx
  .build/release/bulletin parse Examples/zhuanbao-2024-09.md | /tmp/docxenv/bin/python Scripts/make-docx-fixtures.py Tests/Fixtures/zhuanbao-2024-09.docx
"""
import json
import os
import sys

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor, Mm

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def text_of(inlines):
    return "".join(i["text"] for i in inlines)


def para(doc, text, align=None, bold=False, size=16, red=False, indent=False, style=None):
    p = doc.add_paragraph(style=style)
    run = p.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    if red:
        run.font.color.rgb = RGBColor(0xFF, 0, 0)
    if align:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    return p


def main(out):
    issue = json.load(sys.stdin)
    doc = Document()
    if issue.get("classification"):
        para(doc, issue["classification"], bold=True)
    para(doc, issue["title"], WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=36, red=True)
    para(doc, issue["kind"], WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=72, red=True)
    line = f"{issue['year']}年第{issue['number']}期"
    if issue.get("total"):
        line += f"（总第{issue['total']}期）"
    para(doc, line, WD_ALIGN_PARAGRAPH.CENTER)
    y, m, d = (int(x) for x in issue["date"].split("-"))
    para(doc, f"{issue['publisher']}\t\t{y}年{m}月{d}日")

    articles = [a for s in issue["sections"] for a in s["articles"]]
    if len(articles) >= 2:
        para(doc, "目　录", WD_ALIGN_PARAGRAPH.CENTER, bold=True)
        n = 0
        for s in issue["sections"]:
            if s.get("title"):
                para(doc, "·" + s["title"], bold=True)
            for a in s["articles"]:
                n += 1
                para(doc, f"{n}.{a['title']}")
    for b in issue.get("note") or []:
        para(doc, text_of(b["editorsNote"]), indent=True)
    for s in issue["sections"]:
        if s.get("title"):
            para(doc, s["title"], bold=True)
        for b in s.get("note") or []:
            para(doc, text_of(b["editorsNote"]), indent=True)
        for a in s["articles"]:
            para(doc, a["title"], WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=22)
            for b in a["blocks"]:
                if "paragraph" in b:
                    para(doc, text_of(b["paragraph"]), indent=True)
                elif "editorsNote" in b:
                    para(doc, text_of(b["editorsNote"]), indent=True)
                elif "subheading" in b:
                    doc.add_heading(b["subheading"], level=b.get("level", 1) + 1)
                elif "table" in b:
                    t = b["table"]
                    if t.get("caption"):
                        para(doc, text_of(t["caption"]), WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=14)
                    rows = t["rows"]
                    table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
                    for i, row in enumerate(rows):
                        for j, cell in enumerate(row):
                            table.cell(i, j).text = text_of(cell)
                elif "figure" in b:
                    f = b["figure"]
                    doc.add_picture(os.path.join(ROOT, "Examples", f["path"]), width=Mm(120))
                    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
                    if f.get("caption"):
                        para(doc, text_of(f["caption"]), WD_ALIGN_PARAGRAPH.CENTER, size=14)
                elif "listItem" in b:
                    para(doc, (b.get("marker") or "") + text_of(b["listItem"]), indent=True)
            if a.get("source"):
                para(doc, f"（{a['source']}）", WD_ALIGN_PARAGRAPH.RIGHT)
    for e in issue.get("distribution") or []:
        for i, l in enumerate(e["lines"]):
            para(doc, (e["label"] + "：" if i == 0 else "") + l, size=14)
    if issue.get("copies"):
        para(doc, f"共印{issue['copies']}份", WD_ALIGN_PARAGRAPH.RIGHT, size=14)
    doc.core_properties.author = "fixture"
    doc.save(out)


if __name__ == "__main__":
    main(sys.argv[1])
