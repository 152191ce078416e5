"""The Kling models kscript compiles for, as data (profiles), and what reads them.

`profiles` holds one frozen data class per model (MODELS.md); the compiler,
the KS7xx rules, the payload checks, the generated JSON Schemas (`schema`),
the cost estimate (`prices`) and `kscript models` all read it. Adding a model
is adding a profile and its tests.
"""
