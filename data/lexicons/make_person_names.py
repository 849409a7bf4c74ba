"""Writes data/lexicons/person_names.tsv from the 1990 US Census name files.

The files (public domain) are read from the MIT-licensed PyPI package `names`
0.3.0, which ships them: `pip download names==0.3.0 --no-deps -d DIR`, unpack,
then `python3 data/lexicons/make_person_names.py DIR/names-0.3.0/names`.
"""

import sys
from pathlib import Path

HEADER = """# name\tgiven\tsurname
# US given names and surnames in lower case, from the 1990 US Census name files (public domain),
# as shipped in the MIT-licensed PyPI package `names` 0.3.0 (dist.male.first, dist.female.first,
# dist.all.last). given / surname: frequency band 1 (most common: given names covering the first 50 %
# of people, surnames ranked 1-500), 2 (given to 80 %, surnames to rank 5,000), 3 (rarer given names,
# surnames to rank 20,000), or - when the name is not of that kind.
# Rebuilt by data/lexicons/make_person_names.py (see its docstring).
"""


def main(source: Path, out: Path) -> None:
    given: dict[str, int] = {}
    for file in ["dist.male.first", "dist.female.first"]:
        for line in (source / file).read_text().splitlines():
            name, _, cumulative, _ = line.split()
            band = 1 if float(cumulative) <= 50 else 2 if float(cumulative) <= 80 else 3
            given[name.lower()] = min(given.get(name.lower(), 9), band)
    surnames: dict[str, int] = {}
    for line in (source / "dist.all.last").read_text().splitlines():
        name, _, _, rank = line.split()
        if int(rank) > 20000:
            break
        surnames[name.lower()] = 1 if int(rank) <= 500 else 2 if int(rank) <= 5000 else 3
    rows = [
        f"{name}\t{given.get(name, '-')}\t{surnames.get(name, '-')}\n"
        for name in sorted(set(given) | set(surnames))
    ]
    out.write_text(HEADER + "".join(rows))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(__file__).with_name("person_names.tsv"))
