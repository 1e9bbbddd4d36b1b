# Generated from ui/person_dialog.ui by installer/build_ui.py with pyside6-uic: generated, do not edit.
# Edit the .ui file in Qt Designer, then run: python installer/build_ui.py
# ruff: noqa

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QDialog, QFormLayout,
    QGroupBox, QHBoxLayout, QHeaderView, QLabel,
    QPushButton, QSizePolicy, QSpacerItem, QTabWidget,
    QTableView, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
    QWidget)

class Ui_PersonDialog(object):
    def setupUi(self, person_dialog):
        if not person_dialog.objectName():
            person_dialog.setObjectName(u"person_dialog")
        person_dialog.resize(960, 680)
        self.main_layout = QVBoxLayout(person_dialog)
        self.main_layout.setSpacing(12)
        self.main_layout.setObjectName(u"main_layout")
        self.main_layout.setContentsMargins(24, 20, 24, 20)
        self.name_label = QLabel(person_dialog)
        self.name_label.setObjectName(u"name_label")
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.main_layout.addWidget(self.name_label)

        self.notice_label = QLabel(person_dialog)
        self.notice_label.setObjectName(u"notice_label")
        self.notice_label.setWordWrap(True)

        self.main_layout.addWidget(self.notice_label)

        self.details_group = QGroupBox(person_dialog)
        self.details_group.setObjectName(u"details_group")
        self.details_layout = QHBoxLayout(self.details_group)
        self.details_layout.setSpacing(24)
        self.details_layout.setObjectName(u"details_layout")
        self.details_form_left = QFormLayout()
        self.details_form_left.setObjectName(u"details_form_left")
        self.details_form_left.setHorizontalSpacing(12)
        self.details_form_left.setVerticalSpacing(8)
        self.details_form_left.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)
        self.known_as_label = QLabel(self.details_group)
        self.known_as_label.setObjectName(u"known_as_label")

        self.details_form_left.setWidget(0, QFormLayout.ItemRole.LabelRole, self.known_as_label)

        self.known_as_value = QLabel(self.details_group)
        self.known_as_value.setObjectName(u"known_as_value")
        self.known_as_value.setWordWrap(True)
        self.known_as_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.details_form_left.setWidget(0, QFormLayout.ItemRole.FieldRole, self.known_as_value)

        self.date_of_birth_label = QLabel(self.details_group)
        self.date_of_birth_label.setObjectName(u"date_of_birth_label")

        self.details_form_left.setWidget(1, QFormLayout.ItemRole.LabelRole, self.date_of_birth_label)

        self.date_of_birth_value = QLabel(self.details_group)
        self.date_of_birth_value.setObjectName(u"date_of_birth_value")
        self.date_of_birth_value.setWordWrap(True)
        self.date_of_birth_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.details_form_left.setWidget(1, QFormLayout.ItemRole.FieldRole, self.date_of_birth_value)

        self.gender_label = QLabel(self.details_group)
        self.gender_label.setObjectName(u"gender_label")

        self.details_form_left.setWidget(2, QFormLayout.ItemRole.LabelRole, self.gender_label)

        self.gender_value = QLabel(self.details_group)
        self.gender_value.setObjectName(u"gender_value")
        self.gender_value.setWordWrap(True)
        self.gender_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.details_form_left.setWidget(2, QFormLayout.ItemRole.FieldRole, self.gender_value)

        self.area_label = QLabel(self.details_group)
        self.area_label.setObjectName(u"area_label")

        self.details_form_left.setWidget(3, QFormLayout.ItemRole.LabelRole, self.area_label)

        self.area_value = QLabel(self.details_group)
        self.area_value.setObjectName(u"area_value")
        self.area_value.setWordWrap(True)
        self.area_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.details_form_left.setWidget(3, QFormLayout.ItemRole.FieldRole, self.area_value)

        self.needs_label = QLabel(self.details_group)
        self.needs_label.setObjectName(u"needs_label")

        self.details_form_left.setWidget(4, QFormLayout.ItemRole.LabelRole, self.needs_label)

        self.needs_value = QLabel(self.details_group)
        self.needs_value.setObjectName(u"needs_value")
        self.needs_value.setWordWrap(True)
        self.needs_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.details_form_left.setWidget(4, QFormLayout.ItemRole.FieldRole, self.needs_value)


        self.details_layout.addLayout(self.details_form_left)

        self.details_form_right = QFormLayout()
        self.details_form_right.setObjectName(u"details_form_right")
        self.details_form_right.setHorizontalSpacing(12)
        self.details_form_right.setVerticalSpacing(8)
        self.details_form_right.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)
        self.address_label = QLabel(self.details_group)
        self.address_label.setObjectName(u"address_label")

        self.details_form_right.setWidget(0, QFormLayout.ItemRole.LabelRole, self.address_label)

        self.address_value = QLabel(self.details_group)
        self.address_value.setObjectName(u"address_value")
        self.address_value.setWordWrap(True)
        self.address_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.details_form_right.setWidget(0, QFormLayout.ItemRole.FieldRole, self.address_value)

        self.phone_label = QLabel(self.details_group)
        self.phone_label.setObjectName(u"phone_label")

        self.details_form_right.setWidget(1, QFormLayout.ItemRole.LabelRole, self.phone_label)

        self.phone_value = QLabel(self.details_group)
        self.phone_value.setObjectName(u"phone_value")
        self.phone_value.setWordWrap(True)
        self.phone_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.details_form_right.setWidget(1, QFormLayout.ItemRole.FieldRole, self.phone_value)

        self.email_label = QLabel(self.details_group)
        self.email_label.setObjectName(u"email_label")

        self.details_form_right.setWidget(2, QFormLayout.ItemRole.LabelRole, self.email_label)

        self.email_value = QLabel(self.details_group)
        self.email_value.setObjectName(u"email_value")
        self.email_value.setWordWrap(True)
        self.email_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.details_form_right.setWidget(2, QFormLayout.ItemRole.FieldRole, self.email_value)

        self.contact_label = QLabel(self.details_group)
        self.contact_label.setObjectName(u"contact_label")

        self.details_form_right.setWidget(3, QFormLayout.ItemRole.LabelRole, self.contact_label)

        self.contact_value = QLabel(self.details_group)
        self.contact_value.setObjectName(u"contact_value")
        self.contact_value.setWordWrap(True)
        self.contact_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.details_form_right.setWidget(3, QFormLayout.ItemRole.FieldRole, self.contact_value)

        self.letters_label = QLabel(self.details_group)
        self.letters_label.setObjectName(u"letters_label")

        self.details_form_right.setWidget(4, QFormLayout.ItemRole.LabelRole, self.letters_label)

        self.letters_value = QLabel(self.details_group)
        self.letters_value.setObjectName(u"letters_value")
        self.letters_value.setWordWrap(True)
        self.letters_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.details_form_right.setWidget(4, QFormLayout.ItemRole.FieldRole, self.letters_value)


        self.details_layout.addLayout(self.details_form_right)


        self.main_layout.addWidget(self.details_group)

        self.record_tabs = QTabWidget(person_dialog)
        self.record_tabs.setObjectName(u"record_tabs")
        self.referrals_tab = QWidget()
        self.referrals_tab.setObjectName(u"referrals_tab")
        self.referrals_tab_layout = QVBoxLayout(self.referrals_tab)
        self.referrals_tab_layout.setObjectName(u"referrals_tab_layout")
        self.referrals_tree = QTreeWidget(self.referrals_tab)
        self.referrals_tree.setObjectName(u"referrals_tree")
        self.referrals_tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.referrals_tree.setAlternatingRowColors(True)
        self.referrals_tree.setUniformRowHeights(True)

        self.referrals_tab_layout.addWidget(self.referrals_tree)

        self.record_tabs.addTab(self.referrals_tab, "")
        self.appointments_tab = QWidget()
        self.appointments_tab.setObjectName(u"appointments_tab")
        self.appointments_tab_layout = QVBoxLayout(self.appointments_tab)
        self.appointments_tab_layout.setObjectName(u"appointments_tab_layout")
        self.appointments_table = QTableView(self.appointments_tab)
        self.appointments_table.setObjectName(u"appointments_table")
        self.appointments_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.appointments_table.setAlternatingRowColors(True)
        self.appointments_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.appointments_table.setSortingEnabled(True)

        self.appointments_tab_layout.addWidget(self.appointments_table)

        self.record_tabs.addTab(self.appointments_tab, "")
        self.clinical_tab = QWidget()
        self.clinical_tab.setObjectName(u"clinical_tab")
        self.clinical_tab_layout = QVBoxLayout(self.clinical_tab)
        self.clinical_tab_layout.setObjectName(u"clinical_tab_layout")
        self.clinical_label = QLabel(self.clinical_tab)
        self.clinical_label.setObjectName(u"clinical_label")
        self.clinical_label.setWordWrap(True)
        self.clinical_label.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)

        self.clinical_tab_layout.addWidget(self.clinical_label)

        self.record_tabs.addTab(self.clinical_tab, "")

        self.main_layout.addWidget(self.record_tabs)

        self.button_layout = QHBoxLayout()
        self.button_layout.setSpacing(8)
        self.button_layout.setObjectName(u"button_layout")
        self.button_spacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.button_layout.addItem(self.button_spacer)

        self.close_button = QPushButton(person_dialog)
        self.close_button.setObjectName(u"close_button")

        self.button_layout.addWidget(self.close_button)


        self.main_layout.addLayout(self.button_layout)

        QWidget.setTabOrder(self.record_tabs, self.referrals_tree)
        QWidget.setTabOrder(self.referrals_tree, self.appointments_table)
        QWidget.setTabOrder(self.appointments_table, self.close_button)

        self.retranslateUi(person_dialog)

        self.record_tabs.setCurrentIndex(0)
        self.close_button.setDefault(True)

    # setupUi

    def retranslateUi(self, person_dialog):
        person_dialog.setWindowTitle(QCoreApplication.translate("PersonDialog", u"Person's record", None))
