"""Input types of campaign copy (`CampaignContentInput` and below) and of stored images."""

import graphene

from monoql.schema.core.scalars import JSON


class ImageInput(graphene.InputObjectType):
    """An image to store in a campaign."""

    url = graphene.String(description="Image URL.")
    width = graphene.Int(description="Width in pixels.")
    height = graphene.Int(description="Height in pixels.")
    alt_text = graphene.String(name="alt_text", description="Alternative text.")


class ContentStartedWelcomeInput(graphene.InputObjectType):
    """Input form of `ContentStartedWelcome`."""

    above_button = graphene.String(name="above_button", description="Text above the sign-in button.")
    below_button = graphene.String(name="below_button", description="Text below the sign-in button.")
    header = graphene.String(description="Heading of the welcome page.")
    sign_in_button_content = graphene.String(
        name="sign_in_button_content", description="Label of the sign-in button."
    )
    footer_content = graphene.String(name="footer_content", description="Footer text.")


class ContentStartedRegistrationInput(graphene.InputObjectType):
    """Input form of `ContentStartedRegistration`."""

    above_form = graphene.String(name="above_form", description="Text above the form.")
    below_form = graphene.String(name="below_form", description="Text below the form.")
    header = graphene.String(description="Heading of the registration page.")
    above_button = graphene.String(name="above_button", description="Text above the submit button.")
    submit_button_content = graphene.String(
        name="submit_button_content", description="Label of the submit button."
    )


class ContentStartedEntryInput(graphene.InputObjectType):
    """Input form of `ContentStartedEntry`."""

    header = graphene.String(description="Heading of the entry page.")
    top = graphene.String(description="Text at the top of the entry page.")
    attributes = graphene.String(description="Text about linked attributes.")
    main = graphene.String(description="Main text of the entry page.")


class ContentStartedInput(graphene.InputObjectType):
    """Input form of `ContentStarted`."""

    welcome = graphene.InputField(ContentStartedWelcomeInput, description="Welcome page.")
    registration = graphene.InputField(ContentStartedRegistrationInput, description="Registration form page.")
    entry = graphene.InputField(ContentStartedEntryInput, description="Entry confirmation page.")


class ContentFinishedWelcomeInput(graphene.InputObjectType):
    """Input form of `ContentFinishedWelcome`."""

    main = graphene.String(description="Main text.")
    header = graphene.String(description="Heading.")


class ContentFinishedInput(graphene.InputObjectType):
    """Input form of `ContentFinished`."""

    welcome = graphene.InputField(
        ContentFinishedWelcomeInput, description="Page shown after the campaign closes."
    )


class ContentTermsInput(graphene.InputObjectType):
    """Input form of `ContentTerms`."""

    main = graphene.String(description="Terms text.")


class ContentSignupInput(graphene.InputObjectType):
    """Input form of `ContentSignup`."""

    infoBody = graphene.String(description="Sign-up information text.")


class ContentFAQQuestionInput(graphene.InputObjectType):
    """Input form of `ContentFAQQuestion`."""

    hash_id = graphene.String(name="hash_id", description="Anchor id of the question.")
    question = graphene.String(description="The question.")
    answer = graphene.String(description="The answer.")


class ContentFAQInput(graphene.InputObjectType):
    """Input form of `ContentFAQ`."""

    id = graphene.ID(description="FAQ id, referenced by the page FAQ lists.")
    question = graphene.String(description="The question.")
    answer = graphene.String(description="The answer.")
    hash_id = graphene.String(name="hash_id", description="Anchor id of the FAQ.")
    title = graphene.String(description="Title of a group of questions.")
    questions = graphene.List(ContentFAQQuestionInput, description="Questions of the group.")


class ContentBodyInput(graphene.InputObjectType):
    """Input form of `ContentBody`."""

    started = graphene.InputField(
        ContentStartedInput, description="Copy while the campaign runs (schema version 1)."
    )
    finished = graphene.InputField(
        ContentFinishedInput, description="Copy after the campaign closes (schema version 1)."
    )
    terms = graphene.InputField(ContentTermsInput, description="Terms and conditions.")
    signup = graphene.InputField(ContentSignupInput, description="Sign-up copy (schema version 2).")
    faqs = graphene.List(ContentFAQInput, description="Frequently asked questions inside the body.")


