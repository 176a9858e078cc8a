def overview(r):
    pass


referral_list = referral_new = referral_import = referral_export = referral_edit = (
    referral_outcome
) = overview
