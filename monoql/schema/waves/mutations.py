"""Wave mutations: uploadWave, cancelWave, triggerWavePrep and triggerSelection (docs/waves.md)."""

from __future__ import annotations

import io
import json
from typing import Any

import graphene

from monoql.errors import BadUserInput, NotFound
from monoql.schema.core.context import RequestContext
from monoql.schema.core.info import ResolveInfo
from monoql.schema.core.login import require_login
from monoql.schema.core.scalars import JSON, Upload
from monoql.schema.uploads.files import check_file
from monoql.schema.uploads.naming import check_date_key
from monoql.schema.waves import rules
from monoql.schema.waves.types import WaveConfigInput

_CONFIG_FIELDS = ("categoryId", "campaignId", "totalLimit", "generateOfferCode", "tiedToAccount")
_CANCEL_ORDER = ("triggered", "scheduled", "uploaded", "failed")


def _listing_keys(waves: Any) -> set[str]:
    listing = waves.list_files(rules.ROOT)
    return {str(o["key"]) for o in listing if isinstance(o, dict) and "key" in o}


def build_config(name: str, config: Any, notify: str, folder: str, now: str) -> dict[str, Any]:
    """The stored wave config object (docs/waves.md §1)."""
    doc: dict[str, Any] = {"waveName": name, "fileKey": rules.csv_key(name)}
    doc.update({field: config.get(field) for field in _CONFIG_FIELDS})
    doc.update({"notifyDate": notify, "dateScheduled": now, "key": rules.config_key(folder, name)})
    return doc


def _write_config(waves: Any, folder: str, name: str, config: dict[str, Any]) -> None:
    waves.upload_file(
        prefix=f"{rules.ROOT}{folder}",
        file_name=f"{name}_csv.json",
        stream=io.BytesIO(json.dumps(config).encode()),
        content_type="application/json",
    )


def upload_wave(
    ctx: RequestContext, file: Any, file_size: Any, file_name: str, config: Any
) -> dict[str, Any]:
    now = rules.utc_now()
    name = rules.wave_name(file_name)
    notify = rules.parse_notify_date(config.get("notifyDate"), now)
    checked = check_file(file, file_size, ctx.settings.uploads.max_file_size) if file is not None else None
    require_login(ctx)
    waves = ctx.clients.waves
    keys = _listing_keys(waves)
    if rules.config_key("triggered", name) in keys:
        raise BadUserInput(
            f"Wave {name} has already been sent.", reason="WAVE_ALREADY_SENT", field="fileName"
        )
    if checked is not None:
        waves.upload_file(
            prefix=rules.CSV_PREFIX,
            file_name=f"{name}.csv",
            stream=checked.stream,
            content_type=checked.content_type,
        )
    elif rules.csv_key(name) not in keys:
        raise NotFound(
            f"No registrant file is stored for wave {name}.", reason="WAVE_FILE_NOT_FOUND", field="file"
        )
    generate = bool(config.get("generateOfferCode"))
    folder = "uploaded" if generate else "scheduled"
    doc = build_config(name, config, notify, folder, rules.iso_utc(now))
    _write_config(waves, folder, name, doc)
    stale = [rules.config_key(f, name) for f in ("uploaded", "scheduled", "failed") if f != folder]
    stale = [key for key in stale if key in keys]
    if stale:
        waves.delete_files(stale)
    if generate:
        waves.trigger("gen-sms-wave-codes", {"waveFilePrefix": f"{rules.CSV_PREFIX}/{name}", "config": doc})
    status = "processing" if generate else "scheduled"
    return {"name": name, "status": status, "fileKey": doc["fileKey"], "configKey": doc["key"]}


def _read_config(waves: Any, key: str) -> dict[str, Any]:
    for obj in waves.list_files_data(key):
        if isinstance(obj, dict) and obj.get("key") == key and isinstance(obj.get("content"), dict):
            return dict(obj["content"])
    return {}


