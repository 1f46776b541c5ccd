"""Every kind of finding → one stable code, a slug, its default severity and one line saying what it means.

This table is the only place codes are made: each place that reports a finding names one of these
constants (`UNKNOWN_FORMAT.at(location, message)`), users filter by the code or the slug (`ignore =
["SDK401"]`), and docs/diagnostics.md lists them (a test checks it matches). Codes are never reused or
renumbered; a retired code stays here with its number. Each stage owns a range, so a new finding gets
the next free number in its stage's range:

    SDK0xx  load/          reading files, YAML/JSON, $refs
    SDK1xx  validate/      openapi-spec-validator and the semantic lint (SDK15x: validate/lint_docs.py)
    SDK2xx  ir/build.py    operations, parameters, bodies, security, extensions
    SDK3xx  ir/naming.py   two spec names that become one Python name
    SDK4xx  ir/types.py    schemas → Python types
"""

from __future__ import annotations

from typing import Any

from .diagnostics import Code, Diagnostic, Location, Severity

E = Severity.ERROR
W = Severity.WARNING

# Stage ranges: (first code, last code, title), in the order of the docs.
RANGES = (
    (0, 99, "load: files, YAML/JSON and $refs"),
    (100, 199, "validate: structure and semantic lint"),
    (200, 299, "build: operations, parameters, bodies"),
    (300, 399, "naming: collisions after sanitising"),
    (400, 499, "types: schemas to Python types"),
)

# -- SDK0xx load ------------------------------------------------------------------------------------
UNREADABLE_FILE = Code(
    "SDK001", "unreadable-file", E, "The spec file cannot be read (missing, a folder, not UTF-8)."
)
NOT_A_MAPPING = Code("SDK002", "not-a-mapping", E, "The document's top level is not a mapping.")
INVALID_JSON = Code("SDK003", "invalid-json", E, "A .json file is not valid JSON.")
INVALID_YAML = Code("SDK004", "invalid-yaml", E, "The file is not valid YAML.")
TOO_LARGE = Code(
    "SDK005",
    "too-large",
    E,
    "YAML aliases expand the document past the node limit (an alias bomb).",
)
NOT_UTF8 = Code("SDK006", "not-utf8", E, "The file has a byte sequence that is not UTF-8.")
TOO_DEEP_TO_READ = Code(
    "SDK007", "too-deep-to-read", E, "The document nests too deeply to be read."
)
DUPLICATE_KEY = Code(
    "SDK008", "duplicate-key", E, "A mapping has the same key twice; YAML keeps only the last one."
)
REMOTE_REF = Code("SDK010", "remote-ref", E, "A $ref points at a URL; only local files are read.")
REF_OUTSIDE_FOLDER = Code("SDK011", "ref-outside-folder", E, "A $ref leaves the spec's folder.")
REF_FILE_UNREADABLE = Code(
    "SDK012", "ref-file-unreadable", E, "A file named by a $ref cannot be read or parsed."
)
REF_NOT_POINTER = Code("SDK013", "ref-not-pointer", E, "A $ref fragment is not a JSON pointer.")
DANGLING_REF = Code("SDK014", "dangling-ref", E, "A $ref points at nothing.")
REF_NOT_OBJECT = Code(
    "SDK015",
    "ref-not-object",
    E,
    "A $ref points at a string, number or list: nothing a $ref may name.",
)

