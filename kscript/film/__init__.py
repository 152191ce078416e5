"""Seeing the film: the storyboard page before paying, the assembled film after."""
