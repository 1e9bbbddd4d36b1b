"""Invented names, addresses, postcodes and phone numbers for the synthetic demo data (no real people)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from divert_desktop.core.enums import Ethnicity, Gender, LocalAuthority, Substance
from divert_desktop.core.validation import search_key

# --------------------------------------------------------------------------- areas

LA = LocalAuthority


@dataclass(frozen=True)
class Area:
    """One local authority: its share of referrals, its towns and real postcode outward codes."""

    weight: float
    towns: tuple[str, ...]
    outward: tuple[str, ...]


AREAS: dict[LocalAuthority, Area] = {
    LA.BIRMINGHAM: Area(
        39, ("Birmingham",), tuple(f"B{n}" for n in (*range(1, 39), 42, 43, 44, 45))
    ),
    LA.COVENTRY: Area(12, ("Coventry",), ("CV1", "CV2", "CV3", "CV4", "CV5", "CV6")),
    LA.DUDLEY: Area(
        11,
        ("Dudley", "Stourbridge", "Brierley Hill", "Sedgley"),
        ("DY1", "DY2", "DY3", "DY5", "DY6", "DY8", "DY9"),
    ),
    LA.SANDWELL: Area(
        12,
        ("West Bromwich", "Oldbury", "Smethwick", "Tipton", "Wednesbury"),
        ("B64", "B65", "B66", "B67", "B68", "B69", "B70", "B71"),
    ),
    LA.SOLIHULL: Area(
        7.5, ("Solihull", "Shirley", "Chelmsley Wood"), ("B37", "B90", "B91", "B92", "B93", "B94")
    ),
    LA.WALSALL: Area(
        10,
        ("Walsall", "Bloxwich", "Willenhall", "Brownhills"),
        ("WS1", "WS2", "WS3", "WS4", "WS5", "WS8", "WS9"),
    ),
    LA.WOLVERHAMPTON: Area(
        9,
        ("Wolverhampton", "Bilston", "Wednesfield"),
        ("WV1", "WV2", "WV3", "WV4", "WV6", "WV10", "WV11", "WV14"),
    ),
}

# Inward codes never use C, I, K, M, O or V.
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def postcode(rng: random.Random, area: LocalAuthority) -> str:
    """A postcode in the canonical form, with a real outward code of the area and a random inward part."""
    outward = rng.choice(AREAS[area].outward)
    return f"{outward} {rng.randrange(10)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"


# --------------------------------------------------------------------------- phones and email

# Ofcom's ranges reserved for drama: never allocated to anyone.
DRAMA_MOBILE_PREFIX = "07700900"  # 07700 900000 - 900999
DRAMA_LANDLINE_PREFIX = "01214960"  # 0121 496 0000 - 0999


def phone(rng: random.Random, *, landline_share: float = 0.15) -> str:
    """A phone number (national digits) from Ofcom's drama ranges only."""
    prefix = DRAMA_LANDLINE_PREFIX if rng.random() < landline_share else DRAMA_MOBILE_PREFIX
    return f"{prefix}{rng.randrange(1000):03d}"


def is_drama_number(digits: str) -> bool:
    return len(digits) == 11 and digits.startswith((DRAMA_MOBILE_PREFIX, DRAMA_LANDLINE_PREFIX))


def email(rng: random.Random, first: str, last: str) -> str:
    """An address at example.com or example.org (reserved for documentation)."""
    local = f"{search_key(first).replace(' ', '')}.{search_key(last).replace(' ', '')}"
    style = rng.random()
    if style < 0.3:
        local = f"{local}{rng.randrange(1, 100)}"
    elif style < 0.45:
        local = (
            f"{search_key(first)[:1]}{search_key(last).replace(' ', '')}{rng.randrange(70, 100)}"
        )
    return f"{local or 'person'}@{rng.choice(('example.com', 'example.org'))}"


# --------------------------------------------------------------------------- addresses

