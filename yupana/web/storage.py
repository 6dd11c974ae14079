"""Static files storage for production: whitenoise's compressed, hashed files, without rewriting
source-map comments. Vendored libraries (htmx, Swagger UI) ship `sourceMappingURL` comments but not
the .map files; rewriting them would make collectstatic fail on a file nobody serves."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class YupanaStaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = (
        ("*.css", (
            r"""(?P<matched>url\(['"]{0,1}\s*(?P<url>.*?)["']{0,1}\))""",
            (r"""(?P<matched>@import\s*["']\s*(?P<url>.*?)["'])""", """@import url("%(url)s")"""),
        )),
    )
