# Generated from ui/connection_dialog.ui by installer/build_ui.py with pyside6-uic: generated, do not edit.
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
    QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QPushButton, QRadioButton, QSizePolicy, QSpacerItem,
    QSpinBox, QStackedWidget, QVBoxLayout, QWidget)

class Ui_ConnectionDialog(object):
    def setupUi(self, connection_dialog):
        if not connection_dialog.objectName():
            connection_dialog.setObjectName(u"connection_dialog")
        connection_dialog.resize(620, 620)
        self.main_layout = QVBoxLayout(connection_dialog)
        self.main_layout.setSpacing(12)
        self.main_layout.setObjectName(u"main_layout")
        self.main_layout.setContentsMargins(24, 20, 24, 20)
        self.heading_label = QLabel(connection_dialog)
        self.heading_label.setObjectName(u"heading_label")

        self.main_layout.addWidget(self.heading_label)

        self.intro_label = QLabel(connection_dialog)
        self.intro_label.setObjectName(u"intro_label")
        self.intro_label.setWordWrap(True)

        self.main_layout.addWidget(self.intro_label)

        self.top_form = QFormLayout()
        self.top_form.setObjectName(u"top_form")
        self.top_form.setHorizontalSpacing(12)
        self.top_form.setVerticalSpacing(8)
        self.top_form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)
        self.profile_label = QLabel(connection_dialog)
        self.profile_label.setObjectName(u"profile_label")

        self.top_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.profile_label)

        self.profile_row = QHBoxLayout()
        self.profile_row.setSpacing(8)
        self.profile_row.setObjectName(u"profile_row")
        self.profile_combo = QComboBox(connection_dialog)
        self.profile_combo.setObjectName(u"profile_combo")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.profile_combo.sizePolicy().hasHeightForWidth())
        self.profile_combo.setSizePolicy(sizePolicy)

        self.profile_row.addWidget(self.profile_combo)

        self.new_profile_button = QPushButton(connection_dialog)
        self.new_profile_button.setObjectName(u"new_profile_button")
        self.new_profile_button.setAutoDefault(False)

        self.profile_row.addWidget(self.new_profile_button)

        self.remove_profile_button = QPushButton(connection_dialog)
        self.remove_profile_button.setObjectName(u"remove_profile_button")
        self.remove_profile_button.setAutoDefault(False)

        self.profile_row.addWidget(self.remove_profile_button)


        self.top_form.setLayout(0, QFormLayout.ItemRole.FieldRole, self.profile_row)

        self.name_label = QLabel(connection_dialog)
        self.name_label.setObjectName(u"name_label")

        self.top_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.name_label)

        self.name_field = QVBoxLayout()
        self.name_field.setSpacing(2)
        self.name_field.setObjectName(u"name_field")
        self.name_edit = QLineEdit(connection_dialog)
        self.name_edit.setObjectName(u"name_edit")
        self.name_edit.setMaxLength(80)

        self.name_field.addWidget(self.name_edit)

        self.name_error_label = QLabel(connection_dialog)
        self.name_error_label.setObjectName(u"name_error_label")
        self.name_error_label.setWordWrap(True)

        self.name_field.addWidget(self.name_error_label)


        self.top_form.setLayout(1, QFormLayout.ItemRole.FieldRole, self.name_field)

        self.kind_label = QLabel(connection_dialog)
        self.kind_label.setObjectName(u"kind_label")

        self.top_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.kind_label)

        self.kind_field = QVBoxLayout()
        self.kind_field.setSpacing(4)
        self.kind_field.setObjectName(u"kind_field")
        self.local_radio = QRadioButton(connection_dialog)
        self.local_radio.setObjectName(u"local_radio")
        self.local_radio.setChecked(True)

        self.kind_field.addWidget(self.local_radio)

        self.server_radio = QRadioButton(connection_dialog)
        self.server_radio.setObjectName(u"server_radio")

        self.kind_field.addWidget(self.server_radio)


        self.top_form.setLayout(2, QFormLayout.ItemRole.FieldRole, self.kind_field)


        self.main_layout.addLayout(self.top_form)

        self.kind_stack = QStackedWidget(connection_dialog)
        self.kind_stack.setObjectName(u"kind_stack")
        self.local_page = QWidget()
        self.local_page.setObjectName(u"local_page")
        self.local_layout = QVBoxLayout(self.local_page)
        self.local_layout.setObjectName(u"local_layout")
        self.local_layout.setContentsMargins(0, 0, 0, 0)
        self.local_form = QFormLayout()
        self.local_form.setObjectName(u"local_form")
        self.local_form.setHorizontalSpacing(12)
        self.local_form.setVerticalSpacing(8)
        self.local_form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)
        self.path_label = QLabel(self.local_page)
        self.path_label.setObjectName(u"path_label")

        self.local_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.path_label)

        self.path_field = QVBoxLayout()
        self.path_field.setSpacing(2)
        self.path_field.setObjectName(u"path_field")
        self.path_row = QHBoxLayout()
        self.path_row.setSpacing(8)
        self.path_row.setObjectName(u"path_row")
        self.path_edit = QLineEdit(self.local_page)
        self.path_edit.setObjectName(u"path_edit")

        self.path_row.addWidget(self.path_edit)

        self.browse_button = QPushButton(self.local_page)
        self.browse_button.setObjectName(u"browse_button")
        self.browse_button.setAutoDefault(False)

        self.path_row.addWidget(self.browse_button)


        self.path_field.addLayout(self.path_row)

        self.path_hint_label = QLabel(self.local_page)
        self.path_hint_label.setObjectName(u"path_hint_label")
        self.path_hint_label.setWordWrap(True)

        self.path_field.addWidget(self.path_hint_label)

        self.path_error_label = QLabel(self.local_page)
        self.path_error_label.setObjectName(u"path_error_label")
        self.path_error_label.setWordWrap(True)

        self.path_field.addWidget(self.path_error_label)


        self.local_form.setLayout(0, QFormLayout.ItemRole.FieldRole, self.path_field)


        self.local_layout.addLayout(self.local_form)

        self.local_spacer = QSpacerItem(20, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.local_layout.addItem(self.local_spacer)

        self.kind_stack.addWidget(self.local_page)
        self.server_page = QWidget()
        self.server_page.setObjectName(u"server_page")
        self.server_layout = QVBoxLayout(self.server_page)
        self.server_layout.setObjectName(u"server_layout")
        self.server_layout.setContentsMargins(0, 0, 0, 0)
        self.server_form = QFormLayout()
        self.server_form.setObjectName(u"server_form")
        self.server_form.setHorizontalSpacing(12)
        self.server_form.setVerticalSpacing(8)
        self.server_form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)
        self.host_label = QLabel(self.server_page)
        self.host_label.setObjectName(u"host_label")

        self.server_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.host_label)

        self.host_field = QVBoxLayout()
        self.host_field.setSpacing(2)
        self.host_field.setObjectName(u"host_field")
        self.host_edit = QLineEdit(self.server_page)
        self.host_edit.setObjectName(u"host_edit")
        self.host_edit.setMaxLength(253)

        self.host_field.addWidget(self.host_edit)

        self.host_error_label = QLabel(self.server_page)
        self.host_error_label.setObjectName(u"host_error_label")
        self.host_error_label.setWordWrap(True)

        self.host_field.addWidget(self.host_error_label)


        self.server_form.setLayout(0, QFormLayout.ItemRole.FieldRole, self.host_field)

        self.port_label = QLabel(self.server_page)
        self.port_label.setObjectName(u"port_label")

        self.server_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.port_label)

        self.port_field = QVBoxLayout()
        self.port_field.setSpacing(2)
        self.port_field.setObjectName(u"port_field")
        self.port_spin = QSpinBox(self.server_page)
        self.port_spin.setObjectName(u"port_spin")
        self.port_spin.setMinimum(1)
        self.port_spin.setMaximum(65535)
        self.port_spin.setValue(5432)

        self.port_field.addWidget(self.port_spin)

        self.port_error_label = QLabel(self.server_page)
        self.port_error_label.setObjectName(u"port_error_label")
        self.port_error_label.setWordWrap(True)

        self.port_field.addWidget(self.port_error_label)


        self.server_form.setLayout(1, QFormLayout.ItemRole.FieldRole, self.port_field)

        self.server_database_label = QLabel(self.server_page)
        self.server_database_label.setObjectName(u"server_database_label")

        self.server_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.server_database_label)

        self.database_field = QVBoxLayout()
        self.database_field.setSpacing(2)
        self.database_field.setObjectName(u"database_field")
        self.database_edit = QLineEdit(self.server_page)
        self.database_edit.setObjectName(u"database_edit")
        self.database_edit.setMaxLength(63)

        self.database_field.addWidget(self.database_edit)

        self.database_error_label = QLabel(self.server_page)
        self.database_error_label.setObjectName(u"database_error_label")
        self.database_error_label.setWordWrap(True)

        self.database_field.addWidget(self.database_error_label)


        self.server_form.setLayout(2, QFormLayout.ItemRole.FieldRole, self.database_field)

        self.user_label = QLabel(self.server_page)
        self.user_label.setObjectName(u"user_label")

        self.server_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.user_label)

        self.user_field = QVBoxLayout()
        self.user_field.setSpacing(2)
        self.user_field.setObjectName(u"user_field")
        self.user_edit = QLineEdit(self.server_page)
        self.user_edit.setObjectName(u"user_edit")
        self.user_edit.setMaxLength(63)

        self.user_field.addWidget(self.user_edit)

        self.user_error_label = QLabel(self.server_page)
        self.user_error_label.setObjectName(u"user_error_label")
        self.user_error_label.setWordWrap(True)

        self.user_field.addWidget(self.user_error_label)


        self.server_form.setLayout(3, QFormLayout.ItemRole.FieldRole, self.user_field)

        self.password_label = QLabel(self.server_page)
        self.password_label.setObjectName(u"password_label")

        self.server_form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.password_label)

        self.password_field = QVBoxLayout()
        self.password_field.setSpacing(2)
        self.password_field.setObjectName(u"password_field")
        self.password_edit = QLineEdit(self.server_page)
        self.password_edit.setObjectName(u"password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.password_field.addWidget(self.password_edit)

        self.password_error_label = QLabel(self.server_page)
        self.password_error_label.setObjectName(u"password_error_label")
        self.password_error_label.setWordWrap(True)

        self.password_field.addWidget(self.password_error_label)


        self.server_form.setLayout(4, QFormLayout.ItemRole.FieldRole, self.password_field)

        self.remember_field = QVBoxLayout()
        self.remember_field.setSpacing(2)
        self.remember_field.setObjectName(u"remember_field")
        self.remember_check = QCheckBox(self.server_page)
        self.remember_check.setObjectName(u"remember_check")
        self.remember_check.setChecked(True)

        self.remember_field.addWidget(self.remember_check)

        self.keyring_label = QLabel(self.server_page)
        self.keyring_label.setObjectName(u"keyring_label")
        self.keyring_label.setWordWrap(True)

        self.remember_field.addWidget(self.keyring_label)


        self.server_form.setLayout(5, QFormLayout.ItemRole.FieldRole, self.remember_field)

        self.sslmode_label = QLabel(self.server_page)
        self.sslmode_label.setObjectName(u"sslmode_label")

        self.server_form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.sslmode_label)

        self.sslmode_field = QVBoxLayout()
        self.sslmode_field.setSpacing(2)
        self.sslmode_field.setObjectName(u"sslmode_field")
        self.sslmode_combo = QComboBox(self.server_page)
        self.sslmode_combo.setObjectName(u"sslmode_combo")

        self.sslmode_field.addWidget(self.sslmode_combo)

        self.sslmode_hint_label = QLabel(self.server_page)
        self.sslmode_hint_label.setObjectName(u"sslmode_hint_label")
        self.sslmode_hint_label.setWordWrap(True)

        self.sslmode_field.addWidget(self.sslmode_hint_label)


        self.server_form.setLayout(6, QFormLayout.ItemRole.FieldRole, self.sslmode_field)


        self.server_layout.addLayout(self.server_form)

        self.kind_stack.addWidget(self.server_page)

        self.main_layout.addWidget(self.kind_stack)

        self.result_label = QLabel(connection_dialog)
        self.result_label.setObjectName(u"result_label")
        self.result_label.setWordWrap(True)

        self.main_layout.addWidget(self.result_label)

        self.vertical_spacer = QSpacerItem(20, 4, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.main_layout.addItem(self.vertical_spacer)

        self.button_layout = QHBoxLayout()
        self.button_layout.setSpacing(8)
        self.button_layout.setObjectName(u"button_layout")
        self.test_button = QPushButton(connection_dialog)
        self.test_button.setObjectName(u"test_button")
        self.test_button.setAutoDefault(False)

        self.button_layout.addWidget(self.test_button)

        self.button_spacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.button_layout.addItem(self.button_spacer)

        self.cancel_button = QPushButton(connection_dialog)
        self.cancel_button.setObjectName(u"cancel_button")
        self.cancel_button.setAutoDefault(False)

        self.button_layout.addWidget(self.cancel_button)

        self.connect_button = QPushButton(connection_dialog)
        self.connect_button.setObjectName(u"connect_button")

        self.button_layout.addWidget(self.connect_button)


        self.main_layout.addLayout(self.button_layout)

#if QT_CONFIG(shortcut)
        self.profile_label.setBuddy(self.profile_combo)
        self.name_label.setBuddy(self.name_edit)
        self.kind_label.setBuddy(self.local_radio)
        self.path_label.setBuddy(self.path_edit)
        self.host_label.setBuddy(self.host_edit)
        self.port_label.setBuddy(self.port_spin)
        self.server_database_label.setBuddy(self.database_edit)
        self.user_label.setBuddy(self.user_edit)
        self.password_label.setBuddy(self.password_edit)
        self.sslmode_label.setBuddy(self.sslmode_combo)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.profile_combo, self.new_profile_button)
        QWidget.setTabOrder(self.new_profile_button, self.remove_profile_button)
        QWidget.setTabOrder(self.remove_profile_button, self.name_edit)
        QWidget.setTabOrder(self.name_edit, self.local_radio)
        QWidget.setTabOrder(self.local_radio, self.server_radio)
        QWidget.setTabOrder(self.server_radio, self.path_edit)
        QWidget.setTabOrder(self.path_edit, self.browse_button)
        QWidget.setTabOrder(self.browse_button, self.host_edit)
        QWidget.setTabOrder(self.host_edit, self.port_spin)
        QWidget.setTabOrder(self.port_spin, self.database_edit)
        QWidget.setTabOrder(self.database_edit, self.user_edit)
        QWidget.setTabOrder(self.user_edit, self.password_edit)
        QWidget.setTabOrder(self.password_edit, self.remember_check)
        QWidget.setTabOrder(self.remember_check, self.sslmode_combo)
        QWidget.setTabOrder(self.sslmode_combo, self.test_button)
        QWidget.setTabOrder(self.test_button, self.connect_button)
        QWidget.setTabOrder(self.connect_button, self.cancel_button)

        self.retranslateUi(connection_dialog)

        self.connect_button.setDefault(True)

    # setupUi

    def retranslateUi(self, connection_dialog):
        connection_dialog.setWindowTitle(QCoreApplication.translate("ConnectionDialog", u"Database connection", None))
