"""The command line's booking loop with the police booking app: ``slots export`` and ``sync``."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from divert_desktop.core.errors import DivertError

EXIT_OK, EXIT_ERROR = 0, 1
SYNC_DAYS = 42
REFERRAL_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".json")
LOCK_NAME = ".divert-sync.lock"


def add_parsers(sub: Any) -> None:
    """Add ``slots export`` and ``sync`` to the command line's sub-parsers."""
    slots = sub.add_parser("slots", help="the free-slot feed for the police booking app")
    slots_sub = slots.add_subparsers(dest="slots_command", required=True)
    exp = slots_sub.add_parser("export", help="write every free initial-assessment slot")
    exp.add_argument("--from", dest="date_from", required=True, metavar="D1")
    exp.add_argument("--to", dest="date_to", required=True, metavar="D2")
    exp.add_argument("--venue", metavar="NAME", help="only this venue")
    exp.add_argument(
        "--format",
        choices=("json", "csv", "fhir"),
        help="default: from the file's extension (.json or .csv)",
    )
    exp.add_argument("--out", required=True, type=Path, metavar="FILE")
    sync = sub.add_parser(
        "sync", help="import new referral files from a folder and write the free-slot feed"
    )
    sync.add_argument("--inbox", required=True, type=Path, metavar="DIR")
    sync.add_argument("--outbox", required=True, type=Path, metavar="DIR")
    sync.add_argument(
        "--days",
        type=int,
        default=SYNC_DAYS,
        metavar="N",
        help=f"days of free slots in the feed, from today (default {SYNC_DAYS})",
    )


def _say(text: str) -> None:
    from divert_desktop.cli_common import shown

    print(shown(text))


def _err(text: str) -> None:
    from divert_desktop.cli_common import err

    err(text)


def slots_export(db, actor, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from divert_desktop.core.validation import parse_date
    from divert_desktop.services.diary.slots_feed import free_slot_feed, write_feed

    first, last = parse_date(args.date_from, "from"), parse_date(args.date_to, "to")
    fmt = args.format
    if fmt == "fhir" and args.out.suffix.casefold() != ".json":
        raise DivertError("A FHIR feed is JSON: give an --out file ending in .json.")
    if fmt is None and args.out.suffix.casefold() not in (".json", ".csv"):
        raise DivertError("Give an --out file ending in .json or .csv (or choose --format).")
    feed = free_slot_feed(db, actor, from_date=first, to_date=last, venue=args.venue)
    written = write_feed(feed, args.out, fmt)
    _say(
        f"Wrote {len(feed.slots)} free slot(s) at {len(feed.venues)} venue(s) to {args.out} "
        f"({written.upper()})."
    )
    return EXIT_OK


def _new_files(inbox: Path) -> list[Path]:
    """Referral files waiting in the inbox, oldest name first (hidden and partial files left)."""
    found = []
    for path in sorted(inbox.iterdir()):
        if not path.is_file() or path.name.startswith((".", "~")):
            continue
        if path.suffix.casefold() in REFERRAL_SUFFIXES:
            found.append(path)
    return found


def _free_name(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name-2``, ``name-3`` … when a file of that name is there already."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    stem, suffix, n = Path(name).stem, Path(name).suffix, 2
    while target.exists() or target.with_name(target.name + ".json").exists():
        target = folder / f"{stem}-{n}{suffix}"
        n += 1
    return target


def _move(path: Path, target: Path) -> None:
    try:
        shutil.move(str(path), str(target))
    except OSError as exc:
        raise DivertError(f"Cannot move {path} to {target}: {exc.strerror or exc}.") from None


def sync(db, actor, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from divert_desktop.persistence.open_lock import try_exclusive
    from divert_desktop.services.diary.slots_feed import feed_text, free_slot_feed, write_atomically
    from divert_desktop.services.intake.police_import import ImportFileError, import_referrals

    inbox, outbox = Path(args.inbox), Path(args.outbox)
    for folder, what in ((inbox, "inbox"), (outbox, "outbox")):
        if not folder.is_dir():
            raise DivertError(f"The {what} {folder} is not a folder. Check the path.")
    if not 1 <= args.days <= 366:
        raise DivertError("--days must be between 1 and 366.")
    with try_exclusive(inbox / LOCK_NAME) as mine:
        if not mine:
            _err(
                f"another sync is already running on {inbox}; this one stopped without "
                "changing anything. The next scheduled run picks up any new files."
            )
            return EXIT_ERROR
        status = EXIT_OK
        for path in _new_files(inbox):
            try:
                result = import_referrals(db, actor, path)
            except ImportFileError as exc:
                target = _free_name(inbox / "failed", path.name)
                _move(path, target)
                write_atomically(target.with_name(target.name + ".reason.txt"), str(exc) + "\n")
                _err(f"{path.name} could not be imported and was moved to {target}: {exc}")
                status = EXIT_ERROR
                continue
            target = _free_name(inbox / "processed", path.name)
            _move(path, target)
            write_atomically(
                target.with_name(target.name + ".json"), json.dumps(result.to_json()) + "\n"
            )
            _say(
                f"{path.name}: imported {result.imported} of {result.rows} row(s), "
                f"{result.rejected} rejected, {result.not_booked} without the appointment "
                f"(Needs rebooking)."
            )
            if result.rejected:
                status = EXIT_ERROR
        today: date = db.clock.today()
        feed = free_slot_feed(
            db, actor, from_date=today, to_date=today + timedelta(days=args.days - 1)
        )
        write_atomically(outbox / "slots.json", feed_text(feed, "json"))
        _say(f"Wrote {len(feed.slots)} free slot(s) to {outbox / 'slots.json'}.")
        sys.stdout.flush()
        return status
