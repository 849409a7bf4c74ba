"""Writes data/lexicons/word_clusters.tsv: Brown word clusters and word frequencies.

The source is the MIT-licensed PyPI package `spacy-lookups-data` 1.0.5 (Explosion), whose
`en_lexeme_cluster.json.gz` holds a Brown cluster for English words (an integer whose bits,
lowest first, are the word's path in the cluster tree) and `en_lexeme_prob.json.gz` a unigram
log probability. Steps:

    pip download spacy-lookups-data==1.0.5 --no-deps -d DIR
    python3 data/lexicons/make_word_clusters.py DIR/spacy_lookups_data-1.0.5-py2.py3-none-any.whl

The wheel's SHA-256 is checked, so the output is the same bytes every time.
"""

import gzip
import hashlib
import json
import sys
import zipfile
from pathlib import Path

WHEEL_SHA256 = "466f21f087e4144bc93800679437ec5a17be7d0888734b1ba880b3ecb0978bc6"

HEADER = """# word\tpath\tneg_log_prob
# Brown word clusters for 190,125 English words, from the MIT-licensed PyPI package
# spacy-lookups-data 1.0.5 (en_lexeme_cluster, en_lexeme_prob). path: the word's cluster as a
# bit path from the root of the cluster tree (trailing zeros are not recorded in the source, so
# two paths that differ only there are the same cluster); words that share a prefix are used
# alike. neg_log_prob: minus the word's unigram log probability, rounded to an integer (3 is
# very frequent, 20 is rare). Rebuilt by data/lexicons/make_word_clusters.py (see its docstring).
"""


def path_of(cluster: int) -> str:
    bits = []
    while cluster:
        bits.append("1" if cluster & 1 else "0")
        cluster >>= 1
    return "".join(bits)


def main(wheel: Path, out: Path) -> None:
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        sys.exit(f"{wheel}: SHA-256 {digest}, expected {WHEEL_SHA256} (spacy-lookups-data 1.0.5)")
    with zipfile.ZipFile(wheel) as z:
        clusters = json.loads(gzip.decompress(z.read("spacy_lookups_data/data/en_lexeme_cluster.json.gz")))
        probs = json.loads(gzip.decompress(z.read("spacy_lookups_data/data/en_lexeme_prob.json.gz")))
    rows = []
    for word in sorted(clusters):
        cluster = clusters[word]
        if cluster < 2 or any(c in word for c in "\t\n\r") or not word.strip():
            continue
        prob = probs.get(word)
        band = "-" if prob is None else str(round(-prob))
        rows.append(f"{word}\t{path_of(cluster)}\t{band}\n")
    out.write_text(HEADER + "".join(rows), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).with_name("word_clusters.tsv"))
