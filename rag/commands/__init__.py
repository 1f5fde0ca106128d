"""The handlers of the `rag` commands, one module per group, imported only when their command runs.

Each handler takes the parsed arguments and the settings and returns the exit code; rag.cli
parses, dispatches (its COMMANDS table) and turns domain errors into one stderr line.
"""