#if QT_CONFIG(accessibility)
        connection_dialog.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Database connection", None))
#endif // QT_CONFIG(accessibility)
        self.heading_label.setText(QCoreApplication.translate("ConnectionDialog", u"Database connection", None))
#if QT_CONFIG(accessibility)
        self.intro_label.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"About connections", None))
#endif // QT_CONFIG(accessibility)
        self.intro_label.setText(QCoreApplication.translate("ConnectionDialog", u"Choose where DIVERT Desktop keeps its data: a file on this computer, or a shared server that several computers use. This computer remembers your choice.", None))
        self.profile_label.setText(QCoreApplication.translate("ConnectionDialog", u"Sa&ved connection", None))
#if QT_CONFIG(accessibility)
        self.profile_combo.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Saved connection", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.new_profile_button.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"New connection", None))
#endif // QT_CONFIG(accessibility)
        self.new_profile_button.setText(QCoreApplication.translate("ConnectionDialog", u"&New\u2026", None))
#if QT_CONFIG(accessibility)
        self.remove_profile_button.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Remove this connection", None))
#endif // QT_CONFIG(accessibility)
        self.remove_profile_button.setText(QCoreApplication.translate("ConnectionDialog", u"Remo&ve", None))
        self.name_label.setText(QCoreApplication.translate("ConnectionDialog", u"N&ame", None))
