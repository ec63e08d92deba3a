"""JSON Schema validation: a compiled fast path, and jsonschema for the details of failing files.

The fast path answers only valid or not, from a validator built once per schema: jsonschema-rs when
installed (about 0.1 ms for a seed-sized annotation), else fastjsonschema, which compiles the schema
into Python code (about 1 ms; see :func:`fast_schema`). Only a file it rejects goes through
jsonschema's ``Draft202012Validator.iter_errors``, which reports every error with its JSON Pointer;
findings are always jsonschema's, so the fast and the full path give the same findings. A fast path
that is stricter than jsonschema somewhere (``$`` before a final newline in patterns) only sends the
file to jsonschema, which then decides.

jsonschema walks a file in Python, about 0.1 ms per mention. So that a rejected file of a million
mentions (a prediction with a few unknown labels) costs seconds, not minutes, the items of the
top-level arrays of independent items (``mentions``, ``clusters``, ``events``, ``claims``: a property
``{"type": "array", "items": ...}``) are first checked one by one on the fast path, and jsonschema sees
the file without the items it accepts; its findings point back into the file. An item gives the same
errors alone as in its array, and jsonschema reports them in file order either way.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any, Literal

from newsgold.findings import Finding, finding
from newsgold.schemas import load_schema
from newsgold.validate.checks import unknown_label, unsafe_id_message

Kind = Literal["document", "annotation"]
ENGINES = ("jsonschema-rs", "fastjsonschema")
# Where a document id is, per kind: its pattern (newsgold.paths.DOCUMENT_ID_PATTERN) failing is
# reported as unsafe-document-id, not as a generic schema violation.
DOCUMENT_ID_PATHS: dict[str, tuple[tuple[Any, ...], ...]] = {
    "document": (("id",),),
    "annotation": (("document_id",),),
}


def fast_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """An equivalent form of ``schema`` that the compiled validator checks faster.

    Each rewrite keeps the set of valid instances: local ``$ref`` to ``$defs`` are inlined (the schemas
    are not recursive), so no function call per array item; ``oneOf`` of two single ``required``
    branches ("exactly one of a, b") becomes ``if a then no b else b``; ``oneOf`` of a schema and
    ``{"type": "null"}`` (mutually exclusive) becomes ``anyOf`` with the non-null branch first; so the
    common valid case raises no internal exception. ``tests/test_validate.py`` checks that both forms
    accept and reject the same instances.
    """
    defs = schema.get("$defs", {})

    def rewrite(node: Any) -> Any:
        if isinstance(node, list):
            return [rewrite(n) for n in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/") and len(node) == 1:
            return rewrite(defs[ref[len("#/$defs/") :]])
        out = {k: rewrite(v) for k, v in node.items() if k not in ("$defs", "$id")}
        one = out.get("oneOf")
        if isinstance(one, list) and len(one) == 2:
            if all(set(b) == {"required"} and len(b["required"]) == 1 for b in one):
                a, b = one[0]["required"][0], one[1]["required"][0]
                del out["oneOf"]
                out.update(
                    {"if": {"required": [a]}, "then": {"properties": {b: False}}, "else": {"required": [b]}}
                )
            elif one[1] == {"type": "null"}:
                out["anyOf"] = out.pop("oneOf")
        return out

    return rewrite(schema)


def default_engine() -> str:
    """The fast path: ``$NEWSGOLD_SCHEMA_ENGINE``, else jsonschema-rs if installed, else fastjsonschema."""
    chosen = os.environ.get("NEWSGOLD_SCHEMA_ENGINE")
    if chosen:
        return chosen
    return "jsonschema-rs" if importlib.util.find_spec("jsonschema_rs") else "fastjsonschema"


@cache
def fast_validator(kind: Kind, engine: str | None = None) -> Callable[[Any], bool]:
    """A cached ``is_valid(data) -> bool`` for ``kind``, compiled once per engine."""
    return _compile(load_schema(kind), engine or default_engine())


@cache
def item_validators(kind: Kind, engine: str | None = None) -> dict[str, Callable[[Any], bool]]:
    """``is_valid(item) -> bool`` for one item of each top-level array of independent items of ``kind``
    (a property whose schema is exactly ``{"type": "array", "items": ...}``), by property name."""
    schema = load_schema(kind)
    out = {}
    for name, sub in schema.get("properties", {}).items():
        if isinstance(sub, dict) and set(sub) == {"type", "items"} and sub["type"] == "array":
            # the array's schema with the root's definitions; its "items" is checked on one item
            array = {k: v for k, v in schema.items() if k in ("$schema", "$defs")} | sub
            out[name] = _compile(array, engine or default_engine(), item=True)
    return out


def _compile(schema: dict[str, Any], engine: str, item: bool = False) -> Callable[[Any], bool]:
    """``is_valid`` for ``schema`` (with ``item``: for one item of the array ``schema`` describes)."""
    if engine == "jsonschema-rs":
        import jsonschema_rs

        if item:
            schema = {k: v for k, v in schema.items() if k in ("$schema", "$defs")} | schema["items"]
        return jsonschema_rs.validator_for(schema).is_valid  # type: ignore[no-any-return]
    if engine != "fastjsonschema":
        raise ValueError(f"unknown schema engine {engine!r} (expected one of {', '.join(ENGINES)})")
    import fastjsonschema

    rewritten = fast_schema(schema)
    if item:
        rewritten = {k: v for k, v in rewritten.items() if k == "$schema"} | rewritten["items"]
    compiled = fastjsonschema.compile(rewritten, use_default=False, use_formats=False)

    def is_valid(data: Any) -> bool:
        try:
            compiled(data)
        except Exception:  # JsonSchemaValueException, or anything the generated code trips over
            return False
        return True

    return is_valid


@cache
def full_validator(kind: Kind) -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema(kind))


def pointer_of(path: Iterable[Any]) -> str:
    """RFC 6901 JSON Pointer of a path of keys and indices."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def _locate(data: Any, path: tuple[Any, ...]) -> tuple[str | None, Any, Any]:
    """The id and character range of the innermost record (below the top level) on ``path``."""
    ident = start = end = None
    node = data
    for depth in range(len(path) + 1):
        if depth and isinstance(node, dict):
            if isinstance(node.get("id"), str):
                ident = node["id"]
            if type(node.get("start")) is int and type(node.get("end")) is int:
                start, end = node["start"], node["end"]
        if depth == len(path):
            break
        key = path[depth]
        if isinstance(node, dict):
            node = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
        else:
            break
    return ident, start, end


