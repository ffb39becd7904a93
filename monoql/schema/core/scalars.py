"""The schema's custom scalars: JSON (any value) and Upload (a multipart file part)."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import ValueNode
from graphql.utilities import value_from_ast_untyped
from werkzeug.datastructures import FileStorage


class JSON(graphene.Scalar):
    """Any JSON value: object, array, string, number, boolean or null."""

    @staticmethod
    def serialize(value: Any) -> Any:
        return value

    @staticmethod
    def parse_value(value: Any) -> Any:
        return value

    @staticmethod
    def parse_literal(node: ValueNode, _variables: Any = None) -> Any:
        return value_from_ast_untyped(node, _variables)


class Upload(graphene.Scalar):
    """A file sent as a part of a GraphQL multipart request."""

    @staticmethod
    def serialize(value: Any) -> Any:
        raise ValueError("Upload can only be an input")

    @staticmethod
    def parse_value(value: Any) -> FileStorage:
        if not isinstance(value, FileStorage):
            raise ValueError("Upload must be a file part of a multipart request")
        return value

    @staticmethod
    def parse_literal(node: ValueNode, _variables: Any = None) -> Any:
        raise ValueError("Upload can only be given as a variable of a multipart request")
