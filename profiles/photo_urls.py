"""Links to stored photos, and the view that serves photos from the local disk.

Every photo a page shows gets its link here (`Profile.photo_url` and `thumbnail_url` call
`photo_url`), and every link stops working at a time it carries itself, with no query per image:

- A public listing's links stop when the listing leaves the directory by the calendar
  (`Profile.public_until`: expiry, or a custody check going stale), at that moment, not at the
  next daily run. Cached pages and cards never outlive that moment either (pagecache,
  profiles.views.card_bodies), so no cached page holds a link that outlives what it shows.
- Other links (staff, the submitter) last an hour or two.
- A listing that stops being public by a status change gets new file names
  (`Profile._rename_photo_files`) and a withdrawn or erased one loses its files: links copied
  earlier stop at once.

On disk a link is `/photos/<name>?e=<expiry>&s=<signature>`, checked by `serve`. In object storage
it is the bucket's own presigned link (at most a week, SigV4's limit; pages are never cached
that long), optionally on a photo host in front of the bucket (PENPALS_PHOTO_HOST). The bucket
is private: nothing in it is readable without a signature, and it cannot be listed.
"""

import math
import time
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.views.decorators.http import require_safe

from penpals.storage import S3_LONGEST_LINK_SECONDS

# Links shown to staff and the submitter last at least this long (see private_until).
PRIVATE_LINK_SECONDS = 3600
PHOTO_FOLDERS = ("profiles/photos/", "profiles/thumbs/")


def photo_url(image, *, until):
    """The link to the stored `image` (a FieldFile), working until `until` and not after."""
    storage = image.storage
    if isinstance(storage, FileSystemStorage):
        expires = math.ceil(until.timestamp())
        query = f"e={expires}&s={_signature(image.name, expires)}"
        return f"{reverse('photo', args=[image.name])}?{query}"
    seconds = math.ceil((until - timezone.now()).total_seconds())
    url = storage.url(image.name, expire=max(1, min(seconds, S3_LONGEST_LINK_SECONDS)))
    if settings.PENPALS_PHOTO_HOST:
        # Same path and signature: the photo host forwards the request to the bucket as is.
        url = urlunsplit(urlsplit(url)._replace(scheme="https", netloc=settings.PENPALS_PHOTO_HOST))
    return url


def private_until(now=None):
    """At least PRIVATE_LINK_SECONDS from now, on the hour: the link stays the same for an hour,
    so browsers keep the image cached across page loads."""
    now = now or timezone.now()
    hour = now.replace(minute=0, second=0, microsecond=0)
    return hour + timedelta(seconds=PRIVATE_LINK_SECONDS + 3600)


def _signature(name, expires):
    return salted_hmac("penpals.photo-link", f"{name}|{expires}", algorithm="sha256").hexdigest()


@require_safe
def serve(request, name):
    """One photo from the local disk, if its link is genuine and has not expired (else 404)."""
    expires, signature = request.GET.get("e", ""), request.GET.get("s", "")
    if not (
        expires.isdigit()
        and int(expires) > time.time()
        and constant_time_compare(signature, _signature(name, int(expires)))
        and name.startswith(PHOTO_FOLDERS)
    ):
        raise Http404("No such photo.")
    try:
        photo = default_storage.open(name)
    except OSError:
        raise Http404("No such photo.") from None  # renamed or deleted since the link was made
    # Every stored photo is a JPEG we encoded; SecurityMiddleware adds `nosniff`.
    response = FileResponse(photo, content_type="image/jpeg")
    # Private: no shared cache keeps a photo after its listing is taken down.
    response["Cache-Control"] = f"private, max-age={min(int(expires) - int(time.time()), 3600)}"
    return response
