"""Enums of campaigns: type, sub-type, fan identifier, fan-list scoring, gates and linkable attributes."""

import graphene


class CampaignType(graphene.Enum):
    """Kind of campaign."""

    registration = "registration"
    fanlist = "fanlist"


class CampaignSubtype(graphene.Enum):
    """Campaign sub-type."""

    fanclub = "fanclub"


class FanIdentifier(graphene.Enum):
    """How fans are identified."""

    memberId = "memberId"
    globalUserId = "globalUserId"
    email = "email"


class FanlistScoring(graphene.Enum):
    """How fan-list values become scores."""

    raw = "raw"
    xnum = "xnum"


class CampaignCardGate(graphene.Enum):
    """Payment card a fan must hold."""

    VISA = "VISA"
    AMEX = "AMEX"
    DISCOVER = "DISCOVER"
    MASTERCARD = "MASTERCARD"
    CAPITALONE = "CAPITALONE"
    CITI = "CITI"
    CHASE = "CHASE"
    BARCLAYS = "BARCLAYS"
    BOFA = "BOFA"


class CampaignLinkedAccountGate(graphene.Enum):
    """Partner account a fan must link."""

    VERIZON = "VERIZON"
    CITI = "CITI"


class LinkableAttributeType(graphene.Enum):
    """An attribute fans can link to their entry."""

    card_citi = "card_citi"
    card_amex = "card_amex"
    card_capitalone = "card_capitalone"


class IDVTier(graphene.Enum):
    """Identity-verification tier."""

    asu = "asu"