STREET_WORDS = (
    "Alderbrook",
    "Ashmead",
    "Barleycroft",
    "Beechwood",
    "Bramblefield",
    "Brookvale",
    "Cedarholme",
    "Chestnut",
    "Clovermead",
    "Coppice",
    "Cowslip",
    "Elmcroft",
    "Fernleigh",
    "Foxglove",
    "Glebefield",
    "Hawthorn",
    "Hazelmere",
    "Heathercombe",
    "Hollybank",
    "Ivydene",
    "Juniper",
    "Kestrelwood",
    "Larkspur",
    "Lindenfield",
    "Maplecroft",
    "Meadowsweet",
    "Millbeck",
    "Nettlebed",
    "Oakhurst",
    "Orchardleigh",
    "Pennyfield",
    "Poppyfield",
    "Quarrybank",
    "Redwing",
    "Rosebay",
    "Rowanmere",
    "Sandpiper",
    "Sedgefield",
    "Silverbirch",
    "Sorrelwood",
    "Springbank",
    "Swallowdale",
    "Tansy",
    "Thistledown",
    "Timberlane",
    "Wagtail",
    "Willowbrook",
    "Woodruff",
    "Wrenfield",
    "Yarrow",
)
STREET_TYPES = (
    "Road",
    "Street",
    "Avenue",
    "Close",
    "Grove",
    "Lane",
    "Drive",
    "Crescent",
    "Way",
    "Gardens",
    "Place",
    "Walk",
)
OUTREACH_KINDS = (
    "Community Centre",
    "Youth Project",
    "Academy",
    "College",
    "Family Hub",
    "Library",
)


def address(rng: random.Random) -> tuple[str, str | None]:
    """An invented street address: (line 1, line 2)."""
    street = f"{rng.choice(STREET_WORDS)} {rng.choice(STREET_TYPES)}"
    number = rng.randrange(1, 240)
    if rng.random() < 0.18:
        return f"Flat {rng.randrange(1, 40)}", f"{number} {street}"
    return f"{number} {street}", None


def outreach_place(rng: random.Random) -> str:
    return f"{rng.choice(STREET_WORDS)} {rng.choice(OUTREACH_KINDS)}"


# --------------------------------------------------------------------------- names

