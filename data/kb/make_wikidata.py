#!/usr/bin/env python3
"""Writes data/kb/wikidata.tsv: Wikidata ids for knowledge-base entries, taken from
the Wikification of the GUM corpus (annotations CC BY 4.0; see data/SOURCES.md).

Usage: python3 data/kb/make_wikidata.py ../shared/data/train/gum_other.jsonl > data/kb/wikidata.tsv

Rule: a GUM mention of type person, place or organization carries `wiki` (an English
Wikipedia title) and `wikidata` (its item id). An entry of data/kb/actors.tsv or
data/kb/places.tsv gets that id when
  - its name, spaces written as underscores, is exactly the title (`United States` =
    `United_States`; `Georgia` matches no `Georgia_(country)`); aliases are not used, since
    a short alias is often the title of a generic article (`Congress`);
  - the GUM type agrees with the entry's type (person: PERSON; organization: ORG;
    place: GPE, LOC, FAC); NORP groups are left out;
  - it is the first entry of the files with that name (the default reading, as linking
    chooses it); and the title always maps to one id in GUM.
Entries whose own id is already a `Q…` id are checked against GUM instead: a different id
stops the script. Only the standard library is used; the same input gives the same bytes.
"""

import collections
import json
import sys
from pathlib import Path

KB = Path(__file__).resolve().parent
TYPES = {"person": {"PERSON"}, "organization": {"ORG"}, "place": {"GPE", "LOC", "FAC"}}


def entries():
    for name in ("actors.tsv", "places.tsv"):
        for line in (KB / name).read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            yield fields[0], fields[1], fields[2]


def main(gum_path):
    titles = collections.defaultdict(set)
    for line in open(gum_path, encoding="utf-8"):
        document = json.loads(line)
        for mention in document["entities"]:
            if mention.get("wiki") and mention.get("wikidata") and mention["type"] in TYPES:
                titles[mention["wiki"]].add((mention["wikidata"], mention["type"]))
    kb = list(entries())
    by_name = collections.defaultdict(list)
    for index, (_, name, _) in enumerate(kb):
        by_name[name.replace(" ", "_")].append(index)
    rows = []
    for title in sorted(titles):
        readings = titles[title]
        ids = {qid for qid, _ in readings}
        if len(ids) != 1:
            continue
        (qid,) = ids
        gum_types = {t for _, t in readings}
        if title not in by_name:
            continue
        index = by_name[title][0]
        kb_id, name, entity_type = kb[index]
        if not any(entity_type in TYPES[t] for t in gum_types):
            continue
        if kb_id.startswith("Q"):
            if kb_id != qid:
                sys.exit(f"{kb_id} ({name}) is {qid} in GUM ({title})")
            continue
        rows.append((kb_id, qid, title))
    print("# kb_id\twikidata\tgum_wiki_title")
    print("# Wikidata ids of knowledge-base entries from GUM's Wikification (CC BY 4.0 annotations,")
    print("# Zeldes 2017; Lin & Zeldes 2021); made by data/kb/make_wikidata.py, see data/SOURCES.md.")
    for row in sorted(rows):
        print("\t".join(row))


if __name__ == "__main__":
    main(sys.argv[1])
