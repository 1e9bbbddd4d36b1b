# Generated from ui/login_dialog.ui by installer/build_ui.py with pyside6-uic: generated, do not edit.
# Edit the .ui file in Qt Designer, then run: python installer/build_ui.py
# ruff: noqa

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QDialog, QFormLayout, QHBoxLayout,
    QLabel, QLineEdit, QPushButton, QSizePolicy,
    QSpacerItem, QVBoxLayout, QWidget)

class Ui_LoginDialog(object):
    def setupUi(self, login_dialog):
        if not login_dialog.objectName():
            login_dialog.setObjectName(u"login_dialog")
        login_dialog.resize(440, 300)
        self.main_layout = QVBoxLayout(login_dialog)
        self.main_layout.setSpacing(12)
        self.main_layout.setObjectName(u"main_layout")
        self.main_layout.setContentsMargins(24, 20, 24, 20)
        self.heading_label = QLabel(login_dialog)
        self.heading_label.setObjectName(u"heading_label")

        self.main_layout.addWidget(self.heading_label)

        self.intro_label = QLabel(login_dialog)
        self.intro_label.setObjectName(u"intro_label")
        self.intro_label.setWordWrap(True)

        self.main_layout.addWidget(self.intro_label)

        self.form_layout = QFormLayout()
        self.form_layout.setObjectName(u"form_layout")
        self.form_layout.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignVCenter)
        self.form_layout.setHorizontalSpacing(12)
        self.form_layout.setVerticalSpacing(10)
        self.username_label = QLabel(login_dialog)
        self.username_label.setObjectName(u"username_label")

        self.form_layout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.username_label)

        self.username_edit = QLineEdit(login_dialog)
        self.username_edit.setObjectName(u"username_edit")
        self.username_edit.setMaxLength(64)

        self.form_layout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.username_edit)

        self.password_label = QLabel(login_dialog)
        self.password_label.setObjectName(u"password_label")

        self.form_layout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.password_label)

        self.password_edit = QLineEdit(login_dialog)
        self.password_edit.setObjectName(u"password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.form_layout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.password_edit)


        self.main_layout.addLayout(self.form_layout)

        self.message_label = QLabel(login_dialog)
        self.message_label.setObjectName(u"message_label")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.main_layout.addWidget(self.message_label)

        self.vertical_spacer = QSpacerItem(20, 8, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.main_layout.addItem(self.vertical_spacer)

        self.database_label = QLabel(login_dialog)
        self.database_label.setObjectName(u"database_label")
        self.database_label.setWordWrap(True)

        self.main_layout.addWidget(self.database_label)

        self.button_layout = QHBoxLayout()
        self.button_layout.setObjectName(u"button_layout")
        self.button_spacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.button_layout.addItem(self.button_spacer)

        self.quit_button = QPushButton(login_dialog)
        self.quit_button.setObjectName(u"quit_button")
        self.quit_button.setAutoDefault(False)

        self.button_layout.addWidget(self.quit_button)

        self.sign_in_button = QPushButton(login_dialog)
        self.sign_in_button.setObjectName(u"sign_in_button")

        self.button_layout.addWidget(self.sign_in_button)


        self.main_layout.addLayout(self.button_layout)

#if QT_CONFIG(shortcut)
        self.username_label.setBuddy(self.username_edit)
        self.password_label.setBuddy(self.password_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.username_edit, self.password_edit)
        QWidget.setTabOrder(self.password_edit, self.sign_in_button)
        QWidget.setTabOrder(self.sign_in_button, self.quit_button)

        self.retranslateUi(login_dialog)

        self.sign_in_button.setDefault(True)

    # setupUi

    def retranslateUi(self, login_dialog):
        login_dialog.setWindowTitle(QCoreApplication.translate("LoginDialog", u"Sign in - DIVERT Desktop", None))
#if QT_CONFIG(accessibility)
        login_dialog.setAccessibleName(QCoreApplication.translate("LoginDialog", u"Sign in", None))
#endif // QT_CONFIG(accessibility)
        self.heading_label.setText(QCoreApplication.translate("LoginDialog", u"Sign in to DIVERT Desktop", None))
#if QT_CONFIG(accessibility)
        self.heading_label.setAccessibleName(QCoreApplication.translate("LoginDialog", u"Sign in to DIVERT Desktop", None))
#endif // QT_CONFIG(accessibility)
        self.intro_label.setText(QCoreApplication.translate("LoginDialog", u"Use the username and password your administrator gave you.", None))
        self.username_label.setText(QCoreApplication.translate("LoginDialog", u"&Username", None))
#if QT_CONFIG(accessibility)
        self.username_edit.setAccessibleName(QCoreApplication.translate("LoginDialog", u"Username", None))
#endif // QT_CONFIG(accessibility)
        self.password_label.setText(QCoreApplication.translate("LoginDialog", u"&Password", None))
#if QT_CONFIG(accessibility)
        self.password_edit.setAccessibleName(QCoreApplication.translate("LoginDialog", u"Password", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.message_label.setAccessibleName(QCoreApplication.translate("LoginDialog", u"Sign-in message", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.database_label.setAccessibleName(QCoreApplication.translate("LoginDialog", u"Database in use", None))
#endif // QT_CONFIG(accessibility)
        self.quit_button.setText(QCoreApplication.translate("LoginDialog", u"Quit", None))
#if QT_CONFIG(accessibility)
        self.quit_button.setAccessibleName(QCoreApplication.translate("LoginDialog", u"Quit DIVERT Desktop", None))
#endif // QT_CONFIG(accessibility)
        self.sign_in_button.setText(QCoreApplication.translate("LoginDialog", u"Sign in", None))
#if QT_CONFIG(accessibility)
        self.sign_in_button.setAccessibleName(QCoreApplication.translate("LoginDialog", u"Sign in", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi
