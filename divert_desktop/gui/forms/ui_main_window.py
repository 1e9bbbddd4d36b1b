# Generated from ui/main_window.ui by installer/build_ui.py with pyside6-uic: generated, do not edit.
# Edit the .ui file in Qt Designer, then run: python installer/build_ui.py
# ruff: noqa

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QAction, QBrush, QColor, QConicalGradient,
    QCursor, QFont, QFontDatabase, QGradient,
    QIcon, QImage, QKeySequence, QLinearGradient,
    QPainter, QPalette, QPixmap, QRadialGradient,
    QTransform)
from PySide6.QtWidgets import (QApplication, QFrame, QHBoxLayout, QLabel,
    QListWidget, QListWidgetItem, QMainWindow, QMenu,
    QMenuBar, QPushButton, QSizePolicy, QStackedWidget,
    QStatusBar, QVBoxLayout, QWidget)

class Ui_MainWindow(object):
    def setupUi(self, main_window):
        if not main_window.objectName():
            main_window.setObjectName(u"main_window")
        main_window.resize(1280, 800)
        self.import_action = QAction(main_window)
        self.import_action.setObjectName(u"import_action")
        self.refresh_action = QAction(main_window)
        self.refresh_action.setObjectName(u"refresh_action")
        self.sign_out_action = QAction(main_window)
        self.sign_out_action.setObjectName(u"sign_out_action")
        self.quit_action = QAction(main_window)
        self.quit_action.setObjectName(u"quit_action")
        self.about_action = QAction(main_window)
        self.about_action.setObjectName(u"about_action")
        self.central_widget = QWidget(main_window)
        self.central_widget.setObjectName(u"central_widget")
        self.central_layout = QVBoxLayout(self.central_widget)
        self.central_layout.setSpacing(0)
        self.central_layout.setObjectName(u"central_layout")
        self.central_layout.setContentsMargins(0, 0, 0, 0)
        self.connection_banner = QFrame(self.central_widget)
        self.connection_banner.setObjectName(u"connection_banner")
        self.connection_banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner_layout = QHBoxLayout(self.connection_banner)
        self.banner_layout.setSpacing(10)
        self.banner_layout.setObjectName(u"banner_layout")
        self.banner_layout.setContentsMargins(16, 8, 16, 8)
        self.banner_icon_label = QLabel(self.connection_banner)
        self.banner_icon_label.setObjectName(u"banner_icon_label")

        self.banner_layout.addWidget(self.banner_icon_label)

        self.banner_label = QLabel(self.connection_banner)
        self.banner_label.setObjectName(u"banner_label")
        self.banner_label.setWordWrap(True)

        self.banner_layout.addWidget(self.banner_label)

        self.retry_button = QPushButton(self.connection_banner)
        self.retry_button.setObjectName(u"retry_button")
        self.retry_button.setAutoDefault(False)

        self.banner_layout.addWidget(self.retry_button)


        self.central_layout.addWidget(self.connection_banner)

        self.body_layout = QHBoxLayout()
        self.body_layout.setSpacing(0)
        self.body_layout.setObjectName(u"body_layout")
        self.nav_list = QListWidget(self.central_widget)
        self.nav_list.setObjectName(u"nav_list")
        self.nav_list.setIconSize(QSize(20, 20))
        self.nav_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.body_layout.addWidget(self.nav_list)

        self.page_stack = QStackedWidget(self.central_widget)
        self.page_stack.setObjectName(u"page_stack")

        self.body_layout.addWidget(self.page_stack)


        self.central_layout.addLayout(self.body_layout)

        main_window.setCentralWidget(self.central_widget)
        self.menu_bar = QMenuBar(main_window)
        self.menu_bar.setObjectName(u"menu_bar")
        self.menu_file = QMenu(self.menu_bar)
        self.menu_file.setObjectName(u"menu_file")
        self.menu_help = QMenu(self.menu_bar)
        self.menu_help.setObjectName(u"menu_help")
        main_window.setMenuBar(self.menu_bar)
        self.status_bar = QStatusBar(main_window)
        self.status_bar.setObjectName(u"status_bar")
        main_window.setStatusBar(self.status_bar)
        QWidget.setTabOrder(self.nav_list, self.page_stack)
        QWidget.setTabOrder(self.page_stack, self.retry_button)

        self.menu_bar.addAction(self.menu_file.menuAction())
        self.menu_bar.addAction(self.menu_help.menuAction())
        self.menu_file.addAction(self.import_action)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.refresh_action)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.sign_out_action)
        self.menu_file.addAction(self.quit_action)
        self.menu_help.addAction(self.about_action)

        self.retranslateUi(main_window)
    # setupUi

    def retranslateUi(self, main_window):
        main_window.setWindowTitle(QCoreApplication.translate("MainWindow", u"DIVERT Desktop", None))
