"""The placements app's models, gathered for Django: the cohort's and the market's.

The models live with their area (placements.cohort.models, placements.market.models); this
module only makes Django register them under the one app label their migrations use.
"""

from placements.cohort.models import *  # noqa: F401,F403
from placements.market.fostering import *  # noqa: F401,F403
from placements.market.models import *  # noqa: F401,F403