#if QT_CONFIG(accessibility)
        self.name_edit.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Connection name", None))
#endif // QT_CONFIG(accessibility)
        self.name_edit.setPlaceholderText(QCoreApplication.translate("ConnectionDialog", u"for example Office server", None))
#if QT_CONFIG(accessibility)
        self.name_error_label.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"error", None))
#endif // QT_CONFIG(accessibility)
        self.kind_label.setText(QCoreApplication.translate("ConnectionDialog", u"Where", None))
        self.local_radio.setText(QCoreApplication.translate("ConnectionDialog", u"This &computer (a database file)", None))
#if QT_CONFIG(accessibility)
        self.local_radio.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"This computer", None))
#endif // QT_CONFIG(accessibility)
        self.server_radio.setText(QCoreApplication.translate("ConnectionDialog", u"Shared &server (PostgreSQL, for several computers)", None))
#if QT_CONFIG(accessibility)
        self.server_radio.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Shared server", None))
#endif // QT_CONFIG(accessibility)
        self.path_label.setText(QCoreApplication.translate("ConnectionDialog", u"Database &file", None))
#if QT_CONFIG(accessibility)
        self.path_edit.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Database file", None))
#endif // QT_CONFIG(accessibility)
        self.path_edit.setPlaceholderText(QCoreApplication.translate("ConnectionDialog", u"for example C:\\DIVERT\\divert.sqlite3", None))
