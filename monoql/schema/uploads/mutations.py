"""Upload mutations: images, blacklists, code files, scored files, fan lists and wave-prep inputs."""

from __future__ import annotations

from typing import Any

import graphene

from monoql.errors import BadUserInput
from monoql.schema.core.context import RequestContext
from monoql.schema.core.info import ResolveInfo
from monoql.schema.core.login import require_login
from monoql.schema.core.scalars import Upload
from monoql.schema.uploads import naming
from monoql.schema.uploads.files import CheckedFile, check_file, sanitize_file_name, to_file
from monoql.schema.uploads.image import check_image, image_body, to_image
from monoql.schema.uploads.types import File, Image, UploadCodesCount
from monoql.schema.waves.types import WavePrepFileType

CODE_TYPES = ("tm", "external")
MANIFEST_NAME = "manifest.json"


def _checked(ctx: RequestContext, file: Any, fileSize: Any) -> CheckedFile:
    checked = check_file(file, fileSize, ctx.settings.uploads.max_file_size)
    require_login(ctx)
    return checked


def _store(ctx: RequestContext, checked: CheckedFile, prefix: str, file_name: str) -> dict[str, Any]:
    """Write a checked file to the scoring bucket and answer the `File` result."""
    answer = ctx.clients.uploads.upload_file(
        prefix=prefix,
        file_name=file_name,
        stream=checked.stream,
        content_type=checked.content_type,
        bucket_name=ctx.settings.buckets.scoring,
    )
    return to_file(answer, file_name, checked.content_type)


def to_codes_count(answer: Any) -> dict[str, Any]:
    """Flatten `{count: {in, inserted, updated}}` (the three numbers may also be top-level)."""
    doc: dict[str, Any] = answer if isinstance(answer, dict) else {}
    nested = doc.get("count")
    count: dict[str, Any] = nested if isinstance(nested, dict) else doc
    return {"in_": count.get("in"), "inserted": count.get("inserted"), "updated": count.get("updated")}


class Mutations:
    uploadImage = graphene.Field(
        Image,
        base64=graphene.String(required=True),
        contentType=graphene.String(required=True),
        fileName=graphene.String(),
        cacheControl=graphene.String(),
        description="Store a base64-encoded image and return where it can be fetched.",
    )
    uploadBlacklist = graphene.Field(
        File,
        file=Upload(required=True),
        fileSize=graphene.Int(required=True),
        fileName=graphene.String(),
        description="Upload a global blacklist file.",
    )
    uploadCodes = graphene.Field(
        UploadCodesCount,
        file=Upload(required=True),
        fileSize=graphene.Int(required=True),
        campaignId=graphene.String(required=True),
        type=graphene.String(required=True),
        description="Upload a CSV of access codes of type `tm` or `external` and import them.",
    )
    uploadScored = graphene.Field(
        File,
        file=Upload(required=True),
        fileSize=graphene.Int(required=True),
        campaignId=graphene.String(required=True),
        campaignName=graphene.String(required=True),
        description="Upload a scored registrant file for a campaign.",
    )
    uploadFanlist = graphene.Field(
        File,
        file=Upload(required=True),
        fileSize=graphene.Int(required=True),
        campaignId=graphene.String(required=True),
        description="Upload a fan list for a fanlist campaign.",
    )
    uploadWavePrepFile = graphene.Field(
        File,
        file=Upload(required=True),
        fileSize=graphene.Int(required=True),
        campaignId=graphene.ID(required=True),
        dateKey=graphene.String(required=True),
        type=WavePrepFileType(required=True),
        description="Upload a wave-preparation input file (markets or codes) for a date key.",
    )

    @staticmethod
    def resolve_uploadImage(
        root: Any,
        info: ResolveInfo,
        base64: str,
        contentType: str,
        fileName: str | None = None,
        cacheControl: str | None = None,
    ) -> Any:
        ctx = info.context
        payload = check_image(base64, ctx.settings.uploads.max_file_size)
        require_login(ctx)
        answer = ctx.clients.uploads.upload_image(image_body(payload, contentType, fileName, cacheControl))
        return to_image(answer)

    @staticmethod
    def resolve_uploadBlacklist(
        root: Any, info: ResolveInfo, file: Any, fileSize: int, fileName: str | None = None
    ) -> Any:
        ctx = info.context
        checked = _checked(ctx, file, fileSize)
        name = sanitize_file_name(fileName) if fileName else checked.name
        return _store(ctx, checked, "blacklists", name)

    @staticmethod
    def resolve_uploadCodes(
        root: Any, info: ResolveInfo, file: Any, fileSize: int, campaignId: str, type: str
    ) -> Any:
        ctx = info.context
        if type not in CODE_TYPES:
            raise BadUserInput("type must be tm or external.", reason="INVALID_CODE_TYPE", field="type")
        checked = _checked(ctx, file, fileSize)
        prefix = f"codes/{campaignId}/{type}"
        _store(ctx, checked, prefix, checked.name)
        answer = ctx.clients.codes.import_codes(campaignId, f"{prefix}/{checked.name}")
        return to_codes_count(answer)

    @staticmethod
    def resolve_uploadScored(
        root: Any, info: ResolveInfo, file: Any, fileSize: int, campaignId: str, campaignName: str
    ) -> Any:
        ctx = info.context
        checked = _checked(ctx, file, fileSize)
        name = naming.scored_file_name(campaignId, campaignName, naming.utc_now())
        return _store(ctx, checked, "scored", name)

    @staticmethod
    def resolve_uploadFanlist(root: Any, info: ResolveInfo, file: Any, fileSize: int, campaignId: str) -> Any:
        ctx = info.context
        checked = check_file(file, fileSize, ctx.settings.uploads.max_file_size)
        if checked.name.lower() == MANIFEST_NAME:
            raise BadUserInput(
                "A fan list cannot be named manifest.json.", reason="INVALID_FILE_NAME", field="file"
            )
        require_login(ctx)
        return _store(ctx, checked, f"fanlist/uploaded/{campaignId}", checked.name)

    @staticmethod
    def resolve_uploadWavePrepFile(
        root: Any, info: ResolveInfo, file: Any, fileSize: int, campaignId: str, dateKey: str, type: Any
    ) -> Any:
        ctx = info.context
        naming.check_date_key(dateKey)
        checked = _checked(ctx, file, fileSize)
        prefix = naming.wave_prep_prefix(campaignId, str(getattr(type, "value", type)))
        return _store(ctx, checked, prefix, f"{dateKey}.csv")
