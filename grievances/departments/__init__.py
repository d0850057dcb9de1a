"""Departments answer for their work (DOMAIN.md, "Departments answer for their work"):
each item's hand-backs counted from its timeline (:mod:`.item_counts`), a department's
figures for a period (:mod:`.figures`) and the items behind each of them."""
