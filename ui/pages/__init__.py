"""One module per route family; each has create() registering its pages."""

import importlib
import pkgutil


def register_all() -> None:
    # every module here registers its own routes, so adding a page family touches no shared list
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        importlib.import_module(f'{__name__}.{info.name}').create()