# Each pool: (male first names, female first names, surnames). Combined at random, so every
# generated person is invented; names needing accents and other scripts' letters are included.
POOLS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "british": (
        (
            "Jack",
            "Oliver",
            "Harry",
            "George",
            "Charlie",
            "Jacob",
            "Thomas",
            "James",
            "William",
            "Joshua",
            "Daniel",
            "Samuel",
            "Callum",
            "Liam",
            "Connor",
            "Kieran",
            "Ryan",
            "Jordan",
            "Lewis",
            "Nathan",
            "Bradley",
            "Jamie",
            "Aaron",
            "Luke",
            "Matthew",
            "Michael",
            "Christopher",
            "Andrew",
            "Ben",
            "Tyler",
            "Reece",
            "Kyle",
            "Alfie",
            "Archie",
            "Mason",
            "Ethan",
            "Rhys",
            "Dafydd",
            "Gethin",
            "Owain",
            "Stephen",
            "Richard",
            "Robert",
            "Craig",
            "Dean",
            "Wayne",
        ),
        (
            "Olivia",
            "Amelia",
            "Emily",
            "Jessica",
            "Sophie",
            "Chloe",
            "Megan",
            "Charlotte",
            "Lauren",
            "Hannah",
            "Rebecca",
            "Katherine",
            "Amy",
            "Bethany",
            "Courtney",
            "Jade",
            "Leah",
            "Holly",
            "Ellie",
            "Grace",
            "Lucy",
            "Abigail",
            "Samantha",
            "Natalie",
            "Kirsty",
            "Danielle",
            "Zoë",
            "Chloë",
            "Siân",
            "Ffion",
            "Rhiannon",
            "Elizabeth",
            "Victoria",
            "Gemma",
            "Stacey",
            "Kelly",
        ),
        (
            "Smith",
            "Jones",
            "Taylor",
            "Brown",
            "Williams",
            "Wilson",
            "Johnson",
            "Davies",
            "Robinson",
            "Wright",
            "Thompson",
            "Evans",
            "Walker",
            "White",
            "Roberts",
            "Green",
            "Hall",
            "Wood",
            "Jackson",
            "Clarke",
            "Hughes",
            "Edwards",
            "Turner",
            "Hill",
            "Moore",
            "Cooper",
            "Ward",
            "Morris",
            "Baker",
            "Harrison",
            "Harris",
            "Lewis",
            "Martin",
            "Allen",
            "Bennett",
            "Shaw",
            "Price",
            "Bailey",
            "Griffiths",
            "Cartwright",
            "Fletcher",
            "Parkes",
            "Bayliss",
            "Aston",
            "Round",
            "Hingley",
            "Pritchard",
            "Llewellyn",
            "Pryce",
            "ap Rhys",
            "O'Neill",
            "Hughes-Davies",
            "Smith-Jones",
            "Ashworth",
            "Whitehouse",
            "Sidaway",
            "Bissell",
            "Tonks",
            "Bradley",
            "Fellows",
            "Insley",
            "Jukes",
        ),
    ),
    "irish": (
        (
            "Seán",
            "Ciarán",
            "Pádraig",
            "Eoin",
            "Cian",
            "Oisín",
            "Darragh",
            "Conor",
            "Declan",
            "Niall",
            "Ronan",
            "Fionn",
        ),
        (
            "Siobhán",
            "Aoife",
            "Niamh",
            "Róisín",
            "Caoimhe",
            "Saoirse",
            "Orla",
            "Clodagh",
            "Sinéad",
            "Áine",
            "Ciara",
            "Méabh",
        ),
        (
            "Ó Briain",
            "O'Connor",
            "O'Sullivan",
            "Murphy",
            "Kelly",
            "Byrne",
            "Ryan",
            "Ó Súilleabháin",
            "McCarthy",
            "Doyle",
            "Gallagher",
            "Mac Giolla",
            "Ní Bhriain",
            "Brennan",
            "Quinn",
            "Flanagan",
            "Maguire",
            "Nolan",
            "McLaughlin",
            "Keane",
        ),
    ),
    "south_asian": (
        (
            "Mohammed",
            "Muhammad",
            "Ali",
            "Hassan",
            "Imran",
            "Zain",
            "Bilal",
            "Usman",
            "Adnan",
            "Amir",
            "Harpreet",
            "Gurpreet",
            "Manjit",
            "Jaspal",
            "Rajesh",
            "Sanjay",
            "Arjun",
            "Vikram",
            "Ravi",
            "Kamran",
            "Shahid",
            "Tariq",
            "Rizwan",
            "Sohail",
            "Abdul",
            "Rahul",
            "Aman",
            "Jasdeep",
        ),
        (
            "Ayesha",
            "Fatima",
            "Zara",
            "Aisha",
            "Amina",
            "Nadia",
            "Sana",
            "Hina",
            "Mariam",
            "Saima",
            "Priya",
            "Simran",
            "Harleen",
            "Navdeep",
            "Anjali",
            "Pooja",
            "Kiran",
            "Shabana",
            "Rukhsana",
            "Nazia",
            "Jasmin",
            "Sunita",
            "Parveen",
            "Tasnim",
        ),
        (
            "Khan",
            "Hussain",
            "Ahmed",
            "Ali",
            "Akhtar",
            "Iqbal",
            "Begum",
            "Rahman",
            "Uddin",
            "Mahmood",
            "Bibi",
            "Shah",
            "Butt",
            "Malik",
            "Chaudhry",
            "Mirza",
            "Qureshi",
            "Rashid",
            "Singh",
            "Kaur",
            "Patel",
            "Sharma",
            "Sandhu",
            "Gill",
            "Dhillon",
            "Bains",
            "Sidhu",
            "Mistry",
            "Chauhan",
            "Parmar",
            "D'Souza",
            "Miah",
            "Islam",
        ),
    ),
    "african": (
        (
            "Oluwaseun",
            "Chidi",
            "Kwame",
            "Kofi",
            "Tunde",
            "Emeka",
            "Abdi",
            "Mohamed",
            "Yusuf",
            "Tendai",
            "Samuel",
            "Daniel",
            "Emmanuel",
            "Joseph",
            "Obinna",
            "Femi",
            "Ayodele",
            "Nnamdi",
        ),
        (
            "Amara",
            "Chiamaka",
            "Adaeze",
            "Abena",
            "Akosua",
            "Hodan",
            "Ifeoma",
            "Ngozi",
            "Folake",
            "Grace",
            "Blessing",
            "Precious",
            "Zainab",
            "Halima",
            "Chipo",
            "Esi",
        ),
        (
            "Okafor",
            "Mensah",
            "Adeyemi",
            "Okonkwo",
            "Boateng",
            "Owusu",
            "Asante",
            "Farah",
            "Warsame",
            "Abdullahi",
            "Mohamud",
            "Adebayo",
            "Oyelaran",
            "Nwosu",
            "Eze",
            "Moyo",
            "Ncube",
            "N'Diaye",
            "Diallo",
            "Kamara",
        ),
    ),
    "caribbean": (
        (
            "Marcus",
            "Tyrone",
            "Delroy",
            "Jermaine",
            "Leon",
            "Andre",
            "Kareem",
            "Dwayne",
            "Winston",
            "Errol",
            "Curtis",
            "Devon",
            "Jerome",
            "Nathaniel",
            "Isaiah",
            "Malachi",
        ),
        (
            "Shanice",
            "Tanisha",
            "Keisha",
            "Monique",
            "Jasmine",
            "Kayla",
            "Aaliyah",
            "Marcia",
            "Simone",
            "Naomi",
            "Tiana",
            "Chantelle",
            "Renée",
            "Janelle",
        ),
        (
            "Campbell",
            "Francis",
            "Grant",
            "Williams",
            "Clarke",
            "Thompson",
            "Morgan",
            "Reid",
            "Brown",
            "Henry",
            "Bailey",
            "Richards",
            "Gordon",
            "Walters",
            "Lewis",
            "Samuels",
            "Blake",
            "McKenzie",
            "Forbes",
            "Edwards",
            "Stewart-Grant",
        ),
    ),
    "eastern_european": (
        (
            "Łukasz",
            "Paweł",
            "Michał",
            "Krzysztof",
            "Tomasz",
            "Jakub",
            "Wojciech",
            "Mateusz",
            "Andrei",
            "Ionuț",
            "Mihai",
            "Bogdan",
            "Darius",
            "Tomáš",
            "Jiří",
            "Mantas",
            "Jonas",
        ),
        (
            "Zofia",
            "Agnieszka",
            "Małgorzata",
            "Katarzyna",
            "Joanna",
            "Magdalena",
            "Ewa",
            "Anna",
            "Ioana",
            "Elena",
            "Andreea",
            "Alexandra",
            "Lenka",
            "Zuzana",
            "Ieva",
            "Rūta",
        ),
        (
            "Kowalski",
            "Nowak",
            "Wiśniewski",
            "Wójcik",
            "Kamiński",
            "Lewandowski",
            "Zieliński",
            "Szymański",
            "Dąbrowski",
            "Popescu",
            "Ionescu",
            "Dumitrescu",
            "Stan",
            "Novák",
            "Dvořák",
            "Kazlauskas",
            "Petrauskas",
            "Horváth",
            "Balogh",
            "Lakatos",
        ),
    ),
    "east_asian": (
        ("Minh", "Huy", "Duc", "Quang", "Thanh", "Wei", "Jun", "Hao", "Chen", "Kai", "Bao", "Long"),
        ("Thảo", "Linh", "Anh", "Ngọc", "Mai", "Hương", "Mei", "Xiu", "Ling", "Yan", "Hoa", "Lan"),
        (
            "Nguyễn",
            "Trần",
            "Lê",
            "Phạm",
            "Hoàng",
            "Vũ",
            "Đặng",
            "Bùi",
            "Wang",
            "Li",
            "Zhang",
            "Liu",
            "Chen",
            "Huang",
            "Zhao",
            "Wu",
        ),
    ),
    "arab": (
        (
            "Omar",
            "Yusuf",
            "Khalid",
            "Ahmad",
            "Karim",
            "Sami",
            "Tariq",
            "Faris",
            "Hamza",
            "Ibrahim",
            "Rashid",
            "Nabil",
        ),
        (
            "Layla",
            "Noor",
            "Yasmin",
            "Salma",
            "Rania",
            "Huda",
            "Leila",
            "Dalia",
            "Mariam",
            "Hana",
            "Lina",
            "Amal",
        ),
        (
            "Al-Sayed",
            "Haddad",
            "Mansour",
            "Nasser",
            "Hamdan",
            "Saleh",
            "Abboud",
            "Al-Hashimi",
            "Khoury",
            "Darwish",
            "Rahimi",
            "Karimi",
        ),
    ),
    "southern_european": (
        ("João", "José", "Tiago", "Gonçalo", "Luís", "Marco", "Luca", "Matteo", "Álvaro", "Andrés"),
        (
            "Inês",
            "Beatriz",
            "Conceição",
            "Mariana",
            "Giulia",
            "Chiara",
            "Lucía",
            "Noémie",
            "Chloé",
            "Élodie",
        ),
        (
            "Silva",
            "Santos",
            "Ferreira",
            "Gonçalves",
            "Rossi",
            "Esposito",
            "García",
            "Fernández",
            "Martínez",
            "Dubois",
            "Lefèvre",
        ),
    ),
}

