# Generated from ui/add_user_dialog.ui by installer/build_ui.py with pyside6-uic: generated, do not edit.
# Edit the .ui file in Qt Designer, then run: python installer/build_ui.py
# ruff: noqa

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QComboBox, QDialog, QFormLayout,
    QHBoxLayout, QLabel, QLineEdit, QPushButton,
    QSizePolicy, QSpacerItem, QVBoxLayout, QWidget)

class Ui_AddUserDialog(object):
    def setupUi(self, add_user_dialog):
        if not add_user_dialog.objectName():
            add_user_dialog.setObjectName(u"add_user_dialog")
        add_user_dialog.resize(520, 460)
        self.main_layout = QVBoxLayout(add_user_dialog)
        self.main_layout.setSpacing(12)
        self.main_layout.setObjectName(u"main_layout")
        self.main_layout.setContentsMargins(24, 20, 24, 20)
        self.heading_label = QLabel(add_user_dialog)
        self.heading_label.setObjectName(u"heading_label")

        self.main_layout.addWidget(self.heading_label)

        self.intro_label = QLabel(add_user_dialog)
        self.intro_label.setObjectName(u"intro_label")
        self.intro_label.setWordWrap(True)

        self.main_layout.addWidget(self.intro_label)

        self.form_layout = QFormLayout()
        self.form_layout.setObjectName(u"form_layout")
        self.form_layout.setHorizontalSpacing(12)
        self.form_layout.setVerticalSpacing(8)
        self.form_layout.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)
        self.username_label = QLabel(add_user_dialog)
        self.username_label.setObjectName(u"username_label")

        self.form_layout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.username_label)

        self.username_field = QVBoxLayout()
        self.username_field.setSpacing(2)
        self.username_field.setObjectName(u"username_field")
        self.username_edit = QLineEdit(add_user_dialog)
        self.username_edit.setObjectName(u"username_edit")
        self.username_edit.setMaxLength(64)

        self.username_field.addWidget(self.username_edit)

        self.username_error_label = QLabel(add_user_dialog)
        self.username_error_label.setObjectName(u"username_error_label")
        self.username_error_label.setWordWrap(True)

        self.username_field.addWidget(self.username_error_label)


        self.form_layout.setLayout(0, QFormLayout.ItemRole.FieldRole, self.username_field)

        self.full_name_label = QLabel(add_user_dialog)
        self.full_name_label.setObjectName(u"full_name_label")

        self.form_layout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.full_name_label)

        self.full_name_field = QVBoxLayout()
        self.full_name_field.setSpacing(2)
        self.full_name_field.setObjectName(u"full_name_field")
        self.full_name_edit = QLineEdit(add_user_dialog)
        self.full_name_edit.setObjectName(u"full_name_edit")
        self.full_name_edit.setMaxLength(120)

        self.full_name_field.addWidget(self.full_name_edit)

        self.full_name_error_label = QLabel(add_user_dialog)
        self.full_name_error_label.setObjectName(u"full_name_error_label")
        self.full_name_error_label.setWordWrap(True)

        self.full_name_field.addWidget(self.full_name_error_label)


        self.form_layout.setLayout(1, QFormLayout.ItemRole.FieldRole, self.full_name_field)

        self.role_label = QLabel(add_user_dialog)
        self.role_label.setObjectName(u"role_label")

        self.form_layout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.role_label)

        self.role_field = QVBoxLayout()
        self.role_field.setSpacing(2)
        self.role_field.setObjectName(u"role_field")
        self.role_combo = QComboBox(add_user_dialog)
        self.role_combo.setObjectName(u"role_combo")

        self.role_field.addWidget(self.role_combo)

        self.role_help_label = QLabel(add_user_dialog)
        self.role_help_label.setObjectName(u"role_help_label")
        self.role_help_label.setWordWrap(True)

        self.role_field.addWidget(self.role_help_label)


        self.form_layout.setLayout(2, QFormLayout.ItemRole.FieldRole, self.role_field)

        self.password_label = QLabel(add_user_dialog)
        self.password_label.setObjectName(u"password_label")

        self.form_layout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.password_label)

        self.password_field = QVBoxLayout()
        self.password_field.setSpacing(2)
        self.password_field.setObjectName(u"password_field")
        self.password_edit = QLineEdit(add_user_dialog)
        self.password_edit.setObjectName(u"password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.password_field.addWidget(self.password_edit)

        self.password_hint_label = QLabel(add_user_dialog)
        self.password_hint_label.setObjectName(u"password_hint_label")
        self.password_hint_label.setWordWrap(True)

        self.password_field.addWidget(self.password_hint_label)

        self.password_error_label = QLabel(add_user_dialog)
        self.password_error_label.setObjectName(u"password_error_label")
        self.password_error_label.setWordWrap(True)

        self.password_field.addWidget(self.password_error_label)


        self.form_layout.setLayout(3, QFormLayout.ItemRole.FieldRole, self.password_field)

        self.confirm_password_label = QLabel(add_user_dialog)
        self.confirm_password_label.setObjectName(u"confirm_password_label")

        self.form_layout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.confirm_password_label)

        self.confirm_password_field = QVBoxLayout()
        self.confirm_password_field.setSpacing(2)
        self.confirm_password_field.setObjectName(u"confirm_password_field")
        self.confirm_password_edit = QLineEdit(add_user_dialog)
        self.confirm_password_edit.setObjectName(u"confirm_password_edit")
        self.confirm_password_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.confirm_password_field.addWidget(self.confirm_password_edit)

        self.confirm_password_error_label = QLabel(add_user_dialog)
        self.confirm_password_error_label.setObjectName(u"confirm_password_error_label")
        self.confirm_password_error_label.setWordWrap(True)

        self.confirm_password_field.addWidget(self.confirm_password_error_label)


        self.form_layout.setLayout(4, QFormLayout.ItemRole.FieldRole, self.confirm_password_field)


        self.main_layout.addLayout(self.form_layout)

        self.form_error_label = QLabel(add_user_dialog)
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

        self.cancel_button = QPushButton(add_user_dialog)
        self.cancel_button.setObjectName(u"cancel_button")
        self.cancel_button.setAutoDefault(False)

        self.button_layout.addWidget(self.cancel_button)

        self.add_button = QPushButton(add_user_dialog)
        self.add_button.setObjectName(u"add_button")

        self.button_layout.addWidget(self.add_button)


        self.main_layout.addLayout(self.button_layout)

