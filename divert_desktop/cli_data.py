"""The data-protection commands: ``backup``, ``restore``, ``export-person`` and ``retention``."""

from __future__ import annotations

import argparse

from divert_desktop.cli_common import existing_id, shown
from divert_desktop.core.errors import DivertError
from divert_desktop.services.context import Actor

EXIT_OK = 0
EXIT_ERROR = 1


def _sqlite_or_explain(url: str, command: str) -> bool:
    """True for SQLite; for PostgreSQL print the documented procedure and say so."""
    from sqlalchemy.engine import make_url

    from divert_desktop.clock import SystemClock
    from divert_desktop.persistence.database import Database
    from divert_desktop.services.admin.backups import pg_procedure

    if make_url(url).get_backend_name() == "sqlite":
        return True
    db = Database(url, clock=SystemClock())
    try:
        print(pg_procedure(db))
    finally:
        db.dispose()
    tool = "pg_dump" if command == "backup" else "pg_restore"
    raise DivertError(
        f"this database is on a PostgreSQL server: its administrator uses {tool} "
        "(the documented commands are above)."
    )


def backup_or_restore(args: argparse.Namespace, actor: Actor) -> int:
    """``backup --out FILE`` / ``restore FILE``: SQLite only; a damaged backup is refused before
    the current database is even opened."""
    from divert_desktop.clock import SystemClock
    from divert_desktop.paths import default_database_url
    from divert_desktop.persistence.database import Database
    from divert_desktop.services.admin import backups

    url = args.database or default_database_url()
    _sqlite_or_explain(url, args.command)
    if args.command == "restore":
        checked = backups.check_backup(args.file)  # raises BackupError: nothing touched
    if args.command == "backup":
        from divert_desktop.cli_common import open_database as _open_database

        db = _open_database(url)  # migrated as at every start (a backup first when it upgrades)
    else:
        db = Database(url, clock=SystemClock())
    try:
        if args.command == "backup":
            made = backups.backup_to(db, actor, args.out)
            print(
                f"Backed up the database to {shown(made.path)} ({made.size:,} bytes); its "
                f"checksum is in {shown(made.path.name)}.sha256."
            )
            return EXIT_OK
        result = backups.restore(db, actor, args.file)
        from divert_desktop.services.lists.common import utc_text

        when = utc_text(checked.created_at)
        kept = (
            f" The database as it was is kept in {result.safety_copy}."
            if result.safety_copy
            else ""
        )
        print(f"Restored the database from {shown(args.file)} (made {when}).{shown(kept)}")
        return EXIT_OK
    finally:
        db.dispose()


def export_person(db, actor: Actor, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from divert_desktop.services.data_protection.subject_access import PERSON_NOT_FOUND
    from divert_desktop.services.data_protection.subject_access import export_person as export

    person_id = existing_id(args.person_id, PERSON_NOT_FOUND)
    files = export(db, actor, person_id, args.out)
    print(
        f"Wrote everything held about person {person_id} to {shown(files.folder)}: "
        f"{shown(files.pdf.name)}, {shown(files.json.name)} and {len(files.letters)} "
        "letter(s)."
    )
    return EXIT_OK


def retention(db, actor: Actor, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from divert_desktop.services.data_protection.retention import apply_retention, people_due

    if args.apply:
        result = apply_retention(db, actor)
        print(f"Anonymised {result.anonymised} person(s).")
        return EXIT_OK
    review = people_due(db, actor)
    for row in review.rows:
        print(
            f"{row.person_id}\t{shown(row.name)}\tborn {row.date_of_birth_text}\t"
            f"last referral closed {row.last_closed_text}\tdue since {row.due_on_text}"
        )
    print(f"{len(review.rows)} person(s) due for anonymising (retention {review.years} years).")
    return EXIT_OK


def audit_verify(db, actor: Actor, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    """``audit verify [--backup FILE|DIR] [--checkpoint]``: exit 0 with how many events were
    checked, or 1 naming the first broken event and what happened to the trail."""
    from divert_desktop.persistence.models import utcnow
    from divert_desktop.services.admin.backups import default_folder
    from divert_desktop.services.audit.checkpoints import backup_checkpoints
    from divert_desktop.services.audit.view import verify_audit_trail

    where = [default_folder(), *args.backup]
    check = verify_audit_trail(
        db,
        actor,
        checkpoints=backup_checkpoints(where),
        checkpoint_at=utcnow() if args.checkpoint else None,
    )
    print(check.message)
    if check.note:
        print(check.note)
    if check.ok and args.checkpoint and "not recorded" not in check.note:
        print("Recorded a checkpoint of the audit trail as it is now.")
    return EXIT_OK if check.ok else EXIT_ERROR


def export_evaluation(db, actor: Actor, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    """``export evaluation --from D1 --to D2 --key-file FILE --out FILE.csv``: prints the rows
    written, what was generalised and the key's fingerprint."""
    from divert_desktop.core.validation import parse_date
    from divert_desktop.services.reports.evaluation import export_evaluation as export

    made = export(
        db,
        actor,
        parse_date(args.date_from, "from"),
        parse_date(args.date_to, "to"),
        args.key_file,
        args.out,
    )
    print(
        f"Wrote {made.rows} referral(s) to {shown(args.out)}, every combination of age band, "
        f"gender, ethnicity and area shared by {made.k} rows or more."
    )
    print("Generalised:" if made.rows else "Generalised: nothing.")
    for line in made.generalised if made.rows else ():
        print(f"  {shown(line)}")
    print(f"Key fingerprint: {made.fingerprint} (check it matches the police evaluators' key).")
    return EXIT_OK
