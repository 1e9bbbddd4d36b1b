# Generated from ui/intake_dialog.ui by installer/build_ui.py with pyside6-uic: generated, do not edit.
# Edit the .ui file in Qt Designer, then run: python installer/build_ui.py
# ruff: noqa

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QDialog,
    QFormLayout, QFrame, QGridLayout, QGroupBox,
    QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QPlainTextEdit, QPushButton, QRadioButton, QScrollArea,
    QSizePolicy, QSpacerItem, QTableView, QVBoxLayout,
    QWidget)

class Ui_IntakeDialog(object):
    def setupUi(self, intake_dialog):
        if not intake_dialog.objectName():
            intake_dialog.setObjectName(u"intake_dialog")
        intake_dialog.resize(1400, 880)
        self.main_layout = QVBoxLayout(intake_dialog)
        self.main_layout.setSpacing(10)
        self.main_layout.setObjectName(u"main_layout")
        self.main_layout.setContentsMargins(20, 16, 20, 16)
        self.heading_label = QLabel(intake_dialog)
        self.heading_label.setObjectName(u"heading_label")

        self.main_layout.addWidget(self.heading_label)

        self.intro_label = QLabel(intake_dialog)
        self.intro_label.setObjectName(u"intro_label")
        self.intro_label.setWordWrap(True)

        self.main_layout.addWidget(self.intro_label)

        self.error_summary_frame = QFrame(intake_dialog)
        self.error_summary_frame.setObjectName(u"error_summary_frame")
        self.error_summary_layout = QVBoxLayout(self.error_summary_frame)
        self.error_summary_layout.setSpacing(4)
        self.error_summary_layout.setObjectName(u"error_summary_layout")
        self.error_summary_title_label = QLabel(self.error_summary_frame)
        self.error_summary_title_label.setObjectName(u"error_summary_title_label")

        self.error_summary_layout.addWidget(self.error_summary_title_label)

        self.error_summary_intro_label = QLabel(self.error_summary_frame)
        self.error_summary_intro_label.setObjectName(u"error_summary_intro_label")
        self.error_summary_intro_label.setWordWrap(True)

        self.error_summary_layout.addWidget(self.error_summary_intro_label)


        self.main_layout.addWidget(self.error_summary_frame)

        self.scroll_area = QScrollArea(intake_dialog)
        self.scroll_area.setObjectName(u"scroll_area")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_contents = QWidget()
        self.scroll_contents.setObjectName(u"scroll_contents")
        self.columns_layout = QHBoxLayout(self.scroll_contents)
        self.columns_layout.setSpacing(18)
        self.columns_layout.setObjectName(u"columns_layout")
        self.columns_layout.setContentsMargins(2, -1, 12, -1)
        self.left_column = QVBoxLayout()
        self.left_column.setSpacing(12)
        self.left_column.setObjectName(u"left_column")
        self.police_group = QGroupBox(self.scroll_contents)
        self.police_group.setObjectName(u"police_group")
        self.police_form = QFormLayout(self.police_group)
        self.police_form.setObjectName(u"police_form")
        self.police_form.setHorizontalSpacing(14)
        self.police_form.setVerticalSpacing(8)
        self.police_form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)
        self.police_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.police_reference_label = QLabel(self.police_group)
        self.police_reference_label.setObjectName(u"police_reference_label")

        self.police_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.police_reference_label)

        self.police_reference_box = QVBoxLayout()
        self.police_reference_box.setSpacing(3)
        self.police_reference_box.setObjectName(u"police_reference_box")
        self.police_reference_edit = QLineEdit(self.police_group)
        self.police_reference_edit.setObjectName(u"police_reference_edit")

        self.police_reference_box.addWidget(self.police_reference_edit)

        self.police_reference_error_label = QLabel(self.police_group)
        self.police_reference_error_label.setObjectName(u"police_reference_error_label")
        self.police_reference_error_label.setWordWrap(True)

        self.police_reference_box.addWidget(self.police_reference_error_label)


        self.police_form.setLayout(0, QFormLayout.ItemRole.FieldRole, self.police_reference_box)

        self.referral_datetime_label = QLabel(self.police_group)
        self.referral_datetime_label.setObjectName(u"referral_datetime_label")

        self.police_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.referral_datetime_label)

        self.referral_datetime_box = QVBoxLayout()
        self.referral_datetime_box.setSpacing(3)
        self.referral_datetime_box.setObjectName(u"referral_datetime_box")
        self.referral_datetime_edit = QLineEdit(self.police_group)
        self.referral_datetime_edit.setObjectName(u"referral_datetime_edit")

        self.referral_datetime_box.addWidget(self.referral_datetime_edit)

        self.referral_datetime_error_label = QLabel(self.police_group)
        self.referral_datetime_error_label.setObjectName(u"referral_datetime_error_label")
        self.referral_datetime_error_label.setWordWrap(True)

        self.referral_datetime_box.addWidget(self.referral_datetime_error_label)


        self.police_form.setLayout(1, QFormLayout.ItemRole.FieldRole, self.referral_datetime_box)

        self.officer_name_label = QLabel(self.police_group)
        self.officer_name_label.setObjectName(u"officer_name_label")

        self.police_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.officer_name_label)

        self.officer_name_box = QVBoxLayout()
        self.officer_name_box.setSpacing(3)
        self.officer_name_box.setObjectName(u"officer_name_box")
        self.officer_name_edit = QLineEdit(self.police_group)
        self.officer_name_edit.setObjectName(u"officer_name_edit")

        self.officer_name_box.addWidget(self.officer_name_edit)

        self.officer_name_error_label = QLabel(self.police_group)
        self.officer_name_error_label.setObjectName(u"officer_name_error_label")
        self.officer_name_error_label.setWordWrap(True)

        self.officer_name_box.addWidget(self.officer_name_error_label)


        self.police_form.setLayout(2, QFormLayout.ItemRole.FieldRole, self.officer_name_box)

        self.officer_number_label = QLabel(self.police_group)
        self.officer_number_label.setObjectName(u"officer_number_label")

        self.police_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.officer_number_label)

        self.officer_number_box = QVBoxLayout()
        self.officer_number_box.setSpacing(3)
        self.officer_number_box.setObjectName(u"officer_number_box")
        self.officer_number_edit = QLineEdit(self.police_group)
        self.officer_number_edit.setObjectName(u"officer_number_edit")

        self.officer_number_box.addWidget(self.officer_number_edit)

        self.officer_number_error_label = QLabel(self.police_group)
        self.officer_number_error_label.setObjectName(u"officer_number_error_label")
        self.officer_number_error_label.setWordWrap(True)

        self.officer_number_box.addWidget(self.officer_number_error_label)


        self.police_form.setLayout(3, QFormLayout.ItemRole.FieldRole, self.officer_number_box)

        self.local_authority_label = QLabel(self.police_group)
        self.local_authority_label.setObjectName(u"local_authority_label")

        self.police_form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.local_authority_label)

        self.local_authority_box = QVBoxLayout()
        self.local_authority_box.setSpacing(3)
        self.local_authority_box.setObjectName(u"local_authority_box")
        self.local_authority_combo = QComboBox(self.police_group)
        self.local_authority_combo.setObjectName(u"local_authority_combo")

        self.local_authority_box.addWidget(self.local_authority_combo)

        self.local_authority_error_label = QLabel(self.police_group)
        self.local_authority_error_label.setObjectName(u"local_authority_error_label")
        self.local_authority_error_label.setWordWrap(True)

        self.local_authority_box.addWidget(self.local_authority_error_label)


        self.police_form.setLayout(4, QFormLayout.ItemRole.FieldRole, self.local_authority_box)

        self.substances_label = QLabel(self.police_group)
        self.substances_label.setObjectName(u"substances_label")

        self.police_form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.substances_label)

        self.substances_box = QVBoxLayout()
        self.substances_box.setSpacing(4)
        self.substances_box.setObjectName(u"substances_box")
        self.substances_grid = QGridLayout()
        self.substances_grid.setObjectName(u"substances_grid")
        self.substances_grid.setHorizontalSpacing(16)
        self.substances_grid.setVerticalSpacing(4)
        self.substance_cannabis_check = QCheckBox(self.police_group)
        self.substance_cannabis_check.setObjectName(u"substance_cannabis_check")

        self.substances_grid.addWidget(self.substance_cannabis_check, 0, 0, 1, 1)

        self.substance_cocaine_check = QCheckBox(self.police_group)
        self.substance_cocaine_check.setObjectName(u"substance_cocaine_check")

        self.substances_grid.addWidget(self.substance_cocaine_check, 1, 0, 1, 1)

        self.substance_crack_cocaine_check = QCheckBox(self.police_group)
        self.substance_crack_cocaine_check.setObjectName(u"substance_crack_cocaine_check")

        self.substances_grid.addWidget(self.substance_crack_cocaine_check, 2, 0, 1, 1)

        self.substance_benzodiazepines_check = QCheckBox(self.police_group)
        self.substance_benzodiazepines_check.setObjectName(u"substance_benzodiazepines_check")

        self.substances_grid.addWidget(self.substance_benzodiazepines_check, 3, 0, 1, 1)

        self.substance_psilocybin_check = QCheckBox(self.police_group)
        self.substance_psilocybin_check.setObjectName(u"substance_psilocybin_check")

        self.substances_grid.addWidget(self.substance_psilocybin_check, 4, 0, 1, 1)

        self.substance_heroin_check = QCheckBox(self.police_group)
        self.substance_heroin_check.setObjectName(u"substance_heroin_check")

        self.substances_grid.addWidget(self.substance_heroin_check, 0, 1, 1, 1)

        self.substance_mdma_check = QCheckBox(self.police_group)
        self.substance_mdma_check.setObjectName(u"substance_mdma_check")

        self.substances_grid.addWidget(self.substance_mdma_check, 1, 1, 1, 1)

        self.substance_ketamine_check = QCheckBox(self.police_group)
        self.substance_ketamine_check.setObjectName(u"substance_ketamine_check")

        self.substances_grid.addWidget(self.substance_ketamine_check, 2, 1, 1, 1)

        self.substance_amphetamine_check = QCheckBox(self.police_group)
        self.substance_amphetamine_check.setObjectName(u"substance_amphetamine_check")

        self.substances_grid.addWidget(self.substance_amphetamine_check, 3, 1, 1, 1)

        self.substance_synthetic_cannabinoids_check = QCheckBox(self.police_group)
        self.substance_synthetic_cannabinoids_check.setObjectName(u"substance_synthetic_cannabinoids_check")

        self.substances_grid.addWidget(self.substance_synthetic_cannabinoids_check, 4, 1, 1, 1)

        self.substance_nitrous_oxide_check = QCheckBox(self.police_group)
        self.substance_nitrous_oxide_check.setObjectName(u"substance_nitrous_oxide_check")

        self.substances_grid.addWidget(self.substance_nitrous_oxide_check, 0, 2, 1, 1)

        self.substance_lsd_check = QCheckBox(self.police_group)
        self.substance_lsd_check.setObjectName(u"substance_lsd_check")

        self.substances_grid.addWidget(self.substance_lsd_check, 1, 2, 1, 1)

        self.substance_ghb_gbl_check = QCheckBox(self.police_group)
        self.substance_ghb_gbl_check.setObjectName(u"substance_ghb_gbl_check")

        self.substances_grid.addWidget(self.substance_ghb_gbl_check, 2, 2, 1, 1)

        self.substance_mephedrone_check = QCheckBox(self.police_group)
        self.substance_mephedrone_check.setObjectName(u"substance_mephedrone_check")

        self.substances_grid.addWidget(self.substance_mephedrone_check, 3, 2, 1, 1)

        self.substance_other_check = QCheckBox(self.police_group)
        self.substance_other_check.setObjectName(u"substance_other_check")

        self.substances_grid.addWidget(self.substance_other_check, 4, 2, 1, 1)


        self.substances_box.addLayout(self.substances_grid)

        self.other_substance_edit = QLineEdit(self.police_group)
        self.other_substance_edit.setObjectName(u"other_substance_edit")

        self.substances_box.addWidget(self.other_substance_edit)

        self.substances_error_label = QLabel(self.police_group)
        self.substances_error_label.setObjectName(u"substances_error_label")
        self.substances_error_label.setWordWrap(True)

        self.substances_box.addWidget(self.substances_error_label)


        self.police_form.setLayout(6, QFormLayout.ItemRole.SpanningRole, self.substances_box)

        self.intent_to_supply_label = QLabel(self.police_group)
        self.intent_to_supply_label.setObjectName(u"intent_to_supply_label")

        self.police_form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.intent_to_supply_label)

        self.intent_to_supply_box = QVBoxLayout()
        self.intent_to_supply_box.setSpacing(3)
        self.intent_to_supply_box.setObjectName(u"intent_to_supply_box")
        self.intent_to_supply_check = QCheckBox(self.police_group)
        self.intent_to_supply_check.setObjectName(u"intent_to_supply_check")

        self.intent_to_supply_box.addWidget(self.intent_to_supply_check)

        self.intent_to_supply_error_label = QLabel(self.police_group)
        self.intent_to_supply_error_label.setObjectName(u"intent_to_supply_error_label")
        self.intent_to_supply_error_label.setWordWrap(True)

        self.intent_to_supply_box.addWidget(self.intent_to_supply_error_label)


        self.police_form.setLayout(7, QFormLayout.ItemRole.FieldRole, self.intent_to_supply_box)

        self.consent_to_share_label = QLabel(self.police_group)
        self.consent_to_share_label.setObjectName(u"consent_to_share_label")

        self.police_form.setWidget(8, QFormLayout.ItemRole.LabelRole, self.consent_to_share_label)

        self.consent_to_share_box = QVBoxLayout()
        self.consent_to_share_box.setSpacing(3)
        self.consent_to_share_box.setObjectName(u"consent_to_share_box")
        self.consent_to_share_combo = QComboBox(self.police_group)
        self.consent_to_share_combo.setObjectName(u"consent_to_share_combo")

        self.consent_to_share_box.addWidget(self.consent_to_share_combo)

        self.consent_to_share_error_label = QLabel(self.police_group)
        self.consent_to_share_error_label.setObjectName(u"consent_to_share_error_label")
        self.consent_to_share_error_label.setWordWrap(True)

        self.consent_to_share_box.addWidget(self.consent_to_share_error_label)


        self.police_form.setLayout(8, QFormLayout.ItemRole.FieldRole, self.consent_to_share_box)

        self.notes_label = QLabel(self.police_group)
        self.notes_label.setObjectName(u"notes_label")

        self.police_form.setWidget(9, QFormLayout.ItemRole.LabelRole, self.notes_label)

        self.notes_box = QVBoxLayout()
        self.notes_box.setSpacing(3)
        self.notes_box.setObjectName(u"notes_box")
        self.notes_text = QPlainTextEdit(self.police_group)
        self.notes_text.setObjectName(u"notes_text")
        self.notes_text.setTabChangesFocus(True)

        self.notes_box.addWidget(self.notes_text)

        self.notes_error_label = QLabel(self.police_group)
        self.notes_error_label.setObjectName(u"notes_error_label")
        self.notes_error_label.setWordWrap(True)

        self.notes_box.addWidget(self.notes_error_label)


        self.police_form.setLayout(9, QFormLayout.ItemRole.FieldRole, self.notes_box)


        self.left_column.addWidget(self.police_group)

        self.person_group = QGroupBox(self.scroll_contents)
        self.person_group.setObjectName(u"person_group")
        self.person_form = QFormLayout(self.person_group)
        self.person_form.setObjectName(u"person_form")
        self.person_form.setHorizontalSpacing(14)
        self.person_form.setVerticalSpacing(8)
        self.person_form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)
        self.person_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.first_name_label = QLabel(self.person_group)
        self.first_name_label.setObjectName(u"first_name_label")

        self.person_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.first_name_label)

        self.first_name_box = QVBoxLayout()
        self.first_name_box.setSpacing(3)
        self.first_name_box.setObjectName(u"first_name_box")
        self.first_name_edit = QLineEdit(self.person_group)
        self.first_name_edit.setObjectName(u"first_name_edit")

        self.first_name_box.addWidget(self.first_name_edit)

        self.first_name_error_label = QLabel(self.person_group)
        self.first_name_error_label.setObjectName(u"first_name_error_label")
        self.first_name_error_label.setWordWrap(True)

        self.first_name_box.addWidget(self.first_name_error_label)


        self.person_form.setLayout(0, QFormLayout.ItemRole.FieldRole, self.first_name_box)

        self.last_name_label = QLabel(self.person_group)
        self.last_name_label.setObjectName(u"last_name_label")

        self.person_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.last_name_label)

        self.last_name_box = QVBoxLayout()
        self.last_name_box.setSpacing(3)
        self.last_name_box.setObjectName(u"last_name_box")
        self.last_name_edit = QLineEdit(self.person_group)
        self.last_name_edit.setObjectName(u"last_name_edit")

        self.last_name_box.addWidget(self.last_name_edit)

        self.last_name_error_label = QLabel(self.person_group)
        self.last_name_error_label.setObjectName(u"last_name_error_label")
        self.last_name_error_label.setWordWrap(True)

        self.last_name_box.addWidget(self.last_name_error_label)


        self.person_form.setLayout(1, QFormLayout.ItemRole.FieldRole, self.last_name_box)

        self.known_as_label = QLabel(self.person_group)
        self.known_as_label.setObjectName(u"known_as_label")

        self.person_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.known_as_label)

        self.known_as_box = QVBoxLayout()
        self.known_as_box.setSpacing(3)
        self.known_as_box.setObjectName(u"known_as_box")
        self.known_as_edit = QLineEdit(self.person_group)
        self.known_as_edit.setObjectName(u"known_as_edit")

        self.known_as_box.addWidget(self.known_as_edit)

        self.known_as_error_label = QLabel(self.person_group)
        self.known_as_error_label.setObjectName(u"known_as_error_label")
        self.known_as_error_label.setWordWrap(True)

        self.known_as_box.addWidget(self.known_as_error_label)


        self.person_form.setLayout(2, QFormLayout.ItemRole.FieldRole, self.known_as_box)

        self.date_of_birth_label = QLabel(self.person_group)
        self.date_of_birth_label.setObjectName(u"date_of_birth_label")

        self.person_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.date_of_birth_label)

        self.date_of_birth_box = QVBoxLayout()
        self.date_of_birth_box.setSpacing(3)
        self.date_of_birth_box.setObjectName(u"date_of_birth_box")
        self.date_of_birth_edit = QLineEdit(self.person_group)
        self.date_of_birth_edit.setObjectName(u"date_of_birth_edit")

        self.date_of_birth_box.addWidget(self.date_of_birth_edit)

        self.date_of_birth_error_label = QLabel(self.person_group)
        self.date_of_birth_error_label.setObjectName(u"date_of_birth_error_label")
        self.date_of_birth_error_label.setWordWrap(True)

        self.date_of_birth_box.addWidget(self.date_of_birth_error_label)


        self.person_form.setLayout(3, QFormLayout.ItemRole.FieldRole, self.date_of_birth_box)

        self.gender_label = QLabel(self.person_group)
        self.gender_label.setObjectName(u"gender_label")

        self.person_form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.gender_label)

        self.gender_box = QVBoxLayout()
        self.gender_box.setSpacing(3)
        self.gender_box.setObjectName(u"gender_box")
        self.gender_combo = QComboBox(self.person_group)
        self.gender_combo.setObjectName(u"gender_combo")

        self.gender_box.addWidget(self.gender_combo)

        self.gender_error_label = QLabel(self.person_group)
        self.gender_error_label.setObjectName(u"gender_error_label")
        self.gender_error_label.setWordWrap(True)

        self.gender_box.addWidget(self.gender_error_label)


        self.person_form.setLayout(4, QFormLayout.ItemRole.FieldRole, self.gender_box)

        self.address_line1_label = QLabel(self.person_group)
        self.address_line1_label.setObjectName(u"address_line1_label")

        self.person_form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.address_line1_label)

        self.address_line1_box = QVBoxLayout()
        self.address_line1_box.setSpacing(3)
        self.address_line1_box.setObjectName(u"address_line1_box")
        self.address_line1_edit = QLineEdit(self.person_group)
        self.address_line1_edit.setObjectName(u"address_line1_edit")

        self.address_line1_box.addWidget(self.address_line1_edit)

        self.address_line1_error_label = QLabel(self.person_group)
        self.address_line1_error_label.setObjectName(u"address_line1_error_label")
        self.address_line1_error_label.setWordWrap(True)

        self.address_line1_box.addWidget(self.address_line1_error_label)


        self.person_form.setLayout(5, QFormLayout.ItemRole.FieldRole, self.address_line1_box)

        self.address_line2_label = QLabel(self.person_group)
        self.address_line2_label.setObjectName(u"address_line2_label")

        self.person_form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.address_line2_label)

        self.address_line2_box = QVBoxLayout()
        self.address_line2_box.setSpacing(3)
        self.address_line2_box.setObjectName(u"address_line2_box")
        self.address_line2_edit = QLineEdit(self.person_group)
        self.address_line2_edit.setObjectName(u"address_line2_edit")

        self.address_line2_box.addWidget(self.address_line2_edit)

        self.address_line2_error_label = QLabel(self.person_group)
        self.address_line2_error_label.setObjectName(u"address_line2_error_label")
        self.address_line2_error_label.setWordWrap(True)

        self.address_line2_box.addWidget(self.address_line2_error_label)


        self.person_form.setLayout(6, QFormLayout.ItemRole.FieldRole, self.address_line2_box)

        self.town_label = QLabel(self.person_group)
        self.town_label.setObjectName(u"town_label")

        self.person_form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.town_label)

        self.town_box = QVBoxLayout()
        self.town_box.setSpacing(3)
        self.town_box.setObjectName(u"town_box")
        self.town_edit = QLineEdit(self.person_group)
        self.town_edit.setObjectName(u"town_edit")

        self.town_box.addWidget(self.town_edit)

        self.town_error_label = QLabel(self.person_group)
        self.town_error_label.setObjectName(u"town_error_label")
        self.town_error_label.setWordWrap(True)

        self.town_box.addWidget(self.town_error_label)


        self.person_form.setLayout(7, QFormLayout.ItemRole.FieldRole, self.town_box)

        self.postcode_label = QLabel(self.person_group)
        self.postcode_label.setObjectName(u"postcode_label")

        self.person_form.setWidget(8, QFormLayout.ItemRole.LabelRole, self.postcode_label)

        self.postcode_box = QVBoxLayout()
        self.postcode_box.setSpacing(3)
        self.postcode_box.setObjectName(u"postcode_box")
        self.postcode_edit = QLineEdit(self.person_group)
        self.postcode_edit.setObjectName(u"postcode_edit")

        self.postcode_box.addWidget(self.postcode_edit)

        self.postcode_error_label = QLabel(self.person_group)
        self.postcode_error_label.setObjectName(u"postcode_error_label")
        self.postcode_error_label.setWordWrap(True)

        self.postcode_box.addWidget(self.postcode_error_label)


        self.person_form.setLayout(8, QFormLayout.ItemRole.FieldRole, self.postcode_box)

        self.phone_label = QLabel(self.person_group)
        self.phone_label.setObjectName(u"phone_label")

        self.person_form.setWidget(9, QFormLayout.ItemRole.LabelRole, self.phone_label)

        self.phone_box = QVBoxLayout()
        self.phone_box.setSpacing(3)
        self.phone_box.setObjectName(u"phone_box")
        self.phone_edit = QLineEdit(self.person_group)
        self.phone_edit.setObjectName(u"phone_edit")

        self.phone_box.addWidget(self.phone_edit)

        self.phone_error_label = QLabel(self.person_group)
        self.phone_error_label.setObjectName(u"phone_error_label")
        self.phone_error_label.setWordWrap(True)

        self.phone_box.addWidget(self.phone_error_label)


        self.person_form.setLayout(9, QFormLayout.ItemRole.FieldRole, self.phone_box)

        self.email_label = QLabel(self.person_group)
        self.email_label.setObjectName(u"email_label")

        self.person_form.setWidget(10, QFormLayout.ItemRole.LabelRole, self.email_label)

        self.email_box = QVBoxLayout()
        self.email_box.setSpacing(3)
        self.email_box.setObjectName(u"email_box")
        self.email_edit = QLineEdit(self.person_group)
        self.email_edit.setObjectName(u"email_edit")

        self.email_box.addWidget(self.email_edit)

        self.email_error_label = QLabel(self.person_group)
        self.email_error_label.setObjectName(u"email_error_label")
        self.email_error_label.setWordWrap(True)

        self.email_box.addWidget(self.email_error_label)


        self.person_form.setLayout(10, QFormLayout.ItemRole.FieldRole, self.email_box)


        self.left_column.addWidget(self.person_group)

        self.left_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.left_column.addItem(self.left_spacer)


        self.columns_layout.addLayout(self.left_column)

        self.right_column = QVBoxLayout()
        self.right_column.setSpacing(12)
        self.right_column.setObjectName(u"right_column")
        self.appropriate_adult_group = QGroupBox(self.scroll_contents)
        self.appropriate_adult_group.setObjectName(u"appropriate_adult_group")
        self.adult_form = QFormLayout(self.appropriate_adult_group)
        self.adult_form.setObjectName(u"adult_form")
        self.adult_form.setHorizontalSpacing(14)
        self.adult_form.setVerticalSpacing(8)
        self.adult_form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)
        self.adult_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.adult_intro_label = QLabel(self.appropriate_adult_group)
        self.adult_intro_label.setObjectName(u"adult_intro_label")
        self.adult_intro_label.setWordWrap(True)

        self.adult_form.setWidget(0, QFormLayout.ItemRole.SpanningRole, self.adult_intro_label)

        self.appropriate_adult_name_label = QLabel(self.appropriate_adult_group)
        self.appropriate_adult_name_label.setObjectName(u"appropriate_adult_name_label")

        self.adult_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.appropriate_adult_name_label)

        self.appropriate_adult_name_box = QVBoxLayout()
        self.appropriate_adult_name_box.setSpacing(3)
        self.appropriate_adult_name_box.setObjectName(u"appropriate_adult_name_box")
        self.appropriate_adult_name_edit = QLineEdit(self.appropriate_adult_group)
        self.appropriate_adult_name_edit.setObjectName(u"appropriate_adult_name_edit")

        self.appropriate_adult_name_box.addWidget(self.appropriate_adult_name_edit)

        self.appropriate_adult_name_error_label = QLabel(self.appropriate_adult_group)
        self.appropriate_adult_name_error_label.setObjectName(u"appropriate_adult_name_error_label")
        self.appropriate_adult_name_error_label.setWordWrap(True)

        self.appropriate_adult_name_box.addWidget(self.appropriate_adult_name_error_label)


        self.adult_form.setLayout(1, QFormLayout.ItemRole.FieldRole, self.appropriate_adult_name_box)

        self.appropriate_adult_relationship_label = QLabel(self.appropriate_adult_group)
        self.appropriate_adult_relationship_label.setObjectName(u"appropriate_adult_relationship_label")

        self.adult_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.appropriate_adult_relationship_label)

        self.appropriate_adult_relationship_box = QVBoxLayout()
        self.appropriate_adult_relationship_box.setSpacing(3)
        self.appropriate_adult_relationship_box.setObjectName(u"appropriate_adult_relationship_box")
        self.appropriate_adult_relationship_edit = QLineEdit(self.appropriate_adult_group)
        self.appropriate_adult_relationship_edit.setObjectName(u"appropriate_adult_relationship_edit")

        self.appropriate_adult_relationship_box.addWidget(self.appropriate_adult_relationship_edit)

        self.appropriate_adult_relationship_error_label = QLabel(self.appropriate_adult_group)
        self.appropriate_adult_relationship_error_label.setObjectName(u"appropriate_adult_relationship_error_label")
        self.appropriate_adult_relationship_error_label.setWordWrap(True)

        self.appropriate_adult_relationship_box.addWidget(self.appropriate_adult_relationship_error_label)


        self.adult_form.setLayout(2, QFormLayout.ItemRole.FieldRole, self.appropriate_adult_relationship_box)

        self.appropriate_adult_phone_label = QLabel(self.appropriate_adult_group)
        self.appropriate_adult_phone_label.setObjectName(u"appropriate_adult_phone_label")

        self.adult_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.appropriate_adult_phone_label)

        self.appropriate_adult_phone_box = QVBoxLayout()
        self.appropriate_adult_phone_box.setSpacing(3)
        self.appropriate_adult_phone_box.setObjectName(u"appropriate_adult_phone_box")
        self.appropriate_adult_phone_edit = QLineEdit(self.appropriate_adult_group)
        self.appropriate_adult_phone_edit.setObjectName(u"appropriate_adult_phone_edit")

        self.appropriate_adult_phone_box.addWidget(self.appropriate_adult_phone_edit)

        self.appropriate_adult_phone_error_label = QLabel(self.appropriate_adult_group)
        self.appropriate_adult_phone_error_label.setObjectName(u"appropriate_adult_phone_error_label")
        self.appropriate_adult_phone_error_label.setWordWrap(True)

        self.appropriate_adult_phone_box.addWidget(self.appropriate_adult_phone_error_label)


        self.adult_form.setLayout(3, QFormLayout.ItemRole.FieldRole, self.appropriate_adult_phone_box)

        self.no_adult_check = QCheckBox(self.appropriate_adult_group)
        self.no_adult_check.setObjectName(u"no_adult_check")

        self.adult_form.setWidget(4, QFormLayout.ItemRole.SpanningRole, self.no_adult_check)


        self.right_column.addWidget(self.appropriate_adult_group)

        self.eligibility_group = QGroupBox(self.scroll_contents)
        self.eligibility_group.setObjectName(u"eligibility_group")
        self.eligibility_layout = QVBoxLayout(self.eligibility_group)
        self.eligibility_layout.setSpacing(6)
        self.eligibility_layout.setObjectName(u"eligibility_layout")
        self.eligibility_row = QHBoxLayout()
        self.eligibility_row.setSpacing(8)
        self.eligibility_row.setObjectName(u"eligibility_row")
        self.eligibility_icon_label = QLabel(self.eligibility_group)
        self.eligibility_icon_label.setObjectName(u"eligibility_icon_label")

        self.eligibility_row.addWidget(self.eligibility_icon_label)

        self.eligibility_label = QLabel(self.eligibility_group)
        self.eligibility_label.setObjectName(u"eligibility_label")
        self.eligibility_label.setWordWrap(True)
        self.eligibility_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.eligibility_row.addWidget(self.eligibility_label)


        self.eligibility_layout.addLayout(self.eligibility_row)

        self.override_check = QCheckBox(self.eligibility_group)
        self.override_check.setObjectName(u"override_check")

        self.eligibility_layout.addWidget(self.override_check)

        self.override_reason_box = QVBoxLayout()
        self.override_reason_box.setSpacing(3)
        self.override_reason_box.setObjectName(u"override_reason_box")
        self.override_reason_label = QLabel(self.eligibility_group)
        self.override_reason_label.setObjectName(u"override_reason_label")

        self.override_reason_box.addWidget(self.override_reason_label)

        self.override_reason_edit = QLineEdit(self.eligibility_group)
        self.override_reason_edit.setObjectName(u"override_reason_edit")

        self.override_reason_box.addWidget(self.override_reason_edit)

        self.override_reason_error_label = QLabel(self.eligibility_group)
        self.override_reason_error_label.setObjectName(u"override_reason_error_label")
        self.override_reason_error_label.setWordWrap(True)

        self.override_reason_box.addWidget(self.override_reason_error_label)


        self.eligibility_layout.addLayout(self.override_reason_box)

        self.override_note_label = QLabel(self.eligibility_group)
        self.override_note_label.setObjectName(u"override_note_label")
        self.override_note_label.setWordWrap(True)

        self.eligibility_layout.addWidget(self.override_note_label)


        self.right_column.addWidget(self.eligibility_group)

        self.matches_group = QGroupBox(self.scroll_contents)
        self.matches_group.setObjectName(u"matches_group")
        self.matches_layout = QVBoxLayout(self.matches_group)
        self.matches_layout.setSpacing(6)
        self.matches_layout.setObjectName(u"matches_layout")
        self.matches_hint_label = QLabel(self.matches_group)
        self.matches_hint_label.setObjectName(u"matches_hint_label")
        self.matches_hint_label.setWordWrap(True)

        self.matches_layout.addWidget(self.matches_hint_label)

        self.matches_table = QTableView(self.matches_group)
        self.matches_table.setObjectName(u"matches_table")

        self.matches_layout.addWidget(self.matches_table)

        self.match_choice_row = QHBoxLayout()
        self.match_choice_row.setSpacing(18)
        self.match_choice_row.setObjectName(u"match_choice_row")
        self.same_person_radio = QRadioButton(self.matches_group)
        self.same_person_radio.setObjectName(u"same_person_radio")

        self.match_choice_row.addWidget(self.same_person_radio)

        self.new_person_radio = QRadioButton(self.matches_group)
        self.new_person_radio.setObjectName(u"new_person_radio")

        self.match_choice_row.addWidget(self.new_person_radio)

        self.match_choice_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.match_choice_row.addItem(self.match_choice_spacer)


        self.matches_layout.addLayout(self.match_choice_row)

        self.person_choice_error_label = QLabel(self.matches_group)
        self.person_choice_error_label.setObjectName(u"person_choice_error_label")
        self.person_choice_error_label.setWordWrap(True)

        self.matches_layout.addWidget(self.person_choice_error_label)


        self.right_column.addWidget(self.matches_group)

        self.appointment_group = QGroupBox(self.scroll_contents)
        self.appointment_group.setObjectName(u"appointment_group")
        self.appointment_form = QFormLayout(self.appointment_group)
        self.appointment_form.setObjectName(u"appointment_form")
        self.appointment_form.setHorizontalSpacing(14)
        self.appointment_form.setVerticalSpacing(8)
        self.appointment_form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)
        self.appointment_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.appointment_hint_label = QLabel(self.appointment_group)
        self.appointment_hint_label.setObjectName(u"appointment_hint_label")
        self.appointment_hint_label.setWordWrap(True)

        self.appointment_form.setWidget(0, QFormLayout.ItemRole.SpanningRole, self.appointment_hint_label)

        self.find_slot_row = QHBoxLayout()
        self.find_slot_row.setSpacing(8)
        self.find_slot_row.setObjectName(u"find_slot_row")
        self.find_slot_button = QPushButton(self.appointment_group)
        self.find_slot_button.setObjectName(u"find_slot_button")

        self.find_slot_row.addWidget(self.find_slot_button)

        self.clear_appointment_button = QPushButton(self.appointment_group)
        self.clear_appointment_button.setObjectName(u"clear_appointment_button")

        self.find_slot_row.addWidget(self.clear_appointment_button)

        self.find_slot_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.find_slot_row.addItem(self.find_slot_spacer)


        self.appointment_form.setLayout(1, QFormLayout.ItemRole.SpanningRole, self.find_slot_row)

        self.appointment_datetime_label = QLabel(self.appointment_group)
        self.appointment_datetime_label.setObjectName(u"appointment_datetime_label")

        self.appointment_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.appointment_datetime_label)

        self.appointment_datetime_box = QVBoxLayout()
        self.appointment_datetime_box.setSpacing(3)
        self.appointment_datetime_box.setObjectName(u"appointment_datetime_box")
        self.appointment_datetime_edit = QLineEdit(self.appointment_group)
        self.appointment_datetime_edit.setObjectName(u"appointment_datetime_edit")

        self.appointment_datetime_box.addWidget(self.appointment_datetime_edit)

        self.appointment_datetime_error_label = QLabel(self.appointment_group)
        self.appointment_datetime_error_label.setObjectName(u"appointment_datetime_error_label")
        self.appointment_datetime_error_label.setWordWrap(True)

        self.appointment_datetime_box.addWidget(self.appointment_datetime_error_label)

        self.next_open_day_button = QPushButton(self.appointment_group)
        self.next_open_day_button.setObjectName(u"next_open_day_button")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        sizePolicy.setHorizontalStretch(0)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.next_open_day_button.sizePolicy().hasHeightForWidth())
        self.next_open_day_button.setSizePolicy(sizePolicy)

        self.appointment_datetime_box.addWidget(self.next_open_day_button)


        self.appointment_form.setLayout(2, QFormLayout.ItemRole.FieldRole, self.appointment_datetime_box)

        self.appointment_venue_label = QLabel(self.appointment_group)
        self.appointment_venue_label.setObjectName(u"appointment_venue_label")

        self.appointment_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.appointment_venue_label)

        self.appointment_venue_box = QVBoxLayout()
        self.appointment_venue_box.setSpacing(3)
        self.appointment_venue_box.setObjectName(u"appointment_venue_box")
        self.appointment_venue_combo = QComboBox(self.appointment_group)
        self.appointment_venue_combo.setObjectName(u"appointment_venue_combo")

        self.appointment_venue_box.addWidget(self.appointment_venue_combo)

        self.appointment_venue_error_label = QLabel(self.appointment_group)
        self.appointment_venue_error_label.setObjectName(u"appointment_venue_error_label")
        self.appointment_venue_error_label.setWordWrap(True)

        self.appointment_venue_box.addWidget(self.appointment_venue_error_label)


        self.appointment_form.setLayout(3, QFormLayout.ItemRole.FieldRole, self.appointment_venue_box)

        self.appointment_note_label = QLabel(self.appointment_group)
        self.appointment_note_label.setObjectName(u"appointment_note_label")
        self.appointment_note_label.setWordWrap(True)

        self.appointment_form.setWidget(4, QFormLayout.ItemRole.SpanningRole, self.appointment_note_label)


        self.right_column.addWidget(self.appointment_group)

        self.right_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.right_column.addItem(self.right_spacer)


        self.columns_layout.addLayout(self.right_column)

        self.scroll_area.setWidget(self.scroll_contents)

        self.main_layout.addWidget(self.scroll_area)

        self.button_row = QHBoxLayout()
        self.button_row.setSpacing(10)
        self.button_row.setObjectName(u"button_row")
        self.progress_label = QLabel(intake_dialog)
        self.progress_label.setObjectName(u"progress_label")

        self.button_row.addWidget(self.progress_label)

        self.button_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.button_row.addItem(self.button_spacer)

        self.cancel_button = QPushButton(intake_dialog)
        self.cancel_button.setObjectName(u"cancel_button")
        self.cancel_button.setAutoDefault(False)

        self.button_row.addWidget(self.cancel_button)

        self.save_button = QPushButton(intake_dialog)
        self.save_button.setObjectName(u"save_button")

        self.button_row.addWidget(self.save_button)


        self.main_layout.addLayout(self.button_row)

