"""One measured patch to NiceGUI, applied at start.

NiceGUI asks `inspect.signature` whether a change handler takes arguments every time it creates an
observable collection: three per element (props, classes, style). The handler is always a bound method of
the same few functions, so the answer never changes — yet a live update creates cards on every open board,
and with fifty boards open those signature lookups were a quarter of the server's time for a moved card
(bench/live.py). Bound methods are answered once per function here; anything else is asked as before."""

import inspect
from collections.abc import Callable

from nicegui import helpers

_ask = helpers.expects_arguments
_answers: dict[Callable, bool] = {}


def _expects_arguments(func: Callable) -> bool:
    if not inspect.ismethod(func):
        return _ask(func)
    # a bound method's signature leaves out `self`: the same for every instance of the function
    answer = _answers.get(func.__func__)
    if answer is None:
        answer = _answers[func.__func__] = _ask(func)
    return answer


def install() -> None:
    helpers.expects_arguments = _expects_arguments
