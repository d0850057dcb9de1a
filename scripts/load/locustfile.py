"""The mixed load of ``make load`` (README, "Load run"): street staff working a quarter,
district officials reading rankings and figures, a city official exporting.

Every request goes to the next of the app servers in LOAD_HOSTS (comma-separated), round
robin, with one session cookie: a login made on one server must hold on the other, a form
opened on one is saved on the other. Any state kept in one process's memory would show
as errors here.

The logins are those of ``seed_demo --scale`` (tools/scale.py).
"""

from __future__ import annotations

import itertools
import os
import random
import re

from locust import HttpUser, between, task

HOSTS = os.environ.get("LOAD_HOSTS", "http://127.0.0.1:8001,http://127.0.0.1:8002").split(",")
_next_host = itertools.cycle(HOSTS).__next__
PASSWORD = os.environ.get("LOAD_PASSWORD", "demo-2010-safe")
YEAR = int(os.environ.get("LOAD_YEAR", "2013"))
QUARTER = int(os.environ.get("LOAD_QUARTER", "4"))
# The rankings read are the last complete year's, as in the fourth quarter of a year the
# officials read the year before's (while the street staff correct this quarter's meetings,
# which changes this year's figures only: docs/scale.md, "Load run").
RANKING_YEAR = int(os.environ.get("LOAD_RANKING_YEAR", str(YEAR - 1)))
INPUT = re.compile(r"<input\b[^>]*>")
ATTR = re.compile(r'(\w+)="([^"]*)"')
CONFIRM = re.compile(r'name="confirm_consequences" value="([^"]*)"')
COMMUNITY = re.compile(r"/reviews/communities/([\w-]+)/%d/%d/" % (YEAR, QUARTER))


class Base(HttpUser):
    abstract = True
    host = HOSTS[0]
    # a person reads a page for a moment before the next click (LOAD_WAIT="1,3" seconds)
    wait_time = between(*(float(s) for s in os.environ.get("LOAD_WAIT", "1,3").split(",")))
    username = ""

    def url(self, path: str) -> str:
        return _next_host() + path

    def get(self, path: str, name: str) -> str:
        with self.client.get(self.url(path), name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            return response.text

    def on_start(self) -> None:
        page = self.client.get(self.url("/accounts/login/"), name="login form").text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, "no CSRF token on the login form"
        with self.client.post(
            self.url("/accounts/login/"),
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token[1]},
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login refused ({response.status_code})")


class StreetStaff(Base):
    """Works through the quarter: the board, meetings, corrections submitted."""

    weight = 5
    username = "scale-street"
    communities: list[str] = []

    def on_start(self) -> None:
        super().on_start()
        board = self.get(f"/reviews/?year={YEAR}&quarter={QUARTER}", "quarter board")
        self.communities = sorted(set(COMMUNITY.findall(board)))

    @task(3)
    def board(self) -> None:
        self.get(f"/reviews/?year={YEAR}&quarter={QUARTER}", "quarter board")

    @task(2)
    def home(self) -> None:
        self.get("/", "home: street staff")

    @task(4)
    def correct_a_meeting(self) -> None:
        if not self.communities:
            return
        community = random.choice(self.communities)  # noqa: S311 - not a secret
        path = f"/reviews/communities/{community}/{YEAR}/{QUARTER}/"
        page = self.get(path, "meeting entry form")
        data: dict[str, str] = {}
        for tag in INPUT.findall(page):
            attrs = dict(ATTR.findall(tag))
            if "name" in attrs and attrs.get("type") not in ("checkbox", "radio", "submit"):
                data[attrs["name"]] = attrs.get("value", "")
        counts = [k for k in data if k.endswith("-very_satisfied")]
        if not counts:
            return
        vs = counts[0]
        s = vs.replace("very_satisfied", "satisfied")
        a, b = int(data[vs] or 0), int(data.get(s) or 0)
        if a > 0:  # one vote moved between two levels: a real change, the same total
            data[vs], data[s] = str(a - 1), str(b + 1)
        elif b > 0:
            data[vs], data[s] = str(a + 1), str(b - 1)
        data["action"] = "submit"
        data["reason"] = "load run correction"
        self.submit(path, data)

    def submit(self, path: str, data: dict[str, str]) -> None:
        """Post the correction; where the page first lists its consequences (a
        recommendation that would change) and asks to confirm, confirm as a person would."""
        with self.client.post(
            self.url(path),
            data,
            name="submit a meeting",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                return
            if response.status_code == 409:
                # Someone of the same street saved this meeting between this user's opening
                # the form and saving it (all the simulated street staff work on the same
                # street's communities): the app refuses the stale save and shows what
                # changed, nothing is lost. Not an error, but counted on a line of its own.
                response.success()
                self.environment.events.request.fire(
                    request_type="POST",
                    name="submit refused: stale form (409, expected)",
                    response_time=response.elapsed.total_seconds() * 1000,
                    response_length=len(response.content or b""),
                    exception=None,
                    context={},
                )
                return
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
                return
            confirm = CONFIRM.search(response.text)
            if confirm is None:
                response.failure("200 without a confirmation to give")
                return
            response.success()
        with self.client.post(
            self.url(path),
            {**data, "confirm_consequences": confirm[1]},
            name="submit a meeting (confirmed)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code not in (200, 302):
                response.failure(f"{response.status_code}")


class DistrictOfficial(Base):
    """Reads rankings and figures."""

    weight = 3
    username = "scale-district"

    @task(2)
    def home(self) -> None:
        self.get("/", "home: district official")

    @task(2)
    def city_ranking(self) -> None:
        self.get(f"/rankings/?year={RANKING_YEAR}", "city ranking")

    @task(3)
    def street_ranking(self) -> None:
        self.get(f"/rankings/districts/C00/?year={RANKING_YEAR}", "district's street ranking")

    @task(2)
    def figures(self) -> None:
        self.get(f"/grievances/figures/?from={YEAR}-01-01&to={YEAR}-12-31", "grievance figures")

    @task(1)
    def grievances(self) -> None:
        self.get("/grievances/?status=open&kind=complaint", "grievance list, filtered")


class CityOfficial(Base):
    """Exports."""

    weight = 1
    username = "scale-city"

    @task(1)
    def home(self) -> None:
        self.get("/", "home: city official")

    @task(2)
    def export(self) -> None:
        self.get(f"/rankings/?year={RANKING_YEAR}&_export=xlsx", "ranking XLSX")

    @task(1)
    def league(self) -> None:
        self.get(f"/rankings/league/?year={YEAR}&quarter={QUARTER}", "community league")