def cancel_wave(ctx: RequestContext, file_name: str, campaign_id: str | None) -> dict[str, Any]:
    name = rules.cancel_name(file_name)
    require_login(ctx)
    waves = ctx.clients.waves
    keys = _listing_keys(waves)
    found = [rules.config_key(f, name) for f in _CANCEL_ORDER if rules.config_key(f, name) in keys]
    not_found = NotFound(f"Wave {name!r} was not found.", reason="WAVE_NOT_FOUND", field="fileName")
    if not found:
        raise not_found
    key = found[0]
    config = _read_config(waves, key)
    if campaign_id is not None and str(config.get("campaignId")) != str(campaign_id):
        raise not_found
    if rules.folder_of(key) == "triggered":
        raise BadUserInput(f"Wave {name} has been sent.", reason="WAVE_NOT_CANCELLABLE", field="fileName")
    deleted = [key, rules.csv_key(name), rules.normalized_key(name)]
    waves.delete_files(deleted)
    return {"name": name, "cancelled": True, "deleted": deleted}


def wave_prep_data(campaign_id: str, date_key: str, options: dict[str, Any]) -> dict[str, Any]:
    """`waveprep` trigger payload: null booleans are false, a null minScore is left out."""
    data: dict[str, Any] = {"campaignId": campaign_id, "dateKey": date_key}
    for flag in ("reassign", "orderByPreference", "singleMarket", "randomSelection"):
        data[flag] = bool(options.get(flag))
    if options.get("minScore") is not None:
        data["minScore"] = options["minScore"]
    return data


class Mutations:
    uploadWave = JSON(
        file=Upload(),
        fileSize=graphene.Int(),
        fileName=graphene.String(required=True),
        config=WaveConfigInput(required=True),
        description="Schedule an SMS wave from a registrant CSV and a configuration.",
    )
    cancelWave = JSON(
        fileName=graphene.String(required=True),
        campaignId=graphene.ID(),
        description="Cancel a wave that has not been sent yet.",
    )
    triggerWavePrep = JSON(
        campaignId=graphene.ID(required=True),
        dateKey=graphene.String(required=True),
        reassign=graphene.Boolean(),
        orderByPreference=graphene.Boolean(),
        singleMarket=graphene.Boolean(),
        randomSelection=graphene.Boolean(),
        minScore=graphene.Float(),
        description="Start wave preparation for a date key.",
    )
    triggerSelection = JSON(
        campaignId=graphene.ID(required=True),
        marketIds=graphene.List(graphene.ID, required=True),
        description="Start fan selection for the given markets.",
    )

    @staticmethod
    def resolve_uploadWave(
        root: Any,
        info: ResolveInfo,
        fileName: str,
        config: Any,
        file: Any = None,
        fileSize: int | None = None,
    ) -> Any:
        return upload_wave(info.context, file, fileSize, fileName, config)

    @staticmethod
    def resolve_cancelWave(root: Any, info: ResolveInfo, fileName: str, campaignId: str | None = None) -> Any:
        return cancel_wave(info.context, fileName, campaignId)

    @staticmethod
    def resolve_triggerWavePrep(
        root: Any, info: ResolveInfo, campaignId: str, dateKey: str, **options: Any
    ) -> Any:
        ctx = info.context
        check_date_key(dateKey)
        require_login(ctx)
        return ctx.clients.uploads.trigger("waveprep", wave_prep_data(campaignId, dateKey, options))

    @staticmethod
    def resolve_triggerSelection(
        root: Any, info: ResolveInfo, campaignId: str, marketIds: list[str | None]
    ) -> Any:
        ctx = info.context
        market_ids = [str(m) for m in marketIds if m is not None]
        if not market_ids:
            raise BadUserInput(
                "marketIds must name at least one market.", reason="EMPTY_MARKET_IDS", field="marketIds"
            )
        require_login(ctx)
        return ctx.clients.uploads.trigger("selection", {"campaignId": campaignId, "marketIds": market_ids})
