"""Render the app icon (``resources/icons/app.svg``) into the PNG and ICO files a build needs.

    python installer/icons.py OUT_DIR

Qt draws the SVG at each size (small sizes are drawn, not scaled down); the ICO holds one PNG
per size, which every Windows since Vista reads.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "app.svg"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn at ``size`` x ``size`` pixels, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not an SVG Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO file holding each PNG (ICONDIR, one ICONDIRENTRY per image, then the images)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        blob = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset)
        blobs += blob
        offset += len(blob)
    return header + entries + blobs


def make_icons(out: Path, svg: Path = SVG) -> dict[str, Path]:
    """Write ``app.png`` (256 px), ``app-48.png`` and ``app.ico`` into ``out``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    out.mkdir(parents=True, exist_ok=True)
    pngs = {size: render_png(svg, size) for size in ICO_SIZES}
    files = {"png": out / "app.png", "png48": out / "app-48.png", "ico": out / "app.ico"}
    files["png"].write_bytes(pngs[256])
    files["png48"].write_bytes(pngs[48])
    files["ico"].write_bytes(ico_bytes(pngs))
    return files


if __name__ == "__main__":
    for path in make_icons(Path(sys.argv[1] if len(sys.argv) > 1 else "build/icons")).values():
        print(path)