#if QT_CONFIG(accessibility)
        person_dialog.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Person's record", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.name_label.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Person's name", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.notice_label.setAccessibleName(QCoreApplication.translate("PersonDialog", u"What you can see", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.details_group.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Details", None))
#endif // QT_CONFIG(accessibility)
        self.details_group.setTitle(QCoreApplication.translate("PersonDialog", u"Details", None))
        self.known_as_label.setText(QCoreApplication.translate("PersonDialog", u"Known as", None))
#if QT_CONFIG(accessibility)
        self.known_as_value.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Known as", None))
#endif // QT_CONFIG(accessibility)
        self.date_of_birth_label.setText(QCoreApplication.translate("PersonDialog", u"Date of birth", None))
#if QT_CONFIG(accessibility)
        self.date_of_birth_value.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Date of birth", None))
#endif // QT_CONFIG(accessibility)
        self.gender_label.setText(QCoreApplication.translate("PersonDialog", u"Gender", None))
#if QT_CONFIG(accessibility)
        self.gender_value.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Gender", None))
#endif // QT_CONFIG(accessibility)
        self.area_label.setText(QCoreApplication.translate("PersonDialog", u"Area", None))
#if QT_CONFIG(accessibility)
        self.area_value.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Area", None))
#endif // QT_CONFIG(accessibility)
        self.needs_label.setText(QCoreApplication.translate("PersonDialog", u"Access or language needs", None))
