"""The exported schema keeps every name and shape of the agreed sketch."""

import subprocess
import sys
from pathlib import Path

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLObjectType,
    GraphQLUnionType,
    build_schema,
)

from schema.build import build_schema as build_viewas_schema

SHARED = Path(__file__).resolve().parents[2] / "shared"
SKETCH = SHARED / "api-sketch.graphql"


def differences(have_sdl: str, want_sdl: str) -> list[str]:
    have, want = build_schema(have_sdl), build_schema(want_sdl, assume_valid_sdl=True)
    gaps = []
    for name, wanted in want.type_map.items():
        if name.startswith("__"):
            continue
        ours = have.type_map.get(name)
        if ours is None:
            gaps.append(f"missing type {name}")
        elif isinstance(wanted, (GraphQLObjectType, GraphQLInputObjectType)):
            for field_name, field in wanted.fields.items():
                mine = ours.fields.get(field_name)  # type: ignore[union-attr]
                if mine is None:
                    gaps.append(f"missing field {name}.{field_name}")
                    continue
                if str(mine.type) != str(field.type):
                    gaps.append(f"{name}.{field_name}: {mine.type} instead of {field.type}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    other = mine.args.get(arg_name)
                    if other is None or str(other.type) != str(arg.type):
                        gaps.append(f"argument {name}.{field_name}({arg_name}) differs")
                    elif other.default_value != arg.default_value:
                        gaps.append(f"default of {name}.{field_name}({arg_name}) differs")
        elif isinstance(wanted, GraphQLEnumType):
            gaps += [f"missing {name}.{v}" for v in set(wanted.values) - set(ours.values)]  # type: ignore[union-attr]
        elif isinstance(wanted, GraphQLUnionType):
            missing = {t.name for t in wanted.types} - {t.name for t in ours.types}  # type: ignore[union-attr]
            gaps += [f"union {name} lacks {m}" for m in sorted(missing)]
    return gaps


@pytest.mark.skipif(not SKETCH.exists(), reason="../shared/api-sketch.graphql is not here")
def test_the_schema_is_a_superset_of_the_sketch() -> None:
    assert differences(build_viewas_schema().as_str(), SKETCH.read_text()) == []


def test_every_field_and_type_is_documented() -> None:
    """Descriptions are what GraphiQL shows: none may be missing."""
    schema = build_viewas_schema()._schema
    undocumented = []
    for type_ in schema.type_map.values():
        if type_.name.startswith("__") or not isinstance(type_, GraphQLObjectType):
            continue
        undocumented += [f"{type_.name}.{n}" for n, f in type_.fields.items() if not f.description]
    assert undocumented == []


def test_export_schema_prints_the_sdl(tmp_path: Path) -> None:
    out = tmp_path / "schema.graphql"
    subprocess.run(
        [sys.executable, "-m", "viewas.cli", "export-schema", "-o", str(out)],
        check=True,
        env={"VIEWAS_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert out.read_text() == build_viewas_schema().as_str() + "\n"
