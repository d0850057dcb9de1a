"""Promises (承诺): the rules (:mod:`.rules`), reads (:mod:`.selectors`), figures
(:mod:`.figures`) and writes (:mod:`.services`) of DOMAIN.md's section "Promises". The
model is :class:`evaluations.models.Promise`."""
