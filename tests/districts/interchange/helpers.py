"""The officials CSV of the two-district city (the ``officials`` fixture imports it)."""

OFFICIALS = [
    "official_code,name,role,organisation,community_code,start_date,end_date",
    "P1,张警官,police,甲一派出所,DA-1-0,2008-01-01,",
    "D1,李主任,director,甲一社区居委会,DA-1-0,2008-01-01,",
    "P2,王警官,police,乙一派出所,DB-1-0,2008-01-01,2009-06-30",
]
