"""GraphQL types of the Ticketmaster Identity and phone-confirmation (PPC) client settings."""

import graphene


class Identity(graphene.ObjectType):
    """Ticketmaster Identity client settings."""

    url = graphene.String(description="Ticketmaster Identity base URL.")
    version = graphene.ID(description="Identity client version.")
    integratorId = graphene.ID(description="Integrator id of the Identity client.")
    placementId = graphene.ID(description="Placement id of the Identity client.")


class Ppc(graphene.ObjectType):
    """Phone-confirmation (PPC) widget settings."""

    url = graphene.String(description="Widget URL.")
    id = graphene.ID(description="Client id.")
    token = graphene.ID(description="Client token.")
