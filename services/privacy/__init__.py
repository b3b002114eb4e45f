"""Personal data: private text and contact details sealed per subject (crypto-shredding), and
what a person may ask of it: a copy of everything (export), to be forgotten (erasure), and that
it is not kept longer than their programme says (retention)."""
