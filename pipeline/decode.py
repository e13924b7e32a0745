"""Bytes to text for Korean pages and feeds.

Korean sites still serve EUC-KR/CP949, and their declarations are often
wrong: servers send `charset=iso-8859-1` or `utf-8` for CP949 bodies, and
pages declare `euc-kr` while using CP949-only syllables (똠, 햏, 뷁), which
strict EUC-KR rejects. So every declaration is only a candidate: it must
decode strictly and must not produce text that another Korean encoding
explains better. The first candidate that passes decides, and its source is
recorded so a report can show why a page was read the way it was:

1. a BOM (always right);
2. the HTTP Content-Type charset, then `<meta charset>` in the first 2 KB
   (HTML) or the `<?xml encoding?>` declaration (XML) -- each strict and
   not mojibake;
3. strict UTF-8, then strict CP949 that reads as Hangul ("detected");
4. a declaration (or UTF-8/CP949) that fits all but a few damaged bytes;
5. charset-normalizer, for other languages;
6. UTF-8 with replacement characters ("default").
"""
from __future__ import annotations

import codecs
import re
import threading
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

import charset_normalizer

# Browsers (WHATWG Encoding) treat these labels as one superset encoding, and
# real "EUC-KR" pages contain CP949-only syllables, so decode them as CP949.
_ALIASES = {
    "euc-kr": "cp949",
    "euckr": "cp949",
    "euc_kr": "cp949",
    "x-euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "ks_c_5601": "cp949",
    "ksc5601": "cp949",
    "ksc_5601": "cp949",
    "ks_c_5601-1989": "cp949",
    "iso-ir-149": "cp949",
    "korean": "cp949",
    "csksc56011987": "cp949",
    "windows-949": "cp949",
    "x-windows-949": "cp949",
    "ms949": "cp949",
    "uhc": "cp949",
    "cp949": "cp949",
    # WHATWG: these labels mean windows-1252 on the web.
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "ansi_x3.4-1968": "cp1252",
}

# Encodings where every byte is one character: they never fail to decode, so
# a declaration of one of them proves nothing about multi-byte bodies.
_SINGLE_BYTE_PREFIXES = ("cp125", "iso8859", "latin", "koi8", "mac", "cp437", "cp85", "tis")

META_SCAN_BYTES = 2048  # how far into a page <meta charset> is honoured
SAMPLE_CHARS = 100_000  # characters inspected when judging whether text reads as Korean
MIN_DETECT_BYTES = 16  # non-ASCII bytes needed before trusting statistical detection

