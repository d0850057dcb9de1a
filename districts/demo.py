"""The demo city: Chongqing districts built on the 2010 report (seed/chongqing-2010-article.txt).

Jiangbei's Wulidian street with its ten communities (Wanfeng Garden lies in Wanfeng
community), Jiulongpo with its stricter 85% threshold and Baishiyi town, and a handful
more districts so rankings have something to rank. One community has a long name (and
its director, in evaluations/demo.py, a long one too), so pages show how they wrap. Areas
go in through the same CSV import as real master data.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from core import interchange

from .models import Department, District, Role, Street, User

DEMO_PASSWORD = "demo-2010-safe"


@dataclass(frozen=True)
class DemoDistrict:
    code: str
    name: str
    main_urban: bool
    threshold: str
    streets: list[tuple[str, str, str, list[tuple[str, int]]]]


def _communities(prefix: str, names: str, reps: list[int]) -> list[tuple[str, int]]:
    return [(n, reps[i % len(reps)]) for i, n in enumerate(names.split())]


DISTRICTS = [
    DemoDistrict(
        "JB",
        "江北区",
        True,
        "",
        [
            (
                "WLD",
                "五里店街道",
                "street",
                _communities(
                    "WLD",
                    "五里店社区 万丰社区 塔坪社区 玉带山社区 东原社区 红土地社区 建新社区 渝通社区 "
                    "江北嘴社区 鹞子丘北滨路滨江国际花园社区",  # a long name: how pages wrap it
                    [42, 38, 51, 35, 47, 33, 40, 36, 44, 39],
                ),
            ),
            (
                "GYQ",
                "观音桥街道",
                "street",
                _communities("GYQ", "观音桥社区 建北社区 洋河社区 华新社区", [55, 48, 41, 37]),
            ),
            (
                "SMH",
                "石马河街道",
                "street",
                _communities("SMH", "石马河社区 南桥寺社区 大庙社区", [34, 29, 31]),
            ),
        ],
    ),
    DemoDistrict(
        "JLP",
        "九龙坡区",
        True,
        "85.00",
        [
            (
                "YJP",
                "杨家坪街道",
                "street",
                _communities(
                    "YJP", "西郊社区 团结路社区 直港大道社区 兴胜路社区", [46, 43, 39, 40]
                ),
            ),
            (
                "XJW",
                "谢家湾街道",
                "street",
                _communities("XJW", "谢家湾社区 鹤兴路社区 华岩新城社区", [38, 36, 42]),
            ),
            (
                "BSY",
                "白市驿镇",
                "town",
                [
                    (n, r)
                    for n, r in _communities(
                        "BSY", "白市驿村 高田坎村 九里村 海龙村 真武宫村", [30, 27, 25, 28, 26]
                    )
                ],
            ),
        ],
    ),
    DemoDistrict(
        "YZ",
        "渝中区",
        True,
        "",
        [
            (
                "JFB",
                "解放碑街道",
                "street",
                _communities("JFB", "民生路社区 较场口社区 解放碑社区", [45, 39, 50]),
            ),
            (
                "SPS",
                "上清寺街道",
                "street",
                _communities("SPS", "中山四路社区 学田湾社区 美专校街社区", [37, 35, 41]),
            ),
        ],
    ),
    DemoDistrict(
        "SPB",
        "沙坪坝区",
        True,
        "",
        [
            (
                "XQL",
                "小龙坎街道",
                "street",
                _communities("XQL", "小龙坎正街社区 西站社区 土湾社区", [44, 36, 38]),
            ),
            ("TXJ", "天星桥街道", "street", _communities("TXJ", "天星桥社区 新桥社区", [40, 33])),
        ],
    ),
    DemoDistrict(
        "NA",
        "南岸区",
        True,
        "",
        [
            (
                "NP",
                "南坪街道",
                "street",
                _communities("NP", "南坪正街社区 后堡社区 福利社社区", [47, 42, 39]),
            ),
            ("DYK", "弹子石街道", "street", _communities("DYK", "弹子石社区 裕华社区", [35, 32])),
        ],
    ),
    DemoDistrict(
        "DDK",
        "大渡口区",
        True,
        "",
        [
            (
                "XGW",
                "新山村街道",
                "street",
                _communities("XGW", "新山村社区 钢花路社区 跃进村社区", [36, 34, 31]),
            ),
        ],
    ),
    DemoDistrict(
        "WZ",
        "万州区",
        False,
        "",
        [
            (
                "GNH",
                "高笋塘街道",
                "street",
                _communities("GNH", "高笋塘社区 白岩路社区 太白社区", [41, 38, 35]),
            ),
            ("ZXZ", "甘宁镇", "town", _communities("ZXZ", "甘宁村 永胜村 楠桥村", [27, 25, 24])),
        ],
    ),
    DemoDistrict(
        "FL",
        "涪陵区",
        False,
        "",
        [
            (
                "DSM",
                "敦仁街道",
                "street",
                _communities("DSM", "敦仁社区 太极社区 松屏社区", [39, 37, 33]),
            ),
        ],
    ),
]


def areas_csv() -> bytes:
    """The demo city in the ``areas`` CSV format."""
    out = io.StringIO()
    columns = interchange.get_kind("areas").columns
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for d in DISTRICTS:
        for street_code, street_name, street_kind, communities in d.streets:
            for i, (name, reps) in enumerate(communities, start=1):
                writer.writerow(
                    {
                        "district_code": d.code,
                        "district_name": d.name,
                        "main_urban": "yes" if d.main_urban else "no",
                        "safety_threshold": d.threshold,
                        "street_code": f"{d.code}-{street_code}",
                        "street_name": street_name,
                        "street_kind": street_kind,
                        "community_code": f"{d.code}-{street_code}-{i:02d}",
                        "community_name": name,
                        "community_kind": "village" if name.endswith("村") else "community",
                        "representatives": reps,
                    }
                )
    return out.getvalue().encode("utf-8")


ROSTER_COMMUNITY = "JB-WLD-01"  # 五里店社区 keeps a roster of its representatives by name
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"
GIVEN = "芳强敏丽杰霞红伟军英华平明静秀兰玉春燕建国"


def representatives_csv() -> bytes:
    """A roster by name for one demo community, as many names as its roll (so the demo's
    meetings keep their roll), in the ``representatives`` CSV format."""
    roll = dict(
        (f"{d.code}-{street_code}-{i:02d}", reps)
        for d in DISTRICTS
        for street_code, _name, _kind, communities in d.streets
        for i, (_cname, reps) in enumerate(communities, start=1)
    )[ROSTER_COMMUNITY]
    out = io.StringIO()
    columns = interchange.get_kind("representatives").columns
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for n in range(roll):
        writer.writerow(
            {
                "community_code": ROSTER_COMMUNITY,
                "name": SURNAMES[n % len(SURNAMES)] + GIVEN[(n * 7) % len(GIVEN)],
                "group": f"{n % 12 + 1}栋",
                "phone": "",
                "start_date": "2008-01-01",
                "end_date": "",
            }
        )
    return out.getvalue().encode("utf-8")


@dataclass(frozen=True)
class DemoLogin:
    username: str
    first_name: str
    last_name: str
    role: str
    district: str | None = None
    street: str | None = None
    superuser: bool = False
    # department staff: (street code, platform key) of their six-in-one department
    department: tuple[str, str] | None = None


LOGINS = [
    DemoLogin("wulidian", "祥勇", "刘", Role.STREET_STAFF, street="JB-WLD"),
    DemoLogin("baishiyi", "晓梅", "陈", Role.STREET_STAFF, street="JLP-BSY"),
    DemoLogin("jiangbei", "建国", "王", Role.DISTRICT_OFFICIAL, district="JB"),
    DemoLogin("jiulongpo", "光全", "刘", Role.DISTRICT_OFFICIAL, district="JLP"),
    DemoLogin("city", "光磊", "刘", Role.CITY_OFFICIAL),
    DemoLogin("jbadmin", "丽", "李", Role.ADMINISTRATOR, district="JB"),
    DemoLogin("admin", "", "系统管理员", Role.ADMINISTRATOR, superuser=True),
    DemoLogin("wldpolice", "卫东", "张", Role.DEPARTMENT_STAFF, department=("JB-WLD", "police")),
    DemoLogin("wldjudicial", "静", "周", Role.DEPARTMENT_STAFF, department=("JB-WLD", "judicial")),
]


def seed_logins() -> list[tuple[DemoLogin, User]]:
    done = []
    for login in LOGINS:
        user, _ = User.objects.update_or_create(
            username=login.username,
            defaults={
                "email": f"{login.username}@demo.invalid",  # the digest, printed by make run
                "first_name": login.first_name,
                "last_name": login.last_name,
                "role": login.role,
                "district": District.objects.get(code=login.district) if login.district else None,
                "street": Street.objects.get(code=login.street) if login.street else None,
                "department": (
                    Department.objects.get(
                        street__code=login.department[0], key=login.department[1]
                    )
                    if login.department
                    else None
                ),
                "is_staff": login.role == Role.ADMINISTRATOR,
                "is_superuser": login.superuser,
                "is_active": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        done.append((login, user))
    return done
