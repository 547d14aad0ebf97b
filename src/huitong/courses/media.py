"""The files of courses: where they are kept, what may be uploaded, and how they are served.

Videos, readings and subtitles are private to the people who may open their lesson, so
they are kept beside ``MEDIA_ROOT`` (in ``<MEDIA_ROOT>-private``, or ``PRIVATE_MEDIA_ROOT``
when set), never under ``MEDIA_URL``; the courses' views stream them after the access
check. Videos are served with HTTP range requests (206 Partial Content), so a player can
seek without downloading the whole file.

Every upload is checked by its extension, by its first bytes (an ``.mp4`` that is really a
text file is refused) and by its size; subtitles must be WebVTT.

A course's cover image is public (the catalogue shows it to everyone), so it is kept in the
default storage under ``MEDIA_ROOT``; only PNG, JPEG and WebP images are taken.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

MB = 1024 * 1024


@deconstructible
class PrivateStorage(FileSystemStorage):
    """A file system storage outside ``MEDIA_ROOT``: nothing serves it at a public URL."""

    @cached_property
    def base_location(self) -> str:
        configured = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
        if configured:
            return str(configured)
        media = Path(settings.MEDIA_ROOT)
        return str(media.parent / f"{media.name}-private")


private_storage = PrivateStorage()


def _random_name(folder: str, filename: str) -> str:
    """An unguessable stored name that keeps the extension (the original name is not kept
    in the path, so it can neither collide nor leak)."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"courses/{folder}/{uuid.uuid4().hex}{suffix}"


def video_upload_to(instance: Any, filename: str) -> str:
    return _random_name("videos", filename)


def reading_upload_to(instance: Any, filename: str) -> str:
    return _random_name("readings", filename)


def subtitle_upload_to(instance: Any, filename: str) -> str:
    return _random_name("subtitles", filename)


def cover_upload_to(instance: Any, filename: str) -> str:
    return _random_name("covers", filename)


# --- What may be uploaded -------------------------------------------------------------


@dataclass(frozen=True)
class FileType:
    content_type: str
    signature: bytes = b""
    offset: int = 0
    text: bool = False
    # Bytes the file also starts with, when the signature is not at the start (WebP).
    prefix: bytes = b""

    def matches(self, head: bytes) -> bool:
        if self.text:
            try:
                head.decode("utf-8")
            except UnicodeDecodeError as error:
                # A multi-byte character cut at the end of the sample is still UTF-8.
                return error.start >= len(head) - 3
            return True
        return (
            head.startswith(self.prefix)
            and head[self.offset : self.offset + len(self.signature)] == self.signature
        )


ZIP = b"PK\x03\x04"
VIDEO_TYPES = {
    ".mp4": FileType("video/mp4", b"ftyp", offset=4),
    ".m4v": FileType("video/mp4", b"ftyp", offset=4),
    ".webm": FileType("video/webm", b"\x1a\x45\xdf\xa3"),
    ".ogv": FileType("video/ogg", b"OggS"),
}
READING_TYPES = {
    ".pdf": FileType("application/pdf", b"%PDF-"),
    ".docx": FileType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP
    ),
    ".pptx": FileType(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation", ZIP
    ),
    ".xlsx": FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    ".odt": FileType("application/vnd.oasis.opendocument.text", ZIP),
    ".odp": FileType("application/vnd.oasis.opendocument.presentation", ZIP),
    ".epub": FileType("application/epub+zip", ZIP),
    ".txt": FileType("text/plain; charset=utf-8", text=True),
}
JPEG = FileType("image/jpeg", b"\xff\xd8\xff")
COVER_TYPES = {
    ".png": FileType("image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".webp": FileType("image/webp", b"WEBP", offset=8, prefix=b"RIFF"),
}


def video_max_bytes() -> int:
    return int(getattr(settings, "COURSE_VIDEO_MAX_BYTES", 2048 * MB))


def reading_max_bytes() -> int:
    return int(getattr(settings, "COURSE_READING_MAX_BYTES", 100 * MB))


def subtitle_max_bytes() -> int:
    return int(getattr(settings, "COURSE_SUBTITLE_MAX_BYTES", 2 * MB))


def cover_max_bytes() -> int:
    return int(getattr(settings, "COURSE_COVER_MAX_BYTES", 2 * MB))


def _head(file: File[Any], size: int = 4096) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(size)
    file.seek(position)
    return head if isinstance(head, bytes) else head.encode()


def _check_size(file: File[Any], limit: int) -> None:
    if file.size is not None and file.size > limit:
        raise ValidationError(
            _("The file is larger than %(size)s MB.") % {"size": f"{limit / MB:g}"},
            code="too_large",
        )


def _validate(file: File[Any], types: dict[str, FileType], limit: int, refused: str) -> None:
    name = PurePath(file.name or "").name
    file_type = types.get(PurePath(name).suffix.lower())
    if file_type is None:
        raise ValidationError(refused % {"name": name}, code="file_type")
    _check_size(file, limit)
    if not file.size:
        raise ValidationError(_("The file “%(name)s” is empty.") % {"name": name}, code="empty")
    if not file_type.matches(_head(file)):
        raise ValidationError(
            _("“%(name)s” does not hold what its name says: it is not a real %(extension)s file.")
            % {"name": name, "extension": PurePath(name).suffix.lower()},
            code="file_content",
        )


def validate_video(file: File[Any]) -> None:
    _validate(
        file,
        VIDEO_TYPES,
        video_max_bytes(),
        _("“%(name)s” is not a video this platform can play. Upload an MP4, WebM or Ogg video."),
    )


def validate_reading(file: File[Any]) -> None:
    _validate(
        file,
        READING_TYPES,
        reading_max_bytes(),
        _(
            "“%(name)s” is not a document this platform takes. Upload a PDF, Word, PowerPoint, "
            "Excel, OpenDocument, EPUB or plain-text file."
        ),
    )


def validate_cover(file: File[Any]) -> None:
    _validate(
        file,
        COVER_TYPES,
        cover_max_bytes(),
        _("“%(name)s” is not an image this platform takes. Upload a PNG, JPEG or WebP image."),
    )


CUE_TIMING = re.compile(
    r"^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})[ \t]+-->[ \t]+"
    r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})(?:[ \t]+.*)?$"
)


