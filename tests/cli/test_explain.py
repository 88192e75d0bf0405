"""`bootorder explain gcc` end to end on the embedded example: text and JSON, every
step of every path checked against the md5-cache (portage's match_from_list)."""
from __future__ import annotations

# ---- as a new user: `bootorder explain gcc` on the embedded example ------------------

def test_new_user_explain_gcc(capsys, monkeypatch, example_dir, tmp_path):
    import json

    from portage.dep import Atom as PAtom, match_from_list

    from bootorder import workflows
    from bootorder.cli import main
    monkeypatch.setattr(workflows, "live_system", lambda *args: None)
    assert main(["explain", "gcc"]) == 4        # stage 1 breaks awk's REQUIRED_USE
    text = capsys.readouterr().out
    assert text.startswith("sys-devel/gcc-") and "pulled in by" in text and "built:" in text
    assert main(["explain", "gcc", "--json"]) == 4
    expl = json.loads(capsys.readouterr().out)
    build_list = (example_dir / "repo" / "profiles").rglob("packages.build")
    targets = [PAtom(line.split("#")[0].strip()) for f in build_list
               for line in f.read_text().splitlines()
               if line.split("#")[0].strip() and not line.startswith("-")]
    assert expl["target"] is True and expl["paths"]
    for path in expl["paths"]:
        assert any(match_from_list(a.without_slot, [path[0]["from"]]) for a in targets)
        assert path[-1]["to"].startswith("sys-devel/gcc-")
        for a, b in zip(path, path[1:]):
            assert a["to"] == b["from"]
        for step in path:
            if not step["implicit"]:
                cache = example_dir / "repo" / "metadata" / "md5-cache" / step["from"]
                meta = dict(line.split("=", 1) for line in cache.read_text().splitlines())
                assert step["atom"] in meta[step["class"]].split()
