"""A writer's letters: the list and log, the editor with autosave, printing and mailing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from facilities.addressing import mailing_address, policy_for
from letters.forms import LetterForm, MarkSentForm, ReceivedForm, ReturnedForm, sent_letters
from letters.models import (
    CorrespondenceLogEntry,
    Letter,
    LetterRevision,
    NotEditable,
    StaleVersion,
)
from letters.pdf import render_letter_pdf
from letters.rules import check_letter
from penpals.dates import when
from profiles.models import Profile

FIRST_LETTER_PROMPTS = [
    gettext_lazy(
        "Introduce yourself: who you are, where you live (a town or region is enough), what a "
        "day looks like for you."
    ),
    gettext_lazy(
        "What you enjoy: books, music, sport, cooking, faith, something you are learning."
    ),
    gettext_lazy("Why you decided to write, in a sentence or two."),
    gettext_lazy(
        "A few questions to ask: what they like to read, what they are working on, what they "
        "would like to hear about from outside."
    ),
]


def _own_letter(request, pk):
    return get_object_or_404(
        Letter.objects.with_addressable().select_related(
            "profile__facility__jurisdiction", "writer__return_address"
        ),
        pk=pk,
        writer=request.user,
    )


def _policy(letter):
    if not letter.is_addressable:
        return None
    try:
        return policy_for(letter.profile.facility)
    except ObjectDoesNotExist:
        return None


def _mailing_lines(letter):
    """The envelope lines, or the renderer's message when the address cannot be written."""
    if not letter.is_addressable:
        return [], ""
    profile = letter.profile
    try:
        lines = mailing_address(
            first_name=profile.first_name,
            last_name=profile.last_name,
            number=profile.inmate_number,
            facility=profile.facility,
        )
    except (ValidationError, ObjectDoesNotExist) as error:
        return [], " ".join(getattr(error, "messages", [str(error)]))
    return lines, ""


def _profiles_written_to(user):
    return (
        Profile.objects.filter(letters__writer=user)
        .exclude(status=Profile.Status.ERASED)
        .distinct()
    )


def _list_context(user, **forms):
    letters = Letter.objects.filter(writer=user).with_addressable().select_related("profile")
    groups = {}
    for letter in letters.defer("body"):
        groups.setdefault(letter.profile_id, []).append(letter)
    order = list(Letter.Status.values)
    people = [
        {
            "name": items[0].recipient_name,
            "letters": sorted(items, key=lambda letter: order.index(letter.status)),
        }
        for items in groups.values()
    ]
    return {
        "people": people,
        "log": CorrespondenceLogEntry.objects.filter(writer=user).select_related("profile")[:100],
        "received_form": ReceivedForm(profiles=_profiles_written_to(user)),
        "returned_form": ReturnedForm(letters=sent_letters(user)),
        **forms,
    }


@login_required
def letter_list(request):
    """My letters, grouped by person, and the correspondence log."""
    return render(request, "letters/list.html", _list_context(request.user))


@login_required
@require_http_methods(["GET", "POST"])
def new(request):
    """Start a letter to a listed person (GET asks, POST creates the draft)."""
    to = request.GET.get("to", "")
    # A NUL character can match no listing, and PostgreSQL refuses it in a query (a 500).
    profile = (
        Profile.objects.public().filter(public_id=to).select_related("facility").first()
        if "\x00" not in to
        else None
    )
    if profile is None:
        return render(request, "letters/no_recipient.html", status=404)
    if request.method == "POST":
        letter = Letter.objects.create(writer=request.user, profile=profile)
        return redirect(letter)
    drafts = Letter.objects.filter(writer=request.user, profile=profile, status__in=Letter.EDITABLE)
    return render(request, "letters/new.html", {"profile": profile, "drafts": drafts})


def _conflict_context(letter, refused):
    """What the merge panel shows: the paragraphs two tabs changed differently."""
    return {"letter": letter, "refused": refused, "merge": letter.merge_with(refused)}