#if QT_CONFIG(shortcut)
        self.username_label.setBuddy(self.username_edit)
        self.full_name_label.setBuddy(self.full_name_edit)
        self.role_label.setBuddy(self.role_combo)
        self.password_label.setBuddy(self.password_edit)
        self.confirm_password_label.setBuddy(self.confirm_password_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.username_edit, self.full_name_edit)
        QWidget.setTabOrder(self.full_name_edit, self.role_combo)
        QWidget.setTabOrder(self.role_combo, self.password_edit)
        QWidget.setTabOrder(self.password_edit, self.confirm_password_edit)
        QWidget.setTabOrder(self.confirm_password_edit, self.add_button)
        QWidget.setTabOrder(self.add_button, self.cancel_button)

        self.retranslateUi(add_user_dialog)

        self.add_button.setDefault(True)

    # setupUi

    def retranslateUi(self, add_user_dialog):
        add_user_dialog.setWindowTitle(QCoreApplication.translate("AddUserDialog", u"Add a user", None))
#if QT_CONFIG(accessibility)
        add_user_dialog.setAccessibleName(QCoreApplication.translate("AddUserDialog", u"Add a user", None))
#endif // QT_CONFIG(accessibility)
        self.heading_label.setText(QCoreApplication.translate("AddUserDialog", u"Add a user", None))
        self.intro_label.setText(QCoreApplication.translate("AddUserDialog", u"Give the person a username and a first password; tell them the password in person. Their role decides what they can see and do.", None))
        self.username_label.setText(QCoreApplication.translate("AddUserDialog", u"&Username", None))
#if QT_CONFIG(accessibility)
        self.username_edit.setAccessibleName(QCoreApplication.translate("AddUserDialog", u"Username", None))
#endif // QT_CONFIG(accessibility)
        self.username_edit.setPlaceholderText(QCoreApplication.translate("AddUserDialog", u"for example jsmith", None))
#if QT_CONFIG(accessibility)
        self.username_error_label.setAccessibleName(QCoreApplication.translate("AddUserDialog", u"Username error", None))
#endif // QT_CONFIG(accessibility)
        self.full_name_label.setText(QCoreApplication.translate("AddUserDialog", u"&Full name", None))
#if QT_CONFIG(accessibility)
        self.full_name_edit.setAccessibleName(QCoreApplication.translate("AddUserDialog", u"Full name", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.full_name_error_label.setAccessibleName(QCoreApplication.translate("AddUserDialog", u"Full name error", None))
#endif // QT_CONFIG(accessibility)
        self.role_label.setText(QCoreApplication.translate("AddUserDialog", u"&Role", None))
#if QT_CONFIG(accessibility)
        self.role_combo.setAccessibleName(QCoreApplication.translate("AddUserDialog", u"Role", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.role_help_label.setAccessibleName(QCoreApplication.translate("AddUserDialog", u"What the role allows", None))
#endif // QT_CONFIG(accessibility)
        self.password_label.setText(QCoreApplication.translate("AddUserDialog", u"&Password", None))
#if QT_CONFIG(accessibility)
        self.password_edit.setAccessibleName(QCoreApplication.translate("AddUserDialog", u"Password", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.password_hint_label.setAccessibleName(QCoreApplication.translate("AddUserDialog", u"Password hint", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.password_error_label.setAccessibleName(QCoreApplication.translate("AddUserDialog", u"Password error", None))
#endif // QT_CONFIG(accessibility)
        self.confirm_password_label.setText(QCoreApplication.translate("AddUserDialog", u"&Confirm password", None))
#if QT_CONFIG(accessibility)
        self.confirm_password_edit.setAccessibleName(QCoreApplication.translate("AddUserDialog", u"Confirm password", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.confirm_password_error_label.setAccessibleName(QCoreApplication.translate("AddUserDialog", u"Confirm password error", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.form_error_label.setAccessibleName(QCoreApplication.translate("AddUserDialog", u"Problem adding the user", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.cancel_button.setAccessibleName(QCoreApplication.translate("AddUserDialog", u"Cancel without adding", None))
#endif // QT_CONFIG(accessibility)
        self.cancel_button.setText(QCoreApplication.translate("AddUserDialog", u"Cancel", None))
#if QT_CONFIG(accessibility)
        self.add_button.setAccessibleName(QCoreApplication.translate("AddUserDialog", u"Add user", None))
#endif // QT_CONFIG(accessibility)
        self.add_button.setText(QCoreApplication.translate("AddUserDialog", u"Add user", None))
    # retranslateUi