#if QT_CONFIG(shortcut)
        self.police_reference_label.setBuddy(self.police_reference_edit)
        self.referral_datetime_label.setBuddy(self.referral_datetime_edit)
        self.officer_name_label.setBuddy(self.officer_name_edit)
        self.officer_number_label.setBuddy(self.officer_number_edit)
        self.local_authority_label.setBuddy(self.local_authority_combo)
        self.intent_to_supply_label.setBuddy(self.intent_to_supply_check)
        self.consent_to_share_label.setBuddy(self.consent_to_share_combo)
        self.notes_label.setBuddy(self.notes_text)
        self.first_name_label.setBuddy(self.first_name_edit)
        self.last_name_label.setBuddy(self.last_name_edit)
        self.known_as_label.setBuddy(self.known_as_edit)
        self.date_of_birth_label.setBuddy(self.date_of_birth_edit)
        self.gender_label.setBuddy(self.gender_combo)
        self.address_line1_label.setBuddy(self.address_line1_edit)
        self.address_line2_label.setBuddy(self.address_line2_edit)
        self.town_label.setBuddy(self.town_edit)
        self.postcode_label.setBuddy(self.postcode_edit)
        self.phone_label.setBuddy(self.phone_edit)
        self.email_label.setBuddy(self.email_edit)
        self.appropriate_adult_name_label.setBuddy(self.appropriate_adult_name_edit)
        self.appropriate_adult_relationship_label.setBuddy(self.appropriate_adult_relationship_edit)
        self.appropriate_adult_phone_label.setBuddy(self.appropriate_adult_phone_edit)
        self.override_reason_label.setBuddy(self.override_reason_edit)
        self.appointment_datetime_label.setBuddy(self.appointment_datetime_edit)
        self.appointment_venue_label.setBuddy(self.appointment_venue_combo)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.police_reference_edit, self.referral_datetime_edit)
        QWidget.setTabOrder(self.referral_datetime_edit, self.officer_name_edit)
        QWidget.setTabOrder(self.officer_name_edit, self.officer_number_edit)
        QWidget.setTabOrder(self.officer_number_edit, self.local_authority_combo)
        QWidget.setTabOrder(self.local_authority_combo, self.substance_cannabis_check)
        QWidget.setTabOrder(self.substance_cannabis_check, self.substance_cocaine_check)
        QWidget.setTabOrder(self.substance_cocaine_check, self.substance_crack_cocaine_check)
        QWidget.setTabOrder(self.substance_crack_cocaine_check, self.substance_benzodiazepines_check)
        QWidget.setTabOrder(self.substance_benzodiazepines_check, self.substance_psilocybin_check)
        QWidget.setTabOrder(self.substance_psilocybin_check, self.substance_heroin_check)
        QWidget.setTabOrder(self.substance_heroin_check, self.substance_mdma_check)
        QWidget.setTabOrder(self.substance_mdma_check, self.substance_ketamine_check)
        QWidget.setTabOrder(self.substance_ketamine_check, self.substance_amphetamine_check)
        QWidget.setTabOrder(self.substance_amphetamine_check, self.substance_synthetic_cannabinoids_check)
        QWidget.setTabOrder(self.substance_synthetic_cannabinoids_check, self.substance_nitrous_oxide_check)
        QWidget.setTabOrder(self.substance_nitrous_oxide_check, self.substance_lsd_check)
        QWidget.setTabOrder(self.substance_lsd_check, self.substance_ghb_gbl_check)
        QWidget.setTabOrder(self.substance_ghb_gbl_check, self.substance_mephedrone_check)
        QWidget.setTabOrder(self.substance_mephedrone_check, self.substance_other_check)
        QWidget.setTabOrder(self.substance_other_check, self.other_substance_edit)
        QWidget.setTabOrder(self.other_substance_edit, self.intent_to_supply_check)
        QWidget.setTabOrder(self.intent_to_supply_check, self.consent_to_share_combo)
        QWidget.setTabOrder(self.consent_to_share_combo, self.notes_text)
        QWidget.setTabOrder(self.notes_text, self.first_name_edit)
        QWidget.setTabOrder(self.first_name_edit, self.last_name_edit)
        QWidget.setTabOrder(self.last_name_edit, self.known_as_edit)
        QWidget.setTabOrder(self.known_as_edit, self.date_of_birth_edit)
        QWidget.setTabOrder(self.date_of_birth_edit, self.gender_combo)
        QWidget.setTabOrder(self.gender_combo, self.address_line1_edit)
        QWidget.setTabOrder(self.address_line1_edit, self.address_line2_edit)
        QWidget.setTabOrder(self.address_line2_edit, self.town_edit)
        QWidget.setTabOrder(self.town_edit, self.postcode_edit)
        QWidget.setTabOrder(self.postcode_edit, self.phone_edit)
        QWidget.setTabOrder(self.phone_edit, self.email_edit)
        QWidget.setTabOrder(self.email_edit, self.appropriate_adult_name_edit)
        QWidget.setTabOrder(self.appropriate_adult_name_edit, self.appropriate_adult_relationship_edit)
        QWidget.setTabOrder(self.appropriate_adult_relationship_edit, self.appropriate_adult_phone_edit)
        QWidget.setTabOrder(self.appropriate_adult_phone_edit, self.no_adult_check)
        QWidget.setTabOrder(self.no_adult_check, self.override_check)
        QWidget.setTabOrder(self.override_check, self.override_reason_edit)
        QWidget.setTabOrder(self.override_reason_edit, self.matches_table)
        QWidget.setTabOrder(self.matches_table, self.same_person_radio)
        QWidget.setTabOrder(self.same_person_radio, self.new_person_radio)
        QWidget.setTabOrder(self.new_person_radio, self.find_slot_button)
        QWidget.setTabOrder(self.find_slot_button, self.clear_appointment_button)
        QWidget.setTabOrder(self.clear_appointment_button, self.appointment_datetime_edit)
        QWidget.setTabOrder(self.appointment_datetime_edit, self.next_open_day_button)
        QWidget.setTabOrder(self.next_open_day_button, self.appointment_venue_combo)
        QWidget.setTabOrder(self.appointment_venue_combo, self.cancel_button)
        QWidget.setTabOrder(self.cancel_button, self.save_button)

        self.retranslateUi(intake_dialog)
    # setupUi

    def retranslateUi(self, intake_dialog):
        intake_dialog.setWindowTitle(QCoreApplication.translate("IntakeDialog", u"New referral", None))
