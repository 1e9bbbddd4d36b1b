"""The command line: ``divert-desktop [--database URL] COMMAND``. A stable contract; see README."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from divert_desktop import __version__
from divert_desktop.core.errors import DivertError

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_UNREADABLE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="divert-desktop",
        description="DIVERT Desktop: case management for the DIVERT drug diversion scheme. "
        "With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--database",
        metavar="URL",
        help="database URL (default: $DIVERT_DATABASE_URL, else the SQLite file in the user data folder)",
    )
    parser.add_argument(
        "--demo", action="store_true", help="fill a new database with synthetic demo data"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    db = sub.add_parser("db", help="database schema")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_sub.add_parser("upgrade", help="create or upgrade the database schema")
    db_sub.add_parser("current", help="print the schema revision")

    users = sub.add_parser("users", help="staff accounts")
    users_sub = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = users_sub.add_parser("add", help="add a staff account")
    add.add_argument("username")
    add.add_argument(
        "--role", required=True, choices=["receptionist", "caseworker", "manager", "administrator"]
    )
    add.add_argument("--display-name", help="full name (default: the username)")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )

    demo = sub.add_parser("demo-data", help="add realistic synthetic demo data")
    demo.add_argument("--people", type=int, default=500)
    demo.add_argument("--seed", type=int, default=1)

    imp = sub.add_parser(
        "import-referrals", help="import the police booking app's export (CSV or JSON Lines)"
    )
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="check and report, store nothing")
    imp.add_argument("--json", action="store_true", help="print one JSON object with the result")
    imp.add_argument(
        "--rejects", type=Path, metavar="PATH", help="write rejected rows to this CSV file"
    )

    eng = sub.add_parser("engagement", help="engagement deadlines")
    eng_sub = eng.add_subparsers(dest="engagement_command", metavar="ACTION", required=True)
    upd = eng_sub.add_parser(
        "update", help="close referrals past their engagement deadline as not engaged"
    )
    upd.add_argument("--today", help="the date to treat as today (YYYY-MM-DD)")

    exp = sub.add_parser("export", help="export data")
    exp_sub = exp.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    exp_ref = exp_sub.add_parser("referrals", help="one row per referral, as CSV")
    exp_ref.add_argument("--out", type=Path, required=True)

    diary = sub.add_parser("diary", help="print a day's diary (the day sheet) as a PDF")
    diary.add_argument("--date", required=True, help="the day (YYYY-MM-DD)")
    which = diary.add_mutually_exclusive_group()
    which.add_argument("--venue", metavar="NAME", help="one venue (default: every venue)")
    which.add_argument("--caseworker", metavar="USER", help="one caseworker, by username")
    diary.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")

    rep = sub.add_parser("report", help="the managers' summary as PDF, spreadsheet (.xlsx) or CSV")
    rep.add_argument(
        "--from", dest="date_from", required=True, help="first referral date (YYYY-MM-DD)"
    )
    rep.add_argument("--to", dest="date_to", required=True, help="last referral date (YYYY-MM-DD)")
    rep.add_argument("--area", help="one local authority (default: all seven areas)")
    rep.add_argument("--out", type=Path, required=True, metavar="FILE.pdf|FILE.xlsx|FILE.csv")
    rep.add_argument(
        "--internal", action="store_true", help="show counts below 5 (internal use only)"
    )
    templates = ", ".join(t.value for t in _templates())
    one = sub.add_parser("letter", help="make one letter for a referral, as a PDF")
    one.add_argument("template", metavar="TEMPLATE", help=f"one of: {templates}")
    one.add_argument("--referral", required=True, metavar="POLICE_REFERENCE")
    one.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    one.add_argument("--large-print", action="store_true", help="print in large type (16 pt)")
    many = sub.add_parser("letters", help="make a batch of letters into a folder")
    many.add_argument("template", metavar="TEMPLATE", help=f"one of: {templates}")
    when = many.add_mutually_exclusive_group(required=True)
    when.add_argument("--date", help="one day (YYYY-MM-DD)")
    when.add_argument("--from", dest="date_from", help="first day (YYYY-MM-DD), with --to")
    many.add_argument("--to", dest="date_to", help="last day (YYYY-MM-DD), with --from")
    many.add_argument("--out", type=Path, required=True, metavar="DIR")
    many.add_argument("--large-print", action="store_true", help="print in large type (16 pt)")
    return parser


def _templates():  # type: ignore[no-untyped-def]
    from divert_desktop.core.enums import LetterTemplate

    return list(LetterTemplate)


def _err(message: str) -> None:
    print(f"divert-desktop: {message}", file=sys.stderr)


def _open_database(url: str | None):  # type: ignore[no-untyped-def]
    from divert_desktop.paths import default_database_url
    from divert_desktop.persistence.database import Database
    from divert_desktop.persistence.migrate import upgrade

    db = Database(url or default_database_url())
    upgrade(db.engine)
    return db


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    first = getpass.getpass("Password: ")
    second = getpass.getpass("Same password again: ")
    if first != second:
        raise DivertError("The two passwords are different. Nothing was changed.")
    return first


def run(args: argparse.Namespace) -> int:
    from divert_desktop.services.context import cli_actor

    actor = cli_actor()
    db = _open_database(args.database)
    try:
        if args.command == "db":
            from divert_desktop.persistence.migrate import current_revision

            if args.db_command == "upgrade":
                print(f"Database is at schema revision {current_revision(db.engine)}.")
            else:
                print(current_revision(db.engine))
            return EXIT_OK
        if args.command == "users":
            from divert_desktop.core.enums import Role
            from divert_desktop.services.users import add_user

            password = _read_password(args.password_stdin)
            user = add_user(
                db,
                actor,
                username=args.username,
                display_name=args.display_name or args.username,
                role=Role(args.role),
                password=password,
            )
            print(f"Added {user.username} ({user.role.value}).")
            return EXIT_OK
        if args.command == "demo-data":
            from divert_desktop.services.demo import generate

            result = generate(db, actor, people=args.people, seed=args.seed)
            print(
                f"Added {result.people} people, {result.referrals} referrals and "
                f"{result.appointments} appointments."
            )
            return EXIT_OK
        if args.command == "import-referrals":
            return _import(db, actor, args)
        if args.command == "engagement":
            from divert_desktop.core.validation import parse_date
            from divert_desktop.services.engagement import update_engagement

            today = parse_date(args.today, "today") if args.today else date.today()
            result = update_engagement(db, actor, today=today)
            print(f"Closed {result.closed} referral(s) as not engaged.")
            return EXIT_OK
        if args.command == "export":
            from divert_desktop.services.export import export_referrals_csv

            count = export_referrals_csv(db, actor, args.out)
            print(f"Wrote {count} referral(s) to {args.out}.")
            return EXIT_OK
        if args.command == "diary":
            return _diary(db, actor, args)
        if args.command == "letter":
            return _letter(db, actor, args)
        if args.command == "letters":
            return _letters(db, actor, args)
        if args.command == "report":
            from divert_desktop.services.summaries.report_file import write_report

            summary = write_report(db, actor, args.date_from, args.date_to, args.area, args.out,
                                   internal=args.internal)  # fmt: skip
            print(f"Wrote the summary of {summary.headline.referrals} referral(s) to {args.out}.")
            return EXIT_OK
        raise AssertionError(args.command)
    finally:
        db.dispose()


def _diary(db, actor, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from divert_desktop.core.validation import parse_date
    from divert_desktop.documents.day_sheet import render_day_sheet
    from divert_desktop.services import diary_view

    day = parse_date(args.date, "date")
    which = {}
    if args.venue:
        which["venue_id"] = diary_view.resolve_venue(db, args.venue).id
    elif args.caseworker:
        which["caseworker_id"] = diary_view.resolve_caseworker(db, args.caseworker).id
    sheet = diary_view.day_sheet(db, actor, day, **which)
    args.out.write_bytes(render_day_sheet(sheet))
    print(f"Wrote the day sheet for {sheet.name}, {len(sheet.rows)} appointment(s), to {args.out}.")
    return EXIT_OK


def _letter(db, actor, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from divert_desktop.core.letters import label, parse_template
    from divert_desktop.services import letters

    template = parse_template(args.template)
    referral_id = letters.referral_id_for(db, actor, args.referral)
    made = letters.produce_letter(db, actor, template, referral_id=referral_id,
                                  large_print=True if args.large_print else None)  # fmt: skip
    args.out.write_bytes(made.combined())
    extra = " and the appropriate adult's copy" if len(made.letters) > 1 else ""
    print(f"Wrote the {label(template).lower()} letter for {args.referral}{extra} to {args.out}.")
    for note in made.notes:
        print(f"  {note}")
    return EXIT_OK


def _letters(db, actor, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from divert_desktop.core.letters import parse_template
    from divert_desktop.services.letter_batches import run_batch

    if args.date_from and not args.date_to:
        raise DivertError("Give the last day with --to as well as --from.")
    if args.date_to and not args.date_from:
        raise DivertError("--to goes with --from (or give one day with --date).")
    template = parse_template(args.template)
    first, last = (args.date, None) if args.date else (args.date_from, args.date_to)
    result = run_batch(db, actor, template, first, last, args.out,
                       large_print=True if args.large_print else None)  # fmt: skip
    print(f"{result.summary} In {args.out}.")
    if result.combined is not None:
        print(f"To print them all: {result.combined}")
    if result.left_out:
        print("Left out (contact them another way):")
        for person in result.left_out:
            print(f"  {person.police_reference} {person.person_name}: {person.reason}")
    return EXIT_OK


def _import(db, actor, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from divert_desktop.services.importer import ImportFileError, import_referrals, write_rejects

    try:
        result = import_referrals(db, actor, args.file, dry_run=args.dry_run)
    except ImportFileError as exc:
        if args.json:
            print(json.dumps({"rows": 0, "imported": 0, "duplicates": 0, "rejected": 0,
                              "ineligible": 0, "possible_matches": 0,
                              "errors": [{"row": None, "police_reference": None, "field": None,
                                          "message": str(exc)}]}))  # fmt: skip
        _err(str(exc))
        return EXIT_UNREADABLE
    if args.rejects is not None:
        write_rejects(result, args.rejects)
    if args.json:
        print(json.dumps(result.to_json()))
    else:
        verb = "Would import" if args.dry_run else "Imported"
        print(
            f"{verb} {result.imported} of {result.rows} row(s): {result.duplicates} duplicate(s), "
            f"{result.rejected} rejected, {result.ineligible} ineligible, "
            f"{result.possible_matches} possible match(es) to review."
        )
        for error in result.errors:
            ref = f" ({error.police_reference})" if error.police_reference else ""
            print(f"  row {error.row}{ref}: {error.field}: {error.message}", file=sys.stderr)
    return EXIT_ERROR if result.rejected else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from divert_desktop.app import run_gui

        return run_gui(database=args.database, demo=args.demo)
    try:
        return run(args)
    except DivertError as exc:
        _err(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _err("stopped.")
        return 130
    except Exception as exc:
        from sqlalchemy.exc import OperationalError

        if isinstance(exc, OperationalError):
            _err(f"cannot use the database: {str(exc.orig).strip().splitlines()[0]}")
        else:
            _err(f"unexpected error ({type(exc).__name__}): {exc}")
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
