"""Plain-English names of the audit trail's actions (the codes are stored; people read these)."""

from __future__ import annotations

ACTION_LABELS: dict[str, str] = {
    "appointment.arrived": "Marked an arrival",
    "appointment.assign": "Assigned a caseworker to an appointment",
    "appointment.attended": "Marked an appointment attended",
    "appointment.book": "Booked an appointment",
    "appointment.cancel": "Cancelled an appointment",
    "appointment.did_not_attend": "Marked an appointment did not attend",
    "appointment.move": "Moved an appointment",
    "appointment.undo_attendance": "Undid an attendance mark",
    "audit.export": "Exported the audit trail",
    "audit.search": "Searched the audit trail for a person",
    "audit.verify": "Verified the audit trail",
    "backup.create": "Backed up the database",
    "backup.restore": "Restored the database from a backup",
    "day_sheet.print": "Printed a day sheet",
    "demo.generate": "Added demo data",
    "duplicate.needs_merge": "Confirmed two records are the same person",
    "duplicate.not_same": "Confirmed two records are different people",
    "engagement.update": "Ran the engagement update",
    "export.referrals": "Exported referrals",
    "import.file": "Imported a police referral file",
    "login": "Signed in",
    "login.failed": "Failed to sign in",
    "person.anonymise": "Anonymised a person (retention)",
    "person.erase": "Erased a person's record on request",
    "person.export": "Exported everything held about a person",
    "person.merge": "Merged two records of a person",
    "person.merge_confirmed": "Confirmed a merge",
    "person.merge_undone": "Undid a merge",
    "person.update": "Changed a person's details",
    "person.view": "Viewed a person's record",
    "referral.appointments_cancelled": "Cancelled a referral's appointments",
    "referral.create": "Added a referral",
    "referral.import": "Imported a referral",
    "referral.override": "Overrode an eligibility rule",
    "referral.status": "Changed a referral's status",
    "report.generate": "Made a summary report",
    "retention.apply": "Applied the retention rules",
    "settings.update": "Changed settings",
    "user.add": "Added a user",
}


def action_text(code: str) -> str:
    """The action's plain-English name; an action this version does not know shows its code."""
    label = ACTION_LABELS.get(code)
    if label is not None:
        return label
    return code.replace(".", ": ").replace("_", " ").capitalize()
