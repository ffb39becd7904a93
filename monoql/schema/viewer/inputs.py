"""Input types of the viewer: the credentials to log in with and the profile fields to store."""

from __future__ import annotations

import graphene


class IdentityAuth(graphene.InputObjectType):
    """Ticketmaster credentials to log in with."""

    token = graphene.String(description="Ticketmaster auth token (the value of the `sotc` cookie).")


class ViewerInput(graphene.InputObjectType):
    """Profile fields to store for the viewer."""

    firstName = graphene.String(description="New first name.")
    lastName = graphene.String(description="New last name.")
    email = graphene.String(description="New email address; becomes the current one.")
    phone = graphene.String(description="New phone number in E.164 form; becomes the current one.")
    zip = graphene.String(description="New postal code.")