#if QT_CONFIG(accessibility)
        intake_dialog.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"New referral", None))
#endif // QT_CONFIG(accessibility)
        self.heading_label.setText(QCoreApplication.translate("IntakeDialog", u"New referral", None))
        self.intro_label.setText(QCoreApplication.translate("IntakeDialog", u"Enter the referral as the officer gives it, by phone or email. Fields marked * are required.", None))
#if QT_CONFIG(accessibility)
        self.error_summary_frame.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"There is a problem", None))
#endif // QT_CONFIG(accessibility)
        self.error_summary_title_label.setText(QCoreApplication.translate("IntakeDialog", u"There is a problem", None))
        self.error_summary_intro_label.setText(QCoreApplication.translate("IntakeDialog", u"Correct these before saving (nothing you typed has been lost):", None))
#if QT_CONFIG(accessibility)
        self.scroll_area.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Referral form", None))
#endif // QT_CONFIG(accessibility)
        self.police_group.setTitle(QCoreApplication.translate("IntakeDialog", u"Police referral", None))
#if QT_CONFIG(accessibility)
        self.police_group.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Police referral", None))
#endif // QT_CONFIG(accessibility)
        self.police_reference_label.setText(QCoreApplication.translate("IntakeDialog", u"Police reference *", None))
#if QT_CONFIG(accessibility)
        self.police_reference_edit.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Police reference", None))
