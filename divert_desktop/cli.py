"""The command line: ``divert-desktop [--database URL] COMMAND``. A stable contract; see README."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from divert_desktop import __version__
from divert_desktop.cli_common import err as _err
from divert_desktop.cli_common import open_database as _open_database
from divert_desktop.cli_common import shown
from divert_desktop.cli_common import signed_in_url as _signed_in_url
from divert_desktop.core.errors import DatabaseUnavailableError, DivertError
from divert_desktop.core.validation import visible_text

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
        "--user",
        metavar="NAME",
        help="on a shared server: sign in as this member of staff (their own database login); "
        "the command may do only what their role may",
    )
    parser.add_argument(
        "--password-stdin",
        dest="own_password_stdin",
        action="store_true",
        help="with --user: read your password from the first line of standard input "
        "(else it is asked for)",
    )
    parser.add_argument(
        "--demo", action="store_true", help="fill a new database with synthetic demo data"
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this copy of the app end to end on a temporary database, without a screen",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    db = sub.add_parser("db", help="database schema")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = db_sub.add_parser(
        "upgrade",
        help="create or upgrade the database schema; on a shared server with no administrator "
        "login, gives the first administrator theirs (asked for on a terminal)",
    )
    up.add_argument(
        "--admin",
        metavar="NAME",
        help="on a shared server: the administrator account that gets its own login during the "
        "upgrade (run as the owner role)",
    )
    up.add_argument(
        "--password-stdin",
        action="store_true",
        help="with --admin: read the administrator's new password from standard input",
    )
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
    users_sub.add_parser("list", help="list staff accounts")
    for action, text in (
        ("disable", "disable an account (its open session ends)"),
        ("enable", "enable a disabled account"),
    ):
        users_sub.add_parser(action, help=text).add_argument("username")
    role = users_sub.add_parser("set-role", help="give an account another role")
    role.add_argument("username")
    role.add_argument("--role", required=True, choices=[r.value for r in _roles()])
    reset = users_sub.add_parser(
        "reset-password", help="set a temporary password; a new one is chosen at next sign-in"
    )
    reset.add_argument("username")
    reset.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )

    sets = sub.add_parser("settings", help="shared settings (deadlines, letterhead, retention …)")
    sets_sub = sets.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    sets_sub.add_parser("list", help="every setting with its value (defaults included)")
    sets_sub.add_parser("get", help="print one setting's value").add_argument("key", metavar="KEY")
    set_one = sets_sub.add_parser(
        "set", help="change one setting (checked against what it allows; audited)"
    )
    set_one.add_argument("key", metavar="KEY")
    set_one.add_argument("value", metavar="VALUE", help=r"the new value (\n for a new line)")
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

    from divert_desktop.cli_slots import add_parsers as add_slot_parsers

    add_slot_parsers(sub)

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
    exp_eva = exp_sub.add_parser(
        "evaluation", help="the pseudonymised extract for the police evaluators, as CSV"
    )
    exp_eva.add_argument(
        "--from", dest="date_from", required=True, help="first referral date (YYYY-MM-DD)"
    )
    exp_eva.add_argument(
        "--to", dest="date_to", required=True, help="last referral date (YYYY-MM-DD)"
    )
    exp_eva.add_argument(
        "--key-file",
        type=Path,
        required=True,
        metavar="FILE",
        help="the key shared with the police evaluators (kept outside the data folder)",
    )
    exp_eva.add_argument("--out", type=Path, required=True, metavar="FILE.csv")

    diary = sub.add_parser("diary", help="print a day's diary (the day sheet) as a PDF")
    diary.add_argument("--date", required=True, help="the day (YYYY-MM-DD)")
    which = diary.add_mutually_exclusive_group()
    which.add_argument(
        "--venue", metavar="NAME", help="one venue (default: every venue, one after another)"
    )
    which.add_argument("--caseworker", metavar="USER", help="one caseworker, by username")
    diary.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")

    fol = sub.add_parser("followup", help="six-month follow-ups (re-arrests)")
    fol_sub = fol.add_subparsers(dest="followup_command", metavar="ACTION", required=True)
    fol_imp = fol_sub.add_parser(
        "import", help="record six-month follow-ups from a CSV of police references"
    )
    fol_imp.add_argument("file", type=Path, metavar="FILE.csv")
    fol_imp.add_argument("--dry-run", action="store_true", help="check and report, store nothing")
    fol_imp.add_argument(
        "--json", action="store_true", help="print one JSON object with the result"
    )
    fol_imp.add_argument(
        "--key-file",
        type=Path,
        metavar="FILE",
        help="the evaluation key, for a file whose referrals are given by pseudo_referral",
    )

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

    bak = sub.add_parser(
        "backup", help="back up the SQLite database to a file or into a folder (with its checksum)"
    )
    bak.add_argument(
        "--out",
        required=True,
        metavar="FILE|DIR",
        help="the backup file, or a folder (one that exists, or ending in /) to put it in as "
        "manual-YYYYMMDD-HHMMSS.sqlite3",
    )
    res = sub.add_parser(
        "restore", help="replace the SQLite database with a backup, after checking the backup"
    )
    res.add_argument("file", type=Path, metavar="FILE")

    aud = sub.add_parser("audit", help="the audit trail")
    aud_sub = aud.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    ver = aud_sub.add_parser(
        "verify", help="check every audit event, its key and every checkpoint of the trail"
    )
    ver.add_argument(
        "--backup",
        action="append",
        type=Path,
        default=[],
        metavar="FILE|DIR",
        help="also compare with the checkpoint of this backup (a file, or a folder of backups); "
        "the backups folder in the user data folder is always read",
    )
    ver.add_argument(
        "--checkpoint",
        action="store_true",
        help="when the trail is intact, record a checkpoint of it in the database",
    )

    sar = sub.add_parser(
        "export-person", help="everything held about one person (PDF, JSON and letters)"
    )
    sar.add_argument("person_id", type=int, metavar="ID")
    sar.add_argument("--out", type=Path, required=True, metavar="DIR")

    ret = sub.add_parser("retention", help="people due for anonymising under the retention setting")
    what = ret.add_mutually_exclusive_group(required=True)
    what.add_argument("--list", action="store_true", help="list the people due")
    what.add_argument("--apply", action="store_true", help="anonymise everyone due")
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


def _roles() -> list:  # type: ignore[type-arg]
    from divert_desktop.core.enums import Role

    return list(Role)


def _users(db, actor, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from divert_desktop.core.enums import Role
    from divert_desktop.services.admin import accounts
    from divert_desktop.services.admin.users import add_user, list_users

    shared = not db.is_sqlite  # the account's login role is managed too
    if args.users_command == "add":
        password = _read_password(args.password_stdin)
        user = add_user(
            db,
            actor,
            username=args.username,
            display_name=args.display_name or args.username,
            role=Role(args.role),
            password=password,
            server_login=shared,
        )
        print(f"Added {shown(user.username)} ({user.role.value}).")
        return EXIT_OK
    if args.users_command == "list":
        for u in list_users(db, actor):
            state = "active" if u.active else "disabled"
            flag = ", must choose a new password" if u.must_change_password else ""
            print(f"{shown(u.username)}\t{u.role.value}\t{state}{flag}\t{shown(u.display_name)}")
        return EXIT_OK
    user = accounts.find_user(db, actor, args.username)
    if args.users_command in ("disable", "enable"):
        user = accounts.set_active(
            db, actor, user.id, args.users_command == "enable", server_login=shared
        )
        print(f"{shown(user.username)} is now {'active' if user.active else 'disabled'}.")
    elif args.users_command == "set-role":
        user = accounts.set_role(db, actor, user.id, Role(args.role), server_login=shared)
        print(f"{shown(user.username)} is now a {user.role.value}.")
    else:
        user = accounts.reset_password(
            db, actor, user.id, _read_password(args.password_stdin), server_login=shared
        )
        print(
            f"Reset the password of {shown(user.username)}: they choose a new one at next sign-in."
        )
    return EXIT_OK


def _setting_text(key: str, value: object, *, one_line: bool = True) -> str:
    """A setting as printed: ``list`` and ``set`` keep each on one line ("\\n" for a line
    break); ``get`` prints the value itself, line breaks and all."""
    if key == "organisation_logo":
        return "(an image)" if value else "(none)"
    text = str(value).replace("\n", "\\n") if one_line else str(value)
    return visible_text(text, lines=not one_line)


def _settings(db, actor, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from divert_desktop.core.errors import ValidationError
    from divert_desktop.services.admin import settings

    if args.settings_command == "list":
        for key, value in settings.list_settings(db, actor).items():
            print(f"{key}\t{_setting_text(key, value)}\t{settings.describe(key)}")
        return EXIT_OK
    if args.settings_command == "get":
        print(_setting_text(args.key, settings.get_setting(db, actor, args.key), one_line=False))
        return EXIT_OK
    try:
        value = settings.set_setting(db, actor, args.key, args.value)
    except ValidationError as exc:  # name the setting the message is about, once
        if args.key not in settings.DEFAULTS or exc.message.startswith(args.key):
            raise
        raise ValidationError(f"{args.key}: {exc.message}", field=exc.field) from exc
    print(f"{args.key} is now {_setting_text(args.key, value)}.")
    return EXIT_OK


def _templates():  # type: ignore[no-untyped-def]
    from divert_desktop.core.enums import LetterTemplate

    return list(LetterTemplate)


def _own_password(args: argparse.Namespace) -> str | None:
    if args.user is None:
        return None
    if args.own_password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    return getpass.getpass(f"Password for {args.user}: ")


def _default_url() -> str:
    from divert_desktop.paths import default_database_url

    return default_database_url()


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    first = getpass.getpass("Password: ")
    second = getpass.getpass("Same password again: ")
    if first != second:
        raise DivertError("The two passwords are different. Nothing was changed.")
    return first


def _first_administrator(db, args: argparse.Namespace, given: list[str]):  # type: ignore[no-untyped-def]
    """Before ``db upgrade`` on a shared server, run by the owner: when no administrator can
    sign in as their own login (a database made before revision 0010, or upgraded without
    one), which administrator account gets its login and its password (``--admin NAME
    --password-stdin``, else asked on a terminal). Returns the step the upgrade runs in its
    transaction, or None (nothing to give, or no terminal to ask on)."""
    from divert_desktop.persistence.upgrade import plan_upgrade
    from divert_desktop.services.admin.first_administrator import first_administrator_step
    from divert_desktop.services.context import cli_actor

    if db.is_sqlite:
        if args.admin:
            raise DivertError(
                "--admin is for a shared server. On a local file the first start asks for the "
                "administrator; use users add or users reset-password there."
            )
        return None
    if args.user is not None:  # a member of staff: the upgrade is the owner's
        return None
    plan = plan_upgrade(db)
    accounts = plan.administrators_with_login + plan.administrators_without_login
    name = args.admin.strip().lower() if args.admin else None
    if name is None:
        if not plan.needs_administrator_login or not plan.administrators_without_login:
            return None
        if not sys.stdin.isatty():
            return None  # said after the upgrade, in one line
        name = _ask_administrator(plan.administrators_without_login)
    if name not in accounts:
        known = ", ".join(accounts) or "none"
        raise DivertError(
            f"There is no active administrator account called {name} (administrators: "
            f"{known}). The database was not changed."
        )
    if not args.password_stdin:
        print(f"Choose {name}'s password for signing in to the shared server.", file=sys.stderr)
    password = _read_password(args.password_stdin)
    from divert_desktop.services.admin.users import validate_password

    validate_password(password, username=name)  # before anything changes (all is checked again)
    given.append(name)
    return first_administrator_step(db, cli_actor(), name, password)


def _ask_administrator(names: Sequence[str]) -> str:
    print(
        "No administrator can sign in to this shared database as themselves yet: give one "
        "their own login now.",
        file=sys.stderr,
    )
    answer = input(f"Administrator ({', '.join(names)}) [{names[0]}]: ").strip().lower()
    return answer or names[0]


def _say_who_can_administer(db, args: argparse.Namespace, given: list[str]) -> None:  # type: ignore[no-untyped-def]
    """After ``db upgrade`` on a shared server: who was given their login, or, when no
    administrator can sign in, one line saying how to give one theirs."""
    from divert_desktop.persistence.server_roles import administrator_logins

    if db.is_sqlite or args.user is not None:
        return
    if given:
        print(f"{given[0]} can now sign in as themselves (their own login on the server).")
        return
    with db.engine.connect() as conn:
        with_login, without = administrator_logins(conn)
    if with_login:
        return
    if without:
        _err(
            "no administrator can sign in yet: as the owner, run db upgrade --admin NAME "
            f"--password-stdin (administrator accounts: {', '.join(without)})."
        )
    else:
        _err(
            "no administrator can sign in yet: as the owner, run users add NAME --role "
            "administrator --password-stdin."
        )


def run(args: argparse.Namespace) -> int:
    from divert_desktop.services.context import cli_actor

    actor = cli_actor()
    if args.command in ("backup", "restore"):
        from divert_desktop.cli_data import backup_or_restore

        return backup_or_restore(args, actor)
    if args.user is not None:
        _signed_in_url(args.database or _default_url(), args.user)  # refuse before asking
    upgrading = args.command == "db" and args.db_command == "upgrade"
    if upgrading and args.password_stdin and not args.admin:
        raise DivertError(
            "db upgrade --password-stdin is the administrator's password: give --admin NAME too."
        )
    first_admin: list[str] = []
    db = _open_database(
        args.database,
        user=args.user,
        password=_own_password(args),
        before_upgrade=(
            (lambda opened: _first_administrator(opened, args, first_admin)) if upgrading else None
        ),
    )
    try:
        if not db.is_sqlite:
            from divert_desktop.services.admin.server_logins import server_actor

            actor = server_actor(db)
        if args.command == "db":
            from divert_desktop.persistence.migrate import current_revision

            if args.db_command == "upgrade":
                print(f"Database is at schema revision {current_revision(db.engine)}.")
                _say_who_can_administer(db, args, first_admin)
            else:
                print(current_revision(db.engine))
            return EXIT_OK
        if args.command == "users":
            return _users(db, actor, args)
        if args.command == "settings":
            return _settings(db, actor, args)
        if args.command == "demo-data":
            from divert_desktop.services.demo.generate import generate

            result = generate(db, actor, people=args.people, seed=args.seed)
            print(
                f"Added {result.people} people, {result.referrals} referrals and "
                f"{result.appointments} appointments."
            )
            return EXIT_OK
        if args.command == "import-referrals":
            return _import(db, actor, args)
        if args.command in ("slots", "sync"):
            from divert_desktop import cli_slots

            fn = cli_slots.slots_export if args.command == "slots" else cli_slots.sync
            return fn(db, actor, args)
        if args.command == "engagement":
            from divert_desktop.core.validation import parse_date
            from divert_desktop.services.casework.engagement import update_engagement

            today = parse_date(args.today, "today") if args.today else db.clock.today()
            result = update_engagement(db, actor, today=today)
            print(f"Closed {result.closed} referral(s) as not engaged.")
            return EXIT_OK
        if args.command == "export" and args.export_command == "evaluation":
            from divert_desktop.cli_data import export_evaluation

            return export_evaluation(db, actor, args)
        if args.command == "export":
            from divert_desktop.services.reports.export import export_referrals_csv

            count = export_referrals_csv(db, actor, args.out)
            print(f"Wrote {count} referral(s) to {shown(args.out)}.")
            return EXIT_OK
        if args.command == "diary":
            return _diary(db, actor, args)
        if args.command == "audit":
            from divert_desktop.cli_data import audit_verify

            return audit_verify(db, actor, args)
        if args.command in ("export-person", "retention"):
            from divert_desktop.cli_data import export_person, retention

            return (export_person if args.command == "export-person" else retention)(
                db, actor, args
            )
        if args.command == "followup":
            return _followup(db, actor, args)
        if args.command == "letter":
            return _letter(db, actor, args)
        if args.command == "letters":
            return _letters(db, actor, args)
        if args.command == "report":
            from divert_desktop.services.reports.summaries.report_file import write_report

            summary = write_report(
                db, actor, args.date_from, args.date_to, args.area, args.out, internal=args.internal
            )
            print(
                f"Wrote the summary of {summary.headline.referrals} referral(s) to "
                f"{shown(args.out)}."
            )
            return EXIT_OK
        raise AssertionError(args.command)
    finally:
        db.dispose()


def _diary(db, actor, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from divert_desktop.core.validation import parse_date
    from divert_desktop.documents.day_sheet import render_day_sheet
    from divert_desktop.private_files import write_private_bytes
    from divert_desktop.services.diary import views as diary_view

    day = parse_date(args.date, "date")
    which = {}
    if args.venue:
        which["venue_id"] = diary_view.resolve_venue(db, args.venue).id
    elif args.caseworker:
        which["caseworker_id"] = diary_view.resolve_caseworker(db, args.caseworker).id
    sheet = diary_view.day_sheet(db, actor, day, **which)
    write_private_bytes(args.out, render_day_sheet(sheet))
    print(
        f"Wrote the day sheet for {shown(sheet.name)}, {len(sheet.rows)} appointment(s), "
        f"to {shown(args.out)}."
    )
    return EXIT_OK


def _followup(db, actor, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from divert_desktop.services.casework.outcomes import import_followups
    from divert_desktop.services.intake.import_rows import ImportFileError

    key = None
    if args.key_file is not None:
        from divert_desktop.services.reports.evaluation import read_key_file

        key = read_key_file(args.key_file)
    try:
        result = import_followups(db, actor, args.file, dry_run=args.dry_run, key=key)
    except ImportFileError as exc:
        if args.json:
            print(
                json.dumps(
                    {
                        "rows": 0,
                        "updated": 0,
                        "unchanged": 0,
                        "rejected": 0,
                        "errors": [
                            {
                                "row": None,
                                "police_reference": None,
                                "field": None,
                                "message": str(exc),
                            }
                        ],
                    }
                )
            )
        _err(str(exc))
        return EXIT_UNREADABLE
    if args.json:
        print(json.dumps(result.to_json()))
    else:
        verb = "Would record" if args.dry_run else "Recorded"
        print(
            f"{verb} {result.updated} follow-up(s) from {result.rows} row(s): "
            f"{result.unchanged} unchanged, {result.rejected} rejected."
        )
        _print_row_errors(result.errors)
    return EXIT_ERROR if result.rejected else EXIT_OK


def _print_row_errors(errors) -> None:  # type: ignore[no-untyped-def]
    """One line per problem of an import, on standard error, the file's text made visible."""
    for error in errors:
        ref = f" ({shown(error.police_reference)})" if error.police_reference else ""
        print(
            f"  row {error.row}{ref}: {shown(error.field)}: {shown(error.message)}", file=sys.stderr
        )


