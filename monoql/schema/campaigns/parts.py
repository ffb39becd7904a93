"""Object types that make up a campaign: artist, dates, domains, images, form fields, FAQs, options."""

import graphene

from monoql.schema.campaigns.enums import (
    CampaignCardGate,
    CampaignLinkedAccountGate,
    FanIdentifier,
    IDVTier,
    LinkableAttributeType,
)
from monoql.schema.core.scalars import JSON
from monoql.schema.uploads.types import Image


class CampaignTour(graphene.ObjectType):
    """The tour of a presale."""

    name = graphene.String(description="Tour name.")


class CampaignArtist(graphene.ObjectType):
    """The artist of a presale."""

    id = graphene.String(description="Artist id.")
    discovery_id = graphene.String(name="discovery_id", description="Discovery attraction id.")
    name = graphene.String(description="Artist name.")
    image_url = graphene.String(name="image_url", description="Artist image URL.")
    needs_id = graphene.Boolean(name="needs_id", description="The artist still lacks a Discovery id.")
    fanclubName = graphene.String(description="Name of the artist's fan club.")


class CampaignDate(graphene.ObjectType):
    """Campaign dates as ISO 8601 strings."""

    created = graphene.String(description="When the campaign was created.")
    updated = graphene.String(description="When the campaign was last changed.")
    opened = graphene.String(description="When the campaign actually opened.")
    closed = graphene.String(description="When the campaign actually closed.")
    open = graphene.String(description="Scheduled opening time.")
    close = graphene.String(description="Scheduled closing time.")
    finish = graphene.String(description="When the campaign is finished with.")
    presaleWindowStart = graphene.String(description="Start of the presale window.")
    presaleWindowEnd = graphene.String(description="End of the presale window.")
    generalOnsale = graphene.String(description="General on-sale time.")
    sendEmailReminders = graphene.String(description="When reminder emails are sent.")
    sendReminderEmails = graphene.List(graphene.String, description="Times at which reminder emails are due.")
    triggeredEmailReminders = graphene.String(description="When reminder emails were last triggered.")


class CampaignDomain(graphene.ObjectType):
    """Domains of a campaign's fan site."""

    site = graphene.String(description="Public sub-domain of the fan site.")
    share = graphene.String(description="Domain used in share links.")
    preview = graphene.String(description="Domain that shows the campaign before it opens.")


class Tracker(graphene.ObjectType):
    """An analytics tracker."""

    type = graphene.String(description="Tracker kind.")
    id = graphene.String(description="Tracker account id.")
    src = graphene.String(description="Script URL.")
    additional = JSON(description="Tracker-specific settings.")


class CampaignImages(graphene.ObjectType):
    """Images of a campaign."""

    main = graphene.Field(Image, description="Main banner image.")
    mobile = graphene.Field(Image, description="Banner image for small screens.")
    email = graphene.Field(Image, description="Image used in emails.")
    secondary = graphene.Field(Image, description="Secondary image.")


class LocalizedFieldLabel(graphene.ObjectType):
    """A form label in one locale."""

    locale = graphene.String(description="Locale id such as en_US.")
    value = graphene.String(description="The label in that locale.")


class FieldLabel(graphene.ObjectType):
    """A form label in every locale."""

    localized = graphene.List(LocalizedFieldLabel, description="The label in every locale.")
    en_US = graphene.String(
        name="en_US",
        deprecation_reason="Use localized instead",
        description="The label in English (United States).",
    )
    en_CA = graphene.String(
        name="en_CA", deprecation_reason="Use localized instead", description="The label in English (Canada)."
    )
    en_GB = graphene.String(
        name="en_GB",
        deprecation_reason="Use localized instead",
        description="The label in English (United Kingdom).",
    )
    fr_CA = graphene.String(
        name="fr_CA", deprecation_reason="Use localized instead", description="The label in French (Canada)."
    )
    en_MX = graphene.String(
        name="en_MX", deprecation_reason="Use localized instead", description="The label in English (Mexico)."
    )
    es_MX = graphene.String(
        name="es_MX", deprecation_reason="Use localized instead", description="The label in Spanish (Mexico)."
    )
    en_IE = graphene.String(
        name="en_IE",
        deprecation_reason="Use localized instead",
        description="The label in English (Ireland).",
    )


