"""Reading one input file safely and turning its bytes into text.

Checks come before reading (a regular file? within the size limit?), then the
bytes are screened (empty? binary?) and decoded: UTF-8 first; a file that is
not UTF-8 is tried as the single-byte Western encodings French text comes in
(Windows-1252, ISO-8859-15), kept only if the result looks like text; stray
non-UTF-8 bytes inside a UTF-8 file are decoded one by one. Nothing else is
changed except Windows line ends.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from recoupe.ingest.options import IngestIssue, IngestOptions, format_size

# Signatures of binary formats people drop into article folders; text never starts so.
BINARY_MAGIC: tuple[bytes, ...] = (
    b"%PDF-",  # PDF
    b"PK\x03\x04", b"PK\x05\x06",  # ZIP, DOCX, ODT, EPUB, XLSX
    b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"\xff\xd8\xff",  # images
    b"\x1f\x8b",  # gzip (a .jsonl.gz is opened as gzip before this check)
    b"\xfd7zXZ\x00", b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a\x07",  # other archives
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # old Office (DOC, XLS)
    b"\x7fELF",  # executables (others hold NUL bytes early, caught below)
    b"SQLite format 3\x00",
    b"OggS", b"fLaC",  # media
)

# Share of control bytes (other than tab, line feed, form feed, carriage return)
# above which a file is binary. Text files have none; random binary data has
# about 11 %. 5 % leaves room for a few stray controls in scraped text.
MAX_CONTROL_SHARE = 0.05
SNIFF_BYTES = 64 * 1024

# A single-byte decoding is kept only if it reads as Latin-script text: at most
# this share of the letters are non-ASCII (French runs 2-5 %, Portuguese about 8 %;
# Cyrillic or Greek bytes read as Windows-1252 give 50 % or more) ...
MAX_NON_ASCII_LETTER_SHARE = 0.30
# ... and at most this share of the non-ASCII characters are ones text rarely
# holds (C1 controls, ¤, ½, ¬, ¦ ...): ISO-8859-15 œ read as Windows-1252 is ½.
MAX_ODD_SHARE = 0.10

# Non-ASCII non-letters that ordinary Western text does hold.
COMMON_SYMBOLS = frozenset("«»‘’‚“”„–—…•·€£$¥°§©®™\u00a0\u202f\u2009†‡‰′″¹²³ºª¿¡×")
NON_ASCII = re.compile(r"[^\x00-\x7f]")
ESCAPED_BYTE = re.compile("[\udc80-\udcff]")  # an undecodable byte under surrogateescape
ESCAPED_RUN = re.compile("[\udc80-\udcff]+")
# The plausibility of a single-byte decoding is judged on this much text (a sample decides as
# well as 20 MB and keeps the check well under a second).
PLAUSIBILITY_SAMPLE = 256 * 1024
LETTER = re.compile(r"[^\W\d_]")
SINGLE_BYTE_ENCODINGS = ("cp1252", "iso-8859-15")
# A Latin letter next to a letter of another script inside one word (Latin-1 French read as KOI8-R or
# Windows-1251 gives "votИ", "rИnovation"). More than this many such pairs: the declared charset is wrong.
# 3 tolerates a transliterated name or two; the French page of the hostile corpus read as KOI8-R gives 13.
MIXED_SCRIPT = re.compile(r"[A-Za-z\u00C0-\u024F][\u0370-\u03FF\u0400-\u04FF]|[\u0370-\u03FF\u0400-\u04FF][A-Za-z\u00C0-\u024F]")
MAX_MIXED_SCRIPT_PAIRS = 3
ENCODING_NAMES = MappingProxyType({"cp1252": "Windows-1252", "iso-8859-15": "ISO-8859-15", "latin-1": "Latin-1"})


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, with the warning to report if the decoding was not plain UTF-8."""

    text: str
    warning: str | None = None


def read_bytes(path: Path, origin: str, options: IngestOptions) -> bytes | IngestIssue:
    """Read a whole regular file, refusing special files and files over the size limit before reading."""
    try:
        info = os.stat(path)
    except OSError as exc:
        return IngestIssue(origin, f"cannot read: {exc.strerror or exc}")
    kind = describe_special(info.st_mode)
    if kind:
        return IngestIssue(origin, f"not a regular file ({kind})")
    if info.st_size > options.max_bytes:
        return IngestIssue(origin, f"too large ({format_size(info.st_size)} > {format_size(options.max_bytes)} limit)")
    try:
        with open(path, "rb") as f:
            data = f.read(options.max_bytes + 1)
    except OSError as exc:
        return IngestIssue(origin, f"cannot read: {exc.strerror or exc}")
    if len(data) > options.max_bytes:  # grew after stat
        return IngestIssue(origin, f"too large (> {format_size(options.max_bytes)} limit)")
    return data


def describe_special(mode: int) -> str | None:
    """Name the kind of a non-regular file (FIFO, socket, device, folder), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISDIR(mode):
        return "folder"
    return "special file"


def screen_bytes(data: bytes) -> str | None:
    """Return why `data` cannot be an article ("empty file", "binary file, not text"), or None if it may be."""
    if not data.strip():
        return "empty file"
    if looks_binary(data):
        return "binary file, not text"
    return None


def looks_binary(data: bytes) -> bool:
    """Whether bytes are binary: a known magic number, a NUL byte, or many control bytes (UTF-16 with a BOM is text)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if data.startswith(BINARY_MAGIC):
        return True
    sample = data[:SNIFF_BYTES]
    if b"\x00" in sample:
        return True
    controls = sum(sample.count(bytes([b])) for b in range(32) if b not in (9, 10, 12, 13)) + sample.count(b"\x7f")
    return controls > MAX_CONTROL_SHARE * len(sample)


