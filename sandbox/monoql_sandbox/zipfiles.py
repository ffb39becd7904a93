"""Build the wave-prep ``prepped`` zip: header-only sms/, email/ and masterCodes/ CSVs per market."""

import io
import re
import zipfile

HEADERS = {
    "sms": "mobileNumber,firstName,lastName,code,marketId\n",
    "email": "email,firstName,lastName,code,marketId\n",
    "masterCodes": "code,marketId\n",
}


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", name) or "market"


def prepped_zip(market_names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in market_names:
            for folder, header in HEADERS.items():
                archive.writestr(f"{folder}/{_safe(name)}.csv", header)
    return buffer.getvalue()
