from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.accounts import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "The demo users' current authenticator code (development only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Only in development: real people use their own app.")
        import time

        from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // 30))
        self.stdout.write(f"{code} (changes every 30 seconds)")
