"""Adding or changing a service directory entry (managers)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from divert_desktop.core.enums import LocalAuthority, ServiceType
from divert_desktop.gui.casework.common import button, error_label, text_box, tidy_form
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.theme import make_heading
from divert_desktop.gui.widgets import FieldErrors, GuardedDialog, name_controls
from divert_desktop.persistence.database import Database
from divert_desktop.services.casework import directory
from divert_desktop.services.context import Actor

__all__ = ["ServiceDialog"]


class ServiceDialog(GuardedDialog):
    """``sig_saved(ServiceDTO)`` after a save. ``service`` None adds a new entry."""

    sig_saved = Signal(object)

    def __init__(
        self,
        db: Database,
        actor: Actor,
        runner: TaskRunner,
        service: directory.ServiceDTO | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.actor, self.runner, self.service = db, actor, runner, service
        self.setObjectName("service_dialog")
        self.setWindowTitle("Change service" if service else "Add a service")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        heading = QLabel(self.windowTitle(), self)
        make_heading(heading, 1.3)
        layout.addWidget(heading)
        form = tidy_form(QFormLayout())
        layout.addLayout(form)
        fields: dict[str, tuple[QWidget, QLabel]] = {}

        def add(text: str, field: str, widget: QWidget) -> None:
            box = QWidget(self)
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            message = error_label(box, f"{field}_error_label")
            column.addWidget(message)
            column.addWidget(widget)
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, box)
            fields[field] = (widget, message)

        self.organisation_edit = QLineEdit(self)
        self.organisation_edit.setObjectName("organisation_edit")
        self.organisation_edit.setMaxLength(200)
        add("&Organisation", "organisation", self.organisation_edit)
        self.type_combo = QComboBox(self)
        self.type_combo.setObjectName("service_type_combo")
        for kind in ServiceType:
            self.type_combo.addItem(directory.SERVICE_TYPE_LABELS[kind], kind.value)
        add("&Type of service", "service_type", self.type_combo)
        areas = QWidget(self)
        grid = QGridLayout(areas)
        grid.setContentsMargins(0, 0, 0, 0)
        self.area_checks: dict[LocalAuthority, QCheckBox] = {}
        for n, area in enumerate(LocalAuthority):
            check = QCheckBox(area.value, areas)
            check.setObjectName(f"area_{area.name.lower()}_check")
            grid.addWidget(check, n // 4, n % 4)
            self.area_checks[area] = check
        add("&Areas covered", "areas", areas)
        self.contact_edit = QLineEdit(self)
        self.contact_edit.setObjectName("contact_name_edit")
        add("&Contact name", "contact_name", self.contact_edit)
        self.phone_edit = QLineEdit(self)
        self.phone_edit.setObjectName("phone_edit")
        add("&Phone", "phone", self.phone_edit)
        self.email_edit = QLineEdit(self)
        self.email_edit.setObjectName("email_edit")
        add("&Email", "email", self.email_edit)
        self.address_edit = text_box(self, "address_edit", 56)
        add("A&ddress", "address", self.address_edit)
        self.method_edit = QLineEdit(self)
        self.method_edit.setObjectName("referral_method_edit")
        self.method_edit.setPlaceholderText("For example: email the referral form to …")
        add("How to &refer", "referral_method", self.method_edit)
        self.notes_edit = text_box(self, "notes_edit", 56)
        add("&Notes", "notes", self.notes_edit)
        layout.addStretch(1)
        self.general_label = error_label(self, "general_error_label")
        layout.addWidget(self.general_label)
        self.errors = FieldErrors(fields, self.general_label)
        row = QHBoxLayout()
        row.addStretch(1)
        self.cancel_button = button(self, "cancel_button", "Cancel", "Close without saving (Esc)")
        self.save_button = button(
            self, "save_button", "&Save service", "Save the entry", primary=True
        )
        row.addWidget(self.cancel_button)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        self.cancel_button.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        if service is not None:
            self._fill(service)
        name_controls(self)
        self.resize(640, 600)

    def _fill(self, s: directory.ServiceDTO) -> None:
        self.organisation_edit.setText(s.organisation)
        self.type_combo.setCurrentIndex(self.type_combo.findData(s.service_type.value))
        for area, check in self.area_checks.items():
            check.setChecked(area in s.areas)
        self.contact_edit.setText(s.contact_name)
        self.phone_edit.setText(s.phone_text)
        self.email_edit.setText(s.email)
        self.address_edit.setPlainText(s.address)
        self.method_edit.setText(s.referral_method)
        self.notes_edit.setPlainText(s.notes)
        self._original = self.draft()

    def draft(self) -> directory.ServiceDraft:
        return directory.ServiceDraft(
            organisation=self.organisation_edit.text(),
            service_type=ServiceType(self.type_combo.currentData()),
            areas=tuple(a for a, c in self.area_checks.items() if c.isChecked()),
            contact_name=self.contact_edit.text(),
            phone=self.phone_edit.text(),
            email=self.email_edit.text(),
            address=self.address_edit.toPlainText(),
            referral_method=self.method_edit.text(),
            notes=self.notes_edit.toPlainText(),
        )

    def has_unsaved_input(self) -> bool:
        if self.service is None:
            return bool(self.organisation_edit.text().strip())
        return self.draft() != getattr(self, "_original", None)

    def save(self) -> None:
        self.errors.clear()
        self.save_button.setEnabled(False)
        s = self.service
        self.runner.run(
            directory.save_service,
            self.db,
            self.actor,
            self.draft(),
            service_id=s.id if s else None,
            expected_version=s.version if s else None,
            on_done=self._saved,
            on_error=self._failed,
            owner=self,
        )

    def _saved(self, dto: directory.ServiceDTO) -> None:
        self.sig_saved.emit(dto)
        self.reject_without_asking()

    def _failed(self, error: TaskError) -> None:
        self.save_button.setEnabled(True)
        self.errors.show(error.field, error.message)