#endif // QT_CONFIG(accessibility)
        self.police_reference_edit.setPlaceholderText(QCoreApplication.translate("IntakeDialog", u"for example WMP-2026-012345", None))
#if QT_CONFIG(accessibility)
        self.police_reference_error_label.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Error", None))
#endif // QT_CONFIG(accessibility)
        self.referral_datetime_label.setText(QCoreApplication.translate("IntakeDialog", u"Referral date and time *", None))
#if QT_CONFIG(accessibility)
        self.referral_datetime_edit.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Referral date and time", None))
#endif // QT_CONFIG(accessibility)
        self.referral_datetime_edit.setPlaceholderText(QCoreApplication.translate("IntakeDialog", u"for example 2/12/2026 14:30", None))
#if QT_CONFIG(accessibility)
        self.referral_datetime_error_label.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Error", None))
#endif // QT_CONFIG(accessibility)
        self.officer_name_label.setText(QCoreApplication.translate("IntakeDialog", u"Officer's name *", None))
#if QT_CONFIG(accessibility)
        self.officer_name_edit.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Officer's name", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.officer_name_error_label.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Error", None))
#endif // QT_CONFIG(accessibility)
        self.officer_number_label.setText(QCoreApplication.translate("IntakeDialog", u"Collar number *", None))