# Ethnicity (ONS 2021) -> (weight in the demo population, name pools to draw from).
E = Ethnicity
ETHNICITIES: dict[Ethnicity, tuple[float, tuple[str, ...]]] = {
    E.WHITE_BRITISH: (52, ("british",)),
    E.WHITE_IRISH: (1.2, ("irish",)),
    E.WHITE_GYPSY_TRAVELLER: (0.4, ("irish", "british")),
    E.WHITE_ROMA: (0.4, ("eastern_european",)),
    E.WHITE_OTHER: (5, ("eastern_european", "eastern_european", "southern_european")),
    E.ASIAN_INDIAN: (6, ("south_asian",)),
    E.ASIAN_PAKISTANI: (10, ("south_asian",)),
    E.ASIAN_BANGLADESHI: (2.5, ("south_asian",)),
    E.ASIAN_CHINESE: (0.6, ("east_asian",)),
    E.ASIAN_OTHER: (2, ("east_asian", "south_asian")),
    E.BLACK_AFRICAN: (3.5, ("african",)),
    E.BLACK_CARIBBEAN: (3.5, ("caribbean",)),
    E.BLACK_OTHER: (1, ("caribbean", "african")),
    E.MIXED_WHITE_BLACK_CARIBBEAN: (3.5, ("caribbean", "british")),
    E.MIXED_WHITE_BLACK_AFRICAN: (0.5, ("african", "british")),
    E.MIXED_WHITE_ASIAN: (1, ("south_asian", "british")),
    E.MIXED_OTHER: (1, ("british", "southern_european", "arab")),
    E.OTHER_ARAB: (1, ("arab",)),
    E.OTHER_ANY: (1, ("arab", "african", "southern_european")),
    E.NOT_STATED: (5, ("british", "british", "south_asian", "caribbean")),
}
_ETHNICITY_LIST = list(ETHNICITIES)
_ETHNICITY_WEIGHTS = [w for w, _ in ETHNICITIES.values()]

