"""Background jobs: long work (benchmark and reconciliation runs, e-mail) off the request, with a
``Job`` record the pages show while it runs. See ``docs/reference/jobs.md``."""