#if QT_CONFIG(accessibility)
        self.officer_number_edit.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Officer's collar number", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.officer_number_error_label.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Error", None))
#endif // QT_CONFIG(accessibility)
        self.local_authority_label.setText(QCoreApplication.translate("IntakeDialog", u"Area *", None))
#if QT_CONFIG(accessibility)
        self.local_authority_combo.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Area (local authority)", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.local_authority_error_label.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Error", None))
#endif // QT_CONFIG(accessibility)
        self.substances_label.setText(QCoreApplication.translate("IntakeDialog", u"Substances found *", None))
        self.substance_cannabis_check.setText(QCoreApplication.translate("IntakeDialog", u"Cannabis", None))
#if QT_CONFIG(accessibility)
        self.substance_cannabis_check.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Substance: Cannabis", None))
#endif // QT_CONFIG(accessibility)
        self.substance_cocaine_check.setText(QCoreApplication.translate("IntakeDialog", u"Cocaine", None))
#if QT_CONFIG(accessibility)
        self.substance_cocaine_check.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Substance: Cocaine", None))
#endif // QT_CONFIG(accessibility)
        self.substance_crack_cocaine_check.setText(QCoreApplication.translate("IntakeDialog", u"Crack cocaine", None))
#if QT_CONFIG(accessibility)
        self.substance_crack_cocaine_check.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Substance: Crack cocaine", None))
