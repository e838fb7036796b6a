"""One settings object for the whole package: env vars ``RASAD_*``, optional ``rasad.toml``."""

from __future__ import annotations

import functools
from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict, TomlConfigSettingsSource


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RASAD_", toml_file="rasad.toml", extra="ignore")

    database_url: str = "sqlite:///rasad.db"
    # Ingest limits: bad input gets a clear error, never a hang or an out-of-memory.
    max_input_bytes: int = 64 * 1024 * 1024
    # Analysis reads at most this many characters of a report (the full text is still stored);
    # beyond it the analysis is flagged "analysis-truncated". Keeps a 50 MB text from taking an hour.
    max_analysis_chars: int = 1_000_000
    # Seconds of analysis per report. Enforced by killing the analysis worker process (rasad.analysis.worker):
    # a report that holds it longer is stored without an analysis, journaled "analysis:budget", analysed
    # again by a later run. Inside the worker the pipeline stops handing chunks to spaCy at 3/4 of it, so a
    # long text of ordinary chunks comes back with what was read (flags "analysis:budget" and
    # "analysis-truncated:N", N the characters read). Analysis given a loaded pipeline (tests, evaluations)
    # runs in-process, held only by that check between chunks. 0: no time budget, no worker.
    analysis_timeout_s: float = 120.0
    # Threads for one onnxruntime operator of the analysis models in a process (0: two, or one on a
    # one-core machine). A Ray analysis actor uses the CPUs Ray gave it instead (rasad.models.use_cpus).
    analysis_threads: int = 0
    # Reading one report has a budget (issue 21, finding 1): a small hostile PDF can hold megabytes of
    # content stream that all its pages share. Decoded content-stream bytes read per PDF, a shared stream
    # counted for each page that uses it; and seconds per PDF, in a worker process that is killed at the
    # deadline (0: read in-process, without the time budget). What was cut is flagged "extraction:budget".
    pdf_max_content_bytes: int = 32 * 1024 * 1024
    extract_timeout_s: float = 60.0
    fetch_timeout_s: float = 20.0
    fetch_max_redirects: int = 5
    user_agent: str = "Rasad/0.1 (+offline-first incident log)"
    # Web app: addresses of reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed
    # (comma-separated IPs or networks, e.g. "127.0.0.1"). Empty by default: otherwise any local
    # process could pose as any client address and slip past the per-address sign-in limit.
    trusted_proxies: str = ""
    # Database connections a process may hold at once (per pool: SQLite's readers, or PostgreSQL's one
    # pool, which may open half as many again for a moment). At least the web server's worker threads
    # (web_threads), so a request never waits for a connection.
    db_pool_size: int = 24
    # The web server's worker threads: how many requests are worked on at once (sync views run in
    # AnyIO's thread pool; its default of 40 only adds contention on two cores). Others wait their turn.
    web_threads: int = 16
    # Compute the whole-log figures (overview, map, counts) when the web app starts, in the background.
    web_warm_cache: bool = True
    # Seconds a search request may spend in the database; past it the page says the search was cut
    # and shows what it found (a short common string over a million incidents).
    web_search_budget_s: float = 2.0
    # Web app: the largest request body but an upload (sign-in, review and source forms); uploads may be
    # max_input_bytes and a little form. Both are refused from the headers, before the body is read.
    web_max_form_bytes: int = 1024 * 1024
    # Encryption at rest (SQLCipher 4) of a SQLite log: the passphrase itself, or a file holding it
    # (first line; refused unless readable by its owner only). Neither set and the log encrypted: a
    # prompt on a terminal, else one line saying how to give the key. See docs/security.md.
    db_key: SecretStr | None = None
    db_key_file: Path | None = None
    # An encrypted log's pages are decrypted into SQLite's page cache, which is per connection: a
    # plain log is served from the operating system's file cache instead. The most MiB of decrypted
    # pages each connection of an encrypted log keeps (allocated as pages are read). See docs/storage.md.
    db_cache_mib: int = 256
    # PostgreSQL: a server other than this machine is used only over TLS (sslmode=require, verify-ca or
    # verify-full in the URL or PGSSLMODE), unless this is set (a network you trust end to end).
    allow_insecure_postgres: bool = False

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))


@functools.lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


DATA_DIR = Path(__file__).parent / "data"
REPO_ROOT = Path(__file__).resolve().parents[2]  # valid in an editable install (the way we ship)
SHARED_DIR = REPO_ROOT.parent / "shared"
