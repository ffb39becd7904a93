"""Object types of campaign copy; parents are the dicts built by `content.normalize`."""

import graphene

from monoql.schema.content import queries
from monoql.schema.core.scalars import JSON
from monoql.schema.uploads.types import Image


class ContentStartedWelcome(graphene.ObjectType):
    """Copy of the welcome page."""

    above_button = graphene.String(name="above_button", description="Text above the sign-in button.")
    below_button = graphene.String(name="below_button", description="Text below the sign-in button.")
    header = graphene.String(description="Heading of the welcome page.")
    sign_in_button_content = graphene.String(
        name="sign_in_button_content", description="Label of the sign-in button."
    )
    footer_content = graphene.String(name="footer_content", description="Footer text.")


class ContentStartedRegistration(graphene.ObjectType):
    """Copy of the registration form page."""

    above_form = graphene.String(name="above_form", description="Text above the form.")
    below_form = graphene.String(name="below_form", description="Text below the form.")
    header = graphene.String(description="Heading of the registration page.")
    above_button = graphene.String(name="above_button", description="Text above the submit button.")
    submit_button_content = graphene.String(
        name="submit_button_content", description="Label of the submit button."
    )


class ContentStartedEntry(graphene.ObjectType):
    """Copy of the entry confirmation page."""

    header = graphene.String(description="Heading of the entry page.")
    top = graphene.String(description="Text at the top of the entry page.")
    attributes = graphene.String(description="Text about linked attributes.")
    main = graphene.String(description="Main text of the entry page.")


class ContentStarted(graphene.ObjectType):
    """Copy shown while the campaign runs."""

    welcome = graphene.Field(ContentStartedWelcome, description="Welcome page.")
    registration = graphene.Field(ContentStartedRegistration, description="Registration form page.")
    entry = graphene.Field(ContentStartedEntry, description="Entry confirmation page.")


class ContentFinishedWelcome(graphene.ObjectType):
    """Copy of the page shown after the campaign closes."""

    main = graphene.String(description="Main text.")
    header = graphene.String(description="Heading.")


class ContentFinished(graphene.ObjectType):
    """Copy shown after the campaign closes."""

    welcome = graphene.Field(ContentFinishedWelcome, description="Page shown after the campaign closes.")


class ContentTerms(graphene.ObjectType):
    """Terms and conditions."""

    main = graphene.String(description="Terms text.")


class ContentSignup(graphene.ObjectType):
    """Sign-up copy."""

    infoBody = graphene.String(description="Sign-up information text.")


class ContentFAQQuestion(graphene.ObjectType):
    """A question inside a group of FAQs."""

    hash_id = graphene.String(name="hash_id", description="Anchor id of the question.")
    question = graphene.String(description="The question.")
    answer = graphene.String(description="The answer.")


class ContentFAQ(graphene.ObjectType):
    """A frequently asked question, or a titled group of them."""

    id = graphene.ID(description="FAQ id, referenced by the page FAQ lists.")
    question = graphene.String(description="The question.")
    answer = graphene.String(description="The answer.")
    hash_id = graphene.String(name="hash_id", description="Anchor id of the FAQ.")
    title = graphene.String(description="Title of a group of questions.")
    questions = graphene.List(ContentFAQQuestion, description="Questions of the group.")


class ContentBody(graphene.ObjectType):
    """Page copy by section."""

    started = graphene.Field(ContentStarted, description="Copy while the campaign runs (schema version 1).")
    finished = graphene.Field(
        ContentFinished, description="Copy after the campaign closes (schema version 1)."
    )
    terms = graphene.Field(ContentTerms, description="Terms and conditions.")
    signup = graphene.Field(ContentSignup, description="Sign-up copy (schema version 2).")
    faqs = graphene.List(ContentFAQ, description="Frequently asked questions inside the body.")


class ContentImages(graphene.ObjectType):
    """Images of the fan pages."""

    share = graphene.Field(Image, description="Image of share links.")
    background = graphene.Field(Image, description="Page background image.")
    logo = graphene.Field(Image, description="Logo image.")