class ContentImagesInput(graphene.InputObjectType):
    """Input form of `ContentImages`."""

    share = graphene.InputField(ImageInput, description="Image of share links.")
    background = graphene.InputField(ImageInput, description="Page background image.")
    logo = graphene.InputField(ImageInput, description="Logo image.")


class ContentEmailSubjectInput(graphene.InputObjectType):
    """Input form of `ContentEmailSubject`."""

    receipt = graphene.String(description="Subject of the receipt email.")


class ContentEmailTemplateInput(graphene.InputObjectType):
    """Input form of `ContentEmailTemplate`."""

    confirm = graphene.String(description="Template of the confirmation email.")
    receipt = graphene.String(description="Template of the receipt email.")
    share = graphene.String(description="Template of the share email.")


class ContentEmailFromInput(graphene.InputObjectType):
    """Input form of `ContentEmailFrom`."""

    name = graphene.String(description="Sender name.")
    account = graphene.String(description="Sender address.")


class ContentEmailInput(graphene.InputObjectType):
    """Input form of `ContentEmail`."""

    subject = graphene.InputField(ContentEmailSubjectInput, description="Email subjects.")
    template = graphene.InputField(ContentEmailTemplateInput, description="Email template ids.")
    from_ = graphene.InputField(ContentEmailFromInput, name="from", description="Sender of the emails.")


class ContentShareTemplateInput(graphene.InputObjectType):
    """Input form of `ContentShareTemplate`."""

    twitter = graphene.String(description="Text shared on Twitter.")
    default = graphene.String(description="Default share text.")
    facebook = graphene.String(description="Text shared on Facebook.")
    email_subject = graphene.String(name="email_subject", description="Subject of a share email.")
    email_body = graphene.String(name="email_body", description="Body of a share email.")


class ContentShareInput(graphene.InputObjectType):
    """Input form of `ContentShare`."""

    template = graphene.InputField(ContentShareTemplateInput, description="Share texts per channel.")


class ContentPhoneInput(graphene.InputObjectType):
    """Input form of `ContentPhone`."""

    account = graphene.String(description="Phone number or short code shown to fans.")


class ContentErrorInput(graphene.InputObjectType):
    """Input form of `ContentError`."""

    code = graphene.String(description="Error code.")
    message = graphene.String(description="Text shown for the code.")


class ContentInput(graphene.InputObjectType):
    """Input form of `Content`."""

    meta = JSON(description="Free-form page metadata.")
    body = graphene.InputField(
        ContentBodyInput,
        description="Page copy; by default only the sections used by the campaign's schema version.",
    )
    faqs = graphene.List(ContentFAQInput, description="Frequently asked questions.")
    image = graphene.InputField(ContentImagesInput, description="Images of the fan pages.")
    email = graphene.InputField(ContentEmailInput, description="Email settings and templates.")
    share = graphene.InputField(ContentShareInput, description="Share-link templates.")
    phone = graphene.InputField(ContentPhoneInput, description="Phone settings of the copy.")
    errors = graphene.List(ContentErrorInput, description="Custom texts for error codes.")


class LocalizedContentInput(graphene.InputObjectType):
    """Input form of `LocalizedContent`."""

    locale = graphene.String(description="Locale id such as en_US.")
    value = graphene.InputField(ContentInput, description="The copy of that locale.")


class CampaignContentInput(graphene.InputObjectType):
    """Copy per locale: the `localized` list, the per-locale keys, or both (the list wins)."""

    localized = graphene.List(LocalizedContentInput, description="The copy of every locale.")
    en_US = graphene.InputField(ContentInput, name="en_US", description="Copy in English (United States).")
    en_CA = graphene.InputField(ContentInput, name="en_CA", description="Copy in English (Canada).")
    en_GB = graphene.InputField(ContentInput, name="en_GB", description="Copy in English (United Kingdom).")
    fr_CA = graphene.InputField(ContentInput, name="fr_CA", description="Copy in French (Canada).")
    en_MX = graphene.InputField(ContentInput, name="en_MX", description="Copy in English (Mexico).")
    es_MX = graphene.InputField(ContentInput, name="es_MX", description="Copy in Spanish (Mexico).")
    en_IE = graphene.InputField(ContentInput, name="en_IE", description="Copy in English (Ireland).")
