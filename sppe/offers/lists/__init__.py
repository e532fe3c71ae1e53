"""Import and export of the AM list and of establishments (PMI and Caf files).

One column specification per kind (`formats.py`) drives everything: the file reader
matches headers against it, validation turns cells into typed values, the plan compares
them with the database, and the export and the empty template write the same columns,
so that an export re-imports with zero changes.
"""
