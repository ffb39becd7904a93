"""Each environment as the original deployed it: cluster, backend URLs, names, CORS origins, ppc, cookie sites."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import yaml

from monoql.config import ConfigError, load_settings
from monoql.config.sites import origins_without_session, same_site_warning, site_of, warn_about_cookie_sites
from monoql_sandbox.keys import public_key_pem

REPO = Path(__file__).resolve().parents[2]
PEM = public_key_pem()
SECRETS = {"MONOQL_SESSION__SECRET": "s" * 32, "MONOQL_JWT__PUBLIC_KEY": PEM}

PUBLIC_FAN_SITES = [
    "registration.ticketmaster.com",
    "registration.ticketmaster.ca",
    "registration.ticketmaster.com.mx",
    "registration.livenation.com",
    "verifiedfan.ticketmaster.com",
    "verifiedfan.ticketmaster.ca",
    "verifiedfan.ticketmaster.com.mx",
    "verifiedfan.livenation.com",
]

BACKENDS = {
    "dev": {
        "users": "https://vf-usr-srvc-dev.vf.nonprod9.us-east-1.tktm.io",
        "campaigns": "https://vf-camp-srvc-dev.vf.nonprod9.us-east-1.tktm.io",
        "entries": "https://vf-ent-srvc-dev.vf.nonprod9.us-east-1.tktm.io",
        "codes": "https://vf-code-srvc-dev.vf.nonprod9.us-east-1.tktm.io",
        "uploads": "https://uploads-dev1-us-east-1.titan.nonprod-tmaws.io",
        "waves": "https://wave-svc-dev1-us-east-1.titan.nonprod-tmaws.io",
        "exports": "https://vf-export-dev1-us-east-1.titan.nonprod-tmaws.io",
    },
    "qa": {
        "users": "https://vf-usr-srvc-qa.vf.nonprod9.us-east-1.tktm.io",
        "campaigns": "https://vf-camp-srvc-qa.vf.nonprod9.us-east-1.tktm.io",
        "entries": "https://vf-ent-srvc-qa.vf.nonprod9.us-east-1.tktm.io",
        "codes": "https://vf-code-srvc-qa.vf.nonprod9.us-east-1.tktm.io",
        "uploads": "https://uploads-qa1-us-east-1.titan.nonprod-tmaws.io",
        "waves": "https://wave-svc-qa1-us-east-1.titan.nonprod-tmaws.io",
        "exports": "https://vf-export-qa1-us-east-1.titan.nonprod-tmaws.io",
    },
    "preprod": {
        "users": "https://vf-usr-srvc.vf.preprod9.us-east-1.tktm.io",
        "campaigns": "https://vf-camp-srvc.vf.preprod9.us-east-1.tktm.io",
        "entries": "https://vf-ent-srvc.vf.preprod9.us-east-1.tktm.io",
        "codes": "https://vf-code-srvc.vf.preprod9.us-east-1.tktm.io",
        "uploads": "https://uploads-preprod1-us-east-1.titan.prod-tmaws.io",
        "waves": "https://wave-svc-preprod1-us-east-1.titan.prod-tmaws.io",
        "exports": "https://vf-export-preprod1-us-east-1.titan.prod-tmaws.io",
    },
    "prod": {
        "users": "https://vf-usr-srvc.vf.prod9.us-east-1.tktm.io",
        "campaigns": "https://vf-camp-srvc.vf.prod9.us-east-1.tktm.io",
        "entries": "https://vf-ent-srvc.vf.prod9.us-east-1.tktm.io",
        "codes": "https://vf-code-srvc.vf.prod9.us-east-1.tktm.io",
        "uploads": "https://uploads-prod1-us-east-1.titan.prod-tmaws.io",
        "waves": "https://wave-svc-prod1-us-east-1.titan.prod-tmaws.io",
        "exports": "https://vf-export-prod1-us-east-1.titan.prod-tmaws.io",
    },
    "prodw": {
        "users": "https://vf-usr-srvc.vf.prod10.us-west-2.tktm.io",
        "campaigns": "https://vf-camp-srvc.vf.prod10.us-west-2.tktm.io",
        "entries": "https://vf-ent-srvc.vf.prod10.us-west-2.tktm.io",
        "codes": "https://vf-code-srvc.vf.prod10.us-west-2.tktm.io",
        "uploads": "https://uploads-prod1-us-west-2.titan.prod-tmaws.io",
        "waves": "https://wave-svc-prod1-us-west-2.titan.prod-tmaws.io",
        "exports": "https://vf-export-prod1-us-west-2.titan.prod-tmaws.io",
    },
}

CLUSTERS = {
    "dev": "nonprod9.us-east-1",
    "qa": "nonprod9.us-east-1",
    "preprod": "preprod9.us-east-1",
    "prod": "prod9.us-east-1",
    "prodw": "prod10.us-west-2",
}

HOSTS = {
    "dev": ["monoql-dev.vf.nonprod9.us-east-1.tktm.io"],
    "qa": ["monoql-qa.vf.nonprod9.us-east-1.tktm.io"],
    "preprod": ["monoql.vf.preprod9.us-east-1.pub-tktm.io", "registration.tmus.preprod.ticketmaster.net"],
    "prod": ["monoql.vf.prod9.us-east-1.pub-tktm.io", *PUBLIC_FAN_SITES],
    "prodw": ["monoql.vf.prod10.us-west-2.pub-tktm.io", *PUBLIC_FAN_SITES],
}

PROD_ORIGINS = [
    "admin.vf.prod9.us-east-1.pub-tktm.io",
    "admin-ui-next.vf.prod9.us-east-1.pub-tktm.io",
    "admin.registration.ticketmaster.com",
    "admin.verifiedfan.ticketmaster.com",
    *PUBLIC_FAN_SITES,
    "reg-ui.vf.prod9.us-east-1.pub-tktm.io",
    "reg-ui.vf.prod10.us-west-2.pub-tktm.io",
]
ORIGINS = {
    "dev": [
        "admin-dev.vf.nonprod9.us-east-1.tktm.io",
        "admin-ui-next-dev.vf.nonprod9.us-east-1.tktm.io",
        "reg-ui-dev.vf.nonprod9.us-east-1.tktm.io",
    ],
    "qa": [
        "admin-qa.vf.nonprod9.us-east-1.tktm.io",
        "admin-ui-next-qa.vf.nonprod9.us-east-1.tktm.io",
        "reg-ui-qa.vf.nonprod9.us-east-1.tktm.io",
    ],
    "preprod": [
        "admin.vf.preprod9.us-east-1.pub-tktm.io",
        "admin-ui-next.vf.preprod9.us-east-1.pub-tktm.io",
        "admin.registration.tmus.preprod.ticketmaster.net",
        "admin.verifiedfan.tmus.preprod.ticketmaster.net",
        "admin.preprod-verifiedfan.ticketmaster.com",
        "reg-ui.vf.preprod9.us-east-1.pub-tktm.io",
        "registration.tmus.preprod.ticketmaster.net",
    ],
    "prod": PROD_ORIGINS,
    "prodw": PROD_ORIGINS,
}

DEPLOYED = tuple(BACKENDS)


def settings_of(env: str, **overrides: object):  # type: ignore[no-untyped-def]
    return load_settings(env, overrides=overrides or None, environ=SECRETS)


@pytest.mark.parametrize("env", DEPLOYED)
def test_backends_follow_the_original_names(env: str) -> None:
    services = settings_of(env).services
    assert {name: service.base_url for name, service in services.items()} == BACKENDS[env]


@pytest.mark.parametrize("env", DEPLOYED)
def test_verified_fan_services_live_in_the_environments_cluster(env: str) -> None:
    for name in ("users", "campaigns", "entries", "codes"):
        host = settings_of(env).services[name].base_url.removeprefix("https://")
        assert host.endswith(f".vf.{CLUSTERS[env]}.tktm.io"), host


@pytest.mark.parametrize("env", DEPLOYED)
def test_ingress_hosts_are_the_environments_names(env: str) -> None:
    assert settings_of(env).ingress.hosts == HOSTS[env]


@pytest.mark.parametrize("env", DEPLOYED)
def test_chart_ingress_answers_on_the_same_names_as_the_configuration(env: str) -> None:
    values = yaml.safe_load((REPO / "charts" / "monoql" / f"values-{env}.yaml").read_text())
    assert values["ingress"]["hosts"] == settings_of(env).ingress.hosts


@pytest.mark.parametrize("env", DEPLOYED)
def test_cors_allows_the_admin_tools_and_fan_sites_of_the_environment(env: str) -> None:
    cors = settings_of(env).cors
    assert cors.allowed_hosts == ORIGINS[env]
    assert cors.https_only is True and cors.allow_all is False


@pytest.mark.parametrize("env", ["prod", "prodw"])
def test_production_cors_holds_every_public_fan_site(env: str) -> None:
    allowed = settings_of(env).cors.allowed_hosts
    for name in ("registration.ticketmaster.ca", "registration.livenation.com", "verifiedfan.ticketmaster.com.mx"):
        assert name in allowed


@pytest.mark.parametrize("env", DEPLOYED)
def test_ppc_url_and_id_are_configured_and_the_token_comes_from_the_secret(env: str) -> None:
    ppc = settings_of(env).ppc
    assert ppc.url is not None and ppc.url.startswith("https://")
    assert ppc.id
    assert ppc.token is None
    raw = yaml.safe_load((REPO / "monoql" / "config" / f"{env}.yaml").read_text())
    assert "token" not in raw["ppc"]
    with_secret = load_settings(env, environ={**SECRETS, "MONOQL_PPC__TOKEN": "from-the-secret"})
    assert with_secret.ppc.token == "from-the-secret"


@pytest.mark.parametrize("env", ["dev", "qa", "prod", "prodw", "local"])
def test_every_cors_origin_gets_a_session_under_lax(env: str) -> None:
    settings = settings_of(env)
    assert settings.session.same_site == "Lax"
    assert origins_without_session(settings) == []
    assert same_site_warning(settings) is None


def test_preprod_names_the_one_origin_that_gets_no_session() -> None:
    warning = same_site_warning(settings_of("preprod"))
    assert warning is not None
    assert "\n" not in warning
    assert "admin.preprod-verifiedfan.ticketmaster.com" in warning
    assert "admin.registration.tmus.preprod.ticketmaster.net" not in warning
    assert warning.startswith("session.sameSite is Lax: no cookie session for CORS origin(s) ")


def test_same_site_none_silences_the_check() -> None:
    settings = settings_of("preprod", session={"sameSite": "None"})
    assert same_site_warning(settings) is None


def test_strict_is_checked_like_lax() -> None:
    settings = settings_of("preprod", session={"sameSite": "Strict"})
    assert origins_without_session(settings) == ["admin.preprod-verifiedfan.ticketmaster.com"]


def test_the_warning_is_logged_once(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="monoql.config.sites"):
        warn_about_cookie_sites(settings_of("preprod"))
        warn_about_cookie_sites(settings_of("prod"))
    records = [r for r in caplog.records if r.name == "monoql.config.sites"]
    assert len(records) == 1
    assert records[0].levelno == logging.WARNING
    assert "admin.preprod-verifiedfan.ticketmaster.com" in records[0].getMessage()


def test_same_site_none_needs_secure() -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings("local", overrides={"session": {"sameSite": "None"}}, environ=SECRETS)
    assert "session.sameSite" in str(raised.value)
    assert "session.secure" in str(raised.value)
    assert load_settings("dev", overrides={"session": {"sameSite": "None"}}, environ=SECRETS).session.same_site == "None"


def test_same_site_accepts_only_the_cookie_values() -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings("dev", overrides={"session": {"sameSite": "lax"}}, environ=SECRETS)
    assert "session.sameSite" in str(raised.value)


@pytest.mark.parametrize(
    ("host", "site"),
    [
        ("admin.registration.ticketmaster.com", "ticketmaster.com"),
        ("registration.ticketmaster.com.mx", "ticketmaster.com.mx"),
        ("monoql.vf.prod9.us-east-1.pub-tktm.io", "pub-tktm.io"),
        ("localhost:3000", "localhost"),
        ("127.0.0.1:8080", "127.0.0.1"),
        ("Verifiedfan.LiveNation.com.", "livenation.com"),
    ],
)
def test_site_is_the_registrable_domain(host: str, site: str) -> None:
    assert site_of(host) == site


def test_local_ppc_points_at_the_sandbox_stand_in_with_its_development_client() -> None:
    ppc = load_settings("local", environ=SECRETS).ppc
    assert ppc.url == "http://localhost:8090/ppc"
    # The client the sandbox's stand-in accepts: not secrets, and named as such.
    assert (ppc.id, ppc.token) == ("sandbox-ppc", "sandbox-ppc-development-only-token")
