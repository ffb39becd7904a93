"""The layered, validated configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from monoql.config import ConfigError, load_settings
from monoql.config.loader import ENVIRONMENTS
from monoql_sandbox.keys import public_key_pem

PEM = public_key_pem()
SECRETS = {"MONOQL_SESSION__SECRET": "s" * 32, "MONOQL_JWT__PUBLIC_KEY": PEM}


def test_local_points_at_the_sandbox_on_loopback() -> None:
    settings = load_settings("local", environ={"MONOQL_JWT__PUBLIC_KEY": PEM})
    assert settings.env == "local"
    assert settings.host == "127.0.0.1"
    assert settings.services["campaigns"].base_url == "http://localhost:8090/campaigns"
    assert settings.services["campaigns"].cache_ttl == 5
    assert settings.services["entries"].cache_ttl == 0
    assert settings.graphiql and settings.introspection and settings.show_developer_message
    assert settings.session.secure is False and settings.proxy.trust is False


@pytest.mark.parametrize("env", ["preprod", "prod", "prodw"])
def test_production_environments_are_locked_down(env: str) -> None:
    settings = load_settings(env, environ=SECRETS)
    assert settings.show_developer_message is False
    assert settings.graphiql is False and settings.introspection is False
    assert settings.cors.https_only is True and settings.cors.allow_all is False
    assert settings.cors.allowed_hosts
    assert settings.csrf.enabled is True
    assert settings.session.secure is True and settings.proxy.trust is True
    assert settings.heartbeat.dependencies is False
    assert all(s.base_url.startswith("https://") for s in settings.services.values())
    assert settings.logging.file == "/logs/titan.log"


@pytest.mark.parametrize("env", ["dev", "qa"])
def test_dev_and_qa_show_developer_messages(env: str) -> None:
    assert load_settings(env, environ=SECRETS).show_developer_message is True


def test_prodw_differs_from_prod_by_region() -> None:
    east, west = load_settings("prod", environ=SECRETS), load_settings("prodw", environ=SECRETS)
    assert "us-east-1" in east.services["users"].base_url
    assert "us-west-2" in west.services["users"].base_url


def test_every_environment_file_exists() -> None:
    for env in ENVIRONMENTS:
        assert (Path(__file__).resolve().parents[2] / "monoql" / "config" / f"{env}.yaml").is_file()


def test_production_without_secrets_fails_with_one_line_naming_the_key() -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings("prod", environ={})
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith("invalid configuration: jwt")


def test_environment_variables_set_single_keys() -> None:
    settings = load_settings(
        "prod",
        environ={
            **SECRETS,
            "MONOQL_SERVICES__USERS__TIMEOUT__READ": "4.5",
            "MONOQL_SHOW_DEVELOPER_MESSAGE": "true",
            "MONOQL_DNS_CACHE_TTL": "15",
            "MONOQL_CORS__ALLOWED_HOSTS": "[a.example.com, b.example.com]",
        },
    )
    assert settings.services["users"].timeout.read == 4.5
    assert settings.show_developer_message is True
    assert settings.dns_cache_ttl == 15
    assert settings.cors.allowed_hosts == ["a.example.com", "b.example.com"]
    assert settings.session.secret == "s" * 32


def test_a_mounted_file_overrides_the_environment_file(tmp_path: Path) -> None:
    extra = tmp_path / "configmap.yaml"
    extra.write_text("deadline:\n  query: 3\nservices:\n  users:\n    url: https://users.internal\n")
    settings = load_settings("local", environ={"MONOQL_CONFIG_FILE": str(extra), "MONOQL_JWT__PUBLIC_KEY": PEM})
    assert settings.deadline.query == 3
    assert settings.services["users"].base_url == "https://users.internal"
    assert settings.services["campaigns"].base_url == "http://localhost:8090/campaigns"


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"MONOQL_SERVICES__USERS__TIMEOUT__READ": "-1"}, "services.users.timeout.read"),
        ({"MONOQL_PORT": "70000"}, "port"),
        ({"MONOQL_SESSION__SECRET": "short"}, "session.secret"),
        ({"MONOQL_JWT__PUBLIC_KEY": "not a key"}, "jwt.publicKey"),
        ({"MONOQL_LOGGING__LEVEL": "LOUD"}, "logging.level"),
        ({"MONOQL_UNKNOWN_KEY": "1"}, "unknownKey"),
        ({"MONOQL_SERVICES__USERS__URL": "not a url"}, "services.users.url"),
    ],
)
def test_bad_values_name_their_key(variables: dict[str, str], expected: str) -> None:
    with pytest.raises(ConfigError, match=rf"^invalid configuration: {expected}:"):
        load_settings("prod", environ={**SECRETS, **variables})


def test_no_environment_is_refused_with_one_line() -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings(environ={"MONOQL_JWT__PUBLIC_KEY": PEM, "MONOQL_SESSION__SECRET": "s" * 32})
    assert str(raised.value) == (
        "MONOQL_ENV is not set: name the environment to run (local, dev, qa, preprod, prod, prodw)"
    )


def test_local_without_the_development_key_is_refused() -> None:
    with pytest.raises(ConfigError, match=r"^invalid configuration: jwt: Field required"):
        load_settings("local", environ={})


@pytest.mark.parametrize("env", ["dev", "qa", "preprod", "prod", "prodw"])
def test_deployed_environments_listen_on_every_interface(env: str) -> None:
    assert load_settings(env, environ=SECRETS).host == "0.0.0.0"


def test_unknown_environment_is_refused() -> None:
    with pytest.raises(ConfigError, match="MONOQL_ENV"):
        load_settings(environ={"MONOQL_ENV": "staging"})


def test_unreadable_mounted_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_settings("local", environ={"MONOQL_CONFIG_FILE": str(tmp_path / "missing.yaml")})
