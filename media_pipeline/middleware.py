"""GZip that leaves media files alone.

Django's GZipMiddleware compresses every streaming response, which breaks byte ranges (the
client asked for bytes 1000-1999 of the file, not of a gzip stream) and wastes CPU on MP4s that
do not compress. Responses marked ``response.skip_compression = True`` pass untouched.
"""

from django.middleware.gzip import GZipMiddleware


class GZipExceptMediaMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if getattr(response, "skip_compression", False):
            return response
        return super().process_response(request, response)