#endif // QT_CONFIG(accessibility)
        self.substance_benzodiazepines_check.setText(QCoreApplication.translate("IntakeDialog", u"Benzodiazepines (not prescribed)", None))
#if QT_CONFIG(accessibility)
        self.substance_benzodiazepines_check.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Substance: Benzodiazepines (not prescribed)", None))
#endif // QT_CONFIG(accessibility)
        self.substance_psilocybin_check.setText(QCoreApplication.translate("IntakeDialog", u"Psilocybin (magic mushrooms)", None))
#if QT_CONFIG(accessibility)
        self.substance_psilocybin_check.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Substance: Psilocybin (magic mushrooms)", None))
#endif // QT_CONFIG(accessibility)
        self.substance_heroin_check.setText(QCoreApplication.translate("IntakeDialog", u"Heroin", None))
#if QT_CONFIG(accessibility)
        self.substance_heroin_check.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Substance: Heroin", None))
#endif // QT_CONFIG(accessibility)
        self.substance_mdma_check.setText(QCoreApplication.translate("IntakeDialog", u"MDMA / ecstasy", None))
#if QT_CONFIG(accessibility)
        self.substance_mdma_check.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Substance: MDMA / ecstasy", None))
#endif // QT_CONFIG(accessibility)
        self.substance_ketamine_check.setText(QCoreApplication.translate("IntakeDialog", u"Ketamine", None))
