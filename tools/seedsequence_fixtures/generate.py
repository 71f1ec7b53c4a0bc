#!/usr/bin/python3
"""Writes the values that pin DeepQ.Envs' SeedSequence (and so the ALE seed of ALE/X-v5 envs) to numpy.

Run with Debian's numpy (apt-get install -y python3-numpy):

    /usr/bin/python3 tools/seedsequence_fixtures/generate.py

Output (committed; small): tests/DeepQ.Envs.Tests/Fixtures/seedsequence.json, a list of
{"seed": s, "state": [w0, w1, w2, w3, w4]} with np.random.SeedSequence(s).generate_state(5)
(uint32 words). ale-py's AtariEnv.seed_game uses generate_state(n_words=2): word 0 seeds its
numpy generator, word 1 (as np.int32) is ALE's random_seed. The first two words of
generate_state(5) are those of generate_state(2) (words are produced one by one from the pool).
"""
import json
import os

import numpy as np

SEEDS = [0, 1, 2, 3, 7, 42, 123, 1000, 12345, 65535, 2**31 - 1, 2**31, 2**32 - 1, 2**32, 2**40 + 5, 2**63 - 1]

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "..", "..", "tests", "DeepQ.Envs.Tests", "Fixtures", "seedsequence.json")
rows = []
for s in SEEDS:
    state = np.random.SeedSequence(s).generate_state(5)
    two = np.random.SeedSequence(s).generate_state(2)
    assert list(state[:2]) == list(two)
    rows.append({"seed": s, "state": [int(w) for w in state]})
with open(out, "w") as f:
    json.dump({"numpy": np.__version__, "seedsequence": rows}, f, indent=1)
    f.write("\n")
print("wrote", os.path.normpath(out))
