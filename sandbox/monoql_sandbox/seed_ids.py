# ruff: noqa: S105 - sandbox account tokens and a seeded demo password, not secrets
"""Named ids of the seeded sandbox data, for tests and local use (docs/sandbox.md §3).

Every id is derived from a fixed name, so it is stable across resets and restarts. Campaign
dates are seeded relative to the sandbox clock at seeding time, so the statuses below hold as
long as the clock is not moved by weeks.
"""

from monoql_sandbox.ids import derived_id


def campaign_id(slug: str) -> str:
    return derived_id(f"campaign:{slug}")


def market_id(campaign_slug: str, index: int) -> str:
    return derived_id(f"market:{campaign_slug}:{index}")


def user_id(account: str) -> str:
    return derived_id(f"account:{account}")


# Accounts (TM tokens accepted by users POST /auth).
SUPREME_TOKEN = "sandbox-supreme"
MANAGER_TOKEN = "sandbox-manager"
FAN_TOKEN = "sandbox-fan"
SUPREME_USER_ID = user_id(SUPREME_TOKEN)
MANAGER_USER_ID = user_id(MANAGER_TOKEN)
FAN_USER_ID = user_id(FAN_TOKEN)

# OPEN registration campaign, no gate, en-US (default) + fr-CA, schema 2, many entries and codes.
OPEN_CAMPAIGN_SLUG = "nova-lane"
OPEN_CAMPAIGN_ID = campaign_id(OPEN_CAMPAIGN_SLUG)
OPEN_CAMPAIGN_DOMAIN = "novalane"
OPEN_CAMPAIGN_MARKET_IDS = [market_id(OPEN_CAMPAIGN_SLUG, i) for i in range(6)]

# Second OPEN registration campaign, no gate, en-US only, schema 1.
OPEN_CAMPAIGN_2_ID = campaign_id("harbor-lights")
OPEN_CAMPAIGN_2_DOMAIN = "harborlights"
OPEN_CAMPAIGN_2_MARKET_IDS = [market_id("harbor-lights", i) for i in range(5)]

# OPEN registration campaign without entries (a clean target for fans and clones).
EMPTY_OPEN_CAMPAIGN_ID = campaign_id("quiet-harbor")
EMPTY_OPEN_CAMPAIGN_DOMAIN = "quietharbor"

# Password-protected OPEN campaign.
PASSWORD_CAMPAIGN_ID = campaign_id("secret-garden")
PASSWORD_CAMPAIGN_DOMAIN = "secretgarden"
PASSWORD_CAMPAIGN_PASSWORD = "open-sesame"

# Gated OPEN campaigns (sandbox-fan passes every gate; fresh fans pass none).
PRECHECK_CAMPAIGN_ID = campaign_id("echo-precheck")  # requirePrecheck.pastCampaignId = OPEN_CAMPAIGN_ID
PRECHECK_CAMPAIGN_DOMAIN = "echoprecheck"
CAMPAIGN_GATE_CAMPAIGN_ID = campaign_id("echo-campaign-gate")  # gate.campaignId = OPEN_CAMPAIGN_2_ID
LINKED_CAMPAIGN_GATE_ID = campaign_id("echo-linked-campaign")  # gate.linkedCampaign = OPEN_CAMPAIGN_ID
INVITE_ONLY_CAMPAIGN_ID = campaign_id("echo-invite-only")  # gate.inviteOnly = memberId
CARD_GATE_CAMPAIGN_ID = campaign_id("echo-card-citi")  # gate.card = CITI
LINKED_ACCOUNT_CAMPAIGN_ID = campaign_id("echo-verizon")  # gate.linkedAccount = VERIZON
IDV_CAMPAIGN_ID = campaign_id("echo-idv")  # gate.idv = asu
GATED_CAMPAIGN_IDS = [
    PRECHECK_CAMPAIGN_ID,
    CAMPAIGN_GATE_CAMPAIGN_ID,
    LINKED_CAMPAIGN_GATE_ID,
    INVITE_ONLY_CAMPAIGN_ID,
    CARD_GATE_CAMPAIGN_ID,
    LINKED_ACCOUNT_CAMPAIGN_ID,
    IDV_CAMPAIGN_ID,
]

# Other statuses.
CLOSED_CAMPAIGN_ID = campaign_id("last-call")
CLOSED_CAMPAIGN_DOMAIN = "lastcall"
INACTIVE_CAMPAIGN_ID = campaign_id("old-echoes")
DRAFT_CAMPAIGN_ID = campaign_id("future-sound")
DRAFT_CAMPAIGN_DOMAIN = "futuresound"
PREVIEW_CAMPAIGN_ID = campaign_id("sneak-peek")
PREVIEW_CAMPAIGN_DOMAIN = "sneakpeek"
PREVIEW_CAMPAIGN_PREVIEW_DOMAIN = "sneakpeek-preview"

# Locale variety.
ES_MX_CAMPAIGN_ID = campaign_id("sol-de-mexico")  # es-MX default + en-US
ES_MX_CAMPAIGN_DOMAIN = "soldemexico"
EN_CA_CAMPAIGN_ID = campaign_id("maple-nights")  # en-CA default + fr-CA
EN_CA_CAMPAIGN_DOMAIN = "maplenights"

# Fanlist campaigns.
FANLIST_CAMPAIGN_ID = campaign_id("fanlist-aurora")  # OPEN, identifier email, scoring raw
FANLIST_CAMPAIGN_2_ID = campaign_id("fanlist-borealis")  # CLOSED, identifier memberId, scoring xnum

# sandbox-manager: VIEW, INVITE, REPORT on these...
MANAGER_CAMPAIGN_IDS = [OPEN_CAMPAIGN_ID, FANLIST_CAMPAIGN_ID, CLOSED_CAMPAIGN_ID]
# ...and VIEW, INVITE but NOT REPORT on this one (exports answer MISSING_PERMISSIONS).
MANAGER_NO_REPORT_CAMPAIGN_ID = OPEN_CAMPAIGN_2_ID

# Exports of OPEN_CAMPAIGN_ID seeded in each status (they keep their status). The PENDING and
# TRIGGERED ones are codeWaves exports with dateKey 19990101, so new exports never dedupe onto them.
SEEDED_EXPORT_IDS = {
    status: derived_id(f"export:{status}")
    for status in ("PENDING", "TRIGGERED", "FINISHED", "FAILED", "EXPIRED")
}

# Scoring-bucket / wave-storage seed keys.
WAVE_PREP_DATE_KEY_FINISHED = "20291201"
WAVE_PREP_DATE_KEY_FAILED = "20291215"
WAVE_PREP_DATE_KEY_UPLOADED = "20291220"
SEEDED_WAVE_NAMES = {
    "uploaded": "seed-wave-uploaded",
    "scheduled": "seed-wave-scheduled",
    "triggered": "seed-wave-triggered",
    "failed": "seed-wave-failed",
}
