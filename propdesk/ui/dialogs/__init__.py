"""Dialogs of the desk pages: compounds and units, the roster import, contracts and fees, receipts."""