def decode_bytes(data: bytes) -> Decoded:
    """Decode article bytes: UTF-8 (BOM or not, or UTF-16 with a BOM), else a plausible Western single-byte
    encoding, else UTF-8 with replacement characters; `\\r\\n` becomes `\\n`."""
    decoded = _decode(data)
    if "\r\n" in decoded.text:
        return Decoded(decoded.text.replace("\r\n", "\n"), decoded.warning)
    return decoded


def _decode(data: bytes) -> Decoded:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Decoded(data.decode("utf-16", errors="replace"))
    try:
        return Decoded(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    escaped = data.decode("utf-8-sig", errors="surrogateescape")
    invalid = len(ESCAPED_BYTE.findall(escaped))
    valid_multibyte = len(NON_ASCII.findall(escaped)) - invalid
    if valid_multibyte >= invalid:
        # A UTF-8 file with a few foreign bytes (a pasted Windows-1252 quote, a cut character).
        return _repair_stray_bytes(escaped, invalid)
    best = decode_single_byte(data)
    if best is not None:
        return best
    replaced = data.decode("utf-8", errors="replace")
    return Decoded(replaced, f"invalid UTF-8 ({invalid} bytes replaced)")


def decode_single_byte(data: bytes) -> Decoded | None:
    """Decode bytes as the most plausible Western single-byte encoding, or None if none reads as text."""
    candidates: list[tuple[int, str, str]] = []
    for encoding in SINGLE_BYTE_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:PLAUSIBILITY_SAMPLE]
        odd = count_odd(sample)
        if is_plausible_text(sample, odd):
            candidates.append((odd, encoding, text))
    if not candidates:
        return None
    odd, encoding, text = min(candidates, key=lambda c: c[0])  # ties keep Windows-1252, the commoner
    name = ENCODING_NAMES[encoding]
    if encoding == "cp1252" and not any(0x80 <= b <= 0x9F for b in data):
        name = ENCODING_NAMES["latin-1"]  # nothing outside ISO-8859-1: say what the file most likely is
    return Decoded(text, f"decoded as {name}")


def count_odd(text: str) -> int:
    """Count non-ASCII characters that real text rarely holds (controls, ¤, fractions ...)."""
    return sum(1 for ch in NON_ASCII.findall(text)
               if ch not in COMMON_SYMBOLS and not unicodedata.category(ch).startswith("L"))


def is_plausible_text(text: str, odd: int) -> bool:
    """Whether a single-byte decoding reads as Latin-script text: few non-ASCII letters, few odd characters."""
    letters = len(LETTER.findall(text))
    if letters == 0:
        return False
    non_ascii_chars = NON_ASCII.findall(text)
    non_ascii = len(non_ascii_chars)
    non_ascii_letters = sum(1 for ch in non_ascii_chars if ch.isalpha())
    if non_ascii_letters > MAX_NON_ASCII_LETTER_SHARE * letters:
        return False
    return odd <= MAX_ODD_SHARE * max(non_ascii, 1)


def _repair_stray_bytes(escaped: str, invalid: int) -> Decoded:
    """Turn the escaped invalid bytes of a mostly-UTF-8 text into Windows-1252 characters, or U+FFFD for
    what is a cut UTF-8 sequence or undefined in Windows-1252."""
    recoded = 0

    def repair(match: re.Match[str]) -> str:
        nonlocal recoded
        run = bytes(ord(ch) - 0xDC00 for ch in match.group())
        if len(run) >= 2 and 0xC2 <= run[0] <= 0xF4 and all(0x80 <= b <= 0xBF for b in run[1:]):
            return "\ufffd"  # a UTF-8 character cut short
        chars = run.decode("cp1252", errors="replace")
        recoded += sum(ch != "\ufffd" for ch in chars)
        return chars

    text = ESCAPED_RUN.sub(repair, escaped)
    replaced = invalid - recoded
    if recoded and not replaced:
        warning = f"invalid UTF-8 ({recoded} bytes decoded as Windows-1252)"
    elif recoded:
        warning = f"invalid UTF-8 ({recoded} bytes decoded as Windows-1252, {replaced} replaced)"
    else:
        warning = f"invalid UTF-8 ({replaced} bytes replaced)"
    return Decoded(text, warning)


def decode_with_charset(data: bytes, charset: str | None) -> Decoded:
    """Decode a document's bytes: UTF-8 if valid, else the charset it declares (HTML meta) if that works,
    else as any file."""
    try:
        return Decoded(data.decode("utf-8-sig").replace("\r\n", "\n"))
    except UnicodeDecodeError:
        pass
    if charset:
        try:
            codec = codecs.lookup(charset).name
        except LookupError:
            codec = None
        if codec and codec not in ("utf-8", "ascii"):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                pass
            else:
                if not reads_as_mixed_scripts(text):
                    return Decoded(text.replace("\r\n", "\n"))
                fallback = decode_bytes(data)
                note = fallback.warning or "decoded as UTF-8"
                return Decoded(fallback.text, f"declares {charset} but is not; {note}")
    return decode_bytes(data)


def reads_as_mixed_scripts(text: str) -> bool:
    """Whether a decoding glues letters of two scripts into words ("votИ"): a charset that does not fit the bytes.

    Real text almost never puts a Latin and a Cyrillic or Greek letter side by side inside a word.
    """
    sample = text[:PLAUSIBILITY_SAMPLE]
    return len(MIXED_SCRIPT.findall(sample)) > MAX_MIXED_SCRIPT_PAIRS
