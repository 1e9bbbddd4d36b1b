# Generated from ui/import_dialog.ui by installer/build_ui.py with pyside6-uic: generated, do not edit.
# Edit the .ui file in Qt Designer, then run: python installer/build_ui.py
# ruff: noqa

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QCheckBox, QDialog,
    QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QProgressBar, QPushButton, QSizePolicy, QSpacerItem,
    QTableView, QVBoxLayout, QWidget)

class Ui_ImportDialog(object):
    def setupUi(self, import_dialog):
        if not import_dialog.objectName():
            import_dialog.setObjectName(u"import_dialog")
        import_dialog.resize(960, 640)
        self.main_layout = QVBoxLayout(import_dialog)
        self.main_layout.setSpacing(12)
        self.main_layout.setObjectName(u"main_layout")
        self.main_layout.setContentsMargins(24, 20, 24, 20)
        self.heading_label = QLabel(import_dialog)
        self.heading_label.setObjectName(u"heading_label")

        self.main_layout.addWidget(self.heading_label)

        self.intro_label = QLabel(import_dialog)
        self.intro_label.setObjectName(u"intro_label")
        self.intro_label.setWordWrap(True)

        self.main_layout.addWidget(self.intro_label)

        self.file_layout = QHBoxLayout()
        self.file_layout.setSpacing(8)
        self.file_layout.setObjectName(u"file_layout")
        self.file_label = QLabel(import_dialog)
        self.file_label.setObjectName(u"file_label")

        self.file_layout.addWidget(self.file_label)

        self.file_path_edit = QLineEdit(import_dialog)
        self.file_path_edit.setObjectName(u"file_path_edit")
        self.file_path_edit.setClearButtonEnabled(True)

        self.file_layout.addWidget(self.file_path_edit)

        self.browse_button = QPushButton(import_dialog)
        self.browse_button.setObjectName(u"browse_button")
        self.browse_button.setAutoDefault(False)

        self.file_layout.addWidget(self.browse_button)


        self.main_layout.addLayout(self.file_layout)

        self.dry_run_check = QCheckBox(import_dialog)
        self.dry_run_check.setObjectName(u"dry_run_check")

        self.main_layout.addWidget(self.dry_run_check)

        self.progress_layout = QHBoxLayout()
        self.progress_layout.setSpacing(8)
        self.progress_layout.setObjectName(u"progress_layout")
        self.import_progress = QProgressBar(import_dialog)
        self.import_progress.setObjectName(u"import_progress")
        self.import_progress.setValue(0)
        self.import_progress.setTextVisible(True)

        self.progress_layout.addWidget(self.import_progress)

        self.progress_label = QLabel(import_dialog)
        self.progress_label.setObjectName(u"progress_label")

        self.progress_layout.addWidget(self.progress_label)


        self.main_layout.addLayout(self.progress_layout)

        self.summary_label = QLabel(import_dialog)
        self.summary_label.setObjectName(u"summary_label")
        self.summary_label.setWordWrap(True)

        self.main_layout.addWidget(self.summary_label)

        self.result_table = QTableView(import_dialog)
        self.result_table.setObjectName(u"result_table")
        self.result_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.result_table.setAlternatingRowColors(True)
        self.result_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.result_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.result_table.setSortingEnabled(True)

        self.main_layout.addWidget(self.result_table)

        self.button_layout = QHBoxLayout()
        self.button_layout.setSpacing(8)
        self.button_layout.setObjectName(u"button_layout")
        self.save_rejects_button = QPushButton(import_dialog)
        self.save_rejects_button.setObjectName(u"save_rejects_button")
        self.save_rejects_button.setAutoDefault(False)

        self.button_layout.addWidget(self.save_rejects_button)

        self.button_spacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.button_layout.addItem(self.button_spacer)

        self.close_button = QPushButton(import_dialog)
        self.close_button.setObjectName(u"close_button")
        self.close_button.setAutoDefault(False)

        self.button_layout.addWidget(self.close_button)

        self.cancel_button = QPushButton(import_dialog)
        self.cancel_button.setObjectName(u"cancel_button")
        self.cancel_button.setAutoDefault(False)

        self.button_layout.addWidget(self.cancel_button)

        self.start_button = QPushButton(import_dialog)
        self.start_button.setObjectName(u"start_button")

        self.button_layout.addWidget(self.start_button)


        self.main_layout.addLayout(self.button_layout)

