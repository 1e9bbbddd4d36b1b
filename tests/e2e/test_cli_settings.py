"""``settings list / get / set`` as real processes: checked against the known settings with
errors that say what is allowed, stored for everyone, audited as the operating-system user."""

from __future__ import annotations

import sqlalchemy as sa

from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import AuditEvent
from divert_desktop.services.admin import settings
from tests.e2e.test_cli_commands import cli, one_line_error


def test_settings_list_get_and_set(db: Database) -> None:
    url = db.url
    listed = cli(url, "settings", "list")
    assert listed.returncode == 0, listed.stderr
    rows = {line.split("\t")[0]: line.split("\t")[1:] for line in listed.stdout.splitlines()}
    assert set(rows) == set(settings.DEFAULTS)
    assert rows["engagement_deadline_days"][0] == "42"
    assert rows["summary_rate_min_group"] == [
        "5",
        "fewest answers a summary's re-arrest rate is shown for (1 to 100)",
    ]
    assert rows["organisation_logo"][0] == "(none)"
    made = cli(url, "settings", "set", "engagement_deadline_days", "56")
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == "engagement_deadline_days is now 56."
    assert cli(url, "settings", "get", "engagement_deadline_days").stdout == "56\n"
    address = cli(url, "settings", "set", "organisation_address", r"1 High Street\nB1 1AA")
    assert address.returncode == 0, address.stderr
    assert settings.get_settings(db)["organisation_address"] == "1 High Street\nB1 1AA"
    # get prints the address as it is, on two lines; list keeps one line per setting
    assert cli(url, "settings", "get", "organisation_address").stdout == "1 High Street\nB1 1AA\n"
    rows = dict(line.split("\t")[:2] for line in cli(url, "settings", "list").stdout.splitlines())
    assert rows["organisation_address"] == r"1 High Street\nB1 1AA"
    with db.unit_of_work(write=False) as s:
        events = s.execute(
            sa.select(AuditEvent.username, AuditEvent.source, AuditEvent.details)
            .where(AuditEvent.action == "settings.update")
            .order_by(AuditEvent.id)
        ).all()
    assert events[0].username.startswith("os:") and events[0].source == "cli"
    assert events[0].details == {"engagement_deadline_days": {"before": 42, "after": 56}}
    assert len(events) == 2
    # The same value again changes nothing and records nothing.
    assert cli(url, "settings", "set", "engagement_deadline_days", "56").returncode == 0
    with db.unit_of_work(write=False) as s:
        count = s.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "settings.update"))
    assert count == 2


def test_settings_refuse_what_is_not_allowed_with_one_clear_line(db: Database) -> None:
    url = db.url
    cases = {
        ("get", "engagement_days"): "There is no setting called “engagement_days”",
        ("set", "engagement_deadline_days", "six weeks"): "whole number from 7 to 365",
        ("set", "backups_keep", "0"): "whole number from 1 to 365",
        ("set", "day_end", "8:00"): "must be before the closing time",
        ("set", "day_start", "nine"): "a time like 09:00",
        ("set", "organisation_email", "not-an-email"): "mail",
        ("set", "organisation_logo", "x"): "Admin > Letterhead",
    }
    for args, words in cases.items():
        message = one_line_error(cli(url, "settings", *args))
        assert words.lower() in message.lower(), (args, message)
        if args[0] == "set":  # the message names the setting, once, at the start
            assert message.startswith(f"divert-desktop: {args[1]}"), message
            assert message.count(f"{args[1]}: {args[1]}") == 0, message
    phone = one_line_error(cli(url, "settings", "set", "organisation_phone", "abc"))
    assert phone.startswith("divert-desktop: organisation_phone: Enter a UK phone number"), phone
    assert settings.get_settings(db)["engagement_deadline_days"] == 42  # nothing stored
    helped = cli(url, "settings", "--help")
    assert all(word in helped.stdout for word in ("list", "get", "set"))
