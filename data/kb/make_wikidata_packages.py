#!/usr/bin/env python3
"""Writes data/kb/wikidata_packages.tsv: Wikidata ids for knowledge-base entries that
data/kb/wikidata.tsv (GUM) leaves without one, taken from two openly licensed npm packages
that carry Wikidata items with their data.

Usage:
    npm pack @rapideditor/country-coder@5.6.1 name-suggestion-index@8.0.20260918
    python3 data/kb/make_wikidata_packages.py rapideditor-country-coder-5.6.1.tgz \\
        name-suggestion-index-8.0.20260918.tgz > data/kb/wikidata_packages.tsv

Rules (the same input gives the same bytes; only the standard library is used):
  - country-coder (ISC; src/data/borders.json): a places.tsv entry of feature `country`
    gets the item of the border feature whose `iso1A2` is the entry's country code; any
    other GPE/LOC entry gets the item of the feature whose English name (`nameEn`) is the
    entry's name and whose parent country (`country`) is the entry's country (England,
    Scotland, Wales: GB). Evidence `country-coder:<code or name>`.
  - name-suggestion-index (BSD-3-Clause; dist/wikidata/wikidata.json, Wikidata labels and
    descriptions of the brands and operators it indexes): an actors.tsv entry of type ORG
    gets the item whose English label is exactly the entry's name, when that label names
    one item only. Evidence `nsi:<label>`.
  - An entry that already has a `Q…` id, or an id in wikidata.tsv, keeps it; where a
    package gives such an entry another item, the disagreement is printed on stderr (for
    example the Netherlands: Q55 in GUM, the Kingdom of the Netherlands Q29999 in
    country-coder). Two package items for one entry stop the script.
"""

import collections
import hashlib
import io
import json
import sys
import tarfile
from pathlib import Path

KB = Path(__file__).resolve().parent
SHA256 = {
    "rapideditor-country-coder-5.6.1.tgz": "6b13dfc427ed42a6d78da66eab6a0faf5969c0ccc23e59c1eb4d659592b4b6a6",
    "name-suggestion-index-8.0.20260918.tgz": "3ee22f0f0a99528ac9c65a57211575defd968e21fd6374e746bfd02e94422121",
}


def member_json(path, member):
    data = Path(path).read_bytes()
    want = SHA256[Path(path).name]
    got = hashlib.sha256(data).hexdigest()
    if got != want:
        sys.exit(f"{path}: sha256 {got}, expected {want}")
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        return json.load(tar.extractfile(member))


def entries(name):
    for line in (KB / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        feature = fields[7] if len(fields) > 7 else ""
        yield fields[0], fields[1], fields[2], fields[3], feature


def known_ids():
    known = {}
    for line in (KB / "wikidata.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        kb_id, qid = line.split("\t")[:2]
        known[kb_id] = qid
    return known


def main(country_coder, nsi):
    known = known_ids()
    rows = {}

    def give(kb_id, qid, evidence):
        own = kb_id if kb_id.startswith("Q") else known.get(kb_id)
        if own is not None:
            if own != qid:
                print(f"kept {kb_id} = {own}; {evidence} says {qid}", file=sys.stderr)
            return
        if kb_id in rows and rows[kb_id][0] != qid:
            sys.exit(f"{kb_id}: {rows[kb_id]} and {evidence} {qid} disagree")
        rows.setdefault(kb_id, (qid, evidence))

    borders = member_json(country_coder, "package/src/data/borders.json")["features"]
    by_code = {}
    by_name = collections.defaultdict(list)
    for feature in borders:
        props = feature["properties"]
        if not props.get("wikidata"):
            continue
        if props.get("iso1A2"):
            by_code[props["iso1A2"]] = props["wikidata"]
        if props.get("nameEn"):
            by_name[props["nameEn"]].append(props)
    for kb_id, name, entity_type, country, feature in entries("places.tsv"):
        if feature == "country":
            if country in by_code:
                give(kb_id, by_code[country], f"country-coder:{country}")
        elif entity_type in ("GPE", "LOC"):
            found = [p for p in by_name.get(name, []) if p.get("country") == country]
            if len(found) == 1:
                give(kb_id, found[0]["wikidata"], f"country-coder:{name}")

    items = member_json(nsi, "package/dist/wikidata/wikidata.json")["wikidata"]
    by_label = collections.defaultdict(set)
    for qid, item in items.items():
        if item.get("label"):
            by_label[item["label"]].add(qid)
    for kb_id, name, entity_type, _, _ in entries("actors.tsv"):
        if entity_type == "ORG" and len(by_label.get(name, ())) == 1:
            (qid,) = by_label[name]
            give(kb_id, qid, f"nsi:{name}")

    print("# kb_id\twikidata\tevidence")
    print("# Wikidata ids of knowledge-base entries from npm @rapideditor/country-coder 5.6.1 (ISC)")
    print("# and name-suggestion-index 8.0.20260918 (BSD-3-Clause); the ids are Wikidata's (CC0).")
    print("# Made by data/kb/make_wikidata_packages.py; see data/SOURCES.md.")
    for kb_id in sorted(rows):
        qid, evidence = rows[kb_id]
        print(f"{kb_id}\t{qid}\t{evidence}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