class ContentEmailSubject(graphene.ObjectType):
    """Email subjects."""

    receipt = graphene.String(description="Subject of the receipt email.")


class ContentEmailTemplate(graphene.ObjectType):
    """Email template ids."""

    confirm = graphene.String(description="Template of the confirmation email.")
    receipt = graphene.String(description="Template of the receipt email.")
    share = graphene.String(description="Template of the share email.")


class ContentEmailFrom(graphene.ObjectType):
    """Sender of the campaign's emails."""

    name = graphene.String(description="Sender name.")
    account = graphene.String(description="Sender address.")


class ContentEmail(graphene.ObjectType):
    """Email settings of the copy."""

    subject = graphene.Field(ContentEmailSubject, description="Email subjects.")
    template = graphene.Field(ContentEmailTemplate, description="Email template ids.")
    from_ = graphene.Field(ContentEmailFrom, name="from", source="from", description="Sender of the emails.")


class ContentShareTemplate(graphene.ObjectType):
    """Share texts per channel."""

    twitter = graphene.String(description="Text shared on Twitter.")
    default = graphene.String(description="Default share text.")
    facebook = graphene.String(description="Text shared on Facebook.")
    email_subject = graphene.String(name="email_subject", description="Subject of a share email.")
    email_body = graphene.String(name="email_body", description="Body of a share email.")


class ContentShare(graphene.ObjectType):
    """Share-link settings."""

    template = graphene.Field(ContentShareTemplate, description="Share texts per channel.")


class ContentPhone(graphene.ObjectType):
    """Phone settings of the copy."""

    account = graphene.String(description="Phone number or short code shown to fans.")


class ContentError(graphene.ObjectType):
    """Custom text for an error code."""

    code = graphene.String(description="Error code.")
    message = graphene.String(description="Text shown for the code.")


class Content(graphene.ObjectType):
    """Copy of one locale."""

    meta = JSON(description="Free-form page metadata.")
    body = graphene.Field(
        ContentBody,
        onlyCurrent=graphene.Argument(graphene.Boolean, default_value=True),
        description="Page copy; by default only the sections used by the campaign's schema version.",
    )
    faqs = graphene.List(ContentFAQ, description="Frequently asked questions.")
    image = graphene.Field(ContentImages, description="Images of the fan pages.")
    email = graphene.Field(ContentEmail, description="Email settings and templates.")
    share = graphene.Field(ContentShare, description="Share-link templates.")
    phone = graphene.Field(ContentPhone, description="Phone settings of the copy.")
    errors = graphene.List(ContentError, description="Custom texts for error codes.")

    resolve_body = queries.resolve_body


class LocalizedContent(graphene.ObjectType):
    """The copy of one locale."""

    locale = graphene.String(description="Locale id such as en_US.")
    value = graphene.Field(Content, description="The copy of that locale.")


class CampaignContent(graphene.ObjectType):
    """Campaign copy per locale."""

    localized = graphene.List(LocalizedContent, description="The copy of every locale.")
    en_US = graphene.Field(
        Content,
        name="en_US",
        deprecation_reason="Use localized instead",
        description="Copy in English (United States).",
    )
    en_CA = graphene.Field(
        Content,
        name="en_CA",
        deprecation_reason="Use localized instead",
        description="Copy in English (Canada).",
    )
    en_GB = graphene.Field(
        Content,
        name="en_GB",
        deprecation_reason="Use localized instead",
        description="Copy in English (United Kingdom).",
    )
    fr_CA = graphene.Field(
        Content,
        name="fr_CA",
        deprecation_reason="Use localized instead",
        description="Copy in French (Canada).",
    )
    en_MX = graphene.Field(
        Content,
        name="en_MX",
        deprecation_reason="Use localized instead",
        description="Copy in English (Mexico).",
    )
    es_MX = graphene.Field(
        Content,
        name="es_MX",
        deprecation_reason="Use localized instead",
        description="Copy in Spanish (Mexico).",
    )
    en_IE = graphene.Field(
        Content,
        name="en_IE",
        deprecation_reason="Use localized instead",
        description="Copy in English (Ireland).",
    )
