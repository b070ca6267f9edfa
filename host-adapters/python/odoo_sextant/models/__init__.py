from . import sextant_workspace
