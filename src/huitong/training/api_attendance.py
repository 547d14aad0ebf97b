"""(being written)"""

from huitong.training.api import router  # noqa: F401
