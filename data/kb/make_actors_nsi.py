#!/usr/bin/env python3
"""Writes data/kb/actors_nsi.tsv: organisations an analyst of world news meets (armed
forces, intergovernmental bodies, national ministries and police forces, political
parties, multinational companies) with their Wikidata items, from the npm package
name-suggestion-index (BSD-3-Clause), which carries the Wikidata label and description of
every brand and operator it indexes (dist/wikidata/wikidata.json) and where each is found
(dist/json/nsi.json, `locationSet`).

Usage:
    npm pack name-suggestion-index@8.0.20260918
    python3 data/kb/make_actors_nsi.py name-suggestion-index-8.0.20260918.tgz \\
        > data/kb/actors_nsi.tsv

Rules (standard library only; the same input gives the same bytes):
  - Kind from the English description, first match wins: political party; armed forces
    (army, navy, air force, armed forces, marine corps, military alliance); an
    intergovernmental or United Nations body; a ministry or government department; a
    national, federal or state police force or gendarmerie; a multinational,
    state-owned, aerospace or defence company (not a shop, restaurant, hotel or gym chain).
    Former and defunct bodies are left out.
  - Ministries, departments and police must be national: the item is indexed for one
    country as a whole (an ISO code, not a sub-national area); companies must be indexed
    worldwide (`001`) or described as multinational.
  - The label must name the body by itself: at least one word that is a name, that is
    not in the generic-word list below and either is never seen in lower case in
    data/lexicons/word_clusters.tsv (`Bharatiya`, `Petrobras`), or is written in capitals
    (`BP`, `HSBC`), or is itself a name or alias of actors.tsv or places.tsv (`Peru`,
    `Indian`). `Ministry of the Interior`,
    `Royal Air Force`, `Ministry of Electricity` and `Registry Agency` are left out: such
    labels name a different body in each country. A one-word label that is not
    an acronym must not be a word seen in lower case (`Shell`, `Puma`, `Vale`: the
    lower-case word is in data/lexicons/word_clusters.tsv); a label starts with a capital.
  - A label that is already a name or alias in actors.tsv or places.tsv, or that labels
    two items, is left out (the curated entry, or nobody, is the default reading).
  - Country: the item's single indexed country (ISO 3166-1 alpha-2, upper case), else
    empty; always empty for companies (where NSI indexes a brand is not where it is based). Type ORG. No aliases (NSI's match names are lower-case keys, not text).
"""

import collections
import hashlib
import io
import json
import re
import sys
import tarfile
import unicodedata
from pathlib import Path

KB = Path(__file__).resolve().parent
LEXICONS = KB.parent / "lexicons"
SHA256 = "3ee22f0f0a99528ac9c65a57211575defd968e21fd6374e746bfd02e94422121"

KINDS = [
    ("party", r"political party"),
    ("military", r"\b(army|navy|air force|armed forces|marine corps|military alliance)\b"),
    ("intergovernmental", r"intergovernmental|international organi[sz]ation|united nations"),
    ("ministry", r"\bministry\b|government department|federal executive department"),
    ("police", r"\b(national|federal|state) police\b|gendarmerie|national police"),
    ("company", r"multinational|state-owned|aerospace|defen[cs]e (company|corporation|contractor|group)"),
]
NATIONAL_ONLY = {"ministry", "police"}
RETAIL = re.compile(
    r"chain|restaurant|store|retail|shop|fitness|gym|caf[eé]|coffee|fast food|cloth|fashion|"
    r"apparel|cosmetic|supermarket|hotel|footwear|furniture|toy|bakery|pizza|beverage",
    re.I,
)
FORMER = re.compile(r"\b(former|defunct|historical|disestablished|dissolved)\b", re.I)
GENERIC = {
    "a", "an", "and", "for", "of", "the", "de", "la", "du", "des", "del",
    "ministry", "department", "office", "agency", "authority", "service", "services",
    "national", "federal", "state", "central", "general", "directorate", "council",
    "police", "force", "forces", "army", "navy", "air", "marine", "corps", "guard",
    "royal", "armed", "military", "defence", "defense", "interior", "justice", "finance",
    "foreign", "affairs", "home", "health", "education", "security", "public",
    "party", "democratic", "republican", "people's", "peoples", "socialist", "labour",
    "labor", "liberal", "conservative", "green", "greens", "communist", "union",
    "company", "corporation", "group", "bank", "international", "organization",
    "organisation", "united", "nations", "development", "cooperation", "economic",
    "trade", "world", "european", "commission", "court", "criminal", "post", "coast",
    "border", "customs", "immigration", "revenue", "tax", "transport", "energy",
    "agriculture", "environment", "culture", "social", "welfare", "civil", "protection",
    "emergency", "fire", "rescue", "investigation", "bureau", "intelligence",
}


