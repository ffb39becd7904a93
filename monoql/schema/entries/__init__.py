"""Fan entries: the viewer's entry, eligibility, eligible counts and the entry mutations."""
