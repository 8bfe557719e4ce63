"""Screenshots of the Wagtail admin for the editors' guide (docs/editeurs.md → docs/images/).

They are taken on the demonstration site, so that anyone can refresh them after a change of the
admin. From the repository root, with the site and the guide's task worker running:

    DEMO_ADMIN_PASSWORD=mot-de-passe make demo
    export DJANGO_SETTINGS_MODULE=portal.settings.dev
    .venv/bin/python manage.py runserver 127.0.0.1:8011 &
    .venv/bin/python manage.py db_worker --backend guide --no-reload &
    DEMO_ADMIN_PASSWORD=mot-de-passe .venv/bin/python docs/screenshots.py \
        --base-url http://127.0.0.1:8011 [nom …]

Without names, every screenshot is taken again. Each is a 1280 × 800 view, saved as a PNG
reduced to 256 colours (Pillow) so that it stays small. The browser is Debian's Chromium
(``/usr/bin/chromium``, ``CHROMIUM`` to change it), never a browser Playwright downloads.

Pages are found the way an editor finds them: by their public address (the Wagtail user bar
gives their edit link) and by the admin menu's labels, not by database ids or admin URLs,
which change with the code. Everything is read-only except ``guide-editions``, which generates
the demo's guide (the worker must run; it waits up to five minutes) to show a finished edition.
"""

import argparse
import io
import os
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

IMAGES = Path(__file__).resolve().parent / "images"
VIEWPORT = {"width": 1280, "height": 800}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
]
GUIDE_BUILD_TIMEOUT_MS = 5 * 60 * 1000

# Public addresses of the demo pages shown.
VENUE = "/lieux/centre-animation-bordeaux-lac/"
NEED = "/qui-fait-quoi/informatique-telephonie/aide-demarches-en-ligne/"
NEED_EN = "/en/qui-fait-quoi/informatique-telephonie/aide-demarches-en-ligne/"
VENUE_UK = "/uk/lieux/centre-social-arc-en-ciel/"
EVENT = "/agenda/atelier-tablette-sablon/"
NEWSLETTER = "/lettre/"
ISSUE = "/lettre/numero-1/"


