from __future__ import annotations

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styringsdialog.settings")
application = get_wsgi_application()
# Everything loaded so far (Django, the apps, the URL conf) lives as long as the process: move it
# out of the garbage collector's generations, so a full collection during a request walks only
# what requests created (a full collection over the loaded app took 130–160 ms; see
# docs/benchmarks.md, "Alle sider"). gunicorn loads this module once in the master (--preload),
# so the workers inherit the frozen objects and their memory pages stay shared.
gc.freeze()
