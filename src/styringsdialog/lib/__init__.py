"""Small helpers with narrow names that several apps share (healthchecks' ``hc/lib`` habit):
``bulk`` (fast inserts and upserts), ``sorting`` (sortable table headers), ``pagination`` (the
``?page=`` of every HTML list), ``params`` (whole numbers from query parameters), ``exports``
(CSV/XLSX downloads with formula-safe cells). Nothing here knows a
domain model; ``lib`` imports only Django and the standard library (and openpyxl, in
``exports``)."""
