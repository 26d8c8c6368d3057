"""Operations on a whole installation: ``backup`` and ``restore`` (one archive, nothing lost).

``archive`` holds the format (manifest, the models in dependency order, how each column value is
written as JSON and read back), ``backup`` writes an archive, ``restore`` checks and loads one.
The management commands ``backup`` and ``restore`` are thin wrappers with rich progress bars.
"""
