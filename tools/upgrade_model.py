#!/usr/bin/env python3
"""Carry a version-1 model file into version 2 without retraining: every stage keeps its
straight-line weights (a version-1 stage is a version-2 stage without knots), and the inputs the
current build has and the old model lacked get weight 0, so the model scores as it did.

The current build's input names are read from a version-2 model file it made (the embedded
default model): its stage-1 features, and its stage-2 features with the old model's experts.

usage: tools/upgrade_model.py OLD.json CURRENT.json > NEW.json
e.g.   git show a604fed:models/html.json > /tmp/html-v1.json
       tools/upgrade_model.py /tmp/html-v1.json models/default.json > models/html.json
"""
import json
import sys


def upgrade(stage, names):
    old = dict(zip(stage["features"], zip(stage["mean"], stage["std"], stage["weights"])))
    missing = set(stage["features"]) - set(names)
    if missing:
        sys.exit(f"upgrade_model: inputs the build no longer has: {sorted(missing)}")
    cols = [old.get(n, (0.0, 1.0, 0.0)) for n in names]
    return {
        "features": list(names),
        "mean": [c[0] for c in cols],
        "std": [c[1] for c in cols],
        "weights": [c[2] for c in cols],
        "intercept": stage["intercept"],
    }


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    old = json.load(open(sys.argv[1], encoding="utf-8"))
    cur = json.load(open(sys.argv[2], encoding="utf-8"))
    if old.get("version") != 1 or cur.get("version") != 2:
        sys.exit("upgrade_model: OLD must be version 1 and CURRENT version 2")
    names1 = cur["stage1"]["features"]
    base2 = [n for n in cur["stage2"]["features"] if not n.startswith("expert_")]
    kinds = [e["kind"] for e in old.get("experts", [])]
    names2 = base2 + [f"expert_{k}" for k in kinds]
    new = dict(old)
    new["version"] = 2
    new["stage1"] = upgrade(old["stage1"], names1)
    new["experts"] = [{"kind": e["kind"], **upgrade(e, names1)} for e in old.get("experts", [])]
    new["stage2"] = upgrade(old["stage2"], names2)
    training = dict(old.get("training", {}))
    training["command"] = (
        training.get("command", "") + "; then tools/upgrade_model.py: version 1 -> 2, new inputs weight 0"
    )
    training["knots"] = [0, 0]
    new["training"] = training
    json.dump(new, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
