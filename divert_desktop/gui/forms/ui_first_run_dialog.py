# Generated from ui/first_run_dialog.ui by installer/build_ui.py with pyside6-uic: generated, do not edit.
# Edit the .ui file in Qt Designer, then run: python installer/build_ui.py
# ruff: noqa

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QDialog, QFormLayout, QGroupBox,
    QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
    QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget)

class Ui_FirstRunDialog(object):
    def setupUi(self, first_run_dialog):
        if not first_run_dialog.objectName():
            first_run_dialog.setObjectName(u"first_run_dialog")
        first_run_dialog.resize(860, 440)
        self.main_layout = QVBoxLayout(first_run_dialog)
        self.main_layout.setSpacing(12)
        self.main_layout.setObjectName(u"main_layout")
        self.main_layout.setContentsMargins(24, 20, 24, 20)
        self.heading_label = QLabel(first_run_dialog)
        self.heading_label.setObjectName(u"heading_label")

        self.main_layout.addWidget(self.heading_label)

        self.intro_label = QLabel(first_run_dialog)
        self.intro_label.setObjectName(u"intro_label")
        self.intro_label.setWordWrap(True)

        self.main_layout.addWidget(self.intro_label)

        self.groups_layout = QHBoxLayout()
        self.groups_layout.setSpacing(16)
        self.groups_layout.setObjectName(u"groups_layout")
        self.account_group = QGroupBox(first_run_dialog)
        self.account_group.setObjectName(u"account_group")
        self.account_form = QFormLayout(self.account_group)
        self.account_form.setObjectName(u"account_form")
        self.account_form.setHorizontalSpacing(12)
        self.account_form.setVerticalSpacing(8)
        self.account_form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)
        self.username_label = QLabel(self.account_group)
        self.username_label.setObjectName(u"username_label")

        self.account_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.username_label)

        self.username_field = QVBoxLayout()
        self.username_field.setSpacing(2)
        self.username_field.setObjectName(u"username_field")
        self.username_edit = QLineEdit(self.account_group)
        self.username_edit.setObjectName(u"username_edit")
        self.username_edit.setMaxLength(64)

        self.username_field.addWidget(self.username_edit)

        self.username_error_label = QLabel(self.account_group)
        self.username_error_label.setObjectName(u"username_error_label")
        self.username_error_label.setWordWrap(True)

        self.username_field.addWidget(self.username_error_label)


        self.account_form.setLayout(0, QFormLayout.ItemRole.FieldRole, self.username_field)

        self.full_name_label = QLabel(self.account_group)
        self.full_name_label.setObjectName(u"full_name_label")

        self.account_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.full_name_label)

        self.full_name_field = QVBoxLayout()
        self.full_name_field.setSpacing(2)
        self.full_name_field.setObjectName(u"full_name_field")
        self.full_name_edit = QLineEdit(self.account_group)
        self.full_name_edit.setObjectName(u"full_name_edit")
        self.full_name_edit.setMaxLength(120)

        self.full_name_field.addWidget(self.full_name_edit)

        self.full_name_error_label = QLabel(self.account_group)
        self.full_name_error_label.setObjectName(u"full_name_error_label")
        self.full_name_error_label.setWordWrap(True)

        self.full_name_field.addWidget(self.full_name_error_label)


        self.account_form.setLayout(1, QFormLayout.ItemRole.FieldRole, self.full_name_field)

        self.password_label = QLabel(self.account_group)
        self.password_label.setObjectName(u"password_label")

        self.account_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.password_label)

        self.password_field = QVBoxLayout()
        self.password_field.setSpacing(2)
        self.password_field.setObjectName(u"password_field")
        self.password_edit = QLineEdit(self.account_group)
        self.password_edit.setObjectName(u"password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.password_field.addWidget(self.password_edit)

        self.password_hint_label = QLabel(self.account_group)
        self.password_hint_label.setObjectName(u"password_hint_label")
        self.password_hint_label.setWordWrap(True)

        self.password_field.addWidget(self.password_hint_label)

        self.password_error_label = QLabel(self.account_group)
        self.password_error_label.setObjectName(u"password_error_label")
        self.password_error_label.setWordWrap(True)

        self.password_field.addWidget(self.password_error_label)


        self.account_form.setLayout(2, QFormLayout.ItemRole.FieldRole, self.password_field)

        self.confirm_password_label = QLabel(self.account_group)
        self.confirm_password_label.setObjectName(u"confirm_password_label")

        self.account_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.confirm_password_label)

        self.confirm_password_field = QVBoxLayout()
        self.confirm_password_field.setSpacing(2)
        self.confirm_password_field.setObjectName(u"confirm_password_field")
        self.confirm_password_edit = QLineEdit(self.account_group)
        self.confirm_password_edit.setObjectName(u"confirm_password_edit")
        self.confirm_password_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.confirm_password_field.addWidget(self.confirm_password_edit)

        self.confirm_password_error_label = QLabel(self.account_group)
        self.confirm_password_error_label.setObjectName(u"confirm_password_error_label")
        self.confirm_password_error_label.setWordWrap(True)

        self.confirm_password_field.addWidget(self.confirm_password_error_label)


        self.account_form.setLayout(3, QFormLayout.ItemRole.FieldRole, self.confirm_password_field)


        self.groups_layout.addWidget(self.account_group)

        self.letterhead_group = QGroupBox(first_run_dialog)
        self.letterhead_group.setObjectName(u"letterhead_group")
        self.letterhead_form = QFormLayout(self.letterhead_group)
        self.letterhead_form.setObjectName(u"letterhead_form")
        self.letterhead_form.setHorizontalSpacing(12)
        self.letterhead_form.setVerticalSpacing(8)
        self.letterhead_form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)
        self.organisation_name_label = QLabel(self.letterhead_group)
        self.organisation_name_label.setObjectName(u"organisation_name_label")

        self.letterhead_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.organisation_name_label)

        self.organisation_name_edit = QLineEdit(self.letterhead_group)
        self.organisation_name_edit.setObjectName(u"organisation_name_edit")
        self.organisation_name_edit.setMaxLength(200)

        self.letterhead_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.organisation_name_edit)

        self.organisation_address_label = QLabel(self.letterhead_group)
        self.organisation_address_label.setObjectName(u"organisation_address_label")

        self.letterhead_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.organisation_address_label)

        self.organisation_address_edit = QPlainTextEdit(self.letterhead_group)
        self.organisation_address_edit.setObjectName(u"organisation_address_edit")
        self.organisation_address_edit.setMaximumSize(QSize(16777215, 84))
        self.organisation_address_edit.setTabChangesFocus(True)

        self.letterhead_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.organisation_address_edit)

        self.organisation_phone_label = QLabel(self.letterhead_group)
        self.organisation_phone_label.setObjectName(u"organisation_phone_label")

        self.letterhead_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.organisation_phone_label)

        self.organisation_phone_field = QVBoxLayout()
        self.organisation_phone_field.setSpacing(2)
        self.organisation_phone_field.setObjectName(u"organisation_phone_field")
        self.organisation_phone_edit = QLineEdit(self.letterhead_group)
        self.organisation_phone_edit.setObjectName(u"organisation_phone_edit")
        self.organisation_phone_edit.setMaxLength(30)

        self.organisation_phone_field.addWidget(self.organisation_phone_edit)

        self.organisation_phone_error_label = QLabel(self.letterhead_group)
        self.organisation_phone_error_label.setObjectName(u"organisation_phone_error_label")
        self.organisation_phone_error_label.setWordWrap(True)

        self.organisation_phone_field.addWidget(self.organisation_phone_error_label)


        self.letterhead_form.setLayout(2, QFormLayout.ItemRole.FieldRole, self.organisation_phone_field)

        self.organisation_email_label = QLabel(self.letterhead_group)
        self.organisation_email_label.setObjectName(u"organisation_email_label")

        self.letterhead_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.organisation_email_label)

        self.organisation_email_field = QVBoxLayout()
        self.organisation_email_field.setSpacing(2)
        self.organisation_email_field.setObjectName(u"organisation_email_field")
        self.organisation_email_edit = QLineEdit(self.letterhead_group)
        self.organisation_email_edit.setObjectName(u"organisation_email_edit")
        self.organisation_email_edit.setMaxLength(254)

        self.organisation_email_field.addWidget(self.organisation_email_edit)

        self.organisation_email_error_label = QLabel(self.letterhead_group)
        self.organisation_email_error_label.setObjectName(u"organisation_email_error_label")
        self.organisation_email_error_label.setWordWrap(True)

        self.organisation_email_field.addWidget(self.organisation_email_error_label)


        self.letterhead_form.setLayout(3, QFormLayout.ItemRole.FieldRole, self.organisation_email_field)

        self.signatory_name_label = QLabel(self.letterhead_group)
        self.signatory_name_label.setObjectName(u"signatory_name_label")

        self.letterhead_form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.signatory_name_label)

        self.signatory_name_edit = QLineEdit(self.letterhead_group)
        self.signatory_name_edit.setObjectName(u"signatory_name_edit")
        self.signatory_name_edit.setMaxLength(120)

        self.letterhead_form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.signatory_name_edit)

        self.signatory_title_label = QLabel(self.letterhead_group)
        self.signatory_title_label.setObjectName(u"signatory_title_label")

        self.letterhead_form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.signatory_title_label)

        self.signatory_title_edit = QLineEdit(self.letterhead_group)
        self.signatory_title_edit.setObjectName(u"signatory_title_edit")
        self.signatory_title_edit.setMaxLength(120)

        self.letterhead_form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.signatory_title_edit)

        self.logo_label = QLabel(self.letterhead_group)
        self.logo_label.setObjectName(u"logo_label")

        self.letterhead_form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.logo_label)

        self.logo_field = QVBoxLayout()
        self.logo_field.setSpacing(2)
        self.logo_field.setObjectName(u"logo_field")
        self.logo_row = QHBoxLayout()
        self.logo_row.setObjectName(u"logo_row")
        self.choose_logo_button = QPushButton(self.letterhead_group)
        self.choose_logo_button.setObjectName(u"choose_logo_button")
        self.choose_logo_button.setAutoDefault(False)

        self.logo_row.addWidget(self.choose_logo_button)

        self.logo_preview_label = QLabel(self.letterhead_group)
        self.logo_preview_label.setObjectName(u"logo_preview_label")

        self.logo_row.addWidget(self.logo_preview_label)

        self.logo_spacer = QSpacerItem(10, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.logo_row.addItem(self.logo_spacer)


        self.logo_field.addLayout(self.logo_row)

        self.logo_error_label = QLabel(self.letterhead_group)
        self.logo_error_label.setObjectName(u"logo_error_label")
        self.logo_error_label.setWordWrap(True)

        self.logo_field.addWidget(self.logo_error_label)


        self.letterhead_form.setLayout(6, QFormLayout.ItemRole.FieldRole, self.logo_field)


        self.groups_layout.addWidget(self.letterhead_group)


        self.main_layout.addLayout(self.groups_layout)

        self.form_error_label = QLabel(first_run_dialog)
        self.form_error_label.setObjectName(u"form_error_label")
        self.form_error_label.setWordWrap(True)

        self.main_layout.addWidget(self.form_error_label)

        self.vertical_spacer = QSpacerItem(20, 8, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.main_layout.addItem(self.vertical_spacer)

        self.button_layout = QHBoxLayout()
        self.button_layout.setSpacing(8)
        self.button_layout.setObjectName(u"button_layout")
        self.button_spacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.button_layout.addItem(self.button_spacer)

        self.cancel_button = QPushButton(first_run_dialog)
        self.cancel_button.setObjectName(u"cancel_button")
        self.cancel_button.setAutoDefault(False)

        self.button_layout.addWidget(self.cancel_button)

        self.create_button = QPushButton(first_run_dialog)
        self.create_button.setObjectName(u"create_button")

        self.button_layout.addWidget(self.create_button)


        self.main_layout.addLayout(self.button_layout)

#if QT_CONFIG(shortcut)
        self.username_label.setBuddy(self.username_edit)
        self.full_name_label.setBuddy(self.full_name_edit)
        self.password_label.setBuddy(self.password_edit)
        self.confirm_password_label.setBuddy(self.confirm_password_edit)
        self.organisation_name_label.setBuddy(self.organisation_name_edit)
        self.organisation_address_label.setBuddy(self.organisation_address_edit)
        self.organisation_phone_label.setBuddy(self.organisation_phone_edit)
        self.organisation_email_label.setBuddy(self.organisation_email_edit)
        self.signatory_name_label.setBuddy(self.signatory_name_edit)
        self.signatory_title_label.setBuddy(self.signatory_title_edit)
        self.logo_label.setBuddy(self.choose_logo_button)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.username_edit, self.full_name_edit)
        QWidget.setTabOrder(self.full_name_edit, self.password_edit)
        QWidget.setTabOrder(self.password_edit, self.confirm_password_edit)
        QWidget.setTabOrder(self.confirm_password_edit, self.organisation_name_edit)
        QWidget.setTabOrder(self.organisation_name_edit, self.organisation_address_edit)
        QWidget.setTabOrder(self.organisation_address_edit, self.organisation_phone_edit)
        QWidget.setTabOrder(self.organisation_phone_edit, self.organisation_email_edit)
        QWidget.setTabOrder(self.organisation_email_edit, self.signatory_name_edit)
        QWidget.setTabOrder(self.signatory_name_edit, self.signatory_title_edit)
        QWidget.setTabOrder(self.signatory_title_edit, self.choose_logo_button)
        QWidget.setTabOrder(self.choose_logo_button, self.create_button)
        QWidget.setTabOrder(self.create_button, self.cancel_button)

        self.retranslateUi(first_run_dialog)

        self.create_button.setDefault(True)

    # setupUi

    def retranslateUi(self, first_run_dialog):
        first_run_dialog.setWindowTitle(QCoreApplication.translate("FirstRunDialog", u"Set up DIVERT Desktop", None))
#if QT_CONFIG(accessibility)
        first_run_dialog.setAccessibleName(QCoreApplication.translate("FirstRunDialog", u"Set up DIVERT Desktop", None))
#endif // QT_CONFIG(accessibility)
        self.heading_label.setText(QCoreApplication.translate("FirstRunDialog", u"Set up DIVERT Desktop", None))
        self.intro_label.setText(QCoreApplication.translate("FirstRunDialog", u"Nobody has used this database yet. Create the administrator account first: the administrator then adds an account for everyone else. The letterhead appears on every letter the app prints.", None))
#if QT_CONFIG(accessibility)
        self.account_group.setAccessibleName(QCoreApplication.translate("FirstRunDialog", u"Administrator account", None))
#endif // QT_CONFIG(accessibility)
        self.account_group.setTitle(QCoreApplication.translate("FirstRunDialog", u"Administrator account (all required)", None))
        self.username_label.setText(QCoreApplication.translate("FirstRunDialog", u"&Username", None))
#if QT_CONFIG(accessibility)
        self.username_edit.setAccessibleName(QCoreApplication.translate("FirstRunDialog", u"Username", None))
#endif // QT_CONFIG(accessibility)
        self.username_edit.setPlaceholderText(QCoreApplication.translate("FirstRunDialog", u"for example admin", None))
#if QT_CONFIG(accessibility)
        self.username_error_label.setAccessibleName(QCoreApplication.translate("FirstRunDialog", u"Username error", None))
#endif // QT_CONFIG(accessibility)
        self.full_name_label.setText(QCoreApplication.translate("FirstRunDialog", u"&Full name", None))
#if QT_CONFIG(accessibility)
        self.full_name_edit.setAccessibleName(QCoreApplication.translate("FirstRunDialog", u"Full name", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.full_name_error_label.setAccessibleName(QCoreApplication.translate("FirstRunDialog", u"Full name error", None))
#endif // QT_CONFIG(accessibility)
        self.password_label.setText(QCoreApplication.translate("FirstRunDialog", u"&Password", None))
#if QT_CONFIG(accessibility)
        self.password_edit.setAccessibleName(QCoreApplication.translate("FirstRunDialog", u"Password", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.password_hint_label.setAccessibleName(QCoreApplication.translate("FirstRunDialog", u"Password hint", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.password_error_label.setAccessibleName(QCoreApplication.translate("FirstRunDialog", u"Password error", None))
#endif // QT_CONFIG(accessibility)
        self.confirm_password_label.setText(QCoreApplication.translate("FirstRunDialog", u"&Confirm password", None))
#if QT_CONFIG(accessibility)
        self.confirm_password_edit.setAccessibleName(QCoreApplication.translate("FirstRunDialog", u"Confirm password", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.confirm_password_error_label.setAccessibleName(QCoreApplication.translate("FirstRunDialog", u"Confirm password error", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.letterhead_group.setAccessibleName(QCoreApplication.translate("FirstRunDialog", u"Letterhead", None))
#endif // QT_CONFIG(accessibility)
        self.letterhead_group.setTitle(QCoreApplication.translate("FirstRunDialog", u"Letterhead for letters (optional, can be changed later)", None))
        self.organisation_name_label.setText(QCoreApplication.translate("FirstRunDialog", u"&Organisation name", None))
#if QT_CONFIG(accessibility)
        self.organisation_name_edit.setAccessibleName(QCoreApplication.translate("FirstRunDialog", u"Organisation name", None))
#endif // QT_CONFIG(accessibility)
        self.organisation_address_label.setText(QCoreApplication.translate("FirstRunDialog", u"A&ddress", None))
#if QT_CONFIG(accessibility)
        self.organisation_address_edit.setAccessibleName(QCoreApplication.translate("FirstRunDialog", u"Organisation address", None))
#endif // QT_CONFIG(accessibility)
        self.organisation_phone_label.setText(QCoreApplication.translate("FirstRunDialog", u"P&hone", None))
#if QT_CONFIG(accessibility)
        self.organisation_phone_edit.setAccessibleName(QCoreApplication.translate("FirstRunDialog", u"Organisation phone", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.organisation_phone_error_label.setAccessibleName(QCoreApplication.translate("FirstRunDialog", u"Organisation phone error", None))
#endif // QT_CONFIG(accessibility)
        self.organisation_email_label.setText(QCoreApplication.translate("FirstRunDialog", u"&Email", None))
#if QT_CONFIG(accessibility)
        self.organisation_email_edit.setAccessibleName(QCoreApplication.translate("FirstRunDialog", u"Organisation email", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.organisation_email_error_label.setAccessibleName(QCoreApplication.translate("FirstRunDialog", u"Organisation email error", None))
#endif // QT_CONFIG(accessibility)
        self.signatory_name_label.setText(QCoreApplication.translate("FirstRunDialog", u"&Signatory name", None))
#if QT_CONFIG(accessibility)
        self.signatory_name_edit.setAccessibleName(QCoreApplication.translate("FirstRunDialog", u"Signatory name", None))
#endif // QT_CONFIG(accessibility)
        self.signatory_title_label.setText(QCoreApplication.translate("FirstRunDialog", u"Signatory &title", None))
#if QT_CONFIG(accessibility)
        self.signatory_title_edit.setAccessibleName(QCoreApplication.translate("FirstRunDialog", u"Signatory title", None))
#endif // QT_CONFIG(accessibility)
        self.logo_label.setText(QCoreApplication.translate("FirstRunDialog", u"&Logo", None))
#if QT_CONFIG(accessibility)
        self.choose_logo_button.setAccessibleName(QCoreApplication.translate("FirstRunDialog", u"Choose logo", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.choose_logo_button.setToolTip(QCoreApplication.translate("FirstRunDialog", u"A PNG or JPEG image of at most 2 MB, printed at the top of every letter (optional)", None))
#endif // QT_CONFIG(tooltip)
        self.choose_logo_button.setText(QCoreApplication.translate("FirstRunDialog", u"Choose logo\u2026", None))
#if QT_CONFIG(accessibility)
        self.logo_preview_label.setAccessibleName(QCoreApplication.translate("FirstRunDialog", u"Logo", None))
#endif // QT_CONFIG(accessibility)
        self.logo_preview_label.setText(QCoreApplication.translate("FirstRunDialog", u"No logo (optional)", None))
#if QT_CONFIG(accessibility)
        self.logo_error_label.setAccessibleName(QCoreApplication.translate("FirstRunDialog", u"Logo error", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.form_error_label.setAccessibleName(QCoreApplication.translate("FirstRunDialog", u"Problem creating the account", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.cancel_button.setAccessibleName(QCoreApplication.translate("FirstRunDialog", u"Quit without setting up", None))
#endif // QT_CONFIG(accessibility)
        self.cancel_button.setText(QCoreApplication.translate("FirstRunDialog", u"Quit", None))
#if QT_CONFIG(accessibility)
        self.create_button.setAccessibleName(QCoreApplication.translate("FirstRunDialog", u"Create administrator", None))
#endif // QT_CONFIG(accessibility)
        self.create_button.setText(QCoreApplication.translate("FirstRunDialog", u"Create administrator", None))
    # retranslateUi
