from django.core.management.base import BaseCommand, CommandError

from reports.onboarding import UnknownCouncil, create_council


class Command(BaseCommand):
    help = (
        "Create a council from its ONS code: its name, region, population aged 0-17, statistical "
        "neighbours and benchmarks from the DfE and ONS files shipped in fixtures/, and invite "
        "its first admin by email."
    )

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True, help="ONS code, e.g. E08000031")
        parser.add_argument("--name", default="", help="Instead of DfE's name for the council")
        parser.add_argument("--admin-email", default="", help="The first admin, sent a link")
        parser.add_argument(
            "--site-url", default=None, help="Where the service runs (default: SITE_URL)"
        )

    def handle(self, *args, code, name, admin_email, site_url, **options):
        try:
            result = create_council(
                code=code, name=name, admin_email=admin_email, base_url=site_url
            )
        except UnknownCouncil as exc:
            raise CommandError(str(exc)) from exc
        for line in result.lines():
            self.stdout.write(line)
        if not admin_email:
            self.stdout.write("No admin invited: run again with --admin-email to invite one.")