def _message(error: Any) -> str:
    schema = error.schema if isinstance(error.schema, dict) else {}
    branches = schema.get("oneOf") if error.validator == "oneOf" else None
    if branches and all(set(b) == {"required"} for b in branches) and isinstance(error.instance, dict):
        keys = [k for b in branches for k in b["required"]]
        present = [k for k in keys if k in error.instance]
        return f"has {' and '.join(present) or 'none'} of {', '.join(keys)}; exactly one is required"
    msg = error.message
    return msg if len(msg) <= 160 else msg[:159] + "…"


def full_findings(
    data: Any, kind: Kind, view: Any = None, kept: dict[str, list[int]] | None = None
) -> list[Finding]:
    """Every schema error jsonschema reports, each with its JSON Pointer (labels as ``unknown-label``,
    document ids as ``unsafe-document-id``).

    ``view`` (default ``data``) is what jsonschema checks: ``data`` with only the items ``kept[name]``
    (their positions in ``data``) of some top-level arrays; paths into it are mapped back to ``data``.
    """
    from jsonschema.exceptions import best_match

    kept = kept or {}
    out: list[Finding] = []
    for error in full_validator(kind).iter_errors(data if view is None else view):
        if error.context:  # oneOf / anyOf: report the most relevant branch error
            error = best_match([error])
        path = tuple(error.absolute_path)
        if len(path) > 1 and path[0] in kept and isinstance(path[1], int):
            path = (path[0], kept[path[0]][path[1]], *path[2:])
        pointer = pointer_of(path)
        ident, start, end = _locate(data, path)
        if error.validator == "enum":
            if not isinstance(error.instance, str):
                continue  # the type error on the same value says it
            label = unknown_label(error.instance, path, pointer)
            if label is not None:
                out.append(
                    Finding(
                        label.code,
                        label.severity,
                        label.message,
                        pointer=pointer,
                        annotation_id=ident,
                        start=start,
                        end=end,
                    )
                )
                continue
        if (
            error.validator == "pattern"
            and path in DOCUMENT_ID_PATHS[kind]
            and isinstance(error.instance, str)
        ):
            out.append(finding("unsafe-document-id", unsafe_id_message(error.instance), pointer=pointer))
            continue
        out.append(
            finding(
                "schema-violation",
                _message(error),
                pointer=pointer,
                annotation_id=ident,
                start=start,
                end=end,
            )
        )
    return out


def schema_findings(data: Any, kind: Kind, *, full: bool = False, engine: str | None = None) -> list[Finding]:
    """Schema findings for ``data``: none when the fast path accepts it, else jsonschema's.

    ``full=True`` skips the fast path (same findings, slower).
    """
    if not full:
        try:
            if fast_validator(kind, engine)(data):
                return []
        except Exception:  # an engine that cannot take the value: jsonschema decides
            pass
        if isinstance(data, dict):
            view, kept = dict(data), {}
            for name, is_valid in item_validators(kind, engine).items():
                items = data.get(name)
                if isinstance(items, list):
                    failing = [k for k, item in enumerate(items) if not _accepts(is_valid, item)]
                    if len(failing) < len(items):
                        view[name], kept[name] = [items[k] for k in failing], failing
            if kept:
                return full_findings(data, kind, view, kept)
    return full_findings(data, kind)


def _accepts(is_valid: Callable[[Any], bool], item: Any) -> bool:
    try:
        return is_valid(item)
    except Exception:  # an engine that cannot take the value: jsonschema decides
        return False
