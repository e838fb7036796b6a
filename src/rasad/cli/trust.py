"""Trust commands (issue 21): ``encrypt`` and ``rekey`` (a SQLite log under SQLCipher), ``verify`` (the
custody chains, the originals, a receipt, an export's manifest), ``keygen`` and ``receipt`` (Ed25519)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer

from rasad.cli import app, common

console, _fail, _open_store, printable = common.console, common.fail, common.open_store_or_fail, common.printable


def _sqlite_path() -> Path:
    from sqlalchemy.engine import make_url

    from rasad.store.db import default_url

    url = make_url(default_url())
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        _fail("encryption at rest is for a SQLite log file (RASAD_DATABASE_URL=sqlite:///path); "
              "for PostgreSQL use TLS and an encrypted disk (docs/security.md)")
    return Path(url.database).expanduser().resolve()


def _new_key(path: Path, key_file: Path | None, env: str | None, label: str, option: str = "--key-file") -> str:
    """The key to encrypt with: ``key_file``, else ``env`` (None: the configured key, as the log will be
    opened with it: RASAD_DB_KEY, db_key, RASAD_DB_KEY_FILE), else typed twice."""
    from rasad.store.keys import KeyError_, configured_key, prompt_key, read_key_file

    try:
        if key_file is not None:
            return read_key_file(key_file)
        if env is None:
            configured = configured_key()
            if configured:
                return configured
        elif os.environ.get(env):
            return os.environ[env]
        key = prompt_key(path, confirm=True, label=label)
    except KeyError_ as exc:
        _fail(str(exc))
    if key is None:
        _fail(f"no {label}: give {option}, set {env or 'RASAD_DB_KEY or RASAD_DB_KEY_FILE'}, or run on a "
              "terminal to type it")
    return key


def _reencrypt(path: Path, old_key: str | None, new_key: str) -> dict:
    from rasad.store.cipher import CipherError, reencrypt

    try:
        return reencrypt(path, old_key=old_key, new_key=new_key)
    except (CipherError, OSError) as exc:
        _fail(str(exc))


@app.command()
def encrypt(
    key_file: Path = typer.Option(None, "--key-file", help="a file (chmod 600) holding the new key on its first "
                                  "line; default: the key set (RASAD_DB_KEY, RASAD_DB_KEY_FILE), else typed twice"),
) -> None:
    """Encrypt a plain SQLite log in place (SQLCipher 4): copied with sqlcipher_export, verified, then
    atomically put in the log's place; the plain file is overwritten with zeros (best effort) and
    removed. Stop `rasad serve` and other Rasad processes on this log first."""
    path = _sqlite_path()
    result = _reencrypt(path, None, _new_key(path, key_file, None, "new key"))
    rows = sum(result["counts"].values())
    console.print(f"[green]encrypted[/] {printable(path)} ({rows:,} rows verified); from now on give its key "
                  "with RASAD_DB_KEY or RASAD_DB_KEY_FILE, or type it when asked. Backups made before are "
                  "still plain: encrypt or destroy them." + ("" if result["old_file_overwritten"] else
                                                              " The plain file could not be overwritten."),
                  highlight=False)


@app.command()
def rekey(
    new_key_file: Path = typer.Option(None, "--new-key-file", help="a file (chmod 600) holding the new key; "
                                      "default: RASAD_NEW_DB_KEY, else typed twice on the terminal"),
) -> None:
    """Change an encrypted log's key (the current key as usual: RASAD_DB_KEY, RASAD_DB_KEY_FILE or asked):
    the log is re-encrypted into a new file, verified and swapped in atomically."""
    from rasad.store import StoreError
    from rasad.store.keys import KeyError_, resolve_key

    path = _sqlite_path()
    try:
        old_key = resolve_key(path)
    except (KeyError_, StoreError) as exc:
        _fail(str(exc))
    if old_key is None:
        _fail(f"no current key for {path}: set RASAD_DB_KEY or RASAD_DB_KEY_FILE, or run on a terminal")
    new_key = _new_key(path, new_key_file, "RASAD_NEW_DB_KEY", "new key", "--new-key-file")
    if new_key == old_key:
        _fail("the new key is the current key")
    result = _reencrypt(path, old_key, new_key)
    rows = sum(result["counts"].values())
    console.print(f"[green]rekeyed[/] {printable(path)} ({rows:,} rows verified); give the NEW key from now on "
                  "(RASAD_DB_KEY / RASAD_DB_KEY_FILE). Backups keep the key they were made with.", highlight=False)


@app.command()
def keygen(
    private_key: Path = typer.Argument(..., help="the private key file to create (0600); the public key goes "
                                       "to the same name + .pub"),
) -> None:
    """Make an Ed25519 key pair to sign custody receipts and export manifests. Keep the private key off
    the machine that holds the log when you can; hand the .pub file to whoever will check receipts."""
    from rasad.store.custody import CustodyError, generate_keypair

    public = private_key.with_name(private_key.name + ".pub")
    try:
        fp = generate_keypair(private_key, public)
    except CustodyError as exc:
        _fail(str(exc))
    console.print(f"[green]key pair written[/]: {printable(private_key)} (private, 0600), {printable(public)} "
                  f"(public); fingerprint {fp}", highlight=False)


def _write_new(path: Path, data: str, force: bool) -> None:
    from rasad.log.exporters import ExportError, write_text

    try:
        write_text(path, data, force=force)
    except ExportError as exc:
        _fail(str(exc))


@app.command()
def receipt(
    key: Path = typer.Option(..., "--key", help="the Ed25519 private key (rasad keygen)"),
    out: Path = typer.Option(..., "--out", help="the receipt file to write"),
    force: bool = typer.Option(False, "--force", help="replace --out if it exists"),
) -> None:
    """Verify the log, then sign its chain heads into a small receipt. Anyone with the public key can later
    check that the log still holds exactly what the receipt covers (rasad verify --receipt)."""
    from rasad.store.custody import CustodyError, load_private_key, make_receipt

    try:
        private = load_private_key(key)
    except CustodyError as exc:
        _fail(str(exc))
    with _open_store() as store:
        try:
            document = make_receipt(store, private)
        except CustodyError as exc:
            _fail(str(exc))
    _write_new(out, json.dumps(document, indent=2, ensure_ascii=False) + "\n", force)
    links = ", ".join(f"{name} {head['position']}" for name, head in sorted(document["heads"].items())) or "no links"
    console.print(f"[green]receipt written[/] {printable(out)}: {links}; signed by {document['signer']}",
                  highlight=False)


@app.command()
def verify(
    receipt_path: Path = typer.Option(None, "--receipt", help="also check this receipt (needs --public-key)"),
    public_key: Path = typer.Option(None, "--public-key", help="the signer's Ed25519 public key (.pub)"),
    manifest: Path = typer.Option(None, "--manifest", help="check an export against its manifest (no log needed "
                                  "unless --receipt is given too)"),
    skip_originals: bool = typer.Option(False, "--skip-originals", help="do not rehash every original (faster)"),
) -> None:
    """Walk every custody chain and rehash every stored original; check a receipt and a manifest. One line per
    problem (the first broken link of a chain first) and exit status 1; nothing printed but a summary when
    all holds."""
    from rasad.store.custody import CustodyError, check_manifest, check_receipt, load_public_key, read_json
    from rasad.store.custody import verify as run_verify

    if receipt_path is not None and public_key is None:
        _fail("--receipt needs --public-key (the signer's public key)")
    try:
        pub = load_public_key(public_key) if public_key is not None else None
        problems: list[str] = []
        if manifest is not None:
            problems += check_manifest(manifest, pub)
            if receipt_path is None:
                _finish(problems, f"{manifest}: every file matches" + (" and the signature holds" if pub else ""))
                return
        receipt_doc = read_json(receipt_path, "receipt") if receipt_path is not None else None
        with _open_store() as store:
            result = run_verify(store, originals=not skip_originals)
            problems += result.problems
            if receipt_doc is not None:
                problems += check_receipt(store, receipt_doc, pub)
    except CustodyError as exc:
        _fail(str(exc))
    links = sum(result.links.values())
    summary = (f"custody: {links:,} links in {len(result.links)} chains hold"
               + ("" if skip_originals else f"; {result.originals_checked:,} originals match their ids")
               + ("; the receipt's heads are links of this log" if receipt_doc is not None else ""))
    _finish(problems, summary)


def _finish(problems: list[str], summary: str) -> None:
    if problems:
        for line in problems:
            common.err.print(f"[bold red]problem:[/] {printable(line)}", highlight=False, soft_wrap=True)
        raise typer.Exit(1)
    console.print(f"[green]ok[/] {printable(summary)}", highlight=False)
