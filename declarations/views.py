"""Public pages of declarations: the three-step form, its receipt, tracking, error reports.

The form is django-formtools' ``NamedUrlSessionWizardView``: each step has its own address, so
"Modifier" links and the browser's Back button work without JavaScript, and what was typed
waits in the session. Nothing here is cached: pages carry a CSRF token or someone's data.
"""

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from formtools.wizard.storage import get_storage
from formtools.wizard.views import NamedUrlSessionWizardView, WizardView, normalize_name
from wagtail.models import Locale

from freshness.links import ExpiredLink, InvalidLink, venue_id_from_token
from guide.models import VenuePage
from portal.throttle import over_rate_limit

from . import summary
from .data import initial_from_venue, load_catalogue, venue_data
from .emails import send_receipt
from .forms import VENUE_SECTIONS, IdentificationForm, ReportForm, TrackingForm, ValidationForm
from .forms import VenueForm as VenueStepForm
from .models import Declaration, normalize_tracking_code

# Per client address: (attempts, seconds).
STEP_RATE = (30, 10 * 60)
SUBMIT_RATE = (5, 60 * 60)
LOOKUP_RATE = (20, 10 * 60)
REPORT_RATE = (5, 60 * 60)

RECEIPT_SESSION_KEY = "declaration_receipt"
STEPS = [
    ("identification", IdentificationForm),
    ("lieu", VenueStepForm),
    ("validation", ValidationForm),
]


def too_many_message():
    return _(
        "Trop d'envois depuis votre connexion. Patientez quelques minutes puis réessayez : "
        "ce que vous avez saisi est conservé."
    )


def live_venue(venue_id):
    """A published venue, as its source-language page (the one moderators update)."""
    venue = get_object_or_404(VenuePage.objects.visible(), pk=venue_id)
    if venue.locale_id != Locale.get_default().pk:
        venue = venue.get_translation_or_none(Locale.get_default()) or venue
    return venue


