"""The engine's workings, cut by stage (normalising and parsing names, features and keys,
comparisons, blocking, scoring and ranking, training and fitting, batch runs on Splink).

Nothing outside ``peyvand.linkage`` imports these modules: the package's ``__init__`` is the
facade (import-linter holds it), as Splink keeps ``splink/internals/`` behind its public modules.
"""