#if QT_CONFIG(shortcut)
        self.file_label.setBuddy(self.file_path_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.file_path_edit, self.browse_button)
        QWidget.setTabOrder(self.browse_button, self.dry_run_check)
        QWidget.setTabOrder(self.dry_run_check, self.start_button)
        QWidget.setTabOrder(self.start_button, self.cancel_button)
        QWidget.setTabOrder(self.cancel_button, self.result_table)
        QWidget.setTabOrder(self.result_table, self.save_rejects_button)
        QWidget.setTabOrder(self.save_rejects_button, self.close_button)

        self.retranslateUi(import_dialog)

        self.start_button.setDefault(True)

    # setupUi

    def retranslateUi(self, import_dialog):
        import_dialog.setWindowTitle(QCoreApplication.translate("ImportDialog", u"Import referrals", None))
#if QT_CONFIG(accessibility)
        import_dialog.setAccessibleName(QCoreApplication.translate("ImportDialog", u"Import referrals", None))
#endif // QT_CONFIG(accessibility)
        self.heading_label.setText(QCoreApplication.translate("ImportDialog", u"Import police referrals", None))
        self.intro_label.setText(QCoreApplication.translate("ImportDialog", u"Choose the file exported from the police booking app (CSV or JSON Lines). Rows with a problem are not stored: they are listed below so you can correct them and import them again.", None))
        self.file_label.setText(QCoreApplication.translate("ImportDialog", u"&File", None))
#if QT_CONFIG(accessibility)
        self.file_path_edit.setAccessibleName(QCoreApplication.translate("ImportDialog", u"File to import", None))
#endif // QT_CONFIG(accessibility)
        self.file_path_edit.setPlaceholderText(QCoreApplication.translate("ImportDialog", u"Choose a .csv or .jsonl file", None))
#if QT_CONFIG(accessibility)
        self.browse_button.setAccessibleName(QCoreApplication.translate("ImportDialog", u"Choose a file", None))
#endif // QT_CONFIG(accessibility)
        self.browse_button.setText(QCoreApplication.translate("ImportDialog", u"C&hoose file\u2026", None))
#if QT_CONFIG(accessibility)
        self.dry_run_check.setAccessibleName(QCoreApplication.translate("ImportDialog", u"Check only, dry run", None))
#endif // QT_CONFIG(accessibility)
        self.dry_run_check.setText(QCoreApplication.translate("ImportDialog", u"Check only (dry run): report what would happen, store nothing", None))
#if QT_CONFIG(accessibility)
        self.import_progress.setAccessibleName(QCoreApplication.translate("ImportDialog", u"Import progress", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.progress_label.setAccessibleName(QCoreApplication.translate("ImportDialog", u"Import progress details", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.summary_label.setAccessibleName(QCoreApplication.translate("ImportDialog", u"Import summary", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.result_table.setAccessibleName(QCoreApplication.translate("ImportDialog", u"Result of each row", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.save_rejects_button.setAccessibleName(QCoreApplication.translate("ImportDialog", u"Save rejected rows", None))
#endif // QT_CONFIG(accessibility)
        self.save_rejects_button.setText(QCoreApplication.translate("ImportDialog", u"&Save rejected rows\u2026", None))
#if QT_CONFIG(accessibility)
        self.close_button.setAccessibleName(QCoreApplication.translate("ImportDialog", u"Close", None))
#endif // QT_CONFIG(accessibility)
        self.close_button.setText(QCoreApplication.translate("ImportDialog", u"Close", None))
#if QT_CONFIG(accessibility)
        self.cancel_button.setAccessibleName(QCoreApplication.translate("ImportDialog", u"Stop import", None))
#endif // QT_CONFIG(accessibility)
        self.cancel_button.setText(QCoreApplication.translate("ImportDialog", u"Stop import", None))
#if QT_CONFIG(accessibility)
        self.start_button.setAccessibleName(QCoreApplication.translate("ImportDialog", u"Start the import", None))
#endif // QT_CONFIG(accessibility)
        self.start_button.setText(QCoreApplication.translate("ImportDialog", u"Import", None))
    # retranslateUi
