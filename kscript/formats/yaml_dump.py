"""Requests as YAML (`kscript compile --format yaml`), quoted so every reader agrees."""

from __future__ import annotations

from typing import Any


def dump_yaml(data: Any) -> str:
    """`data` as YAML that every reader reads back as the same data.

    ruamel.yaml writes YAML 1.2, where `16:9` and `on` are strings; a YAML 1.1
    reader (PyYAML, and many tools built on it) reads them as the number 969
    and true. Such strings are quoted."""
    import io

    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.representer import RoundTripRepresenter
    from ruamel.yaml.resolver import VersionedResolver

    string = "tag:yaml.org,2002:str"
    yaml11 = VersionedResolver(version=(1, 1))

    def represent_str(representer, value: str):
        plain_in_1_1 = yaml11.resolve(ScalarNode, value, (True, False)) == string
        return representer.represent_scalar(string, value, style=None if plain_in_1_1 else "'")

    class Representer(RoundTripRepresenter):
        pass

    Representer.add_representer(str, represent_str)
    yaml = YAML()
    yaml.Representer = Representer
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 4096
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()
