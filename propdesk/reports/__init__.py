"""Report data (frozen dataclasses read through the services) and renderers: pdf/ and xlsx/.

Renderers are pure functions `(data, binary_file) -> None`; long exports take `progress(done,
total)` and `cancelled()` callables and raise `propdesk.core.progress.Cancelled` when told to stop.
"""
