"""CSV rows, through the admin's import page: a valid row of each kind of the small city."""

import csv
import io

CSV_ROWS = {  # kind -> a valid row of the small city (one column at a time goes hostile)
    "areas": {
        "district_code": "DA",
        "district_name": "甲区",
        "main_urban": "yes",
        "safety_threshold": "",
        "street_code": "DA-1",
        "street_name": "甲一街道",
        "street_kind": "street",
        "community_code": "DA-1-9",
        "community_name": "新社区",
        "community_kind": "community",
        "representatives": "30",
    },
    "officials": {
        "official_code": "OF-2",
        "name": "李主任",
        "role": "director",
        "organisation": "居委会",
        "community_code": "DA-1-0",
        "start_date": "2009-01-01",
        "end_date": "",
    },
    "reviews": {
        "community_code": "DA-1-0",
        "year": "2009",
        "quarter": "4",
        "held_on": "2009-11-20",
        "present": "8",
        "official_code": "OF-1",
        "very_satisfied": "5",
        "satisfied": "2",
        "basically_satisfied": "1",
        "unsatisfied": "0",
    },
    "surveys": {
        "street_code": "DA-1",
        "year": "2010",
        "safe": "50",
        "fairly_safe": "30",
        "not_very_safe": "15",
        "unsafe": "5",
    },
    "grievances": {
        "reference": "IMP-2009-0001",
        "community_code": "DA-1-0",
        "received_on": "2009-03-01",
        "kind": "complaint",
        "key_dispute": "no",
        "summary": "噪音",
        "disposition": "",
        "department": "",
        "deadline": "",
        "resolved_on": "",
        "answered_on": "",
    },
    "promises": {  # made at the first quarter of 2009, judged at the second
        "community_code": "DA-1-0",
        "year": "2009",
        "quarter": "1",
        "number": "1",
        "owner": "OF-1",
        "text": "组织夜间巡逻",
        "due_on": "2009-06-30",
        "done_on": "2009-04-01",
        "judged_year": "2009",
        "judged_quarter": "2",
        "kept_votes": "6",
        "not_kept_votes": "2",
    },
}


def csv_text(row: dict[str, str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(row), lineterminator="\n")
    writer.writeheader()
    writer.writerow(row)
    return out.getvalue()
