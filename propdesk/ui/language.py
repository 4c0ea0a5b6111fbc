"""Switching the interface language at run time: Qt translators, core messages and the locale."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

from propdesk.core import i18n
from propdesk.ui.resources import resource_path

log = logging.getLogger("propdesk.ui.language")

_installed: list[QTranslator] = []
_current = i18n.ZH


def current() -> str:
    return _current


def locale_for(lang: str) -> QLocale:
    if lang == i18n.EN:
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return QLocale(QLocale.Language.Chinese, QLocale.Country.China)


def apply_language(lang: str) -> None:
    """Install the translators for `lang`; every widget then gets a LanguageChange event.

    English is the source language, so English means no translators at all. Installing and
    removing translators is what sends LanguageChange to every widget.
    """
    global _current
    app = QCoreApplication.instance()
    assert app is not None, "create the QApplication first"
    lang = i18n.ZH if lang not in i18n.LANGUAGES else lang
    # Core messages first, so widgets re-rendering bilingual Texts on LanguageChange see it.
    i18n.set_language(lang)
    QLocale.setDefault(locale_for(lang))
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    _current = lang
    if lang == i18n.ZH:
        ours = QTranslator(app)
        if ours.load(str(resource_path("translations", "propdesk_zh_CN.qm"))):
            _installed.append(ours)
        else:
            log.warning("propdesk_zh_CN.qm not found; the interface stays in English")
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qt = QTranslator(app)
        if qt.load("qtbase_zh_CN", qt_dir):
            _installed.append(qt)
        for t in _installed:
            app.installTranslator(t)
    # Qt posts LanguageChange to each window; deliver now so the switch is complete on return.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