#if QT_CONFIG(accessibility)
        self.substance_ketamine_check.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Substance: Ketamine", None))
#endif // QT_CONFIG(accessibility)
        self.substance_amphetamine_check.setText(QCoreApplication.translate("IntakeDialog", u"Amphetamine", None))
#if QT_CONFIG(accessibility)
        self.substance_amphetamine_check.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Substance: Amphetamine", None))
#endif // QT_CONFIG(accessibility)
        self.substance_synthetic_cannabinoids_check.setText(QCoreApplication.translate("IntakeDialog", u"Synthetic cannabinoids", None))
#if QT_CONFIG(accessibility)
        self.substance_synthetic_cannabinoids_check.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Substance: Synthetic cannabinoids", None))
#endif // QT_CONFIG(accessibility)
        self.substance_nitrous_oxide_check.setText(QCoreApplication.translate("IntakeDialog", u"Nitrous oxide", None))
#if QT_CONFIG(accessibility)
        self.substance_nitrous_oxide_check.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Substance: Nitrous oxide", None))
#endif // QT_CONFIG(accessibility)
        self.substance_lsd_check.setText(QCoreApplication.translate("IntakeDialog", u"LSD", None))
#if QT_CONFIG(accessibility)
        self.substance_lsd_check.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Substance: LSD", None))
#endif // QT_CONFIG(accessibility)
        self.substance_ghb_gbl_check.setText(QCoreApplication.translate("IntakeDialog", u"GHB/GBL", None))
#if QT_CONFIG(accessibility)
        self.substance_ghb_gbl_check.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Substance: GHB/GBL", None))
#endif // QT_CONFIG(accessibility)
        self.substance_mephedrone_check.setText(QCoreApplication.translate("IntakeDialog", u"Mephedrone", None))
#if QT_CONFIG(accessibility)
        self.substance_mephedrone_check.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Substance: Mephedrone", None))
#endif // QT_CONFIG(accessibility)
        self.substance_other_check.setText(QCoreApplication.translate("IntakeDialog", u"Other", None))
#if QT_CONFIG(accessibility)
        self.substance_other_check.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Substance: Other", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.other_substance_edit.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Other substance", None))
#endif // QT_CONFIG(accessibility)
        self.other_substance_edit.setPlaceholderText(QCoreApplication.translate("IntakeDialog", u"If other: what was found, for example poppers", None))
#if QT_CONFIG(accessibility)
        self.substances_error_label.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Error", None))
#endif // QT_CONFIG(accessibility)
        self.intent_to_supply_label.setText(QCoreApplication.translate("IntakeDialog", u"Intent to supply", None))
#if QT_CONFIG(accessibility)
        self.intent_to_supply_check.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Police suspect intent to supply", None))
#endif // QT_CONFIG(accessibility)
        self.intent_to_supply_check.setText(QCoreApplication.translate("IntakeDialog", u"Police suspect intent to supply", None))
#if QT_CONFIG(accessibility)
        self.intent_to_supply_error_label.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Error", None))
#endif // QT_CONFIG(accessibility)
        self.consent_to_share_label.setText(QCoreApplication.translate("IntakeDialog", u"Consent to share", None))
#if QT_CONFIG(accessibility)
        self.consent_to_share_combo.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Consent to share the outcome with police", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.consent_to_share_error_label.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Error", None))
#endif // QT_CONFIG(accessibility)
        self.notes_label.setText(QCoreApplication.translate("IntakeDialog", u"Notes", None))
#if QT_CONFIG(accessibility)
        self.notes_text.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Notes", None))
#endif // QT_CONFIG(accessibility)
        self.notes_text.setPlaceholderText(QCoreApplication.translate("IntakeDialog", u"Anything the officer or the person told you", None))
#if QT_CONFIG(accessibility)
        self.notes_error_label.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Error", None))
#endif // QT_CONFIG(accessibility)
        self.person_group.setTitle(QCoreApplication.translate("IntakeDialog", u"Person", None))
#if QT_CONFIG(accessibility)
        self.person_group.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Person", None))
#endif // QT_CONFIG(accessibility)
        self.first_name_label.setText(QCoreApplication.translate("IntakeDialog", u"First name *", None))
#if QT_CONFIG(accessibility)
        self.first_name_edit.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"First name", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.first_name_error_label.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Error", None))
#endif // QT_CONFIG(accessibility)
        self.last_name_label.setText(QCoreApplication.translate("IntakeDialog", u"Last name *", None))
#if QT_CONFIG(accessibility)
        self.last_name_edit.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Last name", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.last_name_error_label.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Error", None))
#endif // QT_CONFIG(accessibility)
        self.known_as_label.setText(QCoreApplication.translate("IntakeDialog", u"Known as", None))
#if QT_CONFIG(accessibility)
        self.known_as_edit.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Known as", None))
#endif // QT_CONFIG(accessibility)
        self.known_as_edit.setPlaceholderText(QCoreApplication.translate("IntakeDialog", u"A preferred name, if different", None))
#if QT_CONFIG(accessibility)
        self.known_as_error_label.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Error", None))
#endif // QT_CONFIG(accessibility)
        self.date_of_birth_label.setText(QCoreApplication.translate("IntakeDialog", u"Date of birth *", None))
#if QT_CONFIG(accessibility)
        self.date_of_birth_edit.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Date of birth", None))
#endif // QT_CONFIG(accessibility)
        self.date_of_birth_edit.setPlaceholderText(QCoreApplication.translate("IntakeDialog", u"for example 2/12/2008", None))
#if QT_CONFIG(accessibility)
        self.date_of_birth_error_label.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Error", None))
#endif // QT_CONFIG(accessibility)
        self.gender_label.setText(QCoreApplication.translate("IntakeDialog", u"Gender", None))
#if QT_CONFIG(accessibility)
        self.gender_combo.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Gender", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.gender_error_label.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Error", None))
#endif // QT_CONFIG(accessibility)
        self.address_line1_label.setText(QCoreApplication.translate("IntakeDialog", u"Address", None))
#if QT_CONFIG(accessibility)
        self.address_line1_edit.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Address, first line", None))
#endif // QT_CONFIG(accessibility)
        self.address_line1_edit.setPlaceholderText(QCoreApplication.translate("IntakeDialog", u"House number and street", None))
#if QT_CONFIG(accessibility)
        self.address_line1_error_label.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Error", None))
#endif // QT_CONFIG(accessibility)
        self.address_line2_label.setText(QCoreApplication.translate("IntakeDialog", u"Address line 2", None))
#if QT_CONFIG(accessibility)
        self.address_line2_edit.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Address, second line", None))
#endif // QT_CONFIG(accessibility)
        self.address_line2_edit.setPlaceholderText(QCoreApplication.translate("IntakeDialog", u"Optional", None))
#if QT_CONFIG(accessibility)
        self.address_line2_error_label.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Error", None))
#endif // QT_CONFIG(accessibility)
        self.town_label.setText(QCoreApplication.translate("IntakeDialog", u"Town or city", None))
#if QT_CONFIG(accessibility)
        self.town_edit.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Town or city", None))
#endif // QT_CONFIG(accessibility)
        self.town_edit.setPlaceholderText(QCoreApplication.translate("IntakeDialog", u"for example Dudley", None))
#if QT_CONFIG(accessibility)
        self.town_error_label.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Error", None))
#endif // QT_CONFIG(accessibility)
        self.postcode_label.setText(QCoreApplication.translate("IntakeDialog", u"Postcode", None))
#if QT_CONFIG(accessibility)
        self.postcode_edit.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Postcode", None))
#endif // QT_CONFIG(accessibility)
        self.postcode_edit.setPlaceholderText(QCoreApplication.translate("IntakeDialog", u"for example B1 1AA", None))
#if QT_CONFIG(accessibility)
        self.postcode_error_label.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Error", None))
