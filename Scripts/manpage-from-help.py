#!/usr/bin/env python3
"""Turn swift-argument-parser's `--experimental-dump-help` JSON into a roff man page.

    bulletin --experimental-dump-help | Scripts/manpage-from-help.py [options] > bulletin.1

Reads the JSON from a file argument or standard input and writes the page to standard output
(or to --output). Hidden commands and arguments ("shouldDisplay": false) are left out. The
root command's discussion is split at "Exit status:" and the statuses become the EXIT STATUS
section ("N meaning; N meaning; ..."). Standard library only.
"""

import argparse
import datetime
import json
import os
import re
import sys

# Flags every command has; shown once, under the root command.
COMMON_FLAGS = {"h", "help", "version"}


def escape(text):
    """Escape plain text for roff: backslashes, option dashes, `code` spans, line starts."""
    text = text.replace("\\", "\\e")
    # `code` → bold, the way the help text quotes option values and keys.
    text = re.sub(r"`([^`]+)`", lambda m: "\\fB" + m.group(1) + "\\fR", text)
    # Options named in prose (--watch, -o) get real minus signs so they can be searched for
    # and copied; a hyphen inside a word (print-ready) stays a hyphen.
    text = re.sub(r"(?<![\w-])--(?=[A-Za-z])", r"\\-\\-", text)
    text = re.sub(r"(?<![\w-])-(?=[A-Za-z]\b)", r"\\-", text)
    lines = []
    for line in text.split("\n"):
        line = line.rstrip()
        if line.startswith((".", "'")):
            line = "\\&" + line
        lines.append(line)
    return "\n".join(lines)


def quote_arg(text):
    """A macro argument: escaped text in double quotes (inner quotes doubled, as groff wants)."""
    return '"' + escape(text).replace('"', '""') + '"'


def dash_name(name):
    kind, value = name["kind"], name["name"]
    if kind == "short":
        return "\\-" + value
    if kind == "longWithSingleDash":
        return "\\-" + value.replace("-", "\\-")
    return "\\-\\-" + value.replace("-", "\\-")


def visible(node):
    return node.get("shouldDisplay", True)


def value_name(arg):
    # \- rather than -: groff may break a line after a plain hyphen, even with .nh.
    return escape(arg.get("valueName") or "value").replace("-", "\\-")


def sorted_names(arg):
    """Short names first, then long ones, as --help prints them."""
    order = {"short": 0, "longWithSingleDash": 1, "long": 2}
    return sorted(arg.get("names", []), key=lambda n: order.get(n["kind"], 3))


def preferred(arg):
    name = arg.get("preferredName") or (arg.get("names") or [None])[0]
    return dash_name(name) if name else None


def synopsis_item(arg):
    """One argument as it appears in a usage line."""
    kind = arg["kind"]
    if kind == "positional":
        item = "\\fI" + value_name(arg) + "\\fR"
    elif kind == "flag":
        item = "\\fB" + preferred(arg) + "\\fR"
    else:
        item = "\\fB" + preferred(arg) + "\\fR \\fI" + value_name(arg) + "\\fR"
    if arg.get("isRepeating"):
        item += " \\&..."
    if arg.get("isOptional"):
        item = "[" + item + "]"
    return item


def arguments(command, skip_common):
    out = []
    for arg in command.get("arguments", []):
        if not visible(arg):
            continue
        names = {n["name"] for n in arg.get("names", [])}
        if skip_common and arg["kind"] == "flag" and names and names <= COMMON_FLAGS:
            continue
        out.append(arg)
    return out