GENDERS = (Gender.MALE, Gender.FEMALE, Gender.NON_BINARY, Gender.OTHER, Gender.NOT_STATED)
GENDER_WEIGHTS = (77, 20, 1, 0.5, 1.5)

# First name -> names a person may be known as.
KNOWN_AS: dict[str, tuple[str, ...]] = {
    "Mohammed": ("Mo",),
    "Muhammad": ("Mo",),
    "Daniel": ("Dan", "Danny"),
    "Joshua": ("Josh",),
    "Samuel": ("Sam",),
    "Samantha": ("Sam",),
    "Christopher": ("Chris",),
    "Matthew": ("Matt",),
    "Michael": ("Mike", "Mikey"),
    "Thomas": ("Tom", "Tommy"),
    "William": ("Will", "Billy"),
    "James": ("Jim", "Jamie"),
    "Andrew": ("Andy",),
    "Robert": ("Rob", "Bobby"),
    "Richard": ("Rich", "Ricky"),
    "Stephen": ("Steve",),
    "Elizabeth": ("Liz", "Beth"),
    "Katherine": ("Kate", "Katie"),
    "Rebecca": ("Becky",),
    "Victoria": ("Vicky",),
    "Abigail": ("Abi",),
    "Alexandra": ("Alex", "Lexi"),
    "Łukasz": ("Luke",),
    "Paweł": ("Paul",),
    "Krzysztof": ("Chris",),
    "Jakub": ("Kuba",),
    "Małgorzata": ("Gosia",),
    "Oluwaseun": ("Seun",),
    "Chiamaka": ("Amaka",),
    "Gurpreet": ("Gary",),
    "Harpreet": ("Harry",),
    "Ionuț": ("John",),
    "Minh": ("Michael",),
    "Thảo": ("Tina",),
    "Siobhán": ("Shiv",),
    "Pádraig": ("Paddy",),
    "Nathaniel": ("Nate",),
    "Bethany": ("Beth",),
    "Natalie": ("Nat",),
}


