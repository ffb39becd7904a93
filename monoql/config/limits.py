"""Settings that bound one request: its document, body, uploads, list sizes, backend calls and deadline."""

from __future__ import annotations

from pydantic import Field, model_validator

from monoql.config.model import Model


class BackendCalls(Model):
    """Backend calls (retries included) one request may cause, by caller kind (docs/errors.md §5).

    Measured by tests/hardening/test_backend_budget.py, which runs every client operation of
    tests/hardening/operations against the sandbox as each kind of caller that sends it and counts
    the calls (`-s` prints the table): at most 3 for an anonymous caller (FanLanding), 5 for a fan
    (FanLanding, FanSubmitEntry), 12 for an administrator (AdminMetricsDashboard); the largest
    admin list, 1,000 campaigns each with its markets, makes 1,001. A retry is a call too, and the
    worker's retry budget lets through about one in five. Each default is at least twice the
    largest count with its retries: 20 and 30 stop an anonymous request of 25 aliased campaign
    reads (which made 104 calls) while every page of the fan site passes.
    """

    anonymous: int = Field(20, gt=0)
    fan: int = Field(30, gt=0)
    administrator: int = Field(2500, gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> BackendCalls:
        if not self.anonymous < self.fan < self.administrator:
            raise ValueError("must grow from anonymous to fan to administrator")
        return self


class Limits(Model):
    """Request and document limits; the defaults admit every operation the admin and fan clients send.

    Measured over tests/hardening/operations (37 client operations, `__typename` added everywhere as
    Apollo Client does; tests/hardening/test_client_operations.py keeps these numbers honest):
    largest document 6,829 characters and 558 tokens (AdminCampaignEditor), depth 9, 4 aliases,
    0 directives, 7 root fields (AdminMetricsDashboard), a response name repeated 3 times in one
    selection, cost 16,763 with the list multiplier 10 (AdminCampaignEditor). Each default below
    is at least 1.6 times the measured maximum (depth) and mostly 3 to 10 times.
    """

    max_body_bytes: int = Field(1_048_576, gt=0)
    max_query_chars: int = Field(100_000, gt=0)
    max_tokens: int = Field(3_000, gt=0)
    max_depth: int = Field(15, gt=0)
    max_aliases: int = Field(30, ge=0)
    max_directives: int = Field(50, ge=0)
    max_root_fields: int = Field(20, gt=0)
    max_cost: int = Field(50_000, gt=0)
    list_multiplier: int = Field(10, gt=0)
    # A response name selected more often than this in one selection (after fragment expansion)
    # is refused: graphql-core's field-merging check is quadratic in such repeats.
    max_duplicate_fields: int = Field(10, gt=0)
    # Nesting of `variables` and `extensions` (JSON inputs nest 8 levels in CampaignInput).
    max_json_depth: int = Field(64, gt=0)
    max_batch: int = Field(1, ge=1)
    max_backend_calls: BackendCalls = BackendCalls()


class Uploads(Model):
    max_file_size: int = Field(104_857_600, gt=0)
    max_files: int = Field(5, gt=0)


class Lists(Model):
    max_limit: int = Field(1000, gt=0)


class Deadline(Model):
    query: float = Field(10.0, gt=0)
    mutation: float = Field(25.0, gt=0)
    upload: float = Field(55.0, gt=0)
