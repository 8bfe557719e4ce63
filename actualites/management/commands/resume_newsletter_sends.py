"""Resume the newsletter sends a crash left unfinished: run it before starting the worker.

A worker killed mid-send leaves its task "running" in the queue for ever, and its claims on a
batch of deliveries until they expire. This frees those claims and queues each unfinished send
again; the deliveries already sent are never sent again (``actualites/newsletter/send.py``).
Running it while a worker is still sending is safe, only wasteful.
"""

from django.core.management.base import BaseCommand

from actualites.newsletter.send import resume_send, unfinished_sends


class Command(BaseCommand):
    help = "Reprend les envois de la lettre interrompus (à lancer avant le processus d'envoi)."

    def handle(self, *args, **options):
        resumed = [send for send in unfinished_sends() if resume_send(send)]
        for send in resumed:
            self.stdout.write(f"Envoi repris : {send}")
        if not resumed:
            self.stdout.write("Aucun envoi à reprendre.")