#if QT_CONFIG(accessibility)
        main_window.setAccessibleName(QCoreApplication.translate("MainWindow", u"DIVERT Desktop", None))
#endif // QT_CONFIG(accessibility)
        self.import_action.setText(QCoreApplication.translate("MainWindow", u"&Import referrals\u2026", None))
#if QT_CONFIG(tooltip)
        self.import_action.setToolTip(QCoreApplication.translate("MainWindow", u"Import a police referral file (Ctrl+I)", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(statustip)
        self.import_action.setStatusTip(QCoreApplication.translate("MainWindow", u"Import a police referral file (Ctrl+I)", None))
#endif // QT_CONFIG(statustip)
#if QT_CONFIG(shortcut)
        self.import_action.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+I", None))
#endif // QT_CONFIG(shortcut)
        self.refresh_action.setText(QCoreApplication.translate("MainWindow", u"&Refresh", None))
#if QT_CONFIG(tooltip)
        self.refresh_action.setToolTip(QCoreApplication.translate("MainWindow", u"Load the page again (F5)", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(statustip)
        self.refresh_action.setStatusTip(QCoreApplication.translate("MainWindow", u"Load the page again (F5)", None))
#endif // QT_CONFIG(statustip)
#if QT_CONFIG(shortcut)
        self.refresh_action.setShortcut(QCoreApplication.translate("MainWindow", u"F5", None))
#endif // QT_CONFIG(shortcut)
        self.sign_out_action.setText(QCoreApplication.translate("MainWindow", u"&Sign out", None))
#if QT_CONFIG(tooltip)
        self.sign_out_action.setToolTip(QCoreApplication.translate("MainWindow", u"Sign out and show the sign-in window", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(statustip)
        self.sign_out_action.setStatusTip(QCoreApplication.translate("MainWindow", u"Sign out and show the sign-in window", None))
#endif // QT_CONFIG(statustip)
        self.quit_action.setText(QCoreApplication.translate("MainWindow", u"&Quit", None))
#if QT_CONFIG(tooltip)
        self.quit_action.setToolTip(QCoreApplication.translate("MainWindow", u"Close DIVERT Desktop (Ctrl+Q)", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(statustip)
        self.quit_action.setStatusTip(QCoreApplication.translate("MainWindow", u"Close DIVERT Desktop (Ctrl+Q)", None))
#endif // QT_CONFIG(statustip)
#if QT_CONFIG(shortcut)
        self.quit_action.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+Q", None))
#endif // QT_CONFIG(shortcut)
        self.about_action.setText(QCoreApplication.translate("MainWindow", u"&About DIVERT Desktop", None))
#if QT_CONFIG(tooltip)
        self.about_action.setToolTip(QCoreApplication.translate("MainWindow", u"Version and database details", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(statustip)
        self.about_action.setStatusTip(QCoreApplication.translate("MainWindow", u"Version and database details", None))
#endif // QT_CONFIG(statustip)
#if QT_CONFIG(accessibility)
        self.connection_banner.setAccessibleName(QCoreApplication.translate("MainWindow", u"Connection problem", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.banner_icon_label.setAccessibleName(QCoreApplication.translate("MainWindow", u"Warning", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.banner_label.setAccessibleName(QCoreApplication.translate("MainWindow", u"Connection problem", None))
#endif // QT_CONFIG(accessibility)
        self.banner_label.setText(QCoreApplication.translate("MainWindow", u"The shared database cannot be reached \u2014 your work is kept; retrying\u2026", None))
#if QT_CONFIG(accessibility)
        self.retry_button.setAccessibleName(QCoreApplication.translate("MainWindow", u"Try again now", None))
#endif // QT_CONFIG(accessibility)
        self.retry_button.setText(QCoreApplication.translate("MainWindow", u"Try again now", None))
#if QT_CONFIG(accessibility)
        self.nav_list.setAccessibleName(QCoreApplication.translate("MainWindow", u"Pages", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.nav_list.setAccessibleDescription(QCoreApplication.translate("MainWindow", u"Choose a page to show", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.page_stack.setAccessibleName(QCoreApplication.translate("MainWindow", u"Page", None))
#endif // QT_CONFIG(accessibility)
        self.menu_file.setTitle(QCoreApplication.translate("MainWindow", u"&File", None))
        self.menu_help.setTitle(QCoreApplication.translate("MainWindow", u"&Help", None))
#if QT_CONFIG(accessibility)
        self.status_bar.setAccessibleName(QCoreApplication.translate("MainWindow", u"Status", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi
