"""GraphQL types of promoters and their inputs; parents are the campaigns service promoter documents."""

import graphene


class LocalizedUrl(graphene.ObjectType):
    """A link for one locale."""

    locale = graphene.String(description="Locale the link is for.")
    url = graphene.String(description="The link.")
    is_default = graphene.Boolean(
        name="is_default", description="Used when no link matches the fan's locale."
    )


class PromoterDate(graphene.ObjectType):
    """Creation and update times of a promoter."""

    created = graphene.String(description="When the promoter was created.")
    updated = graphene.String(description="When the promoter was last changed.")


class Promoter(graphene.ObjectType):
    """A promoter whose privacy policy fans accept."""

    id = graphene.String(description="Promoter id.")
    name = graphene.String(description="Promoter name.")
    privacyUrls = graphene.List(
        LocalizedUrl, description="Privacy policy links per locale; exactly one is the default."
    )
    date = graphene.Field(PromoterDate, description="Creation and update times.")


class LocalizedUrlInput(graphene.InputObjectType):
    """Input form of `LocalizedUrl`."""

    locale = graphene.String(required=True, description="Locale the link is for.")
    url = graphene.String(required=True, description="The link.")
    is_default = graphene.Boolean(
        name="is_default", description="Used when no link matches the fan's locale."
    )


class PromoterInput(graphene.InputObjectType):
    """Promoter fields to create or update."""

    id = graphene.String(description="Present to update an existing promoter; absent to create one.")
    name = graphene.String(required=True, description="Promoter name.")
    privacyUrls = graphene.List(
        LocalizedUrlInput, description="Privacy policy links per locale; exactly one is the default."
    )
