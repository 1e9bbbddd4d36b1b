"""Casework screens: the caseload, assessments, session notes, onward referrals, outcomes and
the service directory. Importing the package adds the clinical tabs to every person's record."""

from __future__ import annotations

from divert_desktop.gui.casework.record_tabs import assessments_tab, onward_tab, sessions_tab
from divert_desktop.gui.people.record_dialog import register_clinical_tab

for _factory in (assessments_tab, sessions_tab, onward_tab):
    register_clinical_tab(_factory)