@dataclass(frozen=True)
class Name:
    first: str
    last: str
    known_as: str | None


def ethnicity(rng: random.Random) -> Ethnicity:
    return rng.choices(_ETHNICITY_LIST, _ETHNICITY_WEIGHTS)[0]


def gender(rng: random.Random) -> Gender:
    return rng.choices(GENDERS, GENDER_WEIGHTS)[0]


def person_name(rng: random.Random, sex: Gender | None, group: Ethnicity | None) -> Name:
    """An invented name: a first name and a surname drawn independently from the group's pools."""
    pools = ETHNICITIES[group][1] if group is not None else ("british",)
    male, female, _ = POOLS[rng.choice(pools)]
    feminine = sex == Gender.FEMALE or (
        sex not in (Gender.MALE, Gender.FEMALE) and rng.random() < 0.5
    )
    first = rng.choice(female if feminine else male)
    last = rng.choice(POOLS[rng.choice(pools)][2])
    if rng.random() < 0.03:  # double-barrelled
        other = rng.choice(POOLS[rng.choice(pools)][2])
        if other != last and " " not in other and " " not in last and "-" not in last + other:
            last = f"{last}-{other}"
    known_as = None
    nicknames = KNOWN_AS.get(first)
    if nicknames and rng.random() < 0.35:
        known_as = rng.choice(nicknames)
    return Name(first, last, known_as)


def full_name(rng: random.Random) -> str:
    """An invented full name for staff, officers and appropriate adults."""
    name = person_name(rng, gender(rng), ethnicity(rng))
    return f"{name.first} {name.last}"


def typo(rng: random.Random, surname: str) -> str:
    """The surname with one keying slip: two letters swapped, a letter dropped or doubled."""
    letters = list(surname)
    if len(letters) < 4:
        return surname + surname[-1]
    i = rng.randrange(1, len(letters) - 2)
    kind = rng.random()
    if kind < 0.4 and letters[i] != letters[i + 1]:
        letters[i], letters[i + 1] = letters[i + 1], letters[i]
    elif kind < 0.7:
        del letters[i]
    else:
        letters.insert(i, letters[i])
    return "".join(letters)


# --------------------------------------------------------------------------- referrals