#if QT_CONFIG(accessibility)
        self.browse_button.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Choose the database file", None))
#endif // QT_CONFIG(accessibility)
        self.browse_button.setText(QCoreApplication.translate("ConnectionDialog", u"&Browse\u2026", None))
#if QT_CONFIG(accessibility)
        self.path_hint_label.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"hint", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.path_error_label.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"error", None))
#endif // QT_CONFIG(accessibility)
        self.host_label.setText(QCoreApplication.translate("ConnectionDialog", u"Ser&ver", None))
#if QT_CONFIG(accessibility)
        self.host_edit.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Server", None))
#endif // QT_CONFIG(accessibility)
        self.host_edit.setPlaceholderText(QCoreApplication.translate("ConnectionDialog", u"for example dbserver or 10.0.0.5", None))
#if QT_CONFIG(accessibility)
        self.host_error_label.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"error", None))
#endif // QT_CONFIG(accessibility)
        self.port_label.setText(QCoreApplication.translate("ConnectionDialog", u"P&ort", None))
#if QT_CONFIG(accessibility)
        self.port_spin.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Port", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.port_error_label.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"error", None))
#endif // QT_CONFIG(accessibility)
        self.server_database_label.setText(QCoreApplication.translate("ConnectionDialog", u"&Database", None))
