"""Input types of `upsertCampaign` (copy inputs live in `content.inputs`, markets in `markets.inputs`)."""

import graphene

from monoql.schema.campaigns.enums import (
    CampaignCardGate,
    CampaignLinkedAccountGate,
    CampaignSubtype,
    CampaignType,
    FanIdentifier,
    FanlistScoring,
    IDVTier,
    LinkableAttributeType,
)
from monoql.schema.content.inputs import CampaignContentInput, ImageInput
from monoql.schema.core.scalars import JSON
from monoql.schema.markets.inputs import MarketInput


class CampaignTourInput(graphene.InputObjectType):
    """Input form of `CampaignTour`."""

    name = graphene.String(description="Tour name.")


class CampaignArtistInput(graphene.InputObjectType):
    """Input form of `CampaignArtist`."""

    id = graphene.String(description="Artist id.")
    discovery_id = graphene.String(name="discovery_id", description="Discovery attraction id.")
    name = graphene.String(description="Artist name.")
    image_url = graphene.String(name="image_url", description="Artist image URL.")
    needs_id = graphene.Boolean(name="needs_id", description="The artist still lacks a Discovery id.")
    fanclubName = graphene.String(description="Name of the artist's fan club.")


class CampaignDomainInput(graphene.InputObjectType):
    """Input form of `CampaignDomain`."""

    site = graphene.String(description="Public sub-domain of the fan site.")
    share = graphene.String(description="Domain used in share links.")
    preview = graphene.String(description="Domain that shows the campaign before it opens.")


class TrackerInput(graphene.InputObjectType):
    """Input form of `Tracker`."""

    type = graphene.String(description="Tracker kind.")
    id = graphene.String(description="Tracker account id.")
    src = graphene.String(description="Script URL.")
    additional = JSON(description="Tracker-specific settings.")


class CampaignImagesInput(graphene.InputObjectType):
    """Input form of `CampaignImages`."""

    main = graphene.InputField(ImageInput, description="Main banner image.")
    mobile = graphene.InputField(ImageInput, description="Banner image for small screens.")
    email = graphene.InputField(ImageInput, description="Image used in emails.")
    secondary = graphene.InputField(ImageInput, description="Secondary image.")


class LocalizedFieldLabelInput(graphene.InputObjectType):
    """Input form of `LocalizedFieldLabel`."""

    locale = graphene.String(description="Locale id such as en_US.")
    value = graphene.String(description="The label in that locale.")


class FieldLabelInput(graphene.InputObjectType):
    """Input form of `FieldLabel`."""

    localized = graphene.List(LocalizedFieldLabelInput, description="The label in every locale.")
    en_US = graphene.String(name="en_US", description="The label in English (United States).")
    en_CA = graphene.String(name="en_CA", description="The label in English (Canada).")
    en_GB = graphene.String(name="en_GB", description="The label in English (United Kingdom).")
    fr_CA = graphene.String(name="fr_CA", description="The label in French (Canada).")
    en_MX = graphene.String(name="en_MX", description="The label in English (Mexico).")
    es_MX = graphene.String(name="es_MX", description="The label in Spanish (Mexico).")
    en_IE = graphene.String(name="en_IE", description="The label in English (Ireland).")


class FieldInput(graphene.InputObjectType):
    """Input form of `Field`."""

    id = graphene.String(description="Field id; answers are keyed by it.")
    type = graphene.String(description="Field type, such as email, phone, market_select or opt_in.")
    is_optional = graphene.Boolean(name="is_optional", description="Fans may leave the field empty.")
    label = graphene.InputField(FieldLabelInput, description="Label shown with the field.")
    additional = JSON(
        description="Type-specific settings, such as limits, checklist items or a default label."
    )


class CampaignPageStateFAQInput(graphene.InputObjectType):
    """Input form of `CampaignPageStateFAQ`."""

    open = graphene.List(graphene.ID, description="FAQ ids shown while the campaign is open.")
    closed = graphene.List(graphene.ID, description="FAQ ids shown once the campaign has closed.")
    activePresale = graphene.List(graphene.ID, description="FAQ ids shown while the presale is on.")


class CampaignPageFAQInput(graphene.InputObjectType):
    """Input form of `CampaignPageFAQ`."""

    landing = graphene.InputField(CampaignPageStateFAQInput, description="FAQs of the landing page.")
    confirmation = graphene.InputField(
        CampaignPageStateFAQInput, description="FAQs of the confirmation page."
    )


class LocaleInput(graphene.InputObjectType):
    """Input form of `Locale`."""

    id = graphene.String(description="Locale id such as en_US.")
    is_default = graphene.Boolean(name="is_default", description="The campaign's default locale.")


class CampaignDateInput(graphene.InputObjectType):
    """Input form of `CampaignDate`."""

    created = graphene.String(description="When the campaign was created.")
    open = graphene.String(description="Scheduled opening time.")
    close = graphene.String(description="Scheduled closing time.")
    finish = graphene.String(description="When the campaign is finished with.")
    presaleWindowStart = graphene.String(description="Start of the presale window.")
    presaleWindowEnd = graphene.String(description="End of the presale window.")
    generalOnsale = graphene.String(description="General on-sale time.")
    sendEmailReminders = graphene.String(description="When reminder emails are sent.")
    sendReminderEmails = graphene.List(graphene.String, description="Times at which reminder emails are due.")
    triggeredEmailReminders = graphene.String(description="When reminder emails were last triggered.")


