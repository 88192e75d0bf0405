"""A stacked profile (``bootorder profile``) as JSON and as text."""
from __future__ import annotations

__all__ = ["profile_json", "profile_text"]


def profile_json(profile) -> dict:
    """The JSON document of one profile."""
    return {"chain": list(profile.chain), "packages_build": list(profile.packages_build),
            "system": list(profile.system), "use": list(profile.use), "arch": profile.arch,
            "accept_keywords": list(profile.accept_keywords),
            "bootstrap_use": list(profile.bootstrap_use)}


def profile_text(doc: dict) -> str:
    """The text of :func:`profile_json`'s document."""
    lines = ["chain:"] + [f"  {x}" for x in doc["chain"]]
    lines += [f"arch: {doc['arch']}", f"accept_keywords: {' '.join(doc['accept_keywords'])}",
              f"bootstrap_use: {' '.join(doc['bootstrap_use'])}", "packages_build:"]
    lines += [f"  {x}" for x in doc["packages_build"]] + ["system:"]
    lines += [f"  {x}" for x in doc["system"]] + [f"use: {' '.join(doc['use'])}"]
    return "\n".join(lines)
