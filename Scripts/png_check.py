#!/usr/bin/env python3
"""Fails when a PNG looks blank: checks the share of non-white pixels and the number of colours.

Usage: png_check.py FILE.png [FILE.png ...]
Standard library only (zlib): decodes 8-bit greyscale, RGB and RGBA PNGs, non-interlaced, as
headless Chromium writes them.
"""
import struct
import sys
import zlib


def pixels(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    channels = {0: 1, 2: 3, 6: 4, 4: 2}.get(colour)
    if depth != 8 or channels is None or interlace:
        raise ValueError(f"unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    rows = []
    i = 0
    for _ in range(height):
        kind = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = previous[x]
            c = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def main(paths):
    failed = False
    for path in paths:
        width, height, channels, rows = pixels(path)
        colours, ink = set(), 0
        for row in rows:
            for x in range(0, len(row), channels * 2):  # every other pixel is enough
                px = row[x:x + min(channels, 3)]
                colours.add(px)
                if any(v < 235 for v in px):
                    ink += 1
        share = ink / (width * height / 2)
        verdict = "ok" if share > 0.01 and len(colours) > 8 else "BLANK"
        failed |= verdict != "ok"
        print(f"{verdict:5}  {path}: {width}×{height}, {share:.1%} inked, {len(colours)} colours")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
