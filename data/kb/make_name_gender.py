"""Writes data/kb/given_name_gender.tsv from the 1990 US Census given-name files.

The files (public domain) are read from the MIT-licensed PyPI package `names`
0.3.0, which ships them: `pip download names==0.3.0 --no-deps -d DIR` (sdist
SHA-256 726e46254f2ed03f1ffb5d941dae3bc67c35123941c29becd02d48d0caa2a671),
unpack, then `python3 data/kb/make_name_gender.py DIR/names-0.3.0/names`.

A name is written with `m` (or `f`) when at least 95 % of the people of the
two files who bear it are men (or women), by the files' frequencies (per cent
of the men and of the women counted; the census counted about as many of
each), and left out otherwise (`Jordan`, `Jean`).
"""

import sys
from pathlib import Path

HEADER = """# name\tgender
# Given names (lower case) borne by at least 95 % men (m) or women (f) in the 1990 US Census
# given-name files (dist.male.first, dist.female.first; public domain), as shipped in the
# MIT-licensed PyPI package `names` 0.3.0. Rebuilt by data/kb/make_name_gender.py (see its docstring).
"""


def read(path: Path) -> dict[str, float]:
    out: dict[str, float] = {}
    for line in path.read_text().splitlines():
        name, freq, _, _ = line.split()
        out[name.lower()] = float(freq)
    return out


def main(source: Path, out: Path) -> None:
    male = read(source / "dist.male.first")
    female = read(source / "dist.female.first")
    rows = []
    for name in sorted(set(male) | set(female)):
        m, f = male.get(name, 0.0), female.get(name, 0.0)
        if m >= 0.95 * (m + f):
            rows.append(f"{name}\tm\n")
        elif f >= 0.95 * (m + f):
            rows.append(f"{name}\tf\n")
    out.write_text(HEADER + "".join(rows))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(__file__).with_name("given_name_gender.tsv"))