#endif // QT_CONFIG(accessibility)
        self.phone_label.setText(QCoreApplication.translate("IntakeDialog", u"Phone", None))
#if QT_CONFIG(accessibility)
        self.phone_edit.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Phone", None))
#endif // QT_CONFIG(accessibility)
        self.phone_edit.setPlaceholderText(QCoreApplication.translate("IntakeDialog", u"for example 07700 900123", None))
#if QT_CONFIG(accessibility)
        self.phone_error_label.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Error", None))
#endif // QT_CONFIG(accessibility)
        self.email_label.setText(QCoreApplication.translate("IntakeDialog", u"Email", None))
#if QT_CONFIG(accessibility)
        self.email_edit.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Email", None))
#endif // QT_CONFIG(accessibility)
        self.email_edit.setPlaceholderText(QCoreApplication.translate("IntakeDialog", u"for example name@example.com", None))
#if QT_CONFIG(accessibility)
        self.email_error_label.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Error", None))
#endif // QT_CONFIG(accessibility)
        self.appropriate_adult_group.setTitle(QCoreApplication.translate("IntakeDialog", u"Appropriate adult", None))
#if QT_CONFIG(accessibility)
        self.appropriate_adult_group.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Appropriate adult", None))
#endif // QT_CONFIG(accessibility)
        self.adult_intro_label.setText(QCoreApplication.translate("IntakeDialog", u"The person is under 18 on the referral date, so an appropriate adult must have been present: enter their name and relationship (marked *).", None))
        self.appropriate_adult_name_label.setText(QCoreApplication.translate("IntakeDialog", u"Name *", None))
#if QT_CONFIG(accessibility)
        self.appropriate_adult_name_edit.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Appropriate adult's name", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.appropriate_adult_name_error_label.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Error", None))
#endif // QT_CONFIG(accessibility)
        self.appropriate_adult_relationship_label.setText(QCoreApplication.translate("IntakeDialog", u"Relationship *", None))
#if QT_CONFIG(accessibility)
        self.appropriate_adult_relationship_edit.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Appropriate adult's relationship", None))
#endif // QT_CONFIG(accessibility)
        self.appropriate_adult_relationship_edit.setPlaceholderText(QCoreApplication.translate("IntakeDialog", u"for example parent, carer, social worker", None))
#if QT_CONFIG(accessibility)
        self.appropriate_adult_relationship_error_label.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Error", None))
#endif // QT_CONFIG(accessibility)
        self.appropriate_adult_phone_label.setText(QCoreApplication.translate("IntakeDialog", u"Phone", None))
#if QT_CONFIG(accessibility)
        self.appropriate_adult_phone_edit.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Appropriate adult's phone", None))
#endif // QT_CONFIG(accessibility)
        self.appropriate_adult_phone_edit.setPlaceholderText(QCoreApplication.translate("IntakeDialog", u"for example 07700 900123", None))
#if QT_CONFIG(accessibility)
        self.appropriate_adult_phone_error_label.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Error", None))
#endif // QT_CONFIG(accessibility)
        self.no_adult_check.setText(QCoreApplication.translate("IntakeDialog", u"No appropriate adult was present", None))
#if QT_CONFIG(tooltip)
        self.no_adult_check.setToolTip(QCoreApplication.translate("IntakeDialog", u"Tick this when the officer made the referral without an appropriate adult: the referral is recorded as not eligible and no appointment is booked", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.no_adult_check.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"No appropriate adult was present", None))
#endif // QT_CONFIG(accessibility)
        self.eligibility_group.setTitle(QCoreApplication.translate("IntakeDialog", u"Eligibility", None))
#if QT_CONFIG(accessibility)
        self.eligibility_group.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Eligibility", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.eligibility_icon_label.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Eligibility status", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.eligibility_label.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Eligibility", None))
#endif // QT_CONFIG(accessibility)
        self.override_check.setText(QCoreApplication.translate("IntakeDialog", u"Override the repeat-referral bar", None))
#if QT_CONFIG(accessibility)
        self.override_check.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Override the repeat-referral bar", None))
#endif // QT_CONFIG(accessibility)
        self.override_reason_label.setText(QCoreApplication.translate("IntakeDialog", u"Reason for the override *", None))
#if QT_CONFIG(accessibility)
        self.override_reason_edit.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Reason for the override", None))
#endif // QT_CONFIG(accessibility)
        self.override_reason_edit.setPlaceholderText(QCoreApplication.translate("IntakeDialog", u"At least 10 characters, recorded in the audit trail", None))
#if QT_CONFIG(accessibility)
        self.override_reason_error_label.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Error", None))
#endif // QT_CONFIG(accessibility)
        self.override_note_label.setText(QCoreApplication.translate("IntakeDialog", u"Only a manager can override the repeat-referral bar.", None))
        self.matches_group.setTitle(QCoreApplication.translate("IntakeDialog", u"Possible matches", None))
#if QT_CONFIG(accessibility)
        self.matches_group.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Possible matches", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.matches_table.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Possible matching people", None))
#endif // QT_CONFIG(accessibility)
        self.same_person_radio.setText(QCoreApplication.translate("IntakeDialog", u"This is the same person", None))
#if QT_CONFIG(accessibility)
        self.same_person_radio.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"This is the same person", None))
#endif // QT_CONFIG(accessibility)
        self.new_person_radio.setText(QCoreApplication.translate("IntakeDialog", u"Confirm as a new person", None))
#if QT_CONFIG(accessibility)
        self.new_person_radio.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Confirm as a new person", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.person_choice_error_label.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Error", None))
#endif // QT_CONFIG(accessibility)
        self.appointment_group.setTitle(QCoreApplication.translate("IntakeDialog", u"Initial appointment", None))
#if QT_CONFIG(accessibility)
        self.appointment_group.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Initial appointment", None))
#endif // QT_CONFIG(accessibility)
        self.appointment_hint_label.setText(QCoreApplication.translate("IntakeDialog", u"Book the initial assessment now: find a free slot, or type the date and time the officer booked.", None))
        self.find_slot_button.setText(QCoreApplication.translate("IntakeDialog", u"Find a slot\u2026", None))
#if QT_CONFIG(accessibility)
        self.find_slot_button.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Find a slot", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.find_slot_button.setToolTip(QCoreApplication.translate("IntakeDialog", u"Find the first free initial-assessment slots in the referral's area", None))
#endif // QT_CONFIG(tooltip)
        self.clear_appointment_button.setText(QCoreApplication.translate("IntakeDialog", u"Clear", None))
#if QT_CONFIG(accessibility)
        self.clear_appointment_button.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Clear the appointment", None))
#endif // QT_CONFIG(accessibility)
        self.appointment_datetime_label.setText(QCoreApplication.translate("IntakeDialog", u"Date and time", None))
#if QT_CONFIG(accessibility)
        self.appointment_datetime_edit.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Appointment date and time", None))
#endif // QT_CONFIG(accessibility)
        self.appointment_datetime_edit.setPlaceholderText(QCoreApplication.translate("IntakeDialog", u"for example 2/12/2026 10:00", None))
#if QT_CONFIG(accessibility)
        self.appointment_datetime_error_label.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Error", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.next_open_day_button.setToolTip(QCoreApplication.translate("IntakeDialog", u"Put the appointment on the next day the service is open, at the same time", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.next_open_day_button.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Use the next open day", None))
#endif // QT_CONFIG(accessibility)
        self.next_open_day_button.setText(QCoreApplication.translate("IntakeDialog", u"Use the next open day", None))
        self.appointment_venue_label.setText(QCoreApplication.translate("IntakeDialog", u"Venue", None))
#if QT_CONFIG(accessibility)
        self.appointment_venue_combo.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Appointment venue", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.appointment_venue_error_label.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Error", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.progress_label.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Progress", None))
#endif // QT_CONFIG(accessibility)
        self.cancel_button.setText(QCoreApplication.translate("IntakeDialog", u"Cancel", None))
#if QT_CONFIG(accessibility)
        self.cancel_button.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Cancel", None))
#endif // QT_CONFIG(accessibility)
        self.save_button.setText(QCoreApplication.translate("IntakeDialog", u"Save referral", None))
#if QT_CONFIG(accessibility)
        self.save_button.setAccessibleName(QCoreApplication.translate("IntakeDialog", u"Save referral", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.save_button.setToolTip(QCoreApplication.translate("IntakeDialog", u"Save the referral (Ctrl+S)", None))
#endif // QT_CONFIG(tooltip)
    # retranslateUi
