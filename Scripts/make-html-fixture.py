#!/usr/bin/env python3
"""The sample as an office might make it in HTML, for WeasyPrint (other software) to typeset; its
pdftotext -layout output is an import fixture:
  .build/release/bulletin parse Examples/zhuanbao-2024-09.md > issue.json && python3 Scripts/make-html-fixture.py
  python -c "import weasyprint; weasyprint.HTML(\"sample.html\").write_pdf(\"weasy.pdf\")" && pdftotext -layout weasy.pdf out.txt"""
import json, html
d = json.load(open("issue.json"))
def t(x): return html.escape(x)
arts = [a for s in d["sections"] for a in s["articles"]]
out = ["""<html><head><meta charset="utf-8"><style>
@page { size: A4; margin: 37mm 26mm 35mm 28mm; @bottom-center { content: "— " counter(page) " —"; font-family: 'FandolSong'; font-size: 14pt; } }
body { font-family: 'FandolFang'; font-size: 16pt; line-height: 28pt; }
h1 { color: red; text-align: center; font-family: 'Noto Serif CJK SC'; font-size: 24pt; margin: 0; }
.kind { color: red; text-align: center; font-size: 60pt; letter-spacing: 40pt; margin: 10pt 0; font-family: 'Noto Serif CJK SC'; }
.line { text-align: center; } .pub { font-size: 14pt; display: flex; justify-content: space-between; border-bottom: 2px solid red; }
.toc h2 { text-align: center; font-size: 16pt; font-family: 'FandolHei'; } .toc a { text-decoration: none; color: black; }
.toc a::after { content: leader('.') target-counter(attr(href), page); }
h3 { font-family: 'FandolHei'; font-size: 16pt; } h2.title { text-align: center; font-size: 22pt; font-family: 'Noto Serif CJK SC'; }
p { text-indent: 2em; margin: 0; text-align: justify; } .src { text-align: right; font-family: 'FandolKai'; }
.dist { border-top: 1px solid black; border-bottom: 1px solid black; font-size: 14pt; margin-top: 2em; }
</style></head><body>"""]
out.append(f"<h1>{t(d['title'])}</h1><div class='kind'>{t(d['kind'])}</div>")
y, m, dd = (int(x) for x in d["date"].split("-"))
out.append(f"<div class='line'>{d['year']}年第{d['number']}期（总第{d['total']}期）</div>")
out.append(f"<div class='pub'><span>{t(d['publisher'])}</span><span>{y}年{m}月{dd}日</span></div>")
out.append("<div class='toc'><h2>目　录</h2>")
n = 0
for s in d["sections"]:
    if s.get("title"): out.append(f"<div>·{t(s['title'])}</div>")
    for a in s["articles"]:
        n += 1; out.append(f"<div><a href='#a{n}'>{n}.{t(a['title'])}</a></div>")
out.append("</div>")
n = 0
for s in d["sections"]:
    if s.get("title"): out.append(f"<h3 style='page-break-before: always'>{t(s['title'])}</h3>")
    for a in s["articles"]:
        n += 1
        out.append(f"<h2 class='title' id='a{n}'>{t(a['title'])}</h2>")
        for b in a["blocks"]:
            out.append("<p>" + t("".join(i["text"] for i in b["paragraph"])) + "</p>")
        if a.get("source"): out.append(f"<div class='src'>（{t(a['source'])}）</div>")
out.append("<div class='dist'>")
for e in d["distribution"]:
    for i, l in enumerate(e["lines"]):
        out.append(f"<div>{(e['label'] + '：') if i == 0 else '　　'}{t(l)}</div>")
out.append("</div></body></html>")
open("sample.html", "w").write("\n".join(out))
