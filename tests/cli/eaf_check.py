#!/usr/bin/env python3
"""Checks an ELAN .eaf against EAF 3.0's structure (the schema's required
elements and attributes, and the references between them) and its linked
time-series files (ELAN's <base>_tsconf.xml and the CSV it names).

    eaf_check.py FILE.eaf [--expect-linked]

Exit 0 when it holds, 1 with every problem listed otherwise. Standard
library only, so it runs wherever python3 does.
"""
import csv
import os
import sys
import urllib.parse
import xml.etree.ElementTree as ET

problems = []


def need(condition, message):
    if not condition:
        problems.append(message)
    return condition


def local_path(url, base_dir):
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme == "file":
        return urllib.parse.unquote(parsed.path)
    return os.path.normpath(os.path.join(base_dir, urllib.parse.unquote(url)))


def check_tsconf(path, base_dir):
    root = ET.parse(path).getroot()
    need(root.tag == "timeseries", f"{path}: root is <{root.tag}>, not <timeseries>")
    sources = root.findall("tracksource")
    need(sources, f"{path}: no <tracksource>")
    for source in sources:
        for attribute in ("sample-type", "source-url", "time-column"):
            need(source.get(attribute), f"{path}: <tracksource> lacks {attribute}")
        data = local_path(source.get("source-url", ""), base_dir)
        if not need(os.path.isfile(data), f"{path}: source-url {data} does not exist"):
            continue
        with open(data, newline="") as f:
            rows = list(csv.reader(f))
        need(len(rows) >= 2, f"{data}: no samples")
        width = len(rows[0])
        time_column = int(source.get("time-column", "0"))
        times = []
        for row in rows[1:]:
            need(len(row) == width, f"{data}: a row has {len(row)} cells, the header {width}")
            times.append(float(row[time_column]))
        need(times == sorted(times), f"{data}: times not in increasing order")
        tracks = source.findall("track")
        need(tracks, f"{path}: <tracksource> has no <track>")
        for track in tracks:
            pos = track.find("sample-position/pos")
            if need(pos is not None, f"{path}: track {track.get('name')} has no sample-position"):
                col = int(pos.get("col", "-1"))
                need(0 <= col < width and col != time_column,
                     f"{path}: track {track.get('name')} reads column {col} of {width}")
                if 0 <= col < width:
                    need(rows[0][col] == track.get("name"),
                         f"{path}: track {track.get('name')} reads column '{rows[0][col]}'")
            rng = track.find("range")
            if need(rng is not None, f"{path}: track {track.get('name')} has no range"):
                need(float(rng.get("min")) < float(rng.get("max")),
                     f"{path}: track {track.get('name')} has an empty range")