S = Substance
SUBSTANCE_WEIGHTS: dict[Substance, float] = {
    S.CANNABIS: 60,
    S.COCAINE: 20,
    S.NITROUS_OXIDE: 7,
    S.KETAMINE: 5,
    S.MDMA: 4,
    S.CRACK_COCAINE: 1.5,
    S.HEROIN: 1,
    S.AMPHETAMINE: 1,
    S.SYNTHETIC_CANNABINOIDS: 1,
    S.BENZODIAZEPINES: 1,
    S.PSILOCYBIN: 0.8,
    S.MEPHEDRONE: 0.3,
    S.LSD: 0.4,
    S.GHB_GBL: 0.2,
    S.OTHER: 0.3,
}
OTHER_SUBSTANCES = (
    "Pregabalin (not prescribed)",
    "2C-B",
    "Unidentified white powder",
    "Codeine (not prescribed)",
)
_SUBSTANCES = list(SUBSTANCE_WEIGHTS)
_SUBSTANCE_WEIGHTS = list(SUBSTANCE_WEIGHTS.values())


def substances(rng: random.Random) -> list[tuple[Substance, str | None]]:
    """One to three different substances, cannabis most common."""
    count = rng.choices((1, 2, 3), (70, 24, 6))[0]
    found: list[Substance] = []
    while len(found) < count:
        s = rng.choices(_SUBSTANCES, _SUBSTANCE_WEIGHTS)[0]
        if s not in found:
            found.append(s)
    return [(s, rng.choice(OTHER_SUBSTANCES) if s == S.OTHER else None) for s in found]


ADULT_RELATIONSHIPS = (
    ("Mother", 40),
    ("Father", 22),
    ("Carer", 8),
    ("Social worker", 10),
    ("Grandparent", 7),
    ("Aunt", 4),
    ("Uncle", 3),
    ("Foster carer", 4),
    ("Youth worker", 2),
)
_REL = [r for r, _ in ADULT_RELATIONSHIPS]
_REL_W = [w for _, w in ADULT_RELATIONSHIPS]


def adult_relationship(rng: random.Random) -> str:
    return rng.choices(_REL, _REL_W)[0]


REFERRAL_NOTES = (
    "Found with a small amount in a coat pocket during a stop and search.",
    "Stopped in a parked car; passenger. Cooperative throughout.",
    "Seen using in a park; small quantity recovered.",
    "Found during a search at a music event.",
    "Small quantity in a grip seal bag; admitted it was for personal use.",
    "Canisters recovered from a car boot; no other concerns.",
    "Called in by store security; small quantity recovered.",
    "Asked for the appointment to be after school hours.",
    "Works shifts; prefers early appointments.",
)
WITHDRAW_REASONS = (
    "Police withdrew the Community Resolution",
    "Person moved out of the West Midlands",
    "Referral made in error",
    "Person in custody on another matter",
)
DECLINE_REASON = "Person declined to take part when contacted"
NOT_ENGAGED_REASON = "Nothing attended by the engagement deadline"
OVERRIDE_REASONS = (
    "Earlier referral was during a family bereavement; now settled and keen to attend.",
    "Person was in hospital at the time of the earlier referral; evidence seen.",
    "Earlier contact details were wrong so letters never arrived; now confirmed.",
    "Young adult now supported by a key worker who will help them attend.",
)
CANCEL_BY_PERSON = (
    "Unwell",
    "Work shift changed",
    "Childcare problem",
    "Exam that day",
    "Family emergency",
)
CANCEL_BY_PROVIDER = ("Caseworker off sick", "Venue unavailable", "Caseworker on training")
MOVE_REASONS = ("Person asked for a later time", "Clash with college", "Transport problem")
SESSION_TOPICS = (
    "drug harms",
    "the law",
    "harm reduction",
    "overdose and mixing risks",
    "county lines and exploitation",
    "where to get help",
)
REFLECTIONS = (
    "Had not realised how strong current cannabis is; wants to cut down.",
    "Surprised by the legal consequences of a second offence.",
    "Talked about using with friends at weekends; will plan alternatives.",
    "Understood the risks of mixing alcohol and cocaine.",
    "Open about pressure from older peers; safeguarding discussed.",
    "Keen to stop; asked about support for anxiety.",
)
NEXT_STEPS = (
    "No further action needed.",
    "Review in one month.",
    "Offered a referral to the young people's service.",
    "Agreed to see the GP about sleep problems.",
    "Will contact the drug treatment service if use increases.",
)
