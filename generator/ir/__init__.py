"""The intermediate model: what the templates print, decided in Python."""
