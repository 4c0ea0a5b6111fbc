"""The PySide6 desktop application: main window, pages, widgets, background work, printing."""