def option_entry(arg):
    """A .TP entry: the argument's names and value, then its help."""
    if arg["kind"] == "positional":
        tag = "\\fI" + value_name(arg) + "\\fR"
        if arg.get("isRepeating"):
            tag += " \\&..."
    else:
        seen, parts = set(), []
        for name in sorted_names(arg):
            dashed = dash_name(name)
            if dashed not in seen:
                seen.add(dashed)
                parts.append("\\fB" + dashed + "\\fR")
        tag = ", ".join(parts)
        if arg["kind"] == "option":
            tag += " \\fI" + value_name(arg) + "\\fR"
    text = arg.get("abstract", "").strip()
    discussion = arg.get("discussion")
    if isinstance(discussion, str) and discussion.strip():
        text = (text + " " + discussion.strip()).strip()
    values = arg.get("allValueStrings") or arg.get("allValues")
    if values and arg["kind"] != "flag":
        text = (text + " One of: " + ", ".join(values) + ".").strip()
    default = arg.get("defaultValue")
    # A default the help text already explains (e.g. "the number of cores") is the value on the
    # machine that dumped the help, so it is not repeated.
    if default not in (None, "") and "default" not in text.lower():
        text = (text + " Default: " + default + ".").strip()
    lines = [".TP", tag]
    if text:
        lines.append(escape(text))
    return lines


def usage_line(path, command):
    """`name sub REQUIRED... [options]`: positionals and required options spelled out, the
    optional options summed up (they are listed one by one under the command)."""
    items, has_optional = [], False
    for arg in arguments(command, skip_common=True):
        if arg["kind"] == "positional" or not arg.get("isOptional"):
            items.append(synopsis_item(arg))
        else:
            has_optional = True
    if has_optional:
        items.append("[\\fIoptions\\fR]")
    if any(visible(s) for s in command.get("subcommands", [])):
        items.append("\\fIcommand\\fR")
    # Unpaddable spaces inside an item, so "--out out" is never split across lines.
    items = [i.replace(" ", "\\ ") for i in items]
    return "\\fB" + " ".join(path) + "\\fR " + " ".join(items)


def split_exit_status(discussion):
    """The discussion before "Exit status:", and the (code, meaning) pairs after it."""
    m = re.search(r"exit status(?:es)?\s*:\s*", discussion, re.IGNORECASE)
    if not m:
        return discussion.strip(), []
    before, after = discussion[:m.start()].strip(), discussion[m.end():].strip()
    statuses = []
    for part in re.split(r";\s*", after.rstrip(". \n")):
        part = part.strip()
        code = re.match(r"(\d+)(?:\s*[:=\-–—]\s*|\s+)(.*)$", part, re.DOTALL)
        if code:
            meaning = code.group(2).strip()
            statuses.append((code.group(1), meaning[:1].upper() + meaning[1:] + "."))
        elif part and statuses:
            statuses[-1] = (statuses[-1][0], statuses[-1][1].rstrip(".") + "; " + part + ".")
        elif part:
            before = (before + " " + part).strip()
    return before, statuses


def paragraphs(text):
    out = []
    for para in re.split(r"\n\s*\n", text.strip()):
        if para.strip():
            out += [".PP", escape(para.strip())]
    return out


def walk(command, path):
    """Yield (path, command) for every visible subcommand, depth first."""
    for sub in command.get("subcommands", []):
        if visible(sub):
            sub_path = path + [sub["commandName"]]
            yield sub_path, sub
            yield from walk(sub, sub_path)