#if QT_CONFIG(accessibility)
        self.needs_value.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Accessibility or language needs", None))
#endif // QT_CONFIG(accessibility)
        self.address_label.setText(QCoreApplication.translate("PersonDialog", u"Address", None))
#if QT_CONFIG(accessibility)
        self.address_value.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Address", None))
#endif // QT_CONFIG(accessibility)
        self.phone_label.setText(QCoreApplication.translate("PersonDialog", u"Phone", None))
#if QT_CONFIG(accessibility)
        self.phone_value.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Phone", None))
#endif // QT_CONFIG(accessibility)
        self.email_label.setText(QCoreApplication.translate("PersonDialog", u"Email", None))
#if QT_CONFIG(accessibility)
        self.email_value.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Email", None))
#endif // QT_CONFIG(accessibility)
        self.contact_label.setText(QCoreApplication.translate("PersonDialog", u"Contact by", None))
#if QT_CONFIG(accessibility)
        self.contact_value.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Preferred contact", None))
#endif // QT_CONFIG(accessibility)
        self.letters_label.setText(QCoreApplication.translate("PersonDialog", u"Letters", None))
#if QT_CONFIG(accessibility)
        self.letters_value.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Letters allowed", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.record_tabs.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Record sections", None))
#endif // QT_CONFIG(accessibility)
        ___qtreewidgetitem = self.referrals_tree.headerItem()
        ___qtreewidgetitem.setText(5, QCoreApplication.translate("PersonDialog", u"Reason or detail", None))
        ___qtreewidgetitem.setText(4, QCoreApplication.translate("PersonDialog", u"Substances", None))
        ___qtreewidgetitem.setText(3, QCoreApplication.translate("PersonDialog", u"Area", None))
        ___qtreewidgetitem.setText(2, QCoreApplication.translate("PersonDialog", u"Status", None))
        ___qtreewidgetitem.setText(1, QCoreApplication.translate("PersonDialog", u"Date", None))
        ___qtreewidgetitem.setText(0, QCoreApplication.translate("PersonDialog", u"Police reference", None))
#if QT_CONFIG(accessibility)
        self.referrals_tree.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Referrals and their status history", None))
#endif // QT_CONFIG(accessibility)
        self.record_tabs.setTabText(self.record_tabs.indexOf(self.referrals_tab), QCoreApplication.translate("PersonDialog", u"Referrals", None))
#if QT_CONFIG(accessibility)
        self.appointments_table.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Appointments", None))
#endif // QT_CONFIG(accessibility)
        self.record_tabs.setTabText(self.record_tabs.indexOf(self.appointments_tab), QCoreApplication.translate("PersonDialog", u"Appointments", None))
#if QT_CONFIG(accessibility)
        self.clinical_label.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Assessments and sessions", None))
#endif // QT_CONFIG(accessibility)
        self.record_tabs.setTabText(self.record_tabs.indexOf(self.clinical_tab), QCoreApplication.translate("PersonDialog", u"Assessments and sessions", None))
#if QT_CONFIG(accessibility)
        self.close_button.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Close", None))
#endif // QT_CONFIG(accessibility)
        self.close_button.setText(QCoreApplication.translate("PersonDialog", u"Close", None))
    # retranslateUi
