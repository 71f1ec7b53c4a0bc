#!/usr/bin/python3
"""Writes the expected outputs that pin DeepQ.Envs' image kernels to OpenCV, byte for byte.

Run with Debian's OpenCV (apt-get install -y python3-opencv python3-numpy):

    /usr/bin/python3 tools/opencv_fixtures/generate.py [../shared]

Outputs (committed; small):
  tests/DeepQ.Envs.Tests/Fixtures/opencv_synthetic.json
      cv2.resize(INTER_AREA) of pseudo-random images of several sizes and channel counts, and
      cv2.cvtColor(RGB2GRAY) of pseudo-random pixels. The images come from a 31-bit LCG that the
      C# test reproduces, so no input pixels are stored.
  tests/DeepQ.Envs.Tests/Fixtures/pong_pipelines.json
      For pairs of consecutive records of ../shared/ale-traces/pong_fs1_seed0.trace.gz, the 84x84
      observation of both Atari pipelines:
        sb3: max(RGB a, RGB b) -> cvtColor RGB2GRAY -> resize 84x84 INTER_AREA (SB3 MaxAndSkip + WarpFrame)
        gym: max(gray a, gray b) -> resize 84x84 INTER_AREA (Gymnasium AtariPreprocessing)
      RGB and grayscale screens come from the trace's palette indices and ale_ntsc_palette.csv.
      Only these outputs are stored; the C# test reads the same records from ../shared.
"""
import base64
import csv
import gzip
import json
import os
import sys

import cv2
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(REPO, "tests", "DeepQ.Envs.Tests", "Fixtures")

# (src_h, src_w, dst_h, dst_w, channels, seed): non-integer shrink factors, odd sizes, one axis unscaled.
RESIZE_CASES = [
    (210, 160, 84, 84, 1, 1),
    (210, 160, 84, 84, 3, 2),
    (37, 53, 11, 17, 1, 3),
    (100, 100, 33, 33, 1, 4),
    (64, 48, 63, 47, 1, 5),
    (9, 250, 9, 7, 1, 6),
    (250, 9, 3, 9, 1, 7),
    (120, 90, 50, 45, 2, 8),
    (5, 5, 4, 3, 1, 9),
    (201, 173, 84, 84, 1, 10),
]
GRAY_PIXELS = 65536
GRAY_SEED = 11
# Record pairs (a, a+1) of the Pong trace; early records keep the C# test's decompression short.
PONG_RECORDS = [0, 1, 60, 150, 301, 452, 603, 777, 901, 1100, 1299, 1500]


def lcg_bytes(seed, n):
    """Bytes of the 31-bit LCG x = (x * 1103515245 + 12345) mod 2^31, byte = (x >> 16) & 255."""
    out = np.empty(n, dtype=np.uint8)
    x = seed & 0x7FFFFFFF
    for i in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        out[i] = (x >> 16) & 0xFF
    return out


def b64(a):
    return base64.b64encode(np.ascontiguousarray(a).tobytes()).decode("ascii")


def synthetic():
    cases = []
    for sh, sw, dh, dw, ch, seed in RESIZE_CASES:
        img = lcg_bytes(seed, sh * sw * ch).reshape((sh, sw, ch) if ch > 1 else (sh, sw))
        out = cv2.resize(img, (dw, dh), interpolation=cv2.INTER_AREA)
        cases.append(dict(src_h=sh, src_w=sw, dst_h=dh, dst_w=dw, channels=ch, seed=seed, expected=b64(out)))
    rgb = lcg_bytes(GRAY_SEED, GRAY_PIXELS * 3).reshape(1, GRAY_PIXELS, 3)
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    return dict(opencv=cv2.__version__, resize=cases,
                gray=dict(pixels=GRAY_PIXELS, seed=GRAY_SEED, expected=b64(gray)))


def read_palette(shared):
    rgb = np.zeros((256, 3), dtype=np.uint8)
    gray = np.zeros(256, dtype=np.uint8)
    with open(os.path.join(shared, "ale-traces", "ale_ntsc_palette.csv")) as f:
        for row in csv.DictReader(f):
            i = int(row["index"])
            rgb[i] = (int(row["r"]), int(row["g"]), int(row["b"]))
            gray[i] = int(row["gray"])
    return rgb, gray


def read_screens(path, wanted):
    """Palette-index screens of the wanted record numbers (0 = first record after the header)."""
    with gzip.open(path, "rb") as f:
        assert f.readline() == b"ALETRACE1\n"
        header = json.loads(f.readline())
        h, w = header["screen_height"], header["screen_width"]
        size = 25 + 128 + h * w
        screens, index = {}, 0
        last = max(wanted)
        while index <= last:
            rec = f.read(size)
            if len(rec) < size:
                break
            if index in wanted:
                screens[index] = np.frombuffer(rec[153:], dtype=np.uint8).reshape(h, w)
            index += 1
    return screens


def pong(shared):
    pal_rgb, pal_gray = read_palette(shared)
    wanted = set(PONG_RECORDS) | {r + 1 for r in PONG_RECORDS}
    screens = read_screens(os.path.join(shared, "ale-traces", "pong_fs1_seed0.trace.gz"), wanted)
    pairs = []
    for a in PONG_RECORDS:
        ia, ib = screens[a], screens[a + 1]
        rgb_max = np.maximum(pal_rgb[ia], pal_rgb[ib])
        sb3 = cv2.resize(cv2.cvtColor(rgb_max, cv2.COLOR_RGB2GRAY), (84, 84), interpolation=cv2.INTER_AREA)
        gym = cv2.resize(np.maximum(pal_gray[ia], pal_gray[ib]), (84, 84), interpolation=cv2.INTER_AREA)
        pairs.append(dict(record_a=a, record_b=a + 1, sb3=b64(sb3), gym=b64(gym)))
    return dict(opencv=cv2.__version__, trace="pong_fs1_seed0.trace.gz", pairs=pairs)


def main():
    shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "..", "shared")
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "opencv_synthetic.json"), "w") as f:
        json.dump(synthetic(), f, indent=1)
    with open(os.path.join(OUT, "pong_pipelines.json"), "w") as f:
        json.dump(pong(shared), f, indent=1)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