def main():
    eaf_path = sys.argv[1]
    expect_linked = "--expect-linked" in sys.argv[2:]
    base_dir = os.path.dirname(os.path.abspath(eaf_path))
    root = ET.parse(eaf_path).getroot()
    need(root.tag == "ANNOTATION_DOCUMENT", f"root is <{root.tag}>")
    for attribute in ("AUTHOR", "DATE", "FORMAT", "VERSION"):
        need(attribute in root.attrib, f"ANNOTATION_DOCUMENT lacks {attribute}")
    need(root.get("FORMAT") == "3.0", f"FORMAT is {root.get('FORMAT')}, not 3.0")

    # The schema's sequence: HEADER, TIME_ORDER, TIER*, LINGUISTIC_TYPE*, … CONSTRAINT*, …
    order = ["HEADER", "TIME_ORDER", "TIER", "LINGUISTIC_TYPE", "LOCALE", "LANGUAGE",
             "CONSTRAINT", "CONTROLLED_VOCABULARY", "LEXICON_REF", "REF_LINK_SET", "EXTERNAL_REF"]
    ranks = [order.index(child.tag) if child.tag in order else -1 for child in root]
    need(-1 not in ranks, f"unknown elements: {[c.tag for c in root if c.tag not in order]}")
    need(ranks == sorted(ranks), f"elements out of the schema's order: {[c.tag for c in root]}")
    headers = root.findall("HEADER")
    need(len(headers) == 1, f"{len(headers)} HEADER elements")
    need(len(root.findall("TIME_ORDER")) == 1, "not exactly one TIME_ORDER")
    header = headers[0] if headers else ET.Element("HEADER")
    need("MEDIA_FILE" in header.attrib, "HEADER lacks MEDIA_FILE")
    need(header.get("TIME_UNITS") == "milliseconds", "HEADER's TIME_UNITS is not milliseconds")
    header_order = ["MEDIA_DESCRIPTOR", "LINKED_FILE_DESCRIPTOR", "PROPERTY"]
    header_ranks = [header_order.index(c.tag) if c.tag in header_order else -1 for c in header]
    need(-1 not in header_ranks and header_ranks == sorted(header_ranks),
         f"HEADER's children out of order: {[c.tag for c in header]}")
    for media in header.findall("MEDIA_DESCRIPTOR"):
        need(media.get("MEDIA_URL") and media.get("MIME_TYPE"),
             "MEDIA_DESCRIPTOR lacks MEDIA_URL or MIME_TYPE")
    linked = header.findall("LINKED_FILE_DESCRIPTOR")
    if expect_linked:
        need(linked, "no LINKED_FILE_DESCRIPTOR")
    tsconf = []
    for link in linked:
        url, mime = link.get("LINK_URL"), link.get("MIME_TYPE")
        if not need(url and mime, "LINKED_FILE_DESCRIPTOR lacks LINK_URL or MIME_TYPE"):
            continue
        target = local_path(url, base_dir)
        need(os.path.isfile(target), f"LINK_URL {url} names no file")
        relative = link.get("RELATIVE_LINK_URL")
        if relative:
            need(os.path.isfile(local_path(relative, base_dir)),
                 f"RELATIVE_LINK_URL {relative} names no file")
        if target.endswith("_tsconf.xml"):
            need(mime == "text/xml", f"{target}: MIME_TYPE {mime}, not text/xml")
            tsconf.append(target)
    if expect_linked:
        stem = os.path.splitext(os.path.basename(eaf_path))[0]
        need(any(os.path.basename(t) == stem + "_tsconf.xml" for t in tsconf),
             f"no linked {stem}_tsconf.xml (the name ELAN looks for)")
    for path in tsconf:
        check_tsconf(path, base_dir)

    slots = {}
    for slot in root.iter("TIME_SLOT"):
        sid = slot.get("TIME_SLOT_ID")
        need(sid and sid not in slots, f"TIME_SLOT id {sid} missing or repeated")
        slots[sid] = int(slot.get("TIME_VALUE")) if slot.get("TIME_VALUE") is not None else None
    types = {}
    for lt in root.findall("LINGUISTIC_TYPE"):
        need(lt.get("LINGUISTIC_TYPE_ID"), "LINGUISTIC_TYPE lacks LINGUISTIC_TYPE_ID")
        types[lt.get("LINGUISTIC_TYPE_ID")] = lt
    constraints = {c.get("STEREOTYPE") for c in root.findall("CONSTRAINT")}
    for lt in types.values():
        if lt.get("CONSTRAINTS"):
            need(lt.get("CONSTRAINTS") in constraints,
                 f"LINGUISTIC_TYPE {lt.get('LINGUISTIC_TYPE_ID')} names an undeclared CONSTRAINT")
    tier_ids = set()
    annotation_ids = set()
    for tier in root.findall("TIER"):
        tid = tier.get("TIER_ID")
        need(tid and tid not in tier_ids, f"TIER_ID {tid} missing or repeated")
        tier_ids.add(tid)
        need(tier.get("LINGUISTIC_TYPE_REF") in types,
             f"tier {tid}: LINGUISTIC_TYPE_REF {tier.get('LINGUISTIC_TYPE_REF')} is not declared")
        last_end = None
        for annotation in tier.findall("ANNOTATION"):
            for a in annotation:
                aid = a.get("ANNOTATION_ID")
                need(aid and aid not in annotation_ids, f"ANNOTATION_ID {aid} missing or repeated")
                annotation_ids.add(aid)
                need(a.find("ANNOTATION_VALUE") is not None, f"{aid}: no ANNOTATION_VALUE")
                if a.tag != "ALIGNABLE_ANNOTATION":
                    continue
                r1, r2 = a.get("TIME_SLOT_REF1"), a.get("TIME_SLOT_REF2")
                if not need(r1 in slots and r2 in slots, f"{aid}: time slot refs do not resolve"):
                    continue
                t1, t2 = slots[r1], slots[r2]
                if t1 is not None and t2 is not None:
                    need(t1 <= t2, f"{aid}: ends before it starts ({t1} > {t2})")
                    need(last_end is None or t1 >= last_end, f"{aid}: overlaps on tier {tid}")
                    last_end = t2
    for tier in root.findall("TIER"):
        parent = tier.get("PARENT_REF")
        need(parent is None or parent in tier_ids, f"tier {tier.get('TIER_ID')}: unknown parent")
    if problems:
        print("\n".join(f"{eaf_path}: {p}" for p in problems))
        return 1
    print(f"{eaf_path}: EAF 3.0 structure ok ({len(tier_ids)} tiers, {len(linked)} linked files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