@method_decorator(never_cache, name="dispatch")
class DeclarationWizard(NamedUrlSessionWizardView):
    form_list = STEPS
    template_name = "declarations/wizard.html"
    step_titles = {
        "identification": _("Identification"),
        "lieu": _("Le lieu"),
        "validation": _("Validation"),
    }

    @classmethod
    def restart(cls, request, **extra_data):
        """Forget any declaration in progress; ``extra_data`` describes the new one."""
        storage = get_storage(cls.storage_name, normalize_name(cls.__name__), request)
        storage.reset()
        storage.extra_data = extra_data

    @cached_property
    def catalogue(self):
        return load_catalogue(self.request)

    @cached_property
    def target_venue(self):
        """The venue a proposed change is about; None for a new venue."""
        venue_id = self.storage.extra_data.get("venue")
        if venue_id is None:
            return None
        return VenuePage.objects.visible().filter(pk=venue_id).first()

    def get_form_kwargs(self, step=None):
        return {"catalogue": self.catalogue} if step == "lieu" else {}

    @cached_property
    def venue_initial(self):
        return initial_from_venue(self.target_venue) if self.target_venue else {}

    def get_form_initial(self, step):
        return self.venue_initial if step == "lieu" else {}

    def get_form_step_data(self, form):
        return self._typed(form.prefix)

    def _typed(self, step):
        """This step's fields as posted, without the token and the wizard's own fields."""
        prefix = f"{step}-"
        return {key: values for key, values in self.request.POST.lists() if key.startswith(prefix)}

    def get(self, request, *args, step=None, **kwargs):
        if step is None and self.storage.extra_data.get("venue"):
            self.restart(request)  # /declarer/ declares a new venue
        if step not in self.get_form_list():
            return redirect(self.get_step_url(self.steps.current))
        for earlier in list(self.get_form_list())[: self.get_step_index(step)]:
            if self.get_cleaned_data_for_step(earlier) is None:
                return redirect(self.get_step_url(earlier))
        self.storage.current_step = step
        return self.render(self.form_with_typed_values(step))

    def form_with_typed_values(self, step):
        """The step's form showing what was typed before, without errors until it is sent."""
        form = self.get_form(step)
        typed = self.storage.get_step_data(step)
        if typed:
            form.initial = {
                **form.initial,
                **{
                    name: field.widget.value_from_datadict(typed, {}, form.add_prefix(name))
                    for name, field in form.fields.items()
                },
            }
        return form

    def post(self, request, *args, **kwargs):
        step = request.POST.get(f"{self.prefix}-current_step")
        if step not in self.get_form_list():
            raise SuspiciousOperation("Unknown step of the declaration form.")
        self.storage.current_step = step
        self.storage.set_step_data(step, self._typed(step))
        if over_rate_limit(request, "declaration-step", *STEP_RATE):
            return self.too_many(step)
        goto_step = request.POST.get("wizard_goto_step")
        if goto_step in self.get_form_list():
            return self.render_goto_step(goto_step)
        if step == self.steps.last and over_rate_limit(request, "declaration-submit", *SUBMIT_RATE):
            return self.too_many(step)
        return super().post(request, *args, **kwargs)

    def too_many(self, step):
        response = self.render(self.form_with_typed_values(step), rate_limited=too_many_message())
        response.status_code = 429
        return response

    def render_done(self, form, **kwargs):
        """Save from the last step's POST itself: a GET never creates a declaration."""
        return WizardView.render_done(self, form, **kwargs)

    def render_revalidation_failure(self, failed_step, form, **kwargs):
        """Show the step that no longer validates with its errors, rather than redirect."""
        self.storage.current_step = failed_step
        return self.render(form, **kwargs)

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        current = self.steps.current
        context.update(
            step_title=self.step_titles[current],
            progress=[
                (number, self.step_titles[step], step == current)
                for number, step in enumerate(self.get_form_list(), start=1)
            ],
            step_url=self.get_step_url(current),
            target_venue=self.target_venue,
            link_notice=self.storage.extra_data.get("link_notice"),
        )
        if current == "validation":
            context.update(self.summary_context())
        return context

    def summary_context(self):
        identification, venue = (
            self.get_form(step, self.storage.get_step_data(step))
            for step in ("identification", "lieu")
        )
        if not (identification.is_valid() and venue.is_valid()):
            return {}
        hours = venue.cleaned_data["opening_hours"]
        return {
            "summary_identification": summary.rows(identification, IdentificationForm.AUTOCOMPLETE),
            "summary_sections": [
                (heading, summary.rows(venue, names)) for heading, names in VENUE_SECTIONS
            ],
            "summary_services": summary.service_rows(venue),
            "summary_hours_text": hours,
            "summary_hours": summary.hours_rows(hours),
            "summary_hours_note": venue.cleaned_data["hours_note"],
        }

    def done(self, form_list, form_dict=None, **kwargs):
        identification, venue_form, validation = (
            form_dict[step].cleaned_data for step in ("identification", "lieu", "validation")
        )
        if form_dict["identification"].is_robot():
            return render(self.request, "declarations/received.html")
        venue = self.target_venue
        declaration = Declaration.objects.create(
            kind=Declaration.Kind.CHANGE if venue else Declaration.Kind.NEW_VENUE,
            origin=self.storage.extra_data.get("origin", Declaration.Origin.FORM),
            venue=venue,
            territory_id=venue_form["territory"] or (venue.territory_id if venue else None),
            declarant_name=identification["declarant_name"],
            declarant_role=identification["declarant_role"],
            declarant_structure=identification["declarant_structure"],
            declarant_email=identification["declarant_email"],
            declarant_phone=identification["declarant_phone"],
            language=get_language(),
            venue_data=venue_data(form_dict["lieu"]),
            message=validation["message"],
        )
        send_receipt(self.request, declaration)
        self.request.session[RECEIPT_SESSION_KEY] = declaration.tracking_code
        return redirect("declarations:receipt")


declaration_wizard = DeclarationWizard.as_view(url_name="declarations:step", done_step_name="envoi")


