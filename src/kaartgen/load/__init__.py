"""Files → model: the workspace's YAML, PO, font and logo files read, validated and turned into typed values.

Every problem of a file is reported at once, located (``file:line: key``), as diagnostics in a `DataError`.
"""
