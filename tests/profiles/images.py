"""Crafted upload files for the photo tests, made with Pillow in memory."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin


def image_bytes(fmt="JPEG", size=(60, 40), color=(120, 80, 60), mode="RGB", **save):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, format=fmt, **save)
    return buffer.getvalue()


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def jpeg_upload(**kwargs):
    return upload(image_bytes("JPEG", **kwargs))


def jpeg_with_gps_xmp_and_comment():
    """A landscape JPEG whose EXIF says 'rotate 90°', with GPS, XMP and a comment."""
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the camera was turned; viewers rotate it upright.
    exif[0x8825] = {1: "N", 2: (40.0, 26.0, 46.0), 3: "W", 4: (79.0, 58.0, 56.0)}
    return image_bytes(
        "JPEG",
        size=(80, 40),
        exif=exif,
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">secret-xmp</x:xmpmeta>',
        comment=b"secret-comment",
    )


def png_html_polyglot():
    """A valid PNG with an HTML page in a text chunk and another after the image end."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<html><script>alert('chunk')</script></html>")
    return image_bytes("PNG", pnginfo=info) + b"<html><script>alert('tail')</script></html>"


def png_of_100_megapixels():
    """10,000 x 10,000 one-bit pixels compress to about 12 KB: a decompression bomb."""
    return image_bytes("PNG", size=(10_000, 10_000), color=0, mode="1")