#if QT_CONFIG(accessibility)
        self.database_edit.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Database", None))
#endif // QT_CONFIG(accessibility)
        self.database_edit.setPlaceholderText(QCoreApplication.translate("ConnectionDialog", u"for example divert", None))
#if QT_CONFIG(accessibility)
        self.database_error_label.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"error", None))
#endif // QT_CONFIG(accessibility)
        self.user_label.setText(QCoreApplication.translate("ConnectionDialog", u"&Username", None))
#if QT_CONFIG(accessibility)
        self.user_edit.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Username", None))
#endif // QT_CONFIG(accessibility)
        self.user_edit.setPlaceholderText(QCoreApplication.translate("ConnectionDialog", u"for example divert_app", None))
#if QT_CONFIG(accessibility)
        self.user_error_label.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"error", None))
#endif // QT_CONFIG(accessibility)
        self.password_label.setText(QCoreApplication.translate("ConnectionDialog", u"&Password", None))
#if QT_CONFIG(accessibility)
        self.password_edit.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Password", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.password_error_label.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"error", None))
#endif // QT_CONFIG(accessibility)
        self.remember_check.setText(QCoreApplication.translate("ConnectionDialog", u"&Remember the password in this computer's keyring", None))
#if QT_CONFIG(accessibility)
        self.remember_check.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Remember the password in the keyring", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.keyring_label.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"hint", None))
#endif // QT_CONFIG(accessibility)
        self.sslmode_label.setText(QCoreApplication.translate("ConnectionDialog", u"&Encryption (TLS)", None))
#if QT_CONFIG(accessibility)
        self.sslmode_combo.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Encryption (TLS)", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.sslmode_hint_label.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"hint", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.result_label.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Connection test result", None))
#endif // QT_CONFIG(accessibility)
        self.result_label.setText("")
#if QT_CONFIG(accessibility)
        self.test_button.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Test connection", None))
#endif // QT_CONFIG(accessibility)
        self.test_button.setText(QCoreApplication.translate("ConnectionDialog", u"&Test connection", None))
#if QT_CONFIG(accessibility)
        self.cancel_button.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Cancel without changing the connection", None))
#endif // QT_CONFIG(accessibility)
        self.cancel_button.setText(QCoreApplication.translate("ConnectionDialog", u"Cancel", None))
#if QT_CONFIG(accessibility)
        self.connect_button.setAccessibleName(QCoreApplication.translate("ConnectionDialog", u"Connect", None))
#endif // QT_CONFIG(accessibility)
        self.connect_button.setText(QCoreApplication.translate("ConnectionDialog", u"Connect", None))
    # retranslateUi
