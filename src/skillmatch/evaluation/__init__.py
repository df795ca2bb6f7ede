"""Quality measured on public benchmark files, one code path for ``skillmatch eval ...`` and the
scripts under ``scripts/``, so a figure has one value whichever runs it.

``benchmarks`` scores extraction (RP@k, MRR, precision / recall / F1 of accepted skills) and job
title normalisation against labelled files, with the baselines; ``career_change`` and ``market``
are the two settings of the recommendation evaluation; ``runs`` reads the files and runs each
evaluation over an engine's taxonomy, index and encoders.
"""
