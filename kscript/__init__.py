"""kscript: write AI video as a screenplay, compile it to Kling O3 Pro requests."""

__version__ = "0.1.0"
