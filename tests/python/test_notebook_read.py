"""The output tables load in the notebook stack with the documented types.

Reads every table of the sample run (conftest.py) with pyarrow, polars,
pandas and DuckDB.
"""

import datetime
import json

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

TABLES = [
    "articles", "sentences", "mentions", "entities", "events",
    "quotes", "relations", "quantities", "dates", "rejected",
]
# table -> (text column, start column, end column) for spans into articles.text
SPANS = {
    "sentences": ("text", "start", "end"),
    "mentions": ("text", "start", "end"),
    "quotes": ("text", "start", "end"),
    "quantities": ("text", "start", "end"),
    "dates": ("text", "start", "end"),
    "events": ("trigger", "start", "end"),
    "relations": ("cue", "start", "end"),
}


@pytest.fixture(scope="session")
def out(sample_run):
    return sample_run / "tables"


@pytest.mark.parametrize("table", TABLES)
def test_every_table_reads_in_pyarrow_polars_pandas_and_duckdb(out, table):
    path = out / f"{table}.parquet"
    arrow = pq.read_table(path)
    frame = pl.read_parquet(path)
    pandas = pd.read_parquet(path)
    count = duckdb.sql(f"select count(*) from read_parquet('{path}')").fetchall()[0][0]
    assert arrow.num_rows == frame.height == len(pandas) == count
    assert arrow.column_names == frame.columns == list(pandas.columns)
    csv = pl.read_csv(out / f"{table}.csv", infer_schema=False)
    assert csv.columns == frame.columns
    assert csv.height == frame.height


def test_types_are_real_arrow_types(out):
    articles = pq.read_table(out / "articles.parquet").schema
    assert articles.field("published").type == pa.date32()
    assert articles.field("captions").type == pa.list_(pa.large_string()) or \
        articles.field("captions").type == pa.list_(pa.string()) or \
        pa.types.is_large_list(articles.field("captions").type)
    assert articles.field("word_count").type == pa.int64()
    entities = pq.read_table(out / "entities.parquet").schema
    assert entities.field("lat").type == pa.float64()
    mentions = pl.read_parquet(out / "mentions.parquet")
    assert mentions.schema["start"] == pl.Int64
    events = pl.read_parquet(out / "events.parquet")
    assert events.schema["date"] == pl.Date
    assert events.schema["negated"] == pl.Boolean


def test_sample_has_two_articles_with_dates(out):
    articles = pl.read_parquet(out / "articles.parquet").sort("source_line_start")
    assert articles["headline"].to_list() == [
        "How the US Strikes a Delicate Balance in Responding to Attacks on Its Forces by Iran-Backed Militias",
        "Has Iran Abandoned Hezbollah in its Fight against Israel in Lebanon?",
    ]
    assert articles["published"].to_list() == [
        datetime.date(2023, 11, 8), datetime.date(2024, 9, 24)]
    duck = duckdb.sql(
        f"select headline, len(captions) as n from read_parquet('{out / 'articles.parquet'}') "
        "order by source_line_start").fetchall()
    assert [n for _, n in duck] == [1, 1]


@pytest.mark.parametrize("table", list(SPANS))
def test_offsets_slice_python_strings_exactly(out, table):
    texts = dict(
        pl.read_parquet(out / "articles.parquet").select("article_id", "text").iter_rows())
    text_col, start_col, end_col = SPANS[table]
    rows = pl.read_parquet(out / f"{table}.parquet")
    if table != "rejected":
        assert rows.height > 0, f"{table} is empty on the sample"
    for row in rows.iter_rows(named=True):
        text = texts[row["article_id"]]
        assert text[row[start_col]:row[end_col]] == row[text_col], (table, row)


def test_csv_lists_are_json_arrays(out):
    articles = pl.read_csv(out / "articles.csv", infer_schema=False)
    for cell in articles["captions"]:
        assert isinstance(json.loads(cell), list)


def test_sudani_mentions_share_one_entity(out):
    mentions = pl.read_parquet(out / "mentions.parquet")
    sudani = mentions.filter(pl.col("text").is_in(["Sudani", "al-Sudani", "Mohammed Shia al-Sudani"]))
    assert sudani.height >= 4
    assert sudani["entity_id"].n_unique() == 1
    assert sudani["entity_id"].null_count() == 0
