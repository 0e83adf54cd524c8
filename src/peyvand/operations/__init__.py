"""The commands an operator runs (serve, backup, restore, keys); see ``apps.py``."""