def _render_editor(request, letter, form=None, *, refused=None, sent_form=None, status=200):
    policy = _policy(letter)
    form = form or LetterForm(letter=letter, policy=policy)
    mailing_lines, address_error = _mailing_lines(letter)
    first_letter = letter.is_editable and not (
        letter.profile_id
        and CorrespondenceLogEntry.objects.filter(
            writer=letter.writer, profile=letter.profile_id, kind=CorrespondenceLogEntry.Kind.SENT
        ).exists()
    )
    context = {
        "letter": letter,
        "form": form,
        "policy": policy,
        "verdict": check_letter(letter, policy=policy),
        "mailing_lines": mailing_lines,
        "address_error": address_error,
        "conflict": _conflict_context(letter, refused) if refused else None,
        "revisions": letter.revisions.all(),
        "prompts": FIRST_LETTER_PROMPTS if first_letter else [],
        "prohibited_items": policy.prohibited_items_display if policy else [],
        "sent_form": sent_form or MarkSentForm(),
    }
    return render(request, "letters/edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    """The editor. POST is the plain Save button, for browsers without JavaScript."""
    letter = _own_letter(request, pk)
    form = LetterForm(request.POST or None, letter=letter, policy=_policy(letter))
    if request.method != "POST":
        if letter.is_editable:
            letter.hand_out()
        return _render_editor(request, letter, form)
    if not form.is_valid():
        return _render_editor(request, letter, form, status=400)
    try:
        letter.save_draft(
            base_version=form.cleaned_data["version"], snapshot=True, **form.letter_fields()
        )
    except StaleVersion as stale:
        # The stored text stays in the editor; the panel merges the writer's into it.
        return _render_editor(request, stale.current, refused=stale.refused, status=409)
    except NotEditable:
        messages.error(request, _("This letter was mailed; its text stays as it was sent."))
        return redirect(letter)
    form.save_confirmation()
    messages.success(request, _("Your letter is saved."))
    return redirect(letter)


@login_required
@require_POST
def merge(request, pk, refused_pk):
    """Save the text the writer chose, paragraph by paragraph, after two tabs both changed it."""
    letter = _own_letter(request, pk)
    refused = get_object_or_404(
        letter.revisions, pk=refused_pk, reason=LetterRevision.Reason.REFUSED
    )
    if request.POST.get("version") != str(letter.version):
        messages.error(request, _("The letter changed again meanwhile: please choose again."))
        return _render_editor(request, letter, refused=refused, status=409)
    merged = letter.merge_with(refused)
    choices = [request.POST.get(f"choice-{n}") for n in range(len(merged.conflicts))]
    try:
        text = merged.text(choices)
        letter.save_draft(base_version=letter.version, snapshot=True, body=text)
    except ValueError as missing:
        messages.error(request, str(missing))
        return _render_editor(request, letter, refused=refused, status=400)
    except StaleVersion as stale:
        messages.error(request, _("The letter changed again meanwhile: please choose again."))
        return _render_editor(request, stale.current, refused=refused, status=409)
    except NotEditable:
        messages.error(request, _("This letter was mailed; its text stays as it was sent."))
        return redirect(letter)
    messages.success(
        request, _("Saved. Both texts are also kept, unchanged, under “Earlier versions”.")
    )
    return redirect(letter)


@login_required
@require_POST
def autosave(request, pk):
    """Save from the editor's script; JSON with the new version and the rule verdict."""
    letter = _own_letter(request, pk)
    policy = _policy(letter)
    form = LetterForm(request.POST, letter=letter, policy=policy)
    if not form.is_valid():
        errors = [error for errors in form.errors.values() for error in errors]
        return JsonResponse({"error": " ".join(errors)}, status=400)
    try:
        letter.save_draft(base_version=form.cleaned_data["version"], **form.letter_fields())
    except StaleVersion as stale:
        panel = _conflict_context(stale.current, stale.refused)
        return JsonResponse(
            {
                "conflict": True,
                "version": stale.current.version,
                "body": stale.current.body,
                "yours": form.cleaned_data["body"],
                "conflict_html": render_to_string("letters/includes/conflict.html", panel, request),
            },
            status=409,
        )
    except NotEditable:
        return JsonResponse(
            {"error": _("This letter was mailed; its text stays as it was sent.")}, status=409
        )
    form.save_confirmation()
    verdict = check_letter(letter, policy=policy)
    return JsonResponse(
        {
            "version": letter.version,
            "saved_at": letter.updated_at.isoformat(),
            "saved_text": _("Saved %(time)s") % {"time": when(letter.updated_at)},
            "verdict_html": render_to_string(
                "letters/includes/verdict.html", {"verdict": verdict, "letter": letter}, request
            ),
        }
    )


@login_required
@require_POST
def restore(request, pk, revision_pk):
    """Put an earlier text back; the current text becomes a revision."""
    letter = _own_letter(request, pk)
    revision = get_object_or_404(letter.revisions, pk=revision_pk)
    try:
        letter.restore(revision)
    except NotEditable:
        messages.error(request, _("This letter was mailed; its text stays as it was sent."))
    else:
        messages.success(
            request, _("The earlier text is back. The text it replaced is kept below.")
        )
    return redirect(letter)


@login_required
@require_POST
def mark_ready(request, pk):
    """Check the rules once more; if they pass, the letter is ready to print."""
    letter = _own_letter(request, pk)
    verdict = check_letter(letter)
    if not letter.is_editable:
        messages.error(request, _("This letter was already mailed."))
    elif not verdict.ready:
        messages.error(request, _("Not ready yet: see what to fix below."))
    else:
        letter.mark_ready()
        messages.success(request, _("Ready to print. Download the PDF below."))
    return redirect(letter)


@login_required
def pdf(request, pk):
    """The print-ready PDF, or a page saying what to fix first."""
    letter = _own_letter(request, pk)
    verdict = check_letter(letter)
    if not verdict.ready:
        return render(
            request, "letters/not_ready.html", {"letter": letter, "verdict": verdict}, status=409
        )
    data, pages = render_letter_pdf(letter)
    # The estimate guided the writer; the real page count decides.
    verdict = check_letter(letter, printed_pages=pages)
    if not verdict.ready:
        return render(
            request, "letters/not_ready.html", {"letter": letter, "verdict": verdict}, status=409
        )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="penpals-letter-{letter.pk}.pdf"'
    return response


@login_required
@require_POST
def mark_sent(request, pk):
    """The writer mailed the letter: it moves to sent and into the log."""
    letter = _own_letter(request, pk)
    form = MarkSentForm(request.POST)
    if not letter.is_editable:
        messages.error(request, _("This letter is already marked as sent."))
        return redirect(letter)
    if form.is_valid():
        try:
            letter.mark_sent(
                on=form.cleaned_data["sent_on"],
                return_address_by_hand=form.cleaned_data["return_address_by_hand"],
            )
        except ValidationError as refused:
            for problem in refused.messages:
                form.add_error(None, problem)
        else:
            messages.success(request, _("Marked as sent. It is in your correspondence log."))
            return redirect("letters:list")
    return _render_editor(request, letter, sent_form=form, status=400)


@login_required
@require_POST
def log_received(request):
    """Log a letter that arrived from someone the writer writes to."""
    form = ReceivedForm(request.POST, profiles=_profiles_written_to(request.user))
    if not form.is_valid():
        return _invalid_log(request, received_form=form)
    CorrespondenceLogEntry.objects.create(
        writer=request.user,
        profile=form.cleaned_data["letter_from"],
        kind=CorrespondenceLogEntry.Kind.RECEIVED,
        date=form.cleaned_data["date"],
        note=form.cleaned_data["note"],
    )
    messages.success(request, _("Logged the letter you received."))
    return redirect("letters:list")


@login_required
@require_POST
def log_returned(request):
    """Log a sent letter that came back, and optionally ask staff to check the listing."""
    form = ReturnedForm(request.POST, letters=sent_letters(request.user))
    if not form.is_valid():
        return _invalid_log(request, returned_form=form)
    data = form.cleaned_data
    CorrespondenceLogEntry.log_returned(
        writer=request.user,
        letter=data["letter"],
        date=data["date"],
        reason=data["reason"],
        note=data["note"],
        report=data["report"],
    )
    if data["report"]:
        messages.success(request, _("Logged. Thank you: staff will check this person's listing."))
    else:
        messages.success(request, _("Logged the returned letter."))
    return redirect("letters:list")


def _invalid_log(request, **forms):
    """The list page again, with the rejected form and everything the writer typed."""
    return render(request, "letters/list.html", _list_context(request.user, **forms), status=400)
