"""Small helpers with narrow names that several apps share (healthchecks' ``hc/lib`` habit):
``bulk`` (fast inserts and upserts), ``sorting`` (sortable table headers). Nothing here knows a
domain model; ``lib`` imports only Django and the standard library."""
