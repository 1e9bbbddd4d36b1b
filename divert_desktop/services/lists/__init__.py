"""Read-only queries behind the main window's pages, as frozen row DTOs with display strings.

One module per page area; everything public is importable from ``services.lists``.
"""

from __future__ import annotations

from divert_desktop.services.lists.admin import (
    AboutInfo,
    StaffRow,
    about_info,
    ping,
    staff_accounts,
)
from divert_desktop.services.lists.caseload import MAX_CASELOAD, Caseload, CaseloadRow, caseload
from divert_desktop.services.lists.common import (
    MAX_PEOPLE,
    MAX_REFERRALS,
    days_left_text,
    short_date,
)
from divert_desktop.services.lists.people import (
    ClinicalEntry,
    PeopleSearch,
    PersonContact,
    PersonRecord,
    PersonReferral,
    PersonRow,
    StatusChangeRow,
    count_people,
    person_record,
    search_people,
)
from divert_desktop.services.lists.referrals import (
    HeadlineCounts,
    HeadlineLine,
    ReferralList,
    ReferralRow,
    headline_counts,
    list_referrals,
)
from divert_desktop.services.lists.today import (
    AppointmentRow,
    DuplicateRow,
    HeldReferralRow,
    MissingAdultRow,
    TodayOverview,
    VenueOption,
    WaitingReferralRow,
    appointments_on,
    list_venues,
    today_overview,
)

__all__ = [
    "MAX_CASELOAD",
    "MAX_PEOPLE",
    "MAX_REFERRALS",
    "AboutInfo",
    "AppointmentRow",
    "Caseload",
    "CaseloadRow",
    "ClinicalEntry",
    "DuplicateRow",
    "HeadlineCounts",
    "HeadlineLine",
    "HeldReferralRow",
    "MissingAdultRow",
    "PeopleSearch",
    "PersonContact",
    "PersonRecord",
    "PersonReferral",
    "PersonRow",
    "ReferralList",
    "ReferralRow",
    "StaffRow",
    "StatusChangeRow",
    "TodayOverview",
    "VenueOption",
    "WaitingReferralRow",
    "about_info",
    "appointments_on",
    "caseload",
    "count_people",
    "days_left_text",
    "headline_counts",
    "list_referrals",
    "list_venues",
    "person_record",
    "ping",
    "search_people",
    "short_date",
    "staff_accounts",
    "today_overview",
]
