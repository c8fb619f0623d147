"""The sample portal's pictures: small PNG files drawn from a number, with no image library.

Each 图片新闻 article shows one picture. It is a made-up scene (a sky, hills, a row of
buildings) whose colours and shapes follow from the article's number, so the same article
always serves the same bytes, and the reader's image support has something real to fetch,
check, shrink, cache and draw.
"""

from __future__ import annotations

import random
import struct
import zlib

Colour = tuple[int, int, int]

#: The pictures' size in pixels (a 16:10 photograph, small enough to serve fast).
WIDTH, HEIGHT = 320, 200


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def picture_png(number: int, seed: int = 1) -> bytes:
    """The PNG of picture ``number``: the same bytes every time for the same number and seed."""
    rng = random.Random(f"{seed}:{number}:picture")
    sky_top = (rng.randrange(40, 120), rng.randrange(90, 160), rng.randrange(170, 250))
    sky_low = (rng.randrange(170, 250), rng.randrange(170, 230), rng.randrange(150, 220))
    hill = (rng.randrange(40, 110), rng.randrange(110, 170), rng.randrange(40, 100))
    ridge = [int(HEIGHT * (0.55 + 0.08 * rng.random())) for _ in range(5)]
    buildings: list[tuple[int, int, int, Colour]] = []
    x = rng.randrange(10, 40)
    while x < WIDTH - 30:
        width = rng.randrange(18, 40)
        top = rng.randrange(HEIGHT // 4, HEIGHT // 2)
        shade = rng.randrange(120, 220)
        buildings.append((x, x + width, top, (shade, shade, min(255, shade + 20))))
        x += width + rng.randrange(4, 16)
    rows = []
    for y in range(HEIGHT):
        row = bytearray(b"\x00")  # filter type: none
        share = y / HEIGHT
        sky: Colour = (
            int(sky_top[0] + (sky_low[0] - sky_top[0]) * share),
            int(sky_top[1] + (sky_low[1] - sky_top[1]) * share),
            int(sky_top[2] + (sky_low[2] - sky_top[2]) * share),
        )
        for px in range(WIDTH):
            segment = px * (len(ridge) - 1) / WIDTH
            left = int(segment)
            ground = ridge[left] + (ridge[left + 1] - ridge[left]) * (segment - left)
            colour: Colour = hill if y >= ground else sky
            for start, end, top, face in buildings:
                if start <= px < end and y >= top:
                    window = (px - start) % 6 < 3 and (y - top) % 8 < 4 and y < ground + 10
                    colour = (250, 230, 150) if window else face
                    break
            row.extend(colour)
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 6))
        + _chunk(b"IEND", b"")
    )