# -- SDK1xx validate --------------------------------------------------------------------------------
UNSUPPORTED_VERSION = Code(
    "SDK100", "unsupported-version", E, "`openapi` is missing or not 3.0.x / 3.1.x."
)
INVALID_STRUCTURE = Code(
    "SDK101",
    "invalid-structure",
    E,
    "openapi-spec-validator: the document breaks the OpenAPI schema.",
)
VALIDATOR_FAILED = Code(
    "SDK102", "validator-failed", E, "openapi-spec-validator could not check the document at all."
)
INVALID_SCHEMA = Code(
    "SDK103",
    "invalid-schema",
    W,
    "openapi-spec-validator: a schema breaks its JSON Schema meta-schema.",
)
INVALID_DEFAULT = Code(
    "SDK104",
    "invalid-default",
    W,
    "openapi-spec-validator: a schema's `default` does not fit the schema.",
)
COMPONENT_NAME = Code(
    "SDK105", "component-name", W, "A component name has characters OpenAPI does not allow."
)
UNKNOWN_KEY = Code(
    "SDK106",
    "unknown-key",
    E,
    "An OpenAPI object has a key that is neither one of its fields nor an `x-` extension.",
)
DUPLICATE_OPERATION_ID = Code(
    "SDK110", "duplicate-operation-id", E, "Two operations share an operationId."
)
UNDECLARED_PATH_PARAM = Code(
    "SDK111", "undeclared-path-param", E, "A {name} in the path has no path parameter."
)
UNUSED_PATH_PARAM = Code(
    "SDK112", "unused-path-param", E, "A path parameter does not appear in the path."
)
OPTIONAL_PATH_PARAM = Code(
    "SDK113", "optional-path-param", E, "A path parameter is not `required: true`."
)
BAD_PATH_TEMPLATE = Code(
    "SDK114", "bad-path-template", E, "A path template's braces do not pair up."
)
PARAMETER_REF_NOT_PARAMETER = Code(
    "SDK115",
    "parameter-ref-not-parameter",
    E,
    "A parameter $ref points at something that is not a parameter.",
)
UNDEFINED_SECURITY_SCHEME = Code(
    "SDK116",
    "undefined-security-scheme",
    E,
    "A security requirement names a scheme that is not defined.",
)
QUERY_IN_PATH = Code(
    "SDK117",
    "query-in-path",
    E,
    "A path key has a query string with a {parameter} (`/search?q={q}`); OpenAPI declares query parameters `in: query`.",
)
UNKNOWN_EXTENSION = Code(
    "SDK120",
    "unknown-extension",
    E,
    "An `x-sdk-*` key, or one close to an sdkforge extension, that sdkforge does not know.",
)
UNKNOWN_EXTENSION_KEY = Code(
    "SDK121",
    "unknown-extension-key",
    E,
    "An sdkforge extension's object has a key it does not take.",
)
UNKNOWN_KEYWORD = Code(
    "SDK130",
    "unknown-keyword",
    W,
    "A 3.1 schema has a keyword JSON Schema does not know; it constrains nothing.",
)
NULLABLE_IN_31 = Code(
    "SDK131", "nullable-in-31", W, "`nullable` in an OpenAPI 3.1 document, which ignores it."
)
DUPLICATE_ENUM_VALUE = Code(
    "SDK132", "duplicate-enum-value", W, "An enum lists the same value twice."
)
YAML11_SCALAR = Code(
    "SDK133",
    "yaml11-scalar",
    E,
    "A plain YAML scalar (ON, off, yes) read as a boolean or number where the schema wants a string.",
)
ENUM_TYPE_MISMATCH = Code(
    "SDK134", "enum-type-mismatch", W, "An enum value is not of the schema's `type`."
)
DISCRIMINATOR_NOT_DECLARED = Code(
    "SDK135",
    "discriminator-not-declared",
    W,
    "A discriminator propertyName that variants do not declare.",
)
REQUIRED_CYCLE = Code(
    "SDK136",
    "required-cycle",
    W,
    "Required properties form a cycle: no finite value fits the schema.",
)
# SDK15x: the documentation lint, for specs that list `info.x-nav-entries`
MISSING_OPERATION_FIELD = Code(
    "SDK150",
    "missing-operation-field",
    E,
    "A documented operation has no summary, tags or x-nav-entries.",
)
REQUEST_WITHOUT_EXAMPLE = Code(
    "SDK151", "request-without-example", E, "A request body has no example."
)
RESPONSE_WITHOUT_EXAMPLE = Code(
    "SDK152", "response-without-example", E, "No success response has an example."
)
DUPLICATE_NAV_ENTRY = Code(
    "SDK153", "duplicate-nav-entry", E, "A documentation entry is listed more than once."
)
SSE_EXAMPLE_NOT_TEXT = Code(
    "SDK154", "sse-example-not-text", E, "An event-stream example is not the raw SSE text."
)
SSE_DATA_NOT_JSON = Code(
    "SDK155", "sse-data-not-json", E, "A `data:` line of an SSE example is not JSON."
)
SSE_WITHOUT_DATA = Code("SDK156", "sse-without-data", E, "An SSE example has no `data:` line.")
EXAMPLE_MISMATCH = Code("SDK157", "example-mismatch", E, "An example does not match its schema.")
EXAMPLE_UNCHECKED = Code(
    "SDK158", "example-unchecked", W, "An example could not be checked: its schema is broken."
)
BAD_NAV_ABSENT = Code(
    "SDK159",
    "bad-nav-absent",
    E,
    "`x-nav-absent` lacks a source or reason, or sits next to x-nav-entries.",
)

# -- SDK2xx build -----------------------------------------------------------------------------------
MISSING_OPERATION_ID = Code(
    "SDK200",
    "missing-operation-id",
    W,
    "An operation has no operationId; its method is named from the path.",
)
NO_OPERATIONS = Code("SDK201", "no-operations", W, "The spec has no operations.")
WEBHOOKS_SKIPPED = Code(
    "SDK202",
    "webhooks-skipped",
    W,
    "Webhooks are not generated: the API calls them, a client does not.",
)
VERSION_NOT_PEP440 = Code(
    "SDK203",
    "version-not-pep440",
    W,
    "info.version is not a PEP 440 version; the SDK is versioned 0.1.0 unless --sdk-version says.",
)
NOTHING_LEFT = Code(
    "SDK204", "nothing-left", E, "--lenient skipped every operation: there is nothing to generate."
)
UNSUPPORTED_SECURITY = Code(
    "SDK210", "unsupported-security", W, "A security scheme sdkforge cannot send credentials for."
)
COOKIE_PARAM = Code("SDK220", "cookie-param", W, "A cookie parameter; pass it with extra_headers.")
UNSUPPORTED_BODY = Code(
    "SDK230",
    "unsupported-body",
    W,
    "No supported media type for a request body; the method sends none.",
)
FORM_WITHOUT_PROPERTIES = Code(
    "SDK231",
    "form-without-properties",
    W,
    "A form body without declared properties; the method sends none.",
)
POLLING_OTHER_RESOURCE = Code(
    "SDK240", "polling-other-resource", W, "x-task-polling names an operation of another resource."
)
POLLING_UNKNOWN_PARAM = Code(
    "SDK241",
    "polling-unknown-param",
    W,
    "x-task-polling names a parameter the status operation lacks.",
)
POLLING_UNKNOWN_OPERATION = Code(
    "SDK242",
    "polling-unknown-operation",
    W,
    "x-task-polling names an operationId that does not exist.",
)
MEDIA_SELECTOR_INVALID = Code(
    "SDK243",
    "media-selector-invalid",
    W,
    "x-sdk-media-selector names a parameter, media type or value the operation lacks; the method returns every alternative.",
)
POLLING_INTERVAL = Code(
    "SDK244",
    "polling-interval",
    W,
    "x-task-polling's interval is not a positive number of seconds; 2 is used.",
)
POLLING_TASK = Code(
    "SDK245",
    "polling-task",
    W,
    "x-task-polling's task pointer names no model in the status reply; the helpers return the whole reply.",
)
PAGINATION_INVALID = Code(
    "SDK250",
    "pagination-invalid",
    W,
    "x-sdk-pagination has no valid `style`, or its operation returns no object with fields.",
)
PAGINATION_UNKNOWN_PARAM = Code(
    "SDK251",
    "pagination-unknown-param",
    W,
    "x-sdk-pagination names a request parameter the operation lacks.",
)
PAGINATION_UNKNOWN_FIELD = Code(
    "SDK252",
    "pagination-unknown-field",
    W,
    "x-sdk-pagination names a response or item field that does not exist, or an items field that is not a list.",
)

# -- SDK3xx naming ----------------------------------------------------------------------------------
METHOD_NAME_COLLISION = Code(
    "SDK300",
    "method-name-collision",
    W,
    "Two operations of a resource, or an operation and a polling helper, become one method name.",
)
CLASS_NAME_COLLISION = Code(
    "SDK301", "class-name-collision", W, "Two schemas become one class name."
)
PROPERTY_NAME_COLLISION = Code(
    "SDK302", "property-name-collision", W, "Two properties of a schema become one field name."
)
PARAMETER_NAME_COLLISION = Code(
    "SDK303",
    "parameter-name-collision",
    W,
    "Two parameters (or body fields) of an operation become one Python parameter name.",
)
MODULE_NAME_COLLISION = Code(
    "SDK304", "module-name-collision", W, "Two resources become one module under resources/."
)
CREDENTIAL_NAME_COLLISION = Code(
    "SDK305",
    "credential-name-collision",
    W,
    "Two security schemes, or a scheme and a client option, become one credential option.",
)

# -- SDK4xx types -----------------------------------------------------------------------------------
SCHEMA_NOT_OBJECT = Code(
    "SDK400", "schema-not-object", W, "A schema is neither an object nor a boolean; typed as Any."
)
UNKNOWN_FORMAT = Code(
    "SDK401", "unknown-format", W, "A string format sdkforge does not map; typed as str."
)
UNKNOWN_TYPE = Code(
    "SDK402", "unknown-type", W, "A `type` that is not a JSON Schema type; typed as Any."
)
LOOSE_ENUM = Code(
    "SDK403", "loose-enum", W, "Enum values that are not str/int/bool/null; typed loosely."
)
ALLOF_CYCLE = Code(
    "SDK404", "allof-cycle", W, "allOf cannot be merged because it refers to itself."
)
SCHEMA_TOO_DEEP = Code(
    "SDK405", "schema-too-deep", W, "A schema nests deeper than 60 levels; typed as Any."
)
TYPE_NOT_A_NAME = Code(
    "SDK406",
    "type-not-a-name",
    W,
    "`type` is neither a string nor a list of strings; typed as Any.",
)
REF_LOOP = Code(
    "SDK407", "ref-loop", W, "A $ref leads back to itself with no schema between; typed as Any."
)


def _collect() -> dict[str, Code]:
    found = {value.code: value for value in globals().values() if isinstance(value, Code)}
    return dict(sorted(found.items()))


BY_CODE: dict[str, Code] = _collect()
BY_SLUG: dict[str, Code] = {code.slug: code for code in BY_CODE.values()}


def lookup(name: str) -> Code | None:
    """A code by its number (`SDK401`, any case) or its slug (`unknown-format`)."""
    return BY_CODE.get(name.strip().upper()) or BY_SLUG.get(name.strip().lower())


def markdown_table() -> str:
    """The code list of docs/diagnostics.md, one table per stage range (a test keeps the file in step)."""
    lines: list[str] = []
    for first, last, title in RANGES:
        lines += [
            f"### SDK{first:03d}–SDK{last:03d} {title}",
            "",
            "| code | slug | default | meaning |",
            "|---|---|---|---|",
        ]
        for code in BY_CODE.values():
            if first <= int(code.code[3:]) <= last:
                lines.append(
                    f"| `{code.code}` | `{code.slug}` | {code.severity.value} | {code.summary} |"
                )
        lines.append("")
    return "\n".join(lines)


def diagnostic_from_json(item: dict[str, Any]) -> Diagnostic:
    """The inverse of Diagnostic.to_json, for the caches; it lives beside the registry it looks codes up in."""
    location = Location(
        item["file"], item["line"], item["column"], item["pointer"], item.get("key", False)
    )
    return Diagnostic(
        BY_CODE[item["code"]], Severity(item["severity"]), item["message"], location, item["hint"]
    )
