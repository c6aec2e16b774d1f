#!/usr/bin/env python3
"""Benchmark: bulletin against Typst on this machine, in one run. Prints figures, asserts nothing.

  sample   whole-process wall time of rendering the sample issue (median of RUNS), bulletin and Typst
  stages   the `--timings` stages of rendering the sample (median of 3 × RUNS)
  batch    `bulletin batch` over 10 and 200 generated issues: issues/s, pages/s, per-issue time,
           compared with Typst compiling the sample in a loop inside one process
  memory   peak RSS of one render, and of the 10- and 200-issue batches (workers included)
  size     PDF bytes per page
  again    a second batch over unchanged inputs
  photos   the sample with four photos (Examples/images) against the sample: time ratio, and how
           much the PDF grows beyond the photos' own bytes
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release", "bulletin")
SAMPLE = os.path.join(ROOT, "Examples", "zhuanbao-2024-09.md")
TYPST_SOURCE = os.path.join(ROOT, "Benchmarks", "typst", "bulletin.typ")
VENV_PY = os.path.join(ROOT, "Benchmarks", ".venv", "bin", "python")
RUNS = int(os.environ.get("RUNS", "7"))


def timed(cmd, **kw):
    """Wall time and peak RSS (KiB, the process and every descendant it waited for) of one command."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{err}")
    return wall, usage.ru_maxrss


def median_time(cmd, runs=RUNS):
    timed(cmd)  # warm the page cache
    samples = [timed(cmd) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), max(s[1] for s in samples)


def pdf_pages(path):
    out = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    return int(next(l.split()[-1] for l in out.splitlines() if l.startswith("Pages:")))


def main():
    work = tempfile.mkdtemp(prefix="bulletin-bench-")
    have_typst = os.path.exists(VENV_PY) and os.path.exists(TYPST_SOURCE)
    print(f"machine: {os.cpu_count()} cores; runs per median: {RUNS}")

    # --- sample, whole process
    out = os.path.join(work, "sample.pdf")
    ours, ours_rss = median_time([BIN, "render", SAMPLE, "-o", out])
    size = os.path.getsize(out)
    pages = pdf_pages(out)
    print(f"sample   bulletin render: {ours * 1000:.0f} ms (median), peak RSS {ours_rss / 1024:.1f} MiB, "
          f"{size} bytes, {pages} pages, {size / pages:.0f} bytes/page")
    typst_once = typst_loop = None
    if have_typst:
        typ_out = os.path.join(work, "typst.pdf")
        script = f"import typst; typst.compile({TYPST_SOURCE!r}, output={typ_out!r})"
        typst_once, typst_rss = median_time([VENV_PY, "-c", script])
        tsize = os.path.getsize(typ_out)
        print(f"sample   typst compile:   {typst_once * 1000:.0f} ms (median), peak RSS {typst_rss / 1024:.1f} MiB, {tsize} bytes")
        print(f"sample   bulletin ÷ typst = {ours / typst_once:.2f}")
        loop = f"import typst, time\nt = time.perf_counter()\nfor i in range(20): typst.compile({TYPST_SOURCE!r}, output={typ_out!r})\nprint((time.perf_counter() - t) / 20)"
        typst_loop = float(subprocess.run([VENV_PY, "-c", loop], capture_output=True, text=True, check=True).stdout)
        print(f"loop     typst in-process: {typst_loop * 1000:.0f} ms per issue (20 compiles)")
    else:
        print("typst: not set up (run Benchmarks/run, which installs it into Benchmarks/.venv)")

    # --- stages of one render, as `--timings` reports them
    stages = {}
    for _ in range(3 * RUNS):
        err = subprocess.run([BIN, "render", SAMPLE, "-o", out, "--timings"], capture_output=True, text=True, check=True).stderr
        line = next(l for l in err.splitlines() if l.startswith("parse "))
        for part in line.split(", "):
            name, ms = part.split(" (")[0].rsplit(" ", 2)[0], float(part.split(" (")[0].rsplit(" ", 2)[1])
            stages.setdefault(name, []).append(ms)
    print("stages   " + ", ".join(f"{k} {statistics.median(v):.1f} ms" for k, v in stages.items()) + f" (medians of {3 * RUNS})")

    # --- photos: the sample with four JPEGs, one after the second paragraph of four articles
    photo_dir = os.path.join(work, "photos")
    os.makedirs(photo_dir)
    names = ["meeting.jpg", "workshop.jpg", "ceremony.jpg", "training.jpg"]
    for n in names:
        shutil.copy(os.path.join(ROOT, "Examples", "images", n), photo_dir)
    with open(SAMPLE, encoding="utf-8") as f:
        lines = f.read().split("\n")
    out_lines, article, paragraphs, placed = [], -1, 0, 0
    for line in lines:
        out_lines.append(line)
        if line.startswith("## "):
            article, paragraphs = article + 1, 0
        elif line.strip() and not line.startswith(("#", ">", "---")) and article >= 0 and ":" not in line[:12]:
            paragraphs += 1
            if paragraphs == 2 and placed < len(names):
                out_lines += ["", f"![图{placed + 1}　活动现场](" + names[placed] + ")"]
                placed += 1
    with_photos = os.path.join(photo_dir, "sample-photos.md")
    with open(with_photos, "w", encoding="utf-8") as f:
        f.write("\n".join(out_lines))
    plain = os.path.join(photo_dir, "sample.md")
    shutil.copy(SAMPLE, plain)
    a_out, b_out = os.path.join(photo_dir, "a.pdf"), os.path.join(photo_dir, "b.pdf")
    t_plain, _ = median_time([BIN, "render", plain, "-o", a_out])
    t_photos, _ = median_time([BIN, "render", with_photos, "-o", b_out])
    photo_bytes = sum(os.path.getsize(os.path.join(photo_dir, n)) for n in names[:placed])
    growth = os.path.getsize(b_out) - os.path.getsize(a_out)
    print(f"photos   {placed} photos ({photo_bytes} bytes): {t_photos * 1000:.0f} ms against {t_plain * 1000:.0f} ms without, "
          f"ratio {t_photos / t_plain:.2f}; PDF {os.path.getsize(b_out)} bytes, grew by {growth} bytes = photos + {growth - photo_bytes} bytes")

    # --- batches
    for n in (10, 200):
        src = os.path.join(work, f"issues-{n}")
        subprocess.run([sys.executable, os.path.join(ROOT, "Benchmarks", "generate.py"), str(n), src], check=True)
        dst = os.path.join(work, f"out-{n}")
        wall, rss = timed([BIN, "batch", src, "--out", dst, "--force"])
        pdfs = [os.path.join(d, f) for d, _, fs in os.walk(dst) for f in fs if f.endswith(".pdf")]
        total_pages = sum(pdf_pages(p) for p in pdfs)
        total_bytes = sum(os.path.getsize(p) for p in pdfs)
        per = wall / n
        line = (f"batch    {n} issues: {wall:.2f} s, {n / wall:.1f} issues/s, {total_pages / wall:.1f} pages/s, "
                f"{per * 1000:.0f} ms per issue, peak RSS {rss / 1024:.1f} MiB, {total_bytes / total_pages:.0f} bytes/page")
        if typst_loop:
            line += f", typst loop ÷ bulletin per issue = {typst_loop / per:.2f}"
        print(line)
        if n == 10:
            rss10 = rss
        else:
            print(f"memory   peak RSS 200 ÷ 10 issues = {rss / rss10:.2f}")
            again, _ = timed([BIN, "batch", src, "--out", dst])
            print(f"again    unchanged batch of 200: {again:.2f} s")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