class CampaignSlackChannelsInput(graphene.InputObjectType):
    """Input form of `CampaignSlackChannels`."""

    stats = graphene.List(graphene.String, description="Channels that receive stats alerts.")


class CampaignSlackOptionsInput(graphene.InputObjectType):
    """Input form of `CampaignSlackOptions`."""

    channels = graphene.InputField(CampaignSlackChannelsInput, description="Channels that receive alerts.")
    noAlert = graphene.Boolean(description="Send no Slack alerts.")


class CampaignPrecheckOptionsInput(graphene.InputObjectType):
    """Input form of `CampaignPrecheckOptions`."""

    pastCampaignId = graphene.ID(description="Fans must have entered this earlier campaign.")


class CampaignGateInput(graphene.InputObjectType):
    """Input form of `CampaignGate`."""

    card = graphene.InputField(CampaignCardGate, description="Required payment card.")
    inviteOnly = graphene.InputField(
        FanIdentifier, description="Only invited fans, matched on this identifier."
    )
    linkedAccount = graphene.InputField(
        CampaignLinkedAccountGate, description="Required linked partner account."
    )
    campaignId = graphene.ID(description="Campaign whose entrants may register.")
    linkedCampaign = graphene.ID(description="Campaign this one is linked to.")
    idv = graphene.InputField(IDVTier, description="Required identity-verification tier.")


class CampaignOptionsInput(graphene.InputObjectType):
    """Input form of `CampaignOptions`."""

    allowIntlPhones = graphene.Boolean(description="Accept phone numbers outside the campaign's country.")
    promptConfirmPhone = graphene.Boolean(description="Ask fans to confirm their phone number.")
    showAccessCode = graphene.Boolean(description="Show access codes on the fan pages.")
    useGenericBranding = graphene.Boolean(description="Use generic instead of artist branding.")
    requirePassword = graphene.Boolean(description="Fans need a password to see the campaign.")
    passwordValue = graphene.String(description="The campaign password; only returned to administrators.")
    queueId = graphene.ID(description="Waiting-room queue id.")
    requirePrecheck = graphene.InputField(
        CampaignPrecheckOptionsInput, description="Earlier participation a fan must have."
    )
    hideFaq = graphene.Boolean(description="Hide the FAQ section.")
    gate = graphene.InputField(CampaignGateInput, description="Conditions a fan must meet to register.")
    linkableAttributes = graphene.List(
        LinkableAttributeType, description="Attributes fans can link and refresh on their entry."
    )
    automatedReminders = graphene.Boolean(description="Send reminder emails automatically before presales.")
    waitingRoomDuration = graphene.Int(description="Waiting-room duration in minutes.")
    isLNAA = graphene.Boolean(description="Live Nation All Access campaign.")


class CampaignSchemaInput(graphene.InputObjectType):
    """Input form of `CampaignSchema`."""

    version = graphene.String(description="Content schema version: 1 or 2.")


class CampaignInput(graphene.InputObjectType):
    """Campaign fields to create or update; fields left out are not changed."""

    id = graphene.ID(description="Present to update an existing campaign; absent to create one.")
    type = graphene.InputField(
        CampaignType, description="Kind of campaign; registration when a new campaign leaves it out."
    )
    name = graphene.String(description="Campaign name.")
    tour = graphene.InputField(CampaignTourInput, description="The tour of the presale.")
    artist = graphene.InputField(CampaignArtistInput, description="The artist of the presale.")
    domain = graphene.InputField(CampaignDomainInput, description="Domains of the fan site.")
    status = graphene.String(description="DRAFT, PREVIEW, OPEN, CLOSED or INACTIVE.")
    categoryId = graphene.String(description="Discovery category id of the presale.")
    trackers = graphene.List(TrackerInput, description="Analytics trackers placed on the fan pages.")
    style = JSON(description="Theme colours of the fan pages.")
    content = graphene.InputField(CampaignContentInput, description="Page copy per locale.")
    image = graphene.InputField(CampaignImagesInput, description="Campaign images.")
    preferences = graphene.List(FieldInput, description="Fields of the registration form.")
    faqs = graphene.InputField(
        CampaignPageFAQInput, description="Which FAQ ids appear on each page in each campaign state."
    )
    markets = graphene.List(MarketInput, description="Markets saved after the campaign itself.")
    currentLocale = graphene.InputField(
        LocaleInput, description="Ignored: the service works out the current locale."
    )
    locales = graphene.List(LocaleInput, description="Locales the campaign supports.")
    entry = JSON(description="Stored as given.")
    date = graphene.InputField(CampaignDateInput, description="Scheduled and actual dates.")
    referenceTimezone = graphene.String(description="IANA time zone used to present the campaign's dates.")
    login_types = graphene.List(
        graphene.String, name="login_types", description="Sign-in methods offered to fans."
    )
    slack = graphene.InputField(CampaignSlackOptionsInput, description="Slack alerting options.")
    options = graphene.InputField(CampaignOptionsInput, description="Registration and display options.")
    eventIds = graphene.List(graphene.ID, description="Discovery event ids the list applies to.")
    scoring = graphene.InputField(FanlistScoring, description="How list values are turned into scores.")
    identifier = graphene.InputField(FanIdentifier, description="Fan identifier used to match fans.")
    schema = graphene.InputField(
        CampaignSchemaInput,
        description="Content schema version; version 1 when a new campaign leaves it out.",
    )
    subType = graphene.InputField(CampaignSubtype, description="Campaign sub-type, such as fanclub.")
