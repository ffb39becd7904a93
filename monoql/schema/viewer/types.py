"""GraphQL types of the viewer: identity, session, profile, and the entry points to campaigns."""

from __future__ import annotations

import graphene

from monoql.schema.campaigns.queries import resolve_viewer_campaign
from monoql.schema.campaigns.types import Campaign, Campaigns


class Account(graphene.ObjectType):
    """A phone number on the account."""

    account = graphene.String(description="The phone number.")
    is_confirmed = graphene.Boolean(name="is_confirmed", description="The number has been confirmed.")


class CurrentPhone(graphene.ObjectType):
    """The viewer's current phone number, masked."""

    masked = graphene.String(description="The number with all but the last four digits hidden.")
    country = graphene.String(description="Country of the number.")
    type = graphene.String(description="Line type, such as mobile.")


class CampaignPermissions(graphene.ObjectType):
    """Actions granted on one campaign."""

    campaignId = graphene.String(description="Campaign the actions apply to.")
    actions = graphene.List(graphene.String, description="Granted actions: VIEW, EDIT, REPORT or INVITE.")


class ViewerAuth(graphene.ObjectType):
    """Session token and permissions of the viewer."""

    token = graphene.String(description="The session JWT.")
    isSupreme = graphene.Boolean(description="Super-user flag: allowed everything on every campaign.")
    expiresAt = graphene.Int(description="Token expiry in seconds since the Unix epoch.")
    permissions = graphene.List(CampaignPermissions, description="Actions granted per campaign.")


class Viewer(graphene.ObjectType):
    """The person making the request; anonymous when not logged in."""

    id = graphene.String(description="User id; null when anonymous.")
    isLoggedIn = graphene.Boolean(description="True when the request carries a valid session.")
    isAdmin = graphene.Boolean(description="True for administrators.")
    firstName = graphene.String(description="First name from the profile.")
    lastName = graphene.String(description="Last name from the profile.")
    email = graphene.String(description="Current email address from the profile.")
    zip = graphene.String(description="Postal code.")
    auth = graphene.Field(ViewerAuth, description="Session token and permissions; null when anonymous.")
    phones = graphene.List(
        Account, description="Phone numbers on the account, with their confirmation state."
    )
    phone = graphene.String(description="Current phone number in E.164 form.")
    currentPhone = graphene.Field(CurrentPhone, description="Masked view of the current phone number.")
    doNotSell = graphene.Boolean(description="The fan asked not to have their data sold.")
    campaign = graphene.Field(
        Campaign,
        domain=graphene.Argument(graphene.String),
        id=graphene.Argument(graphene.String),
        locale=graphene.Argument(graphene.String),
        showAllLocales=graphene.Argument(graphene.Boolean),
        password=graphene.Argument(graphene.String),
        description="A campaign by id or by domain, resolved in a locale.",
    )
    campaigns = graphene.Field(Campaigns, description="Campaign listings for administrators.")

    resolve_campaign = resolve_viewer_campaign
