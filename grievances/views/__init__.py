"""Grievance pages, one module per job: the list (lists), intake (intake), the item's page
(detail) and the street's steps on it (steps), the department's work list, steps and the
resident's receipt (department), the public verdict page (public), figures for an area
(area_figures), the departments' record (department_record), the year's grievance policy
(policy) and the departments' monthly bulletins (bulletin)."""

from .area_figures import FIGURE_COLUMNS, figures
from .bulletin import bulletin_detail, bulletin_items, bulletin_list, bulletin_xlsx
from .department import department_step, receipt, work_list
from .department_record import DepartmentItemsView, DepartmentRecordView
from .detail import grievance_detail
from .intake import grievance_new, meeting_intake
from .lists import GrievanceListView
from .policy import policy_edit, policy_list
from .public import public_verdict
from .steps import apply_step, grievance_step

__all__ = [
    "FIGURE_COLUMNS",
    "DepartmentItemsView",
    "DepartmentRecordView",
    "GrievanceListView",
    "apply_step",
    "bulletin_detail",
    "bulletin_items",
    "bulletin_list",
    "bulletin_xlsx",
    "department_step",
    "figures",
    "grievance_detail",
    "grievance_new",
    "grievance_step",
    "meeting_intake",
    "policy_edit",
    "policy_list",
    "public_verdict",
    "receipt",
    "work_list",
]
