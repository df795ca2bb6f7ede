"""The pure core: types and logic on numpy and the standard library only.

Nothing here imports a web framework, a CLI library, a model runtime or a vector-search
library; the core talks to an :class:`~skillmatch.core.ports.Encoder` and a
:class:`~skillmatch.core.ports.VectorIndex`.
"""
