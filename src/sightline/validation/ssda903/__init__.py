"""The DfE rules for this return, one module per group of codes; importing the package imports
every module in it, and each module's decorators register its rules."""

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
