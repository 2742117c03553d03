#!/usr/bin/env python3
"""Checks the workbench's .ts files (translations/): every entry finished,
none vanished or obsolete, and each translation keeping the source's
placeholders (%1, %n), its keyboard accelerator (&), HTML tags and line breaks.

With --lupdate and --sources, a copy of each .ts is also refreshed from the
sources first, so a tr() string added (or removed) in the code without
updating the translations fails too.

  check_translations.py [--lupdate LUPDATE --sources DIR...] FILE.ts...

Exits 1 and lists every problem, 0 when all is well.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

PLACEHOLDER = re.compile(r"%L?(\d+|n)")
HTML_TAG = re.compile(r"</?(?:p|i|b|br|small|code|h3|ul|li)\b[^>]*>")
BAD_TYPES = {"unfinished", "vanished", "obsolete"}


def accelerators(text):
    """How many keyboard accelerators (& before a character; && is a literal &)."""
    return len(re.findall(r"&(?=[^&\s])", text.replace("&&", "")))


def forms(message):
    translation = message.find("translation")
    if translation is None:
        return None, []
    if message.get("numerus") == "yes":
        return translation, [f.text or "" for f in translation.findall("numerusform")]
    return translation, [translation.text or ""]


def check_file(path, label=None):
    label = label or path
    problems = []
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as error:
        return [f"{label}: cannot read: {error}"], 0
    if not root.get("language"):
        problems.append(f"{label}: the <TS> element names no language")
    count = 0
    for context in root.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            count += 1
            source = message.findtext("source") or ""
            where = f"{label}: [{name}] {source!r}"
            translation, texts = forms(message)
            if translation is None:
                problems.append(f"{where}: no <translation>")
                continue
            kind = translation.get("type")
            if kind in BAD_TYPES:
                problems.append(f"{where}: {kind}")
                continue
            if not texts or any(not t.strip() for t in texts):
                problems.append(f"{where}: empty translation")
                continue
            want = sorted(PLACEHOLDER.findall(source))
            for text in texts:
                got = sorted(PLACEHOLDER.findall(text))
                # A plural form may leave %n out ("one face" style) but never add others.
                if message.get("numerus") == "yes":
                    want_cmp = [p for p in want if p != "n"]
                    got_cmp = [p for p in got if p != "n"]
                else:
                    want_cmp, got_cmp = want, got
                if want_cmp != got_cmp:
                    problems.append(f"{where}: placeholders {want} became {got} in {text!r}")
                if accelerators(source) != accelerators(text):
                    problems.append(f"{where}: accelerator (&) count differs in {text!r}")
                if sorted(HTML_TAG.findall(source)) != sorted(HTML_TAG.findall(text)):
                    problems.append(f"{where}: HTML tags differ in {text!r}")
                if source.count("\n") != text.count("\n"):
                    problems.append(f"{where}: line breaks differ in {text!r}")
    return problems, count


def refreshed(lupdate, sources, ts_files, scratch):
    """Copies of ts_files updated by lupdate from the sources."""
    copies = []
    for ts in ts_files:
        copy = os.path.join(scratch, os.path.basename(ts))
        shutil.copyfile(ts, copy)
        copies.append(copy)
    result = subprocess.run([lupdate, "-silent", *sources, "-ts", *copies],
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"lupdate failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return copies


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lupdate", help="lupdate to refresh copies of the files with")
    parser.add_argument("--sources", nargs="*", default=[], help="source folders for lupdate")
    parser.add_argument("ts_files", nargs="+")
    args = parser.parse_args()

    problems = []
    for ts in args.ts_files:
        found, count = check_file(ts)
        problems += found
        print(f"{ts}: {count} entries checked")
        if count == 0:
            problems.append(f"{ts}: no entries")
    if args.lupdate:
        with tempfile.TemporaryDirectory() as scratch:
            for ts, copy in zip(args.ts_files,
                                refreshed(args.lupdate, args.sources, args.ts_files, scratch)):
                found, _ = check_file(copy, label=f"{ts} (after lupdate over the sources)")
                problems += found
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s): update the .ts files (see translations/README.md)")
        return 1
    print("translations complete")
    return 0


if __name__ == "__main__":
    sys.exit(main())
