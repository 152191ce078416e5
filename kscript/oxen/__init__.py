"""The Oxen.ai API: the HTTP client, the journal, downloads and the submit/wait flows."""
