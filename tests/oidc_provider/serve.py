"""Start the test OpenID Connect provider: ``python -m tests.oidc_provider.serve PORT REDIRECT``.

Creates its database, an RSA key, two users (``bente``, ``otto``; password ``provider-pw``)
and one confidential client (``styringsdialog`` / ``test-secret``, authorization code, RS256)
whose redirect URI is REDIRECT, then serves on 127.0.0.1:PORT and prints ``READY``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def main() -> None:
    port, redirect = int(sys.argv[1]), sys.argv[2]
    workdir = Path(os.environ.get("OIDC_PROVIDER_DIR") or tempfile.mkdtemp(prefix="oidc-op-"))
    os.environ["OIDC_PROVIDER_DB"] = str(workdir / "provider.db")
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    os.environ["OIDC_PROVIDER_RSA_KEY"] = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from django.contrib.auth.models import User
    from oauth2_provider.models import Application

    for name in ("bente", "otto"):
        User.objects.create_user(name, password="provider-pw")
    Application.objects.create(
        name="Styringsdialog",
        client_id="styringsdialog",
        client_secret="test-secret",
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect,
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from django.core.wsgi import get_wsgi_application

    class Server(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    httpd = make_server(
        "127.0.0.1", port, get_wsgi_application(), server_class=Server, handler_class=QuietHandler
    )
    print("READY", flush=True)
    httpd.serve_forever()


if __name__ == "__main__":
    main()