def manpage(dump, args):
    root = dump["command"]
    name = root["commandName"]
    date = args.date
    if not date:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        when = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
                if epoch else datetime.datetime.now(datetime.timezone.utc))
        date = when.strftime("%Y-%m-%d")
    source = args.source or name
    manual = args.manual or "User Commands"

    out = ['.\\" -*- coding: UTF-8 -*-',
           '.\\" Generated by Scripts/manpage-from-help.py from `%s --experimental-dump-help`; do not edit.' % name,
           ".TH %s %s %s %s %s" % (quote_arg(name.upper()), args.section, quote_arg(date),
                                   quote_arg(source), quote_arg(manual)),
           ".SH NAME",
           escape(name) + " \\- " + escape(root.get("abstract", "").strip().rstrip(".")),
           ".SH SYNOPSIS"]

    subcommands = list(walk(root, [name]))
    out += [".nh", ".ad l"]  # usage lines: no hyphenation, ragged right
    root_args = arguments(root, skip_common=False)
    first = True
    if root_args and not subcommands:
        out.append(usage_line([name], root))
    else:
        for path, sub in subcommands:
            if not first:
                out.append(".br")
            first = False
            out.append(usage_line(path, sub))
        common = [synopsis_item(a) for a in root_args
                  if a["kind"] == "flag" and {n["name"] for n in a.get("names", [])} & COMMON_FLAGS]
        if common:
            out += [".br", "\\fB" + escape(name) + "\\fR " + " | ".join(c.strip("[]") for c in common)]
    out += [".ad", ".hy"]

    description, statuses = split_exit_status(root.get("discussion", "") or "")
    out.append(".SH DESCRIPTION")
    out += paragraphs(root.get("abstract", ""))
    if description:
        out += paragraphs(description)
    if root_args:
        out += [".PP", "Options of \\fB" + escape(name) + "\\fR itself:"]
        for arg in root_args:
            out += option_entry(arg)
    if subcommands:
        out += [".PP", "Every command also accepts \\fB\\-h\\fR, \\fB\\-\\-help\\fR"
                " (print its help) and \\fB\\-\\-version\\fR."]

    for path, sub in subcommands:
        out.append(".SS " + quote_arg(" ".join(path)))
        out += paragraphs(sub.get("abstract", ""))
        discussion = sub.get("discussion", "") or ""
        if discussion.strip():
            out += paragraphs(discussion)
        for arg in arguments(sub, skip_common=True):
            out += option_entry(arg)

    if args.extra:
        with open(args.extra, encoding="utf-8") as f:
            out.append(f.read().rstrip("\n"))

    out.append(".SH \"EXIT STATUS\"")
    if statuses:
        for code, meaning in statuses:
            out += [".TP", "\\fB" + code + "\\fR", escape(meaning)]
    else:
        out += [".PP", "0 on success, non-zero on failure."]

    if args.see_also:
        out.append(".SH \"SEE ALSO\"")
        refs = []
        for ref in args.see_also:
            m = re.match(r"^(.+)\((\w+)\)$", ref)
            refs.append(".BR %s (%s)" % (escape(m.group(1)), m.group(2)) if m else escape(ref))
        for i, ref in enumerate(refs):
            out.append(ref + ("," if i < len(refs) - 1 and ref.startswith(".BR") else ""))
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("json", nargs="?", help="the --experimental-dump-help output (default: stdin)")
    parser.add_argument("-o", "--output", help="write the page here (default: stdout)")
    parser.add_argument("--section", default="1", help="manual section (default: 1)")
    parser.add_argument("--date", help="date in the page footer (default: $SOURCE_DATE_EPOCH or today)")
    parser.add_argument("--source", help='footer source, e.g. "bulletin 0.2.0" (default: the command name)')
    parser.add_argument("--manual", help='header manual title (default: "User Commands")')
    parser.add_argument("--extra", help="a roff fragment (whole .SH sections) to insert before EXIT STATUS")
    parser.add_argument("--see-also", action="append", default=[], metavar="PAGE(N)",
                        help="a SEE ALSO entry such as fc-list(1); repeatable")
    args = parser.parse_args()

    try:
        if args.json and args.json != "-":
            with open(args.json, encoding="utf-8") as f:
                dump = json.load(f)
        else:
            dump = json.load(sys.stdin)
        if "command" not in dump:
            raise ValueError('no "command" key')
    except (OSError, ValueError) as e:
        print("manpage-from-help: cannot read the dump-help JSON: %s" % e, file=sys.stderr)
        return 1

    page = manpage(dump, args)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(page)
    else:
        sys.stdout.write(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
