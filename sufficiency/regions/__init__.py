"""Regions: councils that plan sufficiency together (a commissioning collaboration or a
Regional Care Co-operative), the people who read the region's pages, and each council's choice
to share with its region. The regional pages themselves are in reports/regions/."""
