"""Generate a synthetic incident log for the scale benchmark (no network, deterministic by seed).

    python bench/gen_synthetic.py --url sqlite:////tmp/rasad-scale.db --incidents 1000000
    python bench/gen_synthetic.py --url postgresql+psycopg://postgres@127.0.0.1:5432/test --incidents 1000000

Builds the schema with the real migrations (``open_store``), then bulk-loads reports (short texts, original
bytes, SHA-256), incidents, incident reports (``--reports-per-incident`` each, default 3) and the links
between them. Secondary indexes and the SQLite FTS trigger are dropped during the load and rebuilt after it
(a sorted index build is much faster than row-by-row upkeep); the schema ends exactly as migrated.
Loads into an EMPTY log: it refuses one that has reports or incidents. For PostgreSQL, ``--pg-schema NAME``
(re)creates a schema of its own (``--fresh`` drops it first), so the benchmark never touches other data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from rasad.store import open_store  # noqa: E402

# Iran's 31 provinces with one city each (synthetic geography: ids are not real GeoNames ids).
PROVINCES = [
    ("Tehran", "Tehran", 35.69, 51.42), ("Alborz", "Karaj", 35.83, 50.99), ("Isfahan", "Isfahan", 32.65, 51.67),
    ("Fars", "Shiraz", 29.61, 52.53), ("Razavi Khorasan", "Mashhad", 36.30, 59.61),
    ("East Azerbaijan", "Tabriz", 38.08, 46.29), ("West Azerbaijan", "Urmia", 37.55, 45.08),
    ("Khuzestan", "Ahvaz", 31.32, 48.67), ("Kurdistan", "Sanandaj", 35.31, 47.00),
    ("Sistan and Baluchestan", "Zahedan", 29.50, 60.86), ("Gilan", "Rasht", 37.28, 49.58),
    ("Mazandaran", "Sari", 36.57, 53.06), ("Kermanshah", "Kermanshah", 34.31, 47.07),
    ("Kerman", "Kerman", 30.28, 57.08), ("Hamadan", "Hamadan", 34.80, 48.51), ("Lorestan", "Khorramabad", 33.49, 48.36),
    ("Markazi", "Arak", 34.09, 49.69), ("Qom", "Qom", 34.64, 50.88), ("Qazvin", "Qazvin", 36.27, 50.00),
    ("Zanjan", "Zanjan", 36.67, 48.48), ("Ardabil", "Ardabil", 38.25, 48.29), ("Golestan", "Gorgan", 36.84, 54.44),
    ("Hormozgan", "Bandar Abbas", 27.19, 56.27), ("Bushehr", "Bushehr", 28.97, 50.84), ("Yazd", "Yazd", 31.90, 54.37),
    ("Semnan", "Semnan", 35.57, 53.40), ("Ilam", "Ilam", 33.64, 46.42),
    ("Chaharmahal and Bakhtiari", "Shahrekord", 32.33, 50.86),
    ("Kohgiluyeh and Boyer-Ahmad", "Yasuj", 30.67, 51.59), ("North Khorasan", "Bojnurd", 37.47, 57.33),
    ("South Khorasan", "Birjand", 32.87, 59.22),
]
PROVINCE_WEIGHTS = [12, 4, 6, 5, 6, 4, 4, 6, 6, 7] + [2] * 21
EVENTS = [  # ACLED event type, sub-event type, weight, words used in the synthetic texts
    ("Protests", "Peaceful protest", 30, "protesters gathered chanting"),
    ("Protests", "Protest with intervention", 15, "protesters were dispersed with tear gas"),
    ("Riots", "Violent demonstration", 10, "clashes broke out and a building was set on fire"),
    ("Violence against civilians", "Attack", 10, "security forces opened fire on"),
    ("Violence against civilians", "Abduction/forced disappearance", 8, "plainclothes agents detained"),
    ("Strategic developments", "Arrests", 20, "were arrested in raids"),
    ("Battles", "Armed clash", 3, "an armed clash was reported"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", 2, "an explosion was heard"),
    ("Strategic developments", "Other", 2, "a court sentenced"),
]
EVENT_WEIGHTS = [e[2] for e in EVENTS]
STATUSES = ["unreviewed", "confirmed", "disputed", "rejected"]
STATUS_WEIGHTS = [70, 20, 5, 5]
PUBLISHERS = ["IranWire", "Hengaw", "HRANA", "Iran International", "BBC Persian", "IRNA", "Tasnim", "Amnesty",
              "Kurdistan Human Rights Network", "Haalvsh", "Radio Farda", "Fars News"]
FIRST = ["Mohammad", "Ali", "Reza", "Hossein", "Mahsa", "Nika", "Sarina", "Hadis", "Kian", "Javad", "Mehdi", "Zahra",
         "Fatemeh", "Amir", "Hamid", "Saeed", "Majid", "Nasrin", "Parisa", "Omid", "Arman", "Ghazal", "Minoo", "Asra"]
LAST = ["Amini", "Shakarami", "Esmaeilzadeh", "Najafi", "Pirfalak", "Rahnavard", "Karami", "Hosseini", "Rezaei",
        "Mohammadi", "Ahmadi", "Kazemi", "Moradi", "Jafari", "Sadeghi", "Ebrahimi", "Shahnavazi", "Baluch", "Zand"]
SYLLABLES = ["ka", "ra", "sh", "an", "de", "mo", "za", "vi", "ro", "ne", "ba", "lu", "qe", "ti", "fa", "go"]
START, DAYS = dt.date(2017, 1, 1), 9 * 365


def rare_words(rng: random.Random, n: int = 20000) -> list[str]:
    """A synthetic lexicon (Zipf-like use below), so the search index holds rare and common terms."""
    words = set()
    while len(words) < n:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 5))))
    return sorted(words)


def report_text(rng: random.Random, lexicon: list[str], i: int) -> tuple[str, str, str]:
    province, city, _lat, _lon = rng.choices(PROVINCES, PROVINCE_WEIGHTS)[0]
    event = rng.choices(EVENTS, EVENT_WEIGHTS)[0]
    day = START + dt.timedelta(days=rng.randrange(DAYS))
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    extra = " ".join(lexicon[min(int(rng.paretovariate(1.1)) - 1, len(lexicon) - 1) * 7 % len(lexicon)]
                     for _ in range(6))
    publisher = rng.choice(PUBLISHERS)
    text = (
        f"In {city}, {province} province, on {day:%d %B %Y}, {event[3]} residents, witnesses told {publisher}. "
        f"{name} was among {rng.randint(1, 300)} people named in the report. Local sources added: {extra}. "
        f"Case {i}."
    )
    return text, f"{event[0]} in {city}", publisher


def pg_schema_url(url: str, schema: str, *, create: bool = False, fresh: bool = False) -> str:
    """The URL with ``search_path`` set to ``schema`` (created, or dropped and re-created, on request)."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    if not schema.replace("_", "").isalnum():
        raise SystemExit(f"bad schema name {schema!r}")
    if create:
        engine = create_engine(url)
        with engine.begin() as conn:
            if fresh:
                conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            conn.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        engine.dispose()
    return make_url(url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


def json_text(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def sqlite_dt(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")  # SQLAlchemy's SQLite storage format


def chunks(n: int, size: int) -> Iterator[range]:
    for start in range(0, n, size):
        yield range(start, min(n, start + size))


class Loader:
    """Bulk rows into SQLite (executemany in big transactions) or PostgreSQL (COPY)."""

    def __init__(self, store) -> None:  # noqa: ANN001
        self.store = store
        self.sqlite = store.backend == "sqlite"
        self.raw = store.engine.raw_connection()
        self.conn = self.raw.driver_connection
        if self.sqlite:
            self.conn.execute("PRAGMA synchronous = OFF")  # a generator's load, not the log's own writes
            self.conn.execute("PRAGMA cache_size = -262144")
            self.conn.execute("PRAGMA foreign_keys = OFF")  # generated rows are consistent by construction
        else:
            self.conn.autocommit = False
            try:  # skip per-row foreign-key triggers during the load (superuser only; rows are consistent)
                with self.conn.cursor() as cur:
                    cur.execute("SET session_replication_role = replica")
                self.conn.commit()
            except Exception:  # noqa: BLE001 - not allowed: load with the checks on
                self.conn.rollback()

    def insert(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        if self.sqlite:
            marks = ",".join("?" * len(columns))
            self.conn.execute("BEGIN")
            self.conn.executemany(
                f"INSERT INTO {table} ({','.join(columns)}) VALUES ({marks})",
                rows,
            )
            self.conn.execute("COMMIT")
        else:
            with self.conn.cursor() as cur, cur.copy(f"COPY {table} ({','.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            self.conn.commit()

    def execute(self, sql: str) -> list[tuple]:
        if self.sqlite:
            return self.conn.execute(sql).fetchall()
        with self.conn.cursor() as cur:
            cur.execute(sql)
            rows = cur.fetchall() if cur.description else []
        self.conn.commit()
        return rows

    def secondary_indexes(self, tables: list[str]) -> list[tuple[str, str]]:
        """(name, CREATE statement) of every index not backing a primary key or unique constraint."""
        names = ",".join(f"'{t}'" for t in tables)
        if self.sqlite:
            return [tuple(r) for r in self.execute(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({names})"
            )]
        return [tuple(r) for r in self.execute(
            f"SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() "
            f"AND i.tablename IN ({names}) AND i.indexname NOT IN "
            f"(SELECT conname FROM pg_constraint WHERE connamespace = current_schema()::regnamespace)"
        )]

    def close(self) -> None:
        self.raw.close()


def generate(url: str, n_incidents: int, per_incident: int, n_reports: int, seed: int) -> dict:
    rng = random.Random(seed)
    lexicon = rare_words(rng)
    store = open_store(url)
    stats = store.stats()
    if stats["incidents"] or stats["reports"]:
        raise SystemExit(f"{stats['database']} is not empty ({stats['incidents']} incidents): use a new log")
    tables = ["reports", "incidents", "incident_reports", "incident_links"]
    timings: dict[str, float] = {}
    with store._write_lock.held():  # the single-writer rule holds for the generator too
        loader = Loader(store)
        indexes = loader.secondary_indexes(tables)
        for name, _sql in indexes:
            loader.execute(f"DROP INDEX {name}")
        fts_trigger = None
        counter_triggers: list[tuple[str, str]] = []
        if loader.sqlite:
            fts_trigger = loader.execute("SELECT sql FROM sqlite_master WHERE name = 'reports_fts_ai'")[0][0]
            loader.execute("DROP TRIGGER reports_fts_ai")
            # The change counter's row triggers (migration 0006) would fire once per loaded row: off during
            # the load, back after it, and the counter bumped once.
            counter_triggers = loader.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'log_changes_%'")
            for name, _sql in counter_triggers:
                loader.execute(f"DROP TRIGGER {name}")
        # Values both backends read as text: ISO dates, SQLAlchemy's timestamp format, 0/1 for booleans
        # (PostgreSQL's COPY parses them into the column types).
        now = sqlite_dt(dt.datetime.now(dt.timezone.utc))
        true = 1 if loader.sqlite else True
        false = 0 if loader.sqlite else False

        t0 = time.perf_counter()
        report_ids: list[str] = []
        cols = ["id", "seq", "sha256", "source", "media_type", "title", "publisher", "published_at", "retrieved_at",
                "language", "language_supported", "flags", "text", "original", "size_bytes", "ingested_at"]
        for part in chunks(n_reports, 20000):
            rows = []
            for i in part:
                text, title, publisher = report_text(rng, lexicon, i)
                data = text.encode()
                digest = hashlib.sha256(data).hexdigest()
                report_ids.append(digest)
                day = START + dt.timedelta(days=rng.randrange(DAYS))
                rows.append((digest, i + 1, digest, "synthetic", "text/plain", title, publisher, day.isoformat(),
                             now, "en", true, "[]", text, data, len(data), now))
            loader.insert("reports", cols, rows)
            print(f"\rreports {part.stop:,}/{n_reports:,}", end="", file=sys.stderr, flush=True)
        if not loader.sqlite:  # keep the identity column ahead of the explicit values
            loader.execute("SELECT setval(pg_get_serial_sequence('reports', 'seq'), (SELECT max(seq) FROM reports))")
        timings["reports_s"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        inc_cols = ["id", "status", "event_type", "sub_type", "date", "date_precision", "date_start", "date_end",
                    "place_name", "geonameid", "province", "country", "lat", "lon", "title", "fatalities", "figures",
                    "victims", "corroboration", "source_groups", "data", "created_at", "updated_at"]
        ir_cols = ["id", "report_id", "pipeline_version", "ordinal", "event_type", "sub_type", "date",
                   "date_precision", "date_start", "date_end", "place_name", "geonameid", "province", "country", "lat",
                   "lon", "counts", "victims", "evidence", "claimant", "confidence", "background", "data", "created_at"]
        link_cols = ["id", "incident_report_id", "incident_id", "score", "explanation", "created_at", "created_by",
                     "active"]
        ir_id = 0
        for part in chunks(n_incidents, 20000):
            incidents, irs, links = [], [], []
            for i in part:
                province, city, lat, lon = rng.choices(PROVINCES, PROVINCE_WEIGHTS)[0]
                etype, sub, _w, _words = rng.choices(EVENTS, EVENT_WEIGHTS)[0]
                day = (START + dt.timedelta(days=rng.randrange(DAYS))).isoformat()
                killed = rng.choice([0, 0, 0, 0, 1, 2, 3, 5, 8, 13, 40])
                geonameid = 9_000_000 + PROVINCES.index((province, city, lat, lon))
                inc_id = i + 1
                killed_json = json_text({"killed": {"min": killed}})
                incidents.append((inc_id, rng.choices(STATUSES, STATUS_WEIGHTS)[0], etype, sub, day, "day",
                                  day, day, city, geonameid, province, "IR", lat, lon, f"{etype} in {city}", killed,
                                  json_text({"killed": [{"value": killed}]}), "[]", rng.randint(1, per_incident),
                                  "[]", "{}", now, now))
                for _k in range(per_incident):
                    ir_id += 1
                    report_index = (ir_id - 1) % n_reports
                    irs.append((ir_id, report_ids[report_index], "synthetic-1", (ir_id - 1) // n_reports, etype, sub,
                                day, "day", day, day, city, geonameid, province, "IR", lat, lon,
                                killed_json, "[]", "[]", None, 0.9, false, "{}", now))
                    links.append((ir_id, ir_id, inc_id, 1.0, '{"synthetic":true}', now, "gen_synthetic", true))
            loader.insert("incidents", inc_cols, incidents)
            loader.insert("incident_reports", ir_cols, irs)
            loader.insert("incident_links", link_cols, links)
            print(f"\rincidents {part.stop:,}/{n_incidents:,}", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        if not loader.sqlite:
            for table in ("incidents", "incident_reports", "incident_links"):
                loader.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        timings["incidents_s"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        if not loader.sqlite:
            loader.execute("SET maintenance_work_mem = '512MB'")
        for _name, sql in indexes:
            loader.execute(sql)
        if loader.sqlite:
            loader.execute("INSERT INTO reports_fts(reports_fts) VALUES ('rebuild')")
            loader.execute(fts_trigger)
            for _name, sql in counter_triggers:
                loader.execute(sql)
            loader.execute("ANALYZE")
            loader.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        timings["indexes_s"] = time.perf_counter() - t0
        # The load ran with the change counter's triggers off (SQLite: dropped above; PostgreSQL: the
        # replica role skips triggers): bump it once, so a cache keyed on it sees the new rows.
        loader.execute("UPDATE log_changes SET n = n + 1 WHERE id = 1")
        loader.close()
        # The rows went in around the ORM, so no custody link was appended: chain them now, as the
        # migration does for an existing log (rasad verify would name every report otherwise).
        t0 = time.perf_counter()
        from rasad.store.custody import link_unchained

        with store.engine.begin() as conn:
            link_unchained(conn)
        timings["custody_s"] = time.perf_counter() - t0
    if not store.backend == "sqlite":
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    result = store.stats() | {k: round(v, 1) for k, v in timings.items()}
    store.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="sqlite:////tmp/rasad-scale.db")
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--reports-per-incident", type=int, default=3)
    parser.add_argument("--reports", type=int, default=None, help="report texts (default: as many as incidents)")
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--pg-schema", help="PostgreSQL: load into this schema (created if absent)")
    parser.add_argument("--fresh", action="store_true", help="PostgreSQL: drop --pg-schema first")
    args = parser.parse_args()
    url = pg_schema_url(args.url, args.pg_schema, create=True, fresh=args.fresh) if args.pg_schema else args.url
    started = time.perf_counter()
    result = generate(url, args.incidents, args.reports_per_incident, args.reports or args.incidents, args.seed)
    result["total_s"] = round(time.perf_counter() - started, 1)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
