"""A model field carries its schema's `default`: what the client assumes when the server leaves the field out
(issue 11, item 7). Byte for byte, mutable defaults never shared, defaults that do not fit excluded, and a
request parameter's default still not sent."""

from __future__ import annotations

import contextlib
import datetime
from pathlib import Path
from typing import Any

import pytest

from generator import Config
from generator.ir.build import build_api
from generator.load.spec import load_spec, lookup
from tests.sdk.test_param_docs import _Recorder, base_url  # noqa: F401  (the recording server fixture)
from tests.sdk.test_request_bodies import load_case

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec" / "openapi.yaml"


def _spec_defaults() -> list[tuple[str, str, str, Any]]:
    """(class name, py name, pointer, default) for every model field whose schema has a non-null default."""
    spec = load_spec(SPEC)
    api, _ = build_api(spec, Config())
    found = []
    for model in api.models:
        schema = lookup(spec.data, model.origin) if model.origin else None
        properties = schema.get("properties") if isinstance(schema, dict) else None
        for field in model.fields if isinstance(properties, dict) else ():
            prop, _ = spec.resolve_fully(properties.get(field.wire_name), spec.root)
            if isinstance(prop, dict) and prop.get("default") is not None and not field.required:
                found.append(
                    (
                        model.class_name,
                        field.py_name,
                        f"{model.origin}/properties/{field.wire_name}",
                        prop["default"],
                    )
                )
    return found


SPEC_DEFAULTS = _spec_defaults()


def test_the_relay_spec_has_the_defaults_this_file_checks() -> None:
    assert len(SPEC_DEFAULTS) >= 50, SPEC_DEFAULTS


@pytest.mark.parametrize(
    ("class_name", "py_name", "pointer", "default"),
    SPEC_DEFAULTS,
    ids=[d[2] for d in SPEC_DEFAULTS],
)
def test_every_schema_default_is_the_fields_default(
    class_name: str, py_name: str, pointer: str, default: Any
) -> None:
    from gitaigc import models

    field = getattr(models, class_name).model_fields[py_name]
    assert field.default == default and type(field.default) is type(default), pointer


def test_a_default_survives_byte_for_byte_and_mutable_ones_are_never_shared(tmp_path: Path) -> None:
    for package in load_case("defaults", tmp_path):
        order_class = package.models.Order
        first, second = order_class(sku="a"), order_class(sku="b")
        assert first.id == 'ord_"""\n\''
        assert (first.status, first.quantity, first.price, first.gift, first.note) == (
            "open",
            1,
            9.5,
            False,
            None,
        )
        assert (
            first.wrong is None
        )  # `default: many` under `type: integer` is a finding (SDK104), not a value
        first.tags.append("changed")
        first.metadata["source"] = "changed"
        assert second.tags == ["new", "a\\b"] and second.metadata == {"source": "web"}
        assert order_class.model_fields["tags"].default == ["new", "a\\b"]
        # a default that names a model or a date becomes one, as the server's value would
        assert (
            isinstance(first.shipping, package.models.Shipping)
            and first.shipping.method == "ground"
        )
        assert first.placed_at == datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
        # what the server sent, and only that, is what to_dict and request bodies carry
        assert order_class.model_validate({"sku": "a"}).to_dict() == {"sku": "a"}


def test_a_parameters_default_is_documented_not_sent(tmp_path: Path, base_url: str) -> None:  # noqa: F811
    for package in load_case("defaults", tmp_path):
        client = package.Client(api_key="k", base_url=base_url, max_retries=0)
        assert "Default (applied by the server): `false`." in (client.orders.get.__doc__ or "")
        with contextlib.suppress(
            package.ClientError
        ):  # the recorder answers 204: only the request matters
            client.orders.get("o1")
        path, _ = _Recorder.seen[-1]
        assert path == "/orders/o1", path
