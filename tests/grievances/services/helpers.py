"""Steps the tests of grievances/services/ take to bring an item where a test starts:
its timeline's kinds, an answer proposed by the department, then confirmed."""

from grievances import services


def kinds(grievance):
    return list(grievance.follow_ups.values_list("kind", flat=True))


def proposed(referred, dept_a1):
    services.grievance_accept(grievance=referred, user=dept_a1)
    return services.grievance_propose(grievance=referred, answer="已加强夜间巡逻", user=dept_a1)


def answered(referred, dept_a1, staff_a1):
    proposed(referred, dept_a1)
    return services.grievance_confirm(grievance=referred, user=staff_a1)
