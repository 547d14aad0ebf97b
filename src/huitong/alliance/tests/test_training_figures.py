"""The alliance's page shows its training programmes (on-site courses) when it has any:
programmes with links, editions, participants trained (invited speakers and experts not
counted) and the countries they come from, in a fixed number of queries, cached."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from huitong.core.models import Country
from huitong.testing import World, make_user
from huitong.training.models import Application, ApplicationStatus, Edition, ParticipantRole
from huitong.training.tests.conftest import make_edition, make_programme


def accept(edition: Edition, email: str, country: str, role: str = "participant") -> None:
    Application.objects.create(
        edition=edition,
        applicant=make_user(email, country=Country.objects.get(pk=country)),
        status=ApplicationStatus.ACCEPTED,
        role=role,
        invited=role != ParticipantRole.PARTICIPANT,
    )


def page(world: World) -> str:
    return Client().get(f"/a/{world.alliance.slug}/").content.decode()


def test_the_training_block_counts_participants_and_links_the_programmes(world: World) -> None:
    programme = make_programme(world)
    sixth = make_edition(programme, number=6)
    make_edition(programme, number=7, status="draft")  # not counted
    accept(sixth, "a@example.org", "RS")
    accept(sixth, "b@example.org", "CN")
    accept(sixth, "speaker@example.org", "PL", role=ParticipantRole.SPEAKER)
    html = page(world)
    block = html.split('id="training-figures"', 1)[1].split("</ul>", 1)[0]
    assert "<strong>1</strong> training programme" in block
    assert "<strong>1</strong> edition" in block
    assert "<strong>2</strong> participants trained" in block
    assert "<strong>2</strong> countries participants come from" in block
    assert f'href="/training/programmes/{programme.slug}/"' in html
    # No course at all: the course figures are hidden.
    assert 'id="course-figures"' not in html


def test_the_alliance_page_runs_a_fixed_number_of_queries_and_is_cached(world: World) -> None:
    client = Client()
    client.force_login(make_user("reader@example.org"))
    url = f"/a/{world.alliance.slug}/"

    def count() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    programme = make_programme(world)
    accept(make_edition(programme, number=1), "one@example.org", "RS")
    few = count()
    for number in (2, 3, 4):
        accept(make_edition(programme, number=number), f"p{number}@example.org", "CN")
    make_programme(world, slug="second", title="Second programme")
    assert count() == few
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    assert len(captured) < few  # the figures come from the cache
