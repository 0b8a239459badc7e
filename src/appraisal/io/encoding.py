"""Which encoding a text file is read with: UTF-8 first, GB18030 for a whole file, else ask.

The rule: strict UTF-8, with or without a byte order mark; otherwise GB18030 (what
spreadsheet software in Chinese offices writes by default), but only if the whole file
decodes as GB18030; an ``encoding=`` argument overrides both. Anything else is an
:class:`~appraisal.errors.InputError` naming the first line that does not decode. The
file is checked in blocks, so a large file is never held in memory twice.
"""

from __future__ import annotations

import codecs
import os
import stat
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from appraisal.errors import InputError

__all__ = ["choose_encoding", "read_text"]

UTF8 = "utf-8-sig"
GB18030 = "gb18030"
_BLOCK = 1 << 20
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def choose_encoding(path: str | os.PathLike[str], encoding: str | None = None) -> str:
    """The codec to read `path` with, once the whole file is known to decode with it.

    Parameters
    ----------
    path : path-like
        The file.
    encoding : str, optional
        A codec name Python knows (``"utf-8"``, ``"gb18030"``, ``"cp1252"`` ...); when
        given, it is the only one tried.

    Returns
    -------
    str
        ``"utf-8-sig"`` (UTF-8, a byte order mark skipped), ``"gb18030"``, or the
        normalised name of `encoding`.

    Raises
    ------
    InputError
        The file does not decode (the message names the first line that does not), or
        the path is a directory, a device or another file that is not a regular one.
    FileNotFoundError
        No such file.
    """
    name = os.fspath(path)
    check_file(path)
    if encoding is not None:
        try:
            info = codecs.lookup(encoding)
        except (LookupError, TypeError):
            message = f"{name}: encoding must be a codec name Python knows, such as 'utf-8' or 'gb18030'; got {encoding!r}."
            raise InputError(message) from None
        if not getattr(info, "_is_text_encoding", True):
            message = f"{name}: encoding must be a text codec, such as 'utf-8' or 'gb18030'; got {encoding!r}, which is not one."
            raise InputError(message)
        codec = info.name
        if not _decodes(path, codec):
            line, bad = _first_error(Path(path), codec)
            got = f"the byte(s) {bad!r}" if bad else "text that does not decode"
            if codec in ("utf-16", "utf-32") and _wide_bom(path) is None:
                line, got = (
                    1,
                    f"no byte order mark; name {codec}-le or {codec}-be for a file without one",
                )
            message = f"{name} line {line}: text must decode as {encoding!r}; got {got}. Name the file's encoding with --encoding on the command line, or encoding= in Python."
            raise InputError(message)
        return UTF8 if codec == "utf-8" else codec
    if _decodes(path, UTF8):
        return UTF8
    wide = _wide_bom(path)
    if wide is not None:
        message = f"{name}: text must be UTF-8 or GB18030; got a {wide.upper()} byte order mark. Name the encoding with --encoding {wide} on the command line, or encoding={wide!r} in Python."
        raise InputError(message)
    if _decodes(path, GB18030):
        return GB18030
    line, bad = _first_error(Path(path), UTF8)
    gb_line, _ = _first_error(Path(path), GB18030)
    message = (
        f"{name} line {line}: text must be UTF-8, or GB18030 throughout; got the byte(s) "
        f"{bad!r}, which are not UTF-8, and line {gb_line} is not GB18030 either. Save the "
        "file as UTF-8, or name its encoding with --encoding on the command line, or encoding= in Python."
    )
    raise InputError(message)


def read_text(path: str | os.PathLike[str], encoding: str | None = None) -> str:
    """The whole text of a small file, decoded by the rule of :func:`choose_encoding`."""
    return Path(path).read_text(encoding=choose_encoding(path, encoding))


def check_file(path: str | os.PathLike[str]) -> None:
    """Refuse a path that is not a regular file (a directory, a device, a pipe) before it is read.

    Raises
    ------
    InputError
        Naming the file and what it is; also for a file the system will not let us read.
    FileNotFoundError
        No such file.

    Examples
    --------
    >>> check_file("/dev/zero")
    Traceback (most recent call last):
    ...
    appraisal.errors.InputError: /dev/zero: the path must name a regular file; got a character device.
    """
    name = os.fspath(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise
    except (OSError, ValueError) as error:
        message = f"{name}: the path must name a readable file; got {_reason(error)}."
        raise InputError(message) from None
    if not stat.S_ISREG(mode):
        message = f"{name}: the path must name a regular file; got {_file_kind(mode)}."
        raise InputError(message)
    if not os.access(path, os.R_OK):
        message = f"{name}: the path must name a readable file; got one without read permission."
        raise InputError(message)


def _file_kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((kind for test, kind in kinds if test(mode)), "a special file")


def _reason(error: OSError | ValueError) -> str:
    return error.strerror.lower() if isinstance(error, OSError) and error.strerror else str(error)


def _decodes(path: str | os.PathLike[str], codec: str) -> bool:
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    with open(path, "rb") as stream:
        try:
            while block := stream.read(_BLOCK):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeError:  # UTF-16 and UTF-32 without a byte order mark raise the base class
            return False
    return True


def _first_error(path: Path, codec: str) -> tuple[int, bytes]:
    """The line number and the bytes of the first decoding error (the error path only)."""
    data = path.read_bytes()
    skip = len(codecs.BOM_UTF8) if codec == UTF8 and data.startswith(codecs.BOM_UTF8) else 0
    try:
        data[skip:].decode("utf-8" if codec == UTF8 else codec)
    except UnicodeDecodeError as error:
        start = skip + error.start
        before = data[skip:start].decode("utf-8" if codec == UTF8 else codec, errors="replace")
        return before.count("\n") + 1, data[start : skip + error.end]
    except UnicodeError:
        pass
    return 1, b""


def _wide_bom(path: str | os.PathLike[str]) -> str | None:
    with open(path, "rb") as stream:
        head = stream.read(4)
    return next((codec for bom, codec in _WIDE_BOMS if head.startswith(bom)), None)


def encoding_hint(unknown: Sequence[str], known: Iterable[str]) -> str:
    """A hint that the encoding is wrong, when most unknown names use scripts no known name uses.

    A script is told by the first word of a character's Unicode name (LATIN, CJK,
    CYRILLIC, ...): text decoded with the wrong encoding turns Chinese into Latin
    accents or box drawing, and back.

    Examples
    --------
    >>> encoding_hint(["è´¢æ”¿å±€"], ["财政局"])
    ' The file is probably not in the encoding it was read with: name it with --encoding on the command line, or encoding= in Python.'
    >>> encoding_hint(["财政句"], ["财政局"])
    ''
    """
    scripts = {_script(ch) for name in known for ch in name}
    foreign = [name for name in unknown if any(_script(ch) not in scripts for ch in name)]
    if not unknown or 2 * len(foreign) <= len(unknown):
        return ""
    return " The file is probably not in the encoding it was read with: name it with --encoding on the command line, or encoding= in Python."


def _script(ch: str) -> str:
    return unicodedata.name(ch, "UNNAMED").split()[0] if not ch.isascii() else "ASCII"
