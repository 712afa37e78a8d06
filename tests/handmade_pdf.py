"""PDFs written byte by byte, for inputs no PDF library would make: decompression bombs, images whose
dictionaries lie about their size. Used by the tests and by scripts/bench_hostile.py."""

from __future__ import annotations

import zlib
from pathlib import Path


def assemble(objects: list[bytes]) -> bytes:
    """A PDF of the given object bodies, numbered from 1 (the first is the catalog), with its xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_bomb(path: Path, inflated_mib: int) -> None:
    """A one-page PDF whose content stream inflates to ``inflated_mib`` MiB of spaces (about 1,000 times its size)."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    parts = [packer.compress(b"BT /F1 12 Tf 72 720 Td (There were 12 referrals.) Tj ET\n")]
    parts += [packer.compress(chunk) for _ in range(inflated_mib)]
    stream = b"".join(parts) + packer.flush()
    path.write_bytes(
        assemble(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
                b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            ]
        )
    )