@never_cache
@require_GET
def propose_change(request, venue_id):
    """Start the form with the venue's current values; a verification link marks its origin."""
    venue = live_venue(venue_id)
    extra_data = {"venue": venue.pk, "origin": Declaration.Origin.FORM}
    token = request.GET.get("verification")
    if token:
        try:
            if venue_id_from_token(token) == venue.pk:
                extra_data["origin"] = Declaration.Origin.VERIFICATION
            else:
                extra_data["link_notice"] = "invalid"
        except ExpiredLink:
            extra_data["link_notice"] = "expired"
        except InvalidLink:
            extra_data["link_notice"] = "invalid"
    DeclarationWizard.restart(request, **extra_data)
    return redirect("declarations:step", step=STEPS[0][0])


@never_cache
@require_GET
def receipt(request):
    code = request.session.get(RECEIPT_SESSION_KEY)
    declaration = code and Declaration.objects.filter(tracking_code=code).first()
    if not declaration:
        return redirect("declarations:start")
    return render(request, "declarations/received.html", {"declaration": declaration})


STATUS_EXPLANATIONS = {
    Declaration.Status.RECEIVED: lambda: _(
        "Nous l'avons bien reçue. Elle attend d'être examinée par l'équipe du site."
    ),
    Declaration.Status.IN_PROGRESS: lambda: _(
        "L'équipe du site vérifie les informations. Elle peut vous contacter si un détail manque."
    ),
    Declaration.Status.ACCEPTED: lambda: _("Elle a été acceptée : les informations sont publiées."),
    Declaration.Status.REFUSED: lambda: _("Elle n'a pas été retenue."),
}


@never_cache
@require_GET
def track(request):
    """Look a declaration up by its code: a GET form, so the receipt's link fills it in."""
    if "code" not in request.GET:
        return _track_page(request, TrackingForm())
    form = TrackingForm(request.GET)
    if over_rate_limit(request, "declaration-lookup", *LOOKUP_RATE):
        form.add_error(
            None, _("Trop de recherches depuis votre connexion. Réessayez dans quelques minutes.")
        )
        return _track_page(request, form, status=429)
    if not form.is_valid():
        return _track_page(request, form, status=400)
    code = normalize_tracking_code(form.cleaned_data["code"])
    declaration = Declaration.objects.filter(tracking_code=code).select_related("venue").first()
    if declaration is None:
        form.add_error(
            "code",
            _(
                "Aucune déclaration ne correspond à ce code. Vérifiez-le : il figure dans "
                "l'e-mail d'accusé de réception."
            ),
        )
        return _track_page(request, form)
    return _track_page(
        request,
        form,
        declaration=declaration,
        explanation=STATUS_EXPLANATIONS[declaration.status](),
        published_venue=declaration.venue if declaration.venue and declaration.venue.live else None,
    )


def _track_page(request, form, status=200, **context):
    return render(request, "declarations/track.html", {"form": form, **context}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def report(request, venue_id):
    """ "Signaler une erreur": a short form linked from every venue page."""
    venue = live_venue(venue_id)
    if request.method == "GET":
        return _report_page(request, venue, ReportForm())
    form = ReportForm(request.POST)
    if over_rate_limit(request, "declaration-report", *REPORT_RATE):
        form.add_error(None, too_many_message())
        return _report_page(request, venue, form, status=429)
    if not form.is_valid():
        return _report_page(request, venue, form, status=400)
    declaration = None
    if not form.is_robot():
        declaration = _save_report(request, venue, form)
    return render(
        request, "declarations/reported.html", {"venue": venue, "declaration": declaration}
    )


def _save_report(request, venue, form):
    data = form.cleaned_data
    with translation.override(settings.LANGUAGE_CODE):  # for the moderators
        topic = str(form.topic_label())
    declaration = Declaration.objects.create(
        kind=Declaration.Kind.ERROR_REPORT,
        venue=venue,
        territory_id=venue.territory_id,
        declarant_name=data["name"],
        declarant_email=data["email"],
        language=get_language(),
        message=f"{topic} : {data['message']}",
    )
    if declaration.declarant_email:
        send_receipt(request, declaration)
    return declaration


def _report_page(request, venue, form, status=200):
    action = reverse("declarations:report", args=[venue.pk])
    context = {"venue": venue, "form": form, "action": action}
    return render(request, "declarations/report.html", context, status=status)
