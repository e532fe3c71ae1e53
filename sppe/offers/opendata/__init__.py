"""Open data: the public offer of the territory in national schemas (data·inclusion, SCDL).

Every row is built from the public projections of `sppe.offers.public`, never from the
models' private fields.
"""
