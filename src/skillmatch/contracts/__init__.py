"""The shapes of what goes in and comes out, shared by the HTTP API and the command line.

Requests are parsed once, at the edge, into these pydantic models (unknown keys are refused, so a
typo such as "constraint" names the key rather than being ignored); answers are built once into
them, and both surfaces serialise the same objects, so one request gets one document whether it
came over HTTP or from ``skillmatch ... --json``. The OpenAPI schema at ``/docs`` is the reference.
Every skill in an answer carries its taxonomy id and its label.

``learners`` (gap and recommendation requests), ``advice`` (their answers), ``teams``, ``skills``,
``catalog``, ``roles``, ``admin``; ``base`` holds what they share.
"""
