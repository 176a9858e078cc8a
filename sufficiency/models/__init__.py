"""The sufficiency app's models, gathered for Django: councils and people, and the action plan.

The models live with their area (sufficiency.councils, sufficiency.plan.models); this module
only makes Django register them under the one app label their migrations use.
"""

from sufficiency.councils import *  # noqa: F401,F403
from sufficiency.plan.intentions import *  # noqa: F401,F403
from sufficiency.plan.models import *  # noqa: F401,F403
from sufficiency.regions.models import *  # noqa: F401,F403
