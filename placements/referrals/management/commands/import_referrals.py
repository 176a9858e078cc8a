from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from placements.referrals import services
from sufficiency.audit import services as audit
from sufficiency.councils import LocalAuthority


class Command(BaseCommand):
    help = (
        "Import placement referrals from the Placements Data Standard's Excel template or JSON "
        "records. A file with any problem is refused whole; the exit status is 1 if any was."
    )

    def add_arguments(self, parser):
        parser.add_argument("--la", required=True, help="Council code, e.g. E08000031")
        parser.add_argument("paths", nargs="+", help=".xlsx template(s) or .json file(s)")

    def handle(self, *args, la: str, paths: list[str], **options):
        council = LocalAuthority.objects.filter(code=la).first()
        if council is None:
            raise CommandError(f"No council with code {la}")
        created = updated = unchanged = rejected = 0
        refused = []
        for name in paths:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"{name}: no such file")
            result = services.import_file(la=council, name=path.name, data=path.read_bytes())
            created, updated = created + result.created, updated + result.updated
            rejected += result.rejected
            unchanged += result.unchanged
            for problem in result.problems:
                self.stderr.write(str(problem))
            if result.refused:
                refused.append(path.name)
            else:
                audit.record("import", f"Imported referrals from {path.name}", la=council,
                             created=result.created, updated=result.updated)  # fmt: skip
        same = f" ({unchanged} unchanged)" if unchanged else ""
        self.stdout.write(f"created {created}, updated {updated}, rejected {rejected}{same}")
        if refused:
            raise CommandError("Refused (nothing imported from it): " + ", ".join(refused))
