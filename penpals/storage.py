"""Where photos are stored: the local disk (MEDIA_ROOT) by default, or an S3-compatible bucket.

Imported by the settings: plain values only, nothing that needs Django set up.
"""

from urllib.parse import urlsplit

# Presigned links are signed with SigV4, which refuses to sign for longer than a week.
S3_LONGEST_LINK_SECONDS = 7 * 24 * 3600


def s3_storage(*, bucket, endpoint_url=None, region=None, access_key=None, secret_key=None):
    """The STORAGES["default"] entry for a private bucket read only through presigned links."""
    from botocore.config import Config

    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "region_name": region or None,
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            # No ACL on upload: objects stay as private as the bucket (and buckets that refuse
            # ACLs, the default on AWS now, accept the upload).
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            "custom_domain": None,  # photo links are presigned; see PENPALS_PHOTO_HOST
            "object_parameters": {"ContentType": "image/jpeg", "CacheControl": "private"},
            "client_config": Config(
                signature_version="s3v4",  # links that carry their own lifetime (X-Amz-Expires)
                # Another S3 (MinIO, Ceph, a local emulator) is addressed by path; AWS by host.
                s3={"addressing_style": "path" if endpoint_url else "virtual"},
                connect_timeout=3,
                read_timeout=10,
                retries={"max_attempts": 3, "mode": "standard"},
            ),
        },
    }


def photo_origin(*, bucket, endpoint_url=None, region=None, photo_host=None):
    """The origin pages load photos from (for the Content-Security-Policy's img-src)."""
    if photo_host:
        return f"https://{photo_host}"
    if endpoint_url:
        parts = urlsplit(endpoint_url)
        return f"{parts.scheme}://{parts.netloc}"
    regional = f".{region}" if region else ""
    return f"https://{bucket}.s3{regional}.amazonaws.com"