def fold(text):
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def lower_case_words():
    words = set()
    for line in (LEXICONS / "word_clusters.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        word = line.split("\t")[0]
        if word.islower():
            words.add(word)
    return words


def known_names():
    """Folded names and aliases of actors.tsv and places.tsv."""
    names = set()
    for name in ("actors.tsv", "places.tsv"):
        for line in (KB / name).read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            names.add(fold(fields[1]))
            names.update(fold(a) for a in fields[6].split("|") if a)
    return names


def main(nsi_path):
    data = Path(nsi_path).read_bytes()
    got = hashlib.sha256(data).hexdigest()
    if got != SHA256:
        sys.exit(f"{nsi_path}: sha256 {got}, expected {SHA256}")
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        items = json.load(tar.extractfile("package/dist/wikidata/wikidata.json"))["wikidata"]
        index = json.load(tar.extractfile("package/dist/json/nsi.json"))["nsi"]

    places = collections.defaultdict(set)
    for category in index.values():
        for item in category["items"]:
            for tag, qid in item["tags"].items():
                if tag.endswith(":wikidata"):
                    for where in item.get("locationSet", {}).get("include", []):
                        places[qid].add(where if isinstance(where, str) else "?")

    labels = collections.Counter(fold(i["label"]) for i in items.values() if i.get("label"))
    lower_case = lower_case_words()
    known = known_names()
    rows = []
    for qid in sorted(items, key=lambda q: int(q[1:])):
        item = items[qid]
        label = (item.get("label") or "").strip()
        description = item.get("description") or ""
        if not label[:1].isupper() or FORMER.search(description):
            continue
        kind = next((k for k, pattern in KINDS if re.search(pattern, description, re.I)), None)
        if kind is None:
            continue
        where = places.get(qid, set())
        countries = sorted(w for w in where if re.fullmatch(r"[a-z]{2}", w))
        if kind in NATIONAL_ONLY and not (len(where) == 1 and len(countries) == 1):
            continue
        if kind == "company" and (
            RETAIL.search(description)
            or ("001" not in where and "multinational" not in description.lower())
        ):
            continue
        words = [w for w in re.split(r"[\s\-/,()]+", fold(label)) if w]
        acronyms = {fold(w) for w in re.split(r"[\s\-/,()]+", label) if len(w) > 1 and w.isupper()}
        if not any(
            w not in GENERIC and (w not in lower_case or w in known or w in acronyms)
            for w in words
        ):
            continue
        if len(words) == 1 and not label.isupper() and words[0] in lower_case:
            continue
        if labels[fold(label)] > 1 or fold(label) in known:
            continue
        # Where NSI indexes a company is not where it is based: no country for companies.
        country = countries[0].upper() if len(countries) == 1 and kind != "company" else ""
        if country == "FX":
            country = "FR"
        rows.append((qid, label, country, kind))

    print("# kb_id\tname\tentity_type\tcountry\tlat\tlon\taliases")
    print("# Organisations with Wikidata items from npm name-suggestion-index 8.0.20260918")
    print("# (BSD-3-Clause; labels and ids are Wikidata's, CC0). Made by data/kb/make_actors_nsi.py")
    print("# (rules there); see data/SOURCES.md. Kinds: " + ", ".join(k for k, _ in KINDS) + ".")
    for qid, label, country, _ in rows:
        print(f"{qid}\t{label}\tORG\t{country}\t\t\t")
    counts = collections.Counter(kind for *_, kind in rows)
    print(", ".join(f"{k} {counts[k]}" for k, _ in KINDS), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
