"""Model file: exact round trip and clear errors for bad files."""

from __future__ import annotations

import json

import pytest
from exocore.models import ModelFileError, human, load_model, model_to_dict, save_model


def test_round_trip_is_exact(tmp_path):
    model = human(1.76, 70.0, with_exo=True)
    path = tmp_path / "m.json"
    save_model(model, path)
    loaded = load_model(path)
    assert loaded == model
    save_model(loaded, tmp_path / "again.json")
    assert (tmp_path / "again.json").read_text() == path.read_text()


def _write(tmp_path, mutate):
    data = model_to_dict(human(with_exo=True))
    mutate(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    return path


def _path_body(d):
    d["muscles"][3]["path"][0]["body"] = "Femur"


def _dup(d):
    d["bodies"][2]["name"] = "FemurR"


def _neg_mass(d):
    d["bodies"][4]["mass"] = -1.0


def _fmax(d):
    d["muscles"][0]["params"]["max_isometric_force"] = 0.0


def _lopt(d):
    d["muscles"][5]["params"]["optimal_fiber_length"] = -0.1


def _parent(d):
    d["bodies"][1]["parent"] = "Nowhere"


def _version(d):
    d["version"] = 99


def _strap(d):
    d["exo"]["straps"][1]["body_b"] = "ExoWaist"


def _limits(d):
    d["bodies"][1]["lower_limits"] = [0.0]


@pytest.mark.parametrize(
    "mutate,element,problem",
    [
        (_path_body, "muscle 'glut_min1_r'", "unknown body 'Femur'"),
        (_dup, "body 'FemurR'", "duplicate body name"),
        (_neg_mass, "body 'FootThumbR'", "mass must be positive"),
        (_fmax, "muscle 'glut_med1_r'", "'max_isometric_force' must be positive"),
        (_lopt, "muscle 'glut_min3_r'", "'optimal_fiber_length' must be positive"),
        (_parent, "body 'FemurR'", "unknown parent body 'Nowhere'"),
        (_version, "file", "unsupported version 99"),
        (_strap, "strap 'thigh_strap_r'", "is not a human body"),
        (_limits, "body 'FemurR'", "has 1 values, joint has 3 dofs"),
    ],
)
def test_bad_file_names_file_element_and_problem(tmp_path, mutate, element, problem):
    path = _write(tmp_path, mutate)
    with pytest.raises(ModelFileError) as err:
        load_model(path)
    message = str(err.value)
    assert message.startswith(str(path)), message
    assert element in message and problem in message, message


def test_not_json_and_missing_file(tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text("{not json")
    with pytest.raises(ModelFileError, match="not valid JSON"):
        load_model(bad)
    with pytest.raises(ModelFileError, match="cannot read"):
        load_model(tmp_path / "missing.json")
    bad.write_text('{"format": "exocore-model", "version": 1, "name": "x", "bodies": 3}')
    with pytest.raises(ModelFileError, match="non-empty list of bodies"):
        load_model(bad)
