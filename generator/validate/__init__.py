"""Stage 2, validate: the OpenAPI validator (prefiltered), the lints of structure, schemas, docs and extensions, and --lenient."""
