"""PDF pages as images for the evidence view, rendered with pdfium."""

from __future__ import annotations

from pathlib import Path

SCALE = 1.4  # pixels per point: a 595-point A4 page becomes 833 pixels wide


def render_pages(pdf_path: str, pages: list[int], out_dir: Path, stem: str) -> dict[int, str]:
    """Render the given 1-based pages of a PDF as PNG files in ``out_dir``; page -> file name. A page that
    cannot be rendered (the file is gone or changed) is left out."""
    import pypdfium2 as pdfium

    done: dict[int, str] = {}
    try:
        pdf = pdfium.PdfDocument(pdf_path)
    except (OSError, pdfium.PdfiumError):
        return done
    try:
        for number in sorted(set(pages)):
            if not 1 <= number <= len(pdf):
                continue
            page = pdf[number - 1]
            try:
                image = page.render(scale=SCALE).to_pil()
            finally:
                page.close()
            name = f"{stem}-p{number}.png"
            image.convert("L").save(out_dir / name, optimize=True)
            done[number] = name
    finally:
        pdf.close()
    return done