class Admin:
    """A logged-in admin session and the few moves every screenshot needs."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url.rstrip("/")

    def login(self, username, password):
        self.go("/admin/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_url("**/admin/")

    def go(self, path):
        self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("networkidle")

    def edit(self, public_path):
        """The edit view of the page served at ``public_path``, through the user bar."""
        self.go(public_path)
        link = self.page.locator("a[href$='/edit/']").first
        self.go_to_link(link)

    def explore_parent(self, public_path):
        """The admin's list of the pages beside the one served at ``public_path``."""
        self.go(public_path)
        links = self.page.locator("a[href*='/admin/pages/']:not([href$='/edit/'])")
        self.go_to_link(links.first)

    def go_to_link(self, link):
        """Follow a link of the site (the user bar's are absolute or protocol-relative)."""
        href = link.get_attribute("href")
        if "//" in href:
            href = "/" + href.split("//", 1)[1].split("/", 1)[1]
        self.go(href)

    def menu(self, *labels):
        """Follow the admin menu: a top-level item, then the item of its submenu."""
        for label in labels[:-1]:
            self.page.get_by_role("button", name=label).first.click()
        self.page.get_by_role("link", name=labels[-1]).first.click()
        self.page.wait_for_load_state("networkidle")

    def tab(self, name):
        self.page.get_by_role("tab", name=name).click()
        self.page.wait_for_timeout(300)

    def scroll_to(self, text):
        self.page.get_by_text(text, exact=True).first.scroll_into_view_if_needed()
        self.page.evaluate("window.scrollBy(0, -90)")
        self.page.wait_for_timeout(200)

    def header_more(self):
        """Open the "…" menu of a page's header (Wagtail's and the portal's own buttons)."""
        self.page.locator("header [data-w-dropdown-target='toggle']").last.click()
        self.page.wait_for_timeout(300)

    def save(self, name):
        self.page.mouse.move(0, 0)
        png = self.page.screenshot()
        image = Image.open(io.BytesIO(png)).convert("RGB")
        image = image.quantize(
            colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
        target = IMAGES / f"{name}.png"
        image.save(target, optimize=True)
        print(f"{target.relative_to(IMAGES.parent.parent)} : {target.stat().st_size // 1024} Ko")


def dashboard(admin):
    admin.go("/admin/")


def venue_services(admin):
    admin.edit(VENUE)
    admin.tab("Services et étoiles")


def venue_hours(admin):
    """The hours tab, with an exceptional closure being added (the form is not saved)."""
    admin.edit(VENUE)
    admin.tab("Horaires")
    admin.page.get_by_role("button", name="Ajouter un(e) fermeture exceptionnelle").click()
    closure = admin.page.locator("[id^='inline_child_closures-']").last
    closure.locator("input[name$='-start_date']").fill("2027-08-02")
    closure.locator("input[name$='-end_date']").fill("2027-08-20")
    closure.locator("input[name$='-reason']").fill("Congés d'été")
    admin.page.mouse.click(1200, 700)  # closes the date picker


def venue_verified(admin):
    admin.edit(VENUE)
    admin.tab("Accès et contact")
    admin.scroll_to("Informations vérifiées le")


def tree_explorer(admin):
    admin.explore_parent(NEED)


def need_rule(admin):
    admin.edit(NEED)
    admin.scroll_to("Lieux ajoutés automatiquement")


def event(admin):
    admin.edit(EVENT)


def guide_editions(admin):
    """The editions, the demo's one generated first if it has never been (the worker does it)."""
    admin.menu("Guide imprimé")
    ready = admin.page.locator("table tbody").get_by_text("prêt")
    if not ready.count():
        admin.page.get_by_role("button", name="Générer le guide").first.click()
        admin.page.wait_for_load_state("networkidle")
        ready.first.wait_for(timeout=GUIDE_BUILD_TIMEOUT_MS)
        admin.page.reload()
        admin.page.wait_for_load_state("networkidle")


def newsletter_prepare(admin):
    admin.edit(NEWSLETTER)
    admin.header_more()
    admin.go_to_link(admin.page.get_by_role("link", name="Préparer le prochain numéro").first)


def newsletter_issue(admin):
    """The issue's "…" menu, scrolled to its downloads and sends."""
    admin.edit(ISSUE)
    admin.header_more()
    admin.page.locator("[data-tippy-root] *").evaluate_all(
        "elements => elements.forEach(element => { element.scrollTop = element.scrollHeight; })"
    )
    admin.page.wait_for_timeout(200)


def newsletter_test(admin):
    """The form of "Envoi de test" (nothing is sent without its button)."""
    admin.edit(ISSUE)
    admin.header_more()
    admin.go_to_link(admin.page.locator("[data-tippy-root] a", has_text="Envoi de test"))


def subscribers(admin):
    admin.menu("Lettre d'info", "Abonnés")


def declarations(admin):
    admin.menu("Déclarations")


def declaration(admin):
    admin.menu("Déclarations")
    admin.page.locator("table tbody tr", has_text="Nouveau lieu").locator("a").first.click()
    admin.page.wait_for_load_state("networkidle")


def freshness_report(admin):
    admin.menu("Rapports", "Fraîcheur des lieux")


def statistics_report(admin):
    admin.menu("Rapports", "Statistiques de fréquentation")


def translation_alias(admin):
    """A page not yet translated: an alias of the French page, with "Traduire cette page"."""
    admin.edit(VENUE_UK)


def translation(admin):
    admin.edit(NEED_EN)


SHOTS = {
    "admin-accueil": dashboard,
    "lieu-services": venue_services,
    "lieu-horaires": venue_hours,
    "lieu-verification": venue_verified,
    "qui-fait-quoi-arbre": tree_explorer,
    "qui-fait-quoi-besoin": need_rule,
    "evenement": event,
    "guide-editions": guide_editions,
    "lettre-preparer": newsletter_prepare,
    "lettre-numero": newsletter_issue,
    "lettre-test": newsletter_test,
    "lettre-abonnes": subscribers,
    "declarations": declarations,
    "declaration": declaration,
    "rapport-fraicheur": freshness_report,
    "rapport-statistiques": statistics_report,
    "traduction-alias": translation_alias,
    "traduction": translation,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("names", nargs="*", metavar="nom", help=", ".join(SHOTS))
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--user", default=os.environ.get("DEMO_ADMIN_USER", "admin"))
    args = parser.parse_args()
    unknown = sorted(set(args.names) - set(SHOTS))
    if unknown:
        parser.error(f"inconnu : {', '.join(unknown)}")
    password = os.environ.get("DEMO_ADMIN_PASSWORD")
    if not password:
        sys.exit("DEMO_ADMIN_PASSWORD : le mot de passe donné à « make demo ».")
    IMAGES.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport=VIEWPORT, locale="fr-FR", timezone_id="Europe/Paris")
        admin = Admin(page, args.base_url)
        admin.login(args.user, password)
        for name in args.names or SHOTS:
            SHOTS[name](admin)
            admin.save(name)
        browser.close()


if __name__ == "__main__":
    main()
