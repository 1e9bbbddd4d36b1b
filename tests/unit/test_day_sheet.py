"""The day sheet PDF: read back with pypdf, every font embedded, page numbers, same bytes twice."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from io import BytesIO

from pypdf import PdfReader

from divert_desktop.documents.day_sheet import (
    DaySheet,
    DaySheetRow,
    DaySheetSection,
    long_day,
    render_day_sheet,
)

DAY = date(2026, 12, 2)


def row(n: int, **kw) -> DaySheetRow:
    start = datetime(2026, 12, 2, 9) + timedelta(minutes=15 * n)
    values = dict(
        start_at=start,
        end_at=start + timedelta(hours=1),
        person_name=f"Łukasz Nguyễn-Hart {n}",
        young_person=n % 3 == 0,
        type_label="Initial assessment",
        who="Jo Bloggs",
        status_label="Booked",
        phone="07700 900123",
    )
    values.update(kw)
    return DaySheetRow(**values)


def sheet(rows: int) -> DaySheet:
    return DaySheet(
        "Example Recovery Trust", DAY, "Venue", "Coventry", tuple(row(n) for n in range(rows))
    )


def fonts(reader: PdfReader) -> dict[str, bool]:
    """Every font used on every page, and whether its file is embedded."""
    found: dict[str, bool] = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get(
                "/FontDescriptor"
            )
            embedded = descriptor is not None and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            found[str(font["/BaseFont"])] = embedded
    return found


def test_long_day() -> None:
    assert long_day(DAY) == "Wednesday 2 December 2026"


def test_the_sheet_reads_back_with_names_times_and_venue() -> None:
    reader = PdfReader(BytesIO(render_day_sheet(sheet(3))))
    text = reader.pages[0].extract_text()
    for expected in (
        "Example Recovery Trust",
        "Wednesday 2 December 2026",
        "Venue: Coventry",
        "Łukasz Nguyễn-Hart 1",
        "09:15–10:15",
        "U18",
        "Jo Bloggs",
        "07700 900123",
        "Notes",
        "Caseworker",
        "3 appointments",
        "Page 1 of 1",
    ):
        assert expected in text, expected
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape


def test_every_font_is_embedded_and_none_is_helvetica() -> None:
    used = fonts(PdfReader(BytesIO(render_day_sheet(sheet(2)))))
    assert used and all(used.values()), used
    assert not any("Helvetica" in name for name in used)


def test_a_long_day_runs_over_pages_numbered_page_x_of_y() -> None:
    reader = PdfReader(BytesIO(render_day_sheet(sheet(40))))
    assert len(reader.pages) >= 2
    total = len(reader.pages)
    assert f"Page 1 of {total}" in reader.pages[0].extract_text()
    assert f"Page {total} of {total}" in reader.pages[-1].extract_text()
    assert "Time" in reader.pages[1].extract_text()  # the header row repeats


def test_the_same_sheet_gives_the_same_bytes() -> None:
    assert render_day_sheet(sheet(5)) == render_day_sheet(sheet(5))


def test_an_empty_or_closed_day_says_so() -> None:
    closed = DaySheet("", date(2026, 12, 25), "Caseworker", "Jo Bloggs", (), closed="Christmas Day")
    text = PdfReader(BytesIO(render_day_sheet(closed))).pages[0].extract_text()
    assert "Closed: Christmas Day" in text and "No appointments." in text
    assert "Caseworker: Jo Bloggs" in text and "Place" in text


def test_the_longest_values_without_spaces_wrap_in_their_columns() -> None:
    """Names (100 + 100 characters), a place's details (200) and a closure reason (200) with no
    spaces: each wraps inside its own column (checked, not broken: no change was needed)."""
    long = row(1, person_name="W" * 100 + " " + "W" * 100, who="Outreach: " + "W" * 200)
    reader = PdfReader(
        BytesIO(
            render_day_sheet(
                DaySheet("O" * 200, DAY, "Caseworker", "V" * 120, (long,) * 6, closed="C" * 200)
            )
        )
    )
    body = "".join("".join(page.extract_text().split()) for page in reader.pages)
    assert "W" * 200 in body and "Page1of" in body


def test_the_all_venues_sheet_prints_each_venue_under_its_heading() -> None:
    coventry = tuple(row(n) for n in range(2))
    dudley = (row(5, person_name="Kai Brindley", who="Unassigned"),)
    sections = (
        DaySheetSection("Venue: Coventry", coventry),
        DaySheetSection("Venue: Dudley", dudley),
        DaySheetSection("Venue: Walsall", (), closed="Walsall: Boiler"),
    )
    everything = DaySheet("Trust", DAY, "Venue", "All venues", coventry + dudley, sections=sections)
    text = PdfReader(BytesIO(render_day_sheet(everything))).pages[0].extract_text()
    places = [text.index(s.title) for s in sections]
    assert places == sorted(places) and "Venue: All venues" in text
    assert places[0] < text.index("Łukasz Nguyễn-Hart 1") < places[1] < text.index("Kai Brindley")
    assert "3 appointments" in text and "2 appointments" in text
    assert "Closed: Walsall: Boiler. No appointments." in text
    assert text.count("Notes") == 2  # a table for each venue with appointments, none for Walsall
