"""Enumerations of the scheme. Values are stored in the database and used in files: never rename."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    RECEPTIONIST = "receptionist"
    CASEWORKER = "caseworker"
    MANAGER = "manager"
    ADMINISTRATOR = "administrator"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class LocalAuthority(StrEnum):
    BIRMINGHAM = "Birmingham"
    COVENTRY = "Coventry"
    DUDLEY = "Dudley"
    SANDWELL = "Sandwell"
    SOLIHULL = "Solihull"
    WALSALL = "Walsall"
    WOLVERHAMPTON = "Wolverhampton"


class ReferralStatus(StrEnum):
    RECEIVED = "received"
    BOOKED = "booked"
    ENGAGED = "engaged"
    COMPLETED = "completed"
    INELIGIBLE = "ineligible"
    # Not eligible by the repeat-referral bar alone, waiting for a manager to override or confirm.
    HELD = "held"
    NOT_ENGAGED = "not_engaged"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        if self is ReferralStatus.HELD:
            return "Held for a manager"
        return self.value.replace("_", " ").capitalize()

    @property
    def is_open(self) -> bool:
        return self in (ReferralStatus.RECEIVED, ReferralStatus.BOOKED, ReferralStatus.ENGAGED)


class IneligibleReason(StrEnum):
    """Reasons an intake is ineligible; the values are the ``status_reason`` written in exports."""

    INTENT_TO_SUPPLY = "intent to supply"
    NO_APPROPRIATE_ADULT = "no appropriate adult"
    PREVIOUS_NOT_ENGAGED = "previous referral not engaged"


class Substance(StrEnum):
    CANNABIS = "cannabis"
    COCAINE = "cocaine"
    CRACK_COCAINE = "crack cocaine"
    HEROIN = "heroin"
    MDMA = "MDMA"
    KETAMINE = "ketamine"
    AMPHETAMINE = "amphetamine"
    NITROUS_OXIDE = "nitrous oxide"
    SYNTHETIC_CANNABINOIDS = "synthetic cannabinoids"
    BENZODIAZEPINES = "benzodiazepines"
    PSILOCYBIN = "psilocybin"
    LSD = "LSD"
    GHB_GBL = "GHB/GBL"
    MEPHEDRONE = "mephedrone"
    OTHER = "other"

    @property
    def label(self) -> str:
        labels = {
            Substance.MDMA: "MDMA / ecstasy",
            Substance.BENZODIAZEPINES: "Benzodiazepines (not prescribed)",
            Substance.PSILOCYBIN: "Psilocybin (magic mushrooms)",
        }
        return labels.get(self, self.value[:1].upper() + self.value[1:])


class AppointmentType(StrEnum):
    INITIAL_ASSESSMENT = "initial_assessment"
    EDUCATIONAL_SESSION = "educational_session"
    REVIEW = "review"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class AppointmentStatus(StrEnum):
    BOOKED = "booked"
    ARRIVED = "arrived"
    ATTENDED = "attended"
    DID_NOT_ATTEND = "did_not_attend"
    CANCELLED_BY_PERSON = "cancelled_by_person"
    CANCELLED_BY_PROVIDER = "cancelled_by_provider"
    MOVED = "moved"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def holds_slot(self) -> bool:
        """True when the appointment occupies the caseworker's and the room's time."""
        return self in ACTIVE_APPOINTMENT_STATUSES


ACTIVE_APPOINTMENT_STATUSES = frozenset(
    {AppointmentStatus.BOOKED, AppointmentStatus.ARRIVED, AppointmentStatus.ATTENDED}
)


class PlaceKind(StrEnum):
    VENUE = "venue"
    PHONE = "phone"
    VIDEO = "video"
    OUTREACH = "outreach"


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    NON_BINARY = "non-binary"
    OTHER = "other"
    NOT_STATED = "not stated"


class Ethnicity(StrEnum):
    """ONS 2021 census ethnic groups (England and Wales), 19 categories plus not stated."""

    ASIAN_BANGLADESHI = "Asian or Asian British: Bangladeshi"
    ASIAN_CHINESE = "Asian or Asian British: Chinese"
    ASIAN_INDIAN = "Asian or Asian British: Indian"
    ASIAN_PAKISTANI = "Asian or Asian British: Pakistani"
    ASIAN_OTHER = "Asian or Asian British: Other Asian"
    BLACK_AFRICAN = "Black, Black British, Caribbean or African: African"
    BLACK_CARIBBEAN = "Black, Black British, Caribbean or African: Caribbean"
    BLACK_OTHER = "Black, Black British, Caribbean or African: Other Black"
    MIXED_WHITE_ASIAN = "Mixed or Multiple: White and Asian"
    MIXED_WHITE_BLACK_AFRICAN = "Mixed or Multiple: White and Black African"
    MIXED_WHITE_BLACK_CARIBBEAN = "Mixed or Multiple: White and Black Caribbean"
    MIXED_OTHER = "Mixed or Multiple: Other Mixed or Multiple"
    WHITE_BRITISH = "White: English, Welsh, Scottish, Northern Irish or British"
    WHITE_IRISH = "White: Irish"
    WHITE_GYPSY_TRAVELLER = "White: Gypsy or Irish Traveller"
    WHITE_ROMA = "White: Roma"
    WHITE_OTHER = "White: Other White"
    OTHER_ARAB = "Other ethnic group: Arab"
    OTHER_ANY = "Other ethnic group: Any other ethnic group"
    NOT_STATED = "Not stated"


class ContactMethod(StrEnum):
    PHONE = "phone"
    TEXT = "text message"
    EMAIL = "email"
    LETTER = "letter"


class ServiceType(StrEnum):
    HOUSING = "housing"
    DRUG_TREATMENT = "drug treatment"
    ALCOHOL_TREATMENT = "alcohol treatment"
    CITIZENS_ADVICE = "Citizens Advice"
    MENTAL_HEALTH = "mental health"
    YOUNG_PEOPLE = "young people's service"
    EMPLOYMENT_EDUCATION = "employment/education"
    GP_HEALTH = "GP/health"
    OTHER = "other"


class OnwardStatus(StrEnum):
    PROPOSED = "proposed"
    CONSENT_GIVEN = "consent_given"
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    ATTENDED = "attended"
    CLOSED = "closed"


class FollowUpResult(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class LetterTemplate(StrEnum):
    APPOINTMENT_CONFIRMATION = "appointment_confirmation"
    APPOINTMENT_REMINDER = "appointment_reminder"
    MISSED_APPOINTMENT = "missed_appointment"
    COMPLETION = "completion"
    NOT_ENGAGED = "not_engaged"
    POLICE_OUTCOME = "police_outcome"
    ONWARD_REFERRAL = "onward_referral"


class Source(StrEnum):
    """Where a change came from, as written in the audit trail."""

    GUI = "gui"
    CLI = "cli"
    SYSTEM = "system"