class Field(graphene.ObjectType):
    """A field of the registration form."""

    id = graphene.String(description="Field id; answers are keyed by it.")
    type = graphene.String(description="Field type, such as email, phone, market_select or opt_in.")
    is_optional = graphene.Boolean(name="is_optional", description="Fans may leave the field empty.")
    label = graphene.Field(FieldLabel, description="Label shown with the field.")
    additional = JSON(
        description="Type-specific settings, such as limits, checklist items or a default label."
    )


class CampaignPageStateFAQ(graphene.ObjectType):
    """FAQ ids shown while the campaign is in each state."""

    open = graphene.List(graphene.ID, description="FAQ ids shown while the campaign is open.")
    closed = graphene.List(graphene.ID, description="FAQ ids shown once the campaign has closed.")
    activePresale = graphene.List(graphene.ID, description="FAQ ids shown while the presale is on.")


class CampaignPageFAQ(graphene.ObjectType):
    """FAQ ids per page."""

    landing = graphene.Field(CampaignPageStateFAQ, description="FAQs of the landing page.")
    confirmation = graphene.Field(CampaignPageStateFAQ, description="FAQs of the confirmation page.")


class Locale(graphene.ObjectType):
    """A locale of a campaign."""

    id = graphene.String(description="Locale id such as en_US.")
    is_default = graphene.Boolean(name="is_default", description="The campaign's default locale.")


class CampaignSlackChannels(graphene.ObjectType):
    """Slack channels of a campaign."""

    stats = graphene.List(graphene.String, description="Channels that receive stats alerts.")


class CampaignSlackOptions(graphene.ObjectType):
    """Slack alerting options."""

    channels = graphene.Field(CampaignSlackChannels, description="Channels that receive alerts.")
    noAlert = graphene.Boolean(description="Send no Slack alerts.")


class CampaignPrecheckOptions(graphene.ObjectType):
    """Earlier participation a fan must have."""

    pastCampaignId = graphene.ID(description="Fans must have entered this earlier campaign.")


class CampaignGate(graphene.ObjectType):
    """Conditions a fan must meet to register."""

    card = graphene.Field(CampaignCardGate, description="Required payment card.")
    inviteOnly = graphene.Field(FanIdentifier, description="Only invited fans, matched on this identifier.")
    linkedAccount = graphene.Field(CampaignLinkedAccountGate, description="Required linked partner account.")
    campaignId = graphene.ID(description="Campaign whose entrants may register.")
    linkedCampaign = graphene.ID(description="Campaign this one is linked to.")
    idv = graphene.Field(IDVTier, description="Required identity-verification tier.")


class CampaignOptions(graphene.ObjectType):
    """Registration and display options of a campaign."""

    allowIntlPhones = graphene.Boolean(description="Accept phone numbers outside the campaign's country.")
    promptConfirmPhone = graphene.Boolean(description="Ask fans to confirm their phone number.")
    showAccessCode = graphene.Boolean(description="Show access codes on the fan pages.")
    useGenericBranding = graphene.Boolean(description="Use generic instead of artist branding.")
    requirePassword = graphene.Boolean(description="Fans need a password to see the campaign.")
    passwordValue = graphene.String(description="The campaign password; only returned to administrators.")
    queueId = graphene.ID(description="Waiting-room queue id.")
    requirePrecheck = graphene.Field(
        CampaignPrecheckOptions, description="Earlier participation a fan must have."
    )
    hideFaq = graphene.Boolean(description="Hide the FAQ section.")
    isLNAA = graphene.Boolean(description="Live Nation All Access campaign.")
    gate = graphene.Field(CampaignGate, description="Conditions a fan must meet to register.")
    linkableAttributes = graphene.List(
        LinkableAttributeType, description="Attributes fans can link and refresh on their entry."
    )
    automatedReminders = graphene.Boolean(description="Send reminder emails automatically before presales.")
    waitingRoomDuration = graphene.Int(description="Waiting-room duration in minutes.")


class CampaignSchema(graphene.ObjectType):
    """Content schema version of a campaign."""

    version = graphene.String(description="Content schema version: 1 or 2.")
