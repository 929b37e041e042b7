"""Turn pydantic validation failures into one plain-words domain error."""

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from services.errors import Invalid

M = TypeVar('M', bound=BaseModel)


def parse(model: type[M], data: dict[str, Any]) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise Invalid(message(e)) from None


def message(error: ValidationError) -> str:
    first = error.errors()[0]
    text = str(first.get('msg', 'Invalid value.'))
    # pydantic prefixes messages raised in validators with "Value error, "
    return text.removeprefix('Value error, ')
