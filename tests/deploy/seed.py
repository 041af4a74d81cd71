"""Data for the multi-server tests, written into their own database by a separate process (the
test process itself is connected to pytest's test database)."""

import json


def seed():
    from django.core.files.base import ContentFile

    from letters.models import Letter
    from tests.factories import PASSWORD, PublicProfileFactory, WriterFactory
    from tests.profiles.images import image_bytes

    writer = WriterFactory(email="walter@example.com")
    listed = []
    for name in ("Withdrawn", "Stays"):
        profile = PublicProfileFactory(first_name=name, last_name="Okafor")
        photo = ContentFile(image_bytes("JPEG", size=(40, 50)))
        profile.photo.save("p.jpg", photo)
        profile.photo_thumbnail.save("t.jpg", photo)
        listed.append(profile)
    letter = Letter.objects.create(writer=writer, profile=listed[1])
    return {
        "writer": {"email": writer.email, "password": PASSWORD},
        "withdrawn": {
            "public_id": listed[0].public_id,
            "status_url": listed[0].get_status_url(),
            "name": listed[0].first_name,
        },
        "stays": {"public_id": listed[1].public_id, "name": listed[1].first_name},
        "letter": {"pk": letter.pk, "version": letter.version},
        "facility": listed[0].facility.slug,
    }


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(seed()))