def _seconds(hours: str | None, minutes: str, seconds: str, millis: str) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def validate_webvtt(file: File[Any]) -> None:
    """A WebVTT file (https://www.w3.org/TR/webvtt1/): UTF-8, the ``WEBVTT`` signature,
    and cues whose timings are well formed and end after they start."""
    name = PurePath(file.name or "").name
    if PurePath(name).suffix.lower() != ".vtt":
        raise ValidationError(
            _("“%(name)s” is not a WebVTT file. Upload subtitles as a .vtt file.") % {"name": name},
            code="file_type",
        )
    _check_size(file, subtitle_max_bytes())
    file.seek(0)
    raw = file.read()
    file.seek(0)
    data = raw if isinstance(raw, bytes) else raw.encode()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError(
            _("The subtitles are not UTF-8 text. Save the file as UTF-8 and upload it again."),
            code="encoding",
        ) from None
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = lines[0] if lines else ""
    if not (first == "WEBVTT" or first.startswith(("WEBVTT ", "WEBVTT\t"))):
        raise ValidationError(
            _("A WebVTT file starts with the line “WEBVTT”; this one does not."),
            code="signature",
        )
    cues = 0
    for number, line in enumerate(lines, start=1):
        if "-->" not in line:
            continue
        match = CUE_TIMING.match(line.strip())
        if match is None:
            raise ValidationError(
                _("Line %(line)s: “%(text)s” is not a cue timing such as 00:01.000 --> 00:04.000.")
                % {"line": number, "text": line.strip()[:80]},
                code="timing",
            )
        groups = match.groups()
        start = _seconds(*groups[:4])
        end = _seconds(*groups[4:])
        if end <= start:
            raise ValidationError(
                _("Line %(line)s: the cue ends before it starts.") % {"line": number},
                code="timing",
            )
        cues += 1
    if not cues:
        raise ValidationError(_("The subtitles have no cue."), code="empty")


# --- Serving with range requests ------------------------------------------------------

CHUNK = 64 * 1024
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class Unsatisfiable(Exception):
    pass


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """The (first, last) byte of a single ``Range: bytes=…`` header, or None to send the
    whole file (no header, another unit, several ranges or a malformed one, as RFC 9110
    allows). Raises ``Unsatisfiable`` for a range outside the file."""
    match = RANGE.match(header.strip().replace(" ", ""))
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise Unsatisfiable
        return max(0, size - suffix), size - 1
    start = int(first)
    if last and int(last) < start:
        return None
    if start >= size:
        raise Unsatisfiable
    end = min(int(last), size - 1) if last else size - 1
    return start, end


def _stream(storage: Any, name: str, start: int, length: int) -> Iterator[bytes]:
    """The bytes of the range, read when the response is sent (a HEAD request, or a client
    that goes away, never opens the file)."""
    handle: IO[bytes] = storage.open(name, "rb")
    try:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            chunk = handle.read(min(CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        handle.close()


def file_response(
    request: HttpRequest,
    file: Any,
    *,
    content_type: str,
    download_name: str | None = None,
) -> HttpResponseBase:
    """Serve a stored file, honouring ``Range`` (206) and ``If-Range``."""
    storage = file.storage
    size = storage.size(file.name)
    modified = storage.get_modified_time(file.name)
    etag = f'"{size:x}-{int(modified.timestamp()):x}"'
    header = request.headers.get("Range", "")
    if_range = request.headers.get("If-Range", "")
    if if_range and if_range != etag:
        header = ""
    try:
        byte_range = parse_range(header, size) if header else None
    except Unsatisfiable:
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        refused["Accept-Ranges"] = "bytes"
        return refused
    start, end = byte_range if byte_range is not None else (0, size - 1)
    length = max(0, end - start + 1)
    response = StreamingHttpResponse(
        _stream(storage, file.name, start, length),
        status=206 if byte_range is not None else 200,
        content_type=content_type,
    )
    response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    response["Cache-Control"] = "private, max-age=3600"
    if byte_range is not None:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    if download_name:
        disposition = content_disposition_header(True, download_name)
        if disposition:
            response["Content-Disposition"] = disposition
    return response
