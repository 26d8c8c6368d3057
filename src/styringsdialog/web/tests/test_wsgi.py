"""The WSGI module freezes what loading the application created (see styringsdialog/wsgi.py)."""

from __future__ import annotations

import gc
import importlib
import sys


def test_loading_the_wsgi_application_freezes_the_loaded_objects() -> None:
    gc.unfreeze()
    sys.modules.pop("styringsdialog.wsgi", None)
    try:
        module = importlib.import_module("styringsdialog.wsgi")
        assert callable(module.application)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
