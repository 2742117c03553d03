#!/usr/bin/env python3
"""Checks the relative links of the project's Markdown files: every
[text](path) and [text](path#anchor) must name a file or folder that exists,
and an anchor must be a heading of the file it points into (GitHub's rule:
lower case, punctuation dropped, spaces to hyphens, -1, -2 … for repeats).
Links inside code (fenced blocks, `inline`) and to the web are not checked.

  check_links.py ROOT [FILE.md...]   (FILE relative to ROOT or absolute; without
                                     any, every .md under ROOT outside build
                                     folders and hidden ones)

Exits 1 and lists every broken link as FILE:LINE: LINK: why, 0 when all resolve.
"""
import os
import re
import sys

FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_CODE = re.compile(r"`+[^`]*`+")
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def prose_lines(path):
    """(line number, text) of every line outside fenced code blocks."""
    in_fence = False
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if FENCE.match(line):
                in_fence = not in_fence
                continue
            if not in_fence:
                yield number, line


def slug(heading):
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link's text only
    text = re.sub(r"<[^>]+>", "", text).replace("`", "").strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path, cache={}):
    if path not in cache:
        seen, found = {}, set()
        for _, line in prose_lines(path):
            m = HEADING.match(line)
            if not m:
                continue
            base = slug(m.group(2))
            n = seen.get(base, 0)
            seen[base] = n + 1
            found.add(base if n == 0 else f"{base}-{n}")
        cache[path] = found
    return cache[path]


def check(root, md):
    problems = []
    shown = os.path.relpath(md, root)
    for number, line in prose_lines(md):
        for target in LINK.findall(INLINE_CODE.sub("", line)):
            if EXTERNAL.match(target):
                continue
            path, _, anchor = target.partition("#")
            dest = os.path.normpath(os.path.join(os.path.dirname(md), path)) if path else md
            if not os.path.exists(dest):
                problems.append(f"{shown}:{number}: {target}: no such file")
            elif anchor and dest.endswith(".md") and anchor not in anchors(dest):
                problems.append(
                    f"{shown}:{number}: {target}: no heading '#{anchor}' in "
                    f"{os.path.relpath(dest, root)}")
    return problems


def markdown_files(root):
    """Every .md of the source tree, so a new document is checked without reconfiguring."""
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders
                               if not d.startswith((".", "build")) and d != "node_modules")
        found += [os.path.join(folder, f) for f in sorted(files) if f.endswith(".md")]
    return found


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    root = os.path.abspath(argv[1])
    names = argv[2:] or markdown_files(root)
    problems = []
    for name in names:
        md = name if os.path.isabs(name) else os.path.join(root, name)
        if not os.path.isfile(md):
            problems.append(f"{name}: no such file")
            continue
        problems += check(root, md)
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} broken link(s): fix the link or the heading it points to")
        return 1
    print(f"all relative links resolve in {len(names)} file(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
