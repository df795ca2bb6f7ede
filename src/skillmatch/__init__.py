"""skillmatch: from job postings to the micro-credentials that close a skill gap."""

__version__ = "0.1.0"
