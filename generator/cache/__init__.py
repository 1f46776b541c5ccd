"""Caching: a content-addressed store on disk, and the memo that skips a whole run when nothing changed."""
