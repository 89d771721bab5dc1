"""Shared kernel models: none yet beyond mixins other apps use."""