def _letter(db, actor, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from divert_desktop.core.letters import label, parse_template
    from divert_desktop.private_files import write_private_bytes
    from divert_desktop.services.letters import production as letters

    template = parse_template(args.template)
    referral_id = letters.referral_id_for(db, actor, args.referral)
    made = letters.produce_letter(
        db, actor, template, referral_id=referral_id, large_print=True if args.large_print else None
    )
    write_private_bytes(args.out, made.combined())
    extra = " and the appropriate adult's copy" if len(made.letters) > 1 else ""
    print(
        f"Wrote the {label(template).lower()} letter for {shown(args.referral)}{extra} to "
        f"{shown(args.out)}."
    )
    for note in made.notes:
        print(f"  {shown(note)}")
    return EXIT_OK


def _letters(db, actor, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from divert_desktop.core.letters import parse_template
    from divert_desktop.services.letters.batches import run_batch

    if args.date_from and not args.date_to:
        raise DivertError("Give the last day with --to as well as --from.")
    if args.date_to and not args.date_from:
        raise DivertError("--to goes with --from (or give one day with --date).")
    template = parse_template(args.template)
    first, last = (args.date, None) if args.date else (args.date_from, args.date_to)
    result = run_batch(
        db, actor, template, first, last, args.out, large_print=True if args.large_print else None
    )
    print(f"{shown(result.summary)} In {shown(args.out)}.")
    if result.combined is not None:
        print(f"To print them all: {shown(result.combined)}")
    if result.left_out:
        print("Left out (contact them another way):")
        for person in result.left_out:
            print(
                f"  {shown(person.police_reference)} {shown(person.person_name)}: "
                f"{shown(person.reason)}"
            )
    return EXIT_OK


def _import(db, actor, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from divert_desktop.services.intake.police_import import (
        ImportFileError,
        import_referrals,
        write_rejects,
    )

    try:
        result = import_referrals(db, actor, args.file, dry_run=args.dry_run)
    except ImportFileError as exc:
        if args.json:
            print(
                json.dumps(
                    {
                        "rows": 0,
                        "imported": 0,
                        "duplicates": 0,
                        "rejected": 0,
                        "ineligible": 0,
                        "held": 0,
                        "possible_matches": 0,
                        "errors": [
                            {
                                "row": None,
                                "police_reference": None,
                                "field": None,
                                "message": str(exc),
                            }
                        ],
                        "not_booked": 0,
                        "warnings": [],
                        "ignored_columns": [],
                    }
                )
            )
        _err(str(exc))
        return EXIT_UNREADABLE
    if result.ignored_columns:
        _err(
            "these columns are not used by the app and were ignored: "
            + ", ".join(shown(c) for c in result.ignored_columns)
        )
    if args.rejects is not None:
        write_rejects(result, args.rejects)
    if args.json:
        print(json.dumps(result.to_json()))
    else:
        verb = "Would import" if args.dry_run else "Imported"
        print(
            f"{verb} {result.imported} of {result.rows} row(s): {result.duplicates} duplicate(s), "
            f"{result.rejected} rejected, {result.ineligible} ineligible, "
            f"{result.held} held for a manager, "
            f"{result.possible_matches} possible match(es) to review."
        )
        _print_row_errors(result.errors)
        if result.not_booked:
            print(
                f"{result.not_booked} referral(s) imported without the appointment asked for; "
                "they are listed on the Today page under Needs rebooking:"
            )
            _print_row_errors(result.warnings)
    return EXIT_ERROR if result.rejected else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    if not (sys.argv[1:] if argv is None else argv):
        # No arguments: open the app, without building every command's parser first.
        from divert_desktop.app import run_gui

        return run_gui(database=None, demo=False, user=None)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test:
        from divert_desktop.selftest import run_self_test

        return run_self_test()
    if args.command is None:
        from divert_desktop.app import run_gui

        return run_gui(database=args.database, demo=args.demo, user=args.user)
    try:
        return run(args)
    except DatabaseUnavailableError as exc:
        _err(f"cannot use the database: {str(exc.orig or exc).strip().splitlines()[0]}")
        return EXIT_ERROR
    except DivertError as exc:
        _err(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _err("stopped.")
        return 130
    except Exception as exc:
        from sqlalchemy.exc import OperationalError

        if _refused_by_server(exc):
            from divert_desktop.services.admin.server_logins import REFUSED

            _err(REFUSED)
        elif isinstance(exc, OperationalError):
            _err(f"cannot use the database: {str(exc.orig).strip().splitlines()[0]}")
        else:
            # One line, and never the rest of the message (it can carry a person's data).
            first = (str(exc).strip().splitlines() or [""])[0][:200]
            _err(f"unexpected error ({type(exc).__name__}): {first}")
        return EXIT_ERROR


def _refused_by_server(exc: BaseException) -> bool:
    """A shared server's refusal of something the login's grants do not allow."""
    orig = getattr(exc, "orig", None)
    return getattr(orig, "sqlstate", None) == "42501"  # insufficient_privilege


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
