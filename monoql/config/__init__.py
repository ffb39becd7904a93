"""Configuration: the settings model and the layered loader."""

from monoql.config.loader import load_settings
from monoql.config.settings import SERVICE_NAMES, ServiceSettings, Settings
from monoql.errors import ConfigError

__all__ = ["SERVICE_NAMES", "ConfigError", "ServiceSettings", "Settings", "load_settings"]