_META_CHARSET = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9_.:\-]+)["']""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it shares the prefix
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass
class Decoded:
    text: str
    charset: str
    source: str  # "http", "bom", "meta", "xml", "detected", "default"


def normalize_charset(label: str | None) -> str | None:
    """Python codec name for a charset label, with Korean/WHATWG aliases folded; None if unknown."""
    if not label:
        return None
    key = label.strip().strip("\"'").lower()
    key = _ALIASES.get(key, key)
    try:
        name = codecs.lookup(key).name
    except LookupError:
        return None
    return _ALIASES.get(name, name)


def header_charset(headers: Mapping[str, str] | None) -> str | None:
    """The raw charset label of a Content-Type header (any key case)."""
    if not headers:
        return None
    for key, value in headers.items():
        if key.lower() == "content-type" and value:
            m = _HEADER_CHARSET.search(value)
            return m.group(1) if m else None
    return None


def _declared(content: bytes, headers: Mapping[str, str] | None, kind: str) -> list[tuple[str, str]]:
    """(source, codec) candidates in priority order, excluding the BOM."""
    out: list[tuple[str, str]] = []
    hc = normalize_charset(header_charset(headers))
    if hc:
        out.append(("http", hc))
    head = content[:META_SCAN_BYTES]
    m = _XML_DECL.match(head)
    if kind == "xml":
        if m:
            out.append(("xml", normalize_charset(m.group(1).decode("ascii")) or ""))
    else:
        mm = _META_CHARSET.search(head)
        if mm:
            out.append(("meta", normalize_charset(mm.group(1).decode("ascii")) or ""))
        elif m:  # XHTML served with only an XML declaration
            out.append(("xml", normalize_charset(m.group(1).decode("ascii")) or ""))
    # Without a BOM a body declaring UTF-16/32 in ASCII markup is really
    # ASCII-compatible; HTML's prescan rule reads it as UTF-8.
    fixed = []
    for source, codec in out:
        if not codec:
            continue
        if source != "http" and codec.startswith(("utf-16", "utf-32", "utf_16", "utf_32")):
            codec = "utf-8"
        fixed.append((source, codec))
    return fixed


def _strict(content: bytes, codec: str) -> str | None:
    try:
        return content.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3" or "\u3131" <= ch <= "\u318e" or "\u1100" <= ch <= "\u11ff"


def _hangul_share(text: str) -> float:
    """Share of Hangul among non-ASCII letters-and-symbols (0 when all ASCII)."""
    # A sample is enough to tell Korean from mojibake and keeps big pages cheap.
    non_ascii = [c for c in text[:SAMPLE_CHARS] if ord(c) > 127 and not c.isspace()]
    if not non_ascii:
        return 0.0
    return sum(1 for c in non_ascii if _is_hangul(c)) / len(non_ascii)


_ASCII_BYTES = bytes(range(128))


def _has_non_ascii(content: bytes) -> bool:
    return not content.isascii()


def _non_ascii_bytes(content: bytes) -> int:
    return len(content.translate(None, _ASCII_BYTES))


def _looks_korean_cp949(content: bytes, lenient: bool = False) -> str | None:
    """CP949 text if the bytes are (nearly, when lenient) CP949 and read as mostly Hangul."""
    text = _strict(content, "cp949")
    if text is None and lenient:
        text = _nearly_clean(content, "cp949")
    if text is None or not _has_non_ascii(content):
        return None
    return text if _hangul_share(text) >= 0.5 else None


def _mojibake(content: bytes, codec: str) -> bool:
    """True when a strictly-decodable declaration is still the wrong reading."""
    wide = codec.replace("_", "-").startswith(("utf-16", "utf-32"))
    if wide:
        # Real UTF-16/32 text has NUL bytes (ASCII markup); without them the
        # declaration turns ASCII into CJK garbage.
        return b"\x00" not in content[:4096]
    if not _has_non_ascii(content):
        return False
    is_utf = codec.replace("_", "-").startswith("utf-")
    # Valid multi-byte UTF-8 is practically never produced by other encodings
    # of real text, so it beats any non-UTF declaration.
    if not is_utf and _strict(content, "utf-8") is not None:
        return True
    if codec.startswith(_SINGLE_BYTE_PREFIXES) and _looks_korean_cp949(content, lenient=True) is not None:
        return True
    return False


_errors = threading.local()


def _count_and_replace(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _errors.n = getattr(_errors, "n", 0) + 1
    return ("\ufffd", exc.end)


codecs.register_error("kr_pipeline_count", _count_and_replace)


def _lenient(content: bytes, codec: str) -> tuple[str, int] | None:
    """Decode with replacement; returns (text, number of bad sequences)."""
    _errors.n = 0
    try:
        text = content.decode(codec, errors="kr_pipeline_count")
    except LookupError:
        return None
    return text, _errors.n


def _nearly_clean(content: bytes, codec: str) -> str | None:
    """Text when only a few byte sequences are broken (truncated or spliced pages)."""
    res = _lenient(content, codec)
    if res is None:
        return None
    text, errors = res
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    if non_ascii == 0:
        return None
    # At most 1 bad sequence per 200 good non-ASCII characters.
    if errors * 200 <= non_ascii - errors and non_ascii - errors >= 10:
        return text
    return None


def _bom(content: bytes) -> tuple[str, int] | None:
    for bom, codec in _BOMS:
        if content.startswith(bom):
            return codec, len(bom)
    return None


def _done(text: str, codec: str, source: str) -> Decoded:
    return Decoded(unicodedata.normalize("NFC", text), codec, source)


def decode_bytes(content: bytes, headers: Mapping[str, str] | None = None, kind: str = "html") -> Decoded:
    """Decode a page or feed body. Never raises; see the module docstring for the order."""
    content = bytes(content or b"")
    bom = _bom(content)
    if bom:
        codec, n = bom
        body = content[n:]
        text = _strict(body, codec)
        if text is None:
            text = body.decode(codec, errors="replace")
        return _done(text, codecs.lookup(codec).name, "bom")

    declared = _declared(content, headers, kind)
    for source, codec in declared:
        text = _strict(content, codec)
        if text is not None and not _mojibake(content, codec):
            return _done(text, codec, source)

    text = _strict(content, "utf-8")
    if text is not None:
        # Pure ASCII proves nothing, so it is the default rather than a detection.
        return _done(text, "utf-8", "detected" if _has_non_ascii(content) else "default")
    # A declaration that is right except for a few damaged bytes (truncated
    # or spliced pages) beats a guess over the whole body. UTF-8 first: its
    # damage cannot be mistaken for CP949 text.
    for source, codec in declared:
        if codec == "utf-8" and (text := _nearly_clean(content, codec)) is not None:
            return _done(text, codec, source)
    text = _looks_korean_cp949(content)
    if text is not None:
        return _done(text, "cp949", "detected")
    # Single-byte declarations come last: they read any damaged Korean body
    # with few errors, as mojibake.
    single = [(s, c) for s, c in declared if c.startswith(_SINGLE_BYTE_PREFIXES)]
    multi = [(s, c) for s, c in declared if (s, c) not in single]
    for source, codec in [*multi, ("detected", "utf-8"), ("detected", "cp949"), *single]:
        text = _nearly_clean(content, codec)
        if text is not None:
            return _done(text, codec, source)

    best = None
    # On a handful of bytes a statistical detector names any code page it
    # likes (7 junk bytes come out as cp1125); replacement characters are
    # more honest there.
    if _non_ascii_bytes(content) >= MIN_DETECT_BYTES:
        try:
            best = charset_normalizer.from_bytes(content).best()
        except Exception:  # the detector must never take the pipeline down
            best = None
    if best is not None and best.encoding:
        codec = normalize_charset(best.encoding) or best.encoding
        text = _strict(content, codec)
        if text is not None:
            return _done(text, codec, "detected")

    return _done(content.decode("utf-8", errors="replace"), "utf-8", "default")


_XML_DECL_TEXT = re.compile(r"""^\s*(<\?xml\b[^>]*?\?>)""")
_ENCODING_ATTR = re.compile(r"""\bencoding\s*=\s*(["'])[^"']*\1""")
# Characters XML 1.0 forbids; feeds carry them (copy-pasted control codes)
# and one of them makes the whole document malformed.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_to_utf8(content: bytes, headers: Mapping[str, str] | None = None) -> tuple[bytes, Decoded]:
    """Re-encode an XML document as UTF-8 whose declaration says so.

    feedparser trusts headers and the declaration; after this, both can only
    say utf-8, so it parses the text this module decided on.
    """
    decoded = decode_bytes(content, headers, kind="xml")
    text = _XML_ILLEGAL.sub("", decoded.text)
    m = _XML_DECL_TEXT.match(text)
    if m:
        decl = m.group(1)
        if _ENCODING_ATTR.search(decl):
            decl = _ENCODING_ATTR.sub('encoding="utf-8"', decl, count=1)
        else:
            decl = decl[:-2].rstrip() + ' encoding="utf-8"?>'
        # XML forbids anything (even whitespace) before the declaration.
        text = decl + text[m.end():]
    return text.encode("utf-8"), decoded
