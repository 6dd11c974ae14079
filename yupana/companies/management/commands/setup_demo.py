from django.core.management.base import BaseCommand

from yupana.companies.demo import setup_demo


class Command(BaseCommand):
    help = "Crea (una sola vez) la empresa demo con sus usuarios, certificado y series."

    def handle(self, *args, **options):
        result = setup_demo()
        verb = "Creada" if result.created else "Ya existía"
        self.stdout.write(f"{verb} la empresa demo {result.company.business_name} (RUC {result.company.ruc}).")
        for email, role in result.users:
            self.stdout.write(f"  {email:<20} {role:<14} contraseña: {result.password}")
