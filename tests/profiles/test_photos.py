import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from profiles.photos import THUMBNAIL_SIZE, process_upload
from tests.profiles.images import (
    image_bytes,
    jpeg_upload,
    jpeg_with_gps_xmp_and_comment,
    png_html_polyglot,
    png_of_100_megapixels,
    upload,
)


def stored_image(content_file):
    return Image.open(io.BytesIO(content_file.read()))


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_it_accepts_jpeg_png_and_webp_and_stores_a_jpeg(fmt):
    processed = process_upload(upload(image_bytes(fmt), name=f"x.{fmt.lower()}"))

    assert stored_image(processed.photo).format == "JPEG"
    assert processed.photo.name.endswith(".jpg")


def test_it_makes_the_card_thumbnail_once_at_upload():
    processed = process_upload(jpeg_upload(size=(1200, 900)))

    assert stored_image(processed.thumbnail).size == THUMBNAIL_SIZE


def test_it_shrinks_large_photos_for_the_profile_page():
    processed = process_upload(jpeg_upload(size=(3000, 2000)))

    assert max(stored_image(processed.photo).size) <= 1250


def test_a_jpeg_with_gps_exif_is_stored_without_any_metadata_and_upright():
    processed = process_upload(upload(jpeg_with_gps_xmp_and_comment()))
    data = processed.photo.read()
    stored = Image.open(io.BytesIO(data))

    assert dict(stored.getexif()) == {}
    assert not {"exif", "xmp", "comment", "icc_profile"} & set(stored.info)
    assert b"secret-xmp" not in data and b"secret-comment" not in data
    # Orientation 6 was applied: the 80x40 landscape is stored as a 40x80 portrait.
    assert stored.size == (40, 80)


def test_the_stored_copy_of_a_png_html_polyglot_holds_no_html():
    processed = process_upload(upload(png_html_polyglot(), name="x.png"))

    for stored in (processed.photo, processed.thumbnail):
        data = stored.read()
        assert b"<script" not in data and b"<html" not in data


def test_stored_names_are_random_and_ignore_the_clients_name():
    first = process_upload(upload(image_bytes(), name="../../etc/passwd.jpg"))
    second = process_upload(upload(image_bytes(), name="../../etc/passwd.jpg"))

    names = {first.photo.name, first.thumbnail.name, second.photo.name}
    assert len(names) == 3
    assert all("/" not in n and "passwd" not in n and n.endswith(".jpg") for n in names)


def refused(data, name="photo.jpg", content_type="image/jpeg"):
    with pytest.raises(ValidationError) as error:
        process_upload(upload(data, name=name, content_type=content_type))
    return error.value


@pytest.mark.parametrize("fmt", ["TIFF", "BMP", "ICO", "TGA", "GIF", "PPM"])
def test_other_image_formats_named_jpg_are_refused(fmt):
    error = refused(image_bytes(fmt, size=(32, 32)))

    assert error.code == "invalid_format"
    assert "JPEG, PNG or WebP" in error.message


def test_it_rejects_tiff_named_jpg():
    assert refused(image_bytes("TIFF"), name="holiday.jpg").code == "invalid_format"


def test_a_12_kb_png_of_100_megapixels_is_refused_before_decoding():
    data = png_of_100_megapixels()
    assert len(data) < 20_000

    error = refused(data, name="x.png", content_type="image/png")

    assert error.code == "too_many_pixels"
    assert "25 megapixels" in error.message


def test_a_truncated_jpeg_is_refused():
    data = image_bytes("JPEG", size=(400, 300))

    assert refused(data[: len(data) // 2]).code == "corrupt"


def test_a_truncated_jpeg_is_refused_even_after_weasyprint_loaded():
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = True  # what `import weasyprint` does to the whole process
    data = image_bytes("JPEG", size=(400, 300))

    assert refused(data[: len(data) // 2]).code == "corrupt"


def test_a_zero_byte_file_is_refused():
    assert refused(b"").code == "empty"


def test_an_svg_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

    assert refused(svg, name="x.svg", content_type="image/svg+xml").code == "invalid_format"


def test_an_html_file_named_png_is_refused():
    assert refused(b"<html><script>alert(1)</script></html>", name="x.png").code == (
        "invalid_format"
    )


def test_a_file_one_byte_over_the_limit_is_refused(settings):
    settings.PENPALS_PHOTO_MAX_BYTES = 5 * 1024 * 1024
    error = refused(b"\xff\xd8" + b"\0" * (5 * 1024 * 1024 - 1))

    assert error.code == "too_large"


def test_an_animated_webp_is_refused():
    frames = [Image.new("RGB", (20, 20), c) for c in ("red", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "WEBP", save_all=True, append_images=frames[1:])

    assert refused(buffer.getvalue(), name="x.webp").code == "animated"
