"""Uploaded portrait photos: accept only JPEG, PNG and WebP, and store a clean re-encoding.

What a family uploads is never stored or served as is. The bytes decide the format (not the
name or the declared type); size and pixel count are checked before anything is decoded; the
pixels are copied into a new image, so no metadata block (EXIF, GPS, XMP, ICC, comments) and no
trailing payload survives; files get random names; both sizes the pages use are made once here.
"""

import io
import uuid
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = ["JPEG", "PNG", "WEBP"]
ACCEPTED_TEXT = _("a JPEG, PNG or WebP photo")
# The profile page shows the photo at most this big (CSS pixels x2 for sharp screens).
PHOTO_MAX_SIZE = (1000, 1250)
# Directory cards show a 4:5 portrait.
THUMBNAIL_SIZE = (320, 400)
JPEG_QUALITY = 85


@dataclass
class ProcessedPhoto:
    photo: ContentFile
    thumbnail: ContentFile


def process_upload(upload) -> ProcessedPhoto:
    """Check an uploaded file and return the clean photo and thumbnail to store.

    Raises ValidationError with a message that says what is accepted.
    """
    max_bytes = settings.PENPALS_PHOTO_MAX_BYTES
    if upload.size == 0:
        raise ValidationError(
            _("The file is empty. Please choose %(accepted)s.") % {"accepted": ACCEPTED_TEXT},
            code="empty",
        )
    if upload.size > max_bytes:
        raise ValidationError(
            _("The photo is %(size)s MB; the limit is %(limit)s MB. Please choose a smaller photo.")
            % {
                "size": formats.number_format(upload.size / 1_000_000, 1),
                "limit": formats.number_format(max_bytes / 1_000_000, 0),
            },
            code="too_large",
        )
    upload.seek(0)
    with warnings.catch_warnings():
        # A decompression bomb is an attack, not a curiosity: refuse it.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(upload, formats=ACCEPTED_FORMATS) as image:
                # Image.open read only the header: the pixel count is known, nothing decoded.
                width, height = image.size
                if width * height > settings.PENPALS_PHOTO_MAX_PIXELS:
                    raise ValidationError(
                        _(
                            "The photo is %(width)d×%(height)d pixels; the limit is "
                            "%(limit)d megapixels. Please choose a smaller photo."
                        )
                        % {
                            "width": width,
                            "height": height,
                            "limit": settings.PENPALS_PHOTO_MAX_PIXELS // 1_000_000,
                        },
                        code="too_many_pixels",
                    )
                if getattr(image, "n_frames", 1) > 1:
                    raise ValidationError(
                        _("Animated images are not accepted. Please choose %(accepted)s.")
                        % {"accepted": ACCEPTED_TEXT},
                        code="animated",
                    )
                # WeasyPrint turns this process-wide switch on when it is imported (letters);
                # an upload cut short must still be refused, not padded with grey.
                ImageFile.LOAD_TRUNCATED_IMAGES = False
                image.load()
                clean = _clean_copy(image)
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ValidationError(
                _(
                    "The photo has far too many pixels; the limit is %(limit)d megapixels. "
                    "Please choose a smaller photo."
                )
                % {"limit": settings.PENPALS_PHOTO_MAX_PIXELS // 1_000_000},
                code="too_many_pixels",
            ) from error
        except UnidentifiedImageError as error:
            raise ValidationError(
                _("This file is not a photo we accept. Please choose %(accepted)s.")
                % {"accepted": ACCEPTED_TEXT},
                code="invalid_format",
            ) from error
        except (OSError, SyntaxError, ValueError, EOFError) as error:
            # Truncated or corrupt data fails while decoding.
            raise ValidationError(
                _("This photo is damaged or incomplete. Please choose %(accepted)s.")
                % {"accepted": ACCEPTED_TEXT},
                code="corrupt",
            ) from error

    photo = clean.copy()
    photo.thumbnail(PHOTO_MAX_SIZE, Image.Resampling.LANCZOS)
    thumbnail = ImageOps.fit(clean, THUMBNAIL_SIZE, Image.Resampling.LANCZOS, centering=(0.5, 0.35))
    return ProcessedPhoto(photo=_encode(photo), thumbnail=_encode(thumbnail))


def _clean_copy(image: Image.Image) -> Image.Image:
    """Upright RGB pixels in a brand-new image: nothing from the original file comes along."""
    upright = ImageOps.exif_transpose(image)
    if upright.mode in ("RGBA", "LA", "P", "PA"):
        rgba = upright.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        upright = flat
    elif upright.mode != "RGB":
        upright = upright.convert("RGB")
    return Image.frombytes("RGB", upright.size, upright.tobytes())


def _encode(image: Image.Image) -> ContentFile:
    buffer = io.BytesIO()
    # No exif=, icc_profile= or comment=: the file carries pixels only.
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
