# Generated from ui/cancel_appointment_dialog.ui by installer/build_ui.py with pyside6-uic: generated, do not edit.
# Edit the .ui file in Qt Designer, then run: python installer/build_ui.py
# ruff: noqa

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QDialog, QHBoxLayout, QLabel,
    QLineEdit, QPushButton, QRadioButton, QSizePolicy,
    QSpacerItem, QVBoxLayout, QWidget)

class Ui_CancelAppointmentDialog(object):
    def setupUi(self, cancel_dialog):
        if not cancel_dialog.objectName():
            cancel_dialog.setObjectName(u"cancel_dialog")
        cancel_dialog.resize(480, 260)
        self.main_layout = QVBoxLayout(cancel_dialog)
        self.main_layout.setSpacing(10)
        self.main_layout.setObjectName(u"main_layout")
        self.main_layout.setContentsMargins(20, 16, 20, 16)
        self.question_label = QLabel(cancel_dialog)
        self.question_label.setObjectName(u"question_label")
        self.question_label.setWordWrap(True)

        self.main_layout.addWidget(self.question_label)

        self.by_person_radio = QRadioButton(cancel_dialog)
        self.by_person_radio.setObjectName(u"by_person_radio")
        self.by_person_radio.setChecked(True)

        self.main_layout.addWidget(self.by_person_radio)

        self.by_provider_radio = QRadioButton(cancel_dialog)
        self.by_provider_radio.setObjectName(u"by_provider_radio")

        self.main_layout.addWidget(self.by_provider_radio)

        self.reason_label = QLabel(cancel_dialog)
        self.reason_label.setObjectName(u"reason_label")

        self.main_layout.addWidget(self.reason_label)

        self.reason_edit = QLineEdit(cancel_dialog)
        self.reason_edit.setObjectName(u"reason_edit")
        self.reason_edit.setMaxLength(300)

        self.main_layout.addWidget(self.reason_edit)

        self.error_label = QLabel(cancel_dialog)
        self.error_label.setObjectName(u"error_label")
        self.error_label.setWordWrap(True)

        self.main_layout.addWidget(self.error_label)

        self.spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.main_layout.addItem(self.spacer)

        self.button_layout = QHBoxLayout()
        self.button_layout.setObjectName(u"button_layout")
        self.button_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.button_layout.addItem(self.button_spacer)

        self.confirm_button = QPushButton(cancel_dialog)
        self.confirm_button.setObjectName(u"confirm_button")
        self.confirm_button.setAutoDefault(False)

        self.button_layout.addWidget(self.confirm_button)

        self.keep_button = QPushButton(cancel_dialog)
        self.keep_button.setObjectName(u"keep_button")

        self.button_layout.addWidget(self.keep_button)


        self.main_layout.addLayout(self.button_layout)

#if QT_CONFIG(shortcut)
        self.reason_label.setBuddy(self.reason_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.by_person_radio, self.by_provider_radio)
        QWidget.setTabOrder(self.by_provider_radio, self.reason_edit)
        QWidget.setTabOrder(self.reason_edit, self.confirm_button)
        QWidget.setTabOrder(self.confirm_button, self.keep_button)

        self.retranslateUi(cancel_dialog)

        self.keep_button.setDefault(True)

    # setupUi

    def retranslateUi(self, cancel_dialog):
        cancel_dialog.setWindowTitle(QCoreApplication.translate("CancelAppointmentDialog", u"Cancel appointment", None))
#if QT_CONFIG(accessibility)
        cancel_dialog.setAccessibleName(QCoreApplication.translate("CancelAppointmentDialog", u"Cancel appointment", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.question_label.setAccessibleName(QCoreApplication.translate("CancelAppointmentDialog", u"Question", None))
#endif // QT_CONFIG(accessibility)
        self.by_person_radio.setText(QCoreApplication.translate("CancelAppointmentDialog", u"Cancelled by the &person", None))
#if QT_CONFIG(accessibility)
        self.by_person_radio.setAccessibleName(QCoreApplication.translate("CancelAppointmentDialog", u"Cancelled by the person", None))
#endif // QT_CONFIG(accessibility)
        self.by_provider_radio.setText(QCoreApplication.translate("CancelAppointmentDialog", u"Cancelled by the &service", None))
#if QT_CONFIG(accessibility)
        self.by_provider_radio.setAccessibleName(QCoreApplication.translate("CancelAppointmentDialog", u"Cancelled by the service", None))
#endif // QT_CONFIG(accessibility)
        self.reason_label.setText(QCoreApplication.translate("CancelAppointmentDialog", u"&Reason (required)", None))
#if QT_CONFIG(accessibility)
        self.reason_edit.setAccessibleName(QCoreApplication.translate("CancelAppointmentDialog", u"Reason", None))
#endif // QT_CONFIG(accessibility)
        self.reason_edit.setPlaceholderText(QCoreApplication.translate("CancelAppointmentDialog", u"For example: rang to say they are unwell", None))
#if QT_CONFIG(accessibility)
        self.error_label.setAccessibleName(QCoreApplication.translate("CancelAppointmentDialog", u"Error", None))
#endif // QT_CONFIG(accessibility)
        self.confirm_button.setText(QCoreApplication.translate("CancelAppointmentDialog", u"Cancel appointment", None))
#if QT_CONFIG(accessibility)
        self.confirm_button.setAccessibleName(QCoreApplication.translate("CancelAppointmentDialog", u"Cancel appointment", None))
#endif // QT_CONFIG(accessibility)
        self.keep_button.setText(QCoreApplication.translate("CancelAppointmentDialog", u"Keep appointment", None))
#if QT_CONFIG(accessibility)
        self.keep_button.setAccessibleName(QCoreApplication.translate("CancelAppointmentDialog", u"Keep appointment", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi
