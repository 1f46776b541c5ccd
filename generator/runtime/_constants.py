"""What the runtime knows about the SDK it ships in: names, server and environment variables.

The generator replaces this file in every SDK with one printed from the spec and the options
(``templates/sdk/_constants.py.jinja``); the values here only let the runtime be imported, type-checked
and tested on its own.
"""

PACKAGE_NAME = "sdk"
CLIENT_CLASS = "Client"
ERROR_BASE_NAME = "ClientError"
SDK_VERSION = "0.0.0"
DEFAULT_BASE_URL = "http://127.0.0.1:9"
API_KEY_ENV = "CLIENT_API_KEY"
BASE_URL_ENV = "CLIENT_BASE_URL"
LOG_ENV = "CLIENT_LOG"
USER_AGENT = "Client/Python 0.0.0"
# Every security scheme of the spec: its kind (bearer, header, query or cookie) and the name of the
# header, query parameter or cookie that carries the key. The runtime derives every credential name
# it must keep from other origins and out of messages from this table, and keeps no list of its own.
SECURITY_SCHEMES: dict[str, tuple[str, str]] = {"bearerAuth": ("bearer", "Authorization")}
# Each scheme's own credential: the client's keyword argument and the environment variable that
# take it. ``api_key`` (and ``API_KEY_ENV``) fills every scheme that has no credential of its own.
CREDENTIAL_OPTIONS: dict[str, tuple[str, str]] = {
    "bearerAuth": ("bearer_auth", "CLIENT_BEARER_AUTH")
}
# Whether every operation needs a credential: then a client built without any is refused at once.
EVERY_OPERATION_SECURED = True
PATH_PREFIXES: tuple[str, ...] = ("/v1",)
