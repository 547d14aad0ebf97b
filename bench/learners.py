"""The bench's signed-in learners, prepared in the bench database (run by bench/run.py in
the app's environment, like ``huitong shell``; prints one JSON object).

    python bench/learners.py session --course 12
        A learner enrolled in course 12, signed in: a session made in the database, as
        the login form would make it. {"cookie": "sessionid=…", "learner": …}

    python bench/learners.py burst --learners 3000 --plan var/bench/sqlite/burst.json
        The quiz burst's learners: a generated quiz of at least 20 questions drawn per
        attempt, ``--learners`` people enrolled in its course who never tried it, each
        with a personal API token (through the accounts service). Writes the plan (ids,
        tokens, the answer key) to ``--plan``.

    python bench/learners.py verify --plan var/bench/sqlite/burst.json
        After the burst: how many attempts those learners have, submitted and graded,
        and how many submissions the audit log recorded for them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huitong.settings")
    import django

    django.setup()


def session(course_id: int) -> dict[str, Any]:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from huitong.courses.models import Enrolment

    enrolment = (
        Enrolment.objects.filter(course_id=course_id, learner__is_active=True)
        .select_related("learner")
        .order_by("pk")
        .first()
    )
    if enrolment is None:
        raise SystemExit(f"no learner is enrolled in course {course_id}")
    user = enrolment.learner
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return {
        "cookie": f"{settings.SESSION_COOKIE_NAME}={store.session_key}",
        "learner": user.pk,
        "enrolment": enrolment.pk,
    }


def right_answer(question: Any) -> Any:
    right = [c.pk for c in question.choices.all() if c.is_correct]
    if question.kind == "multiple":
        return sorted(right)
    if question.kind in ("single", "true_false"):
        return right[0]
    if question.kind == "numeric":
        return str(question.numeric_answer)
    return (question.accepted_answers or [""])[0]


def burst(count: int, plan_path: Path) -> dict[str, Any]:
    from django.db import transaction
    from django.db.models import Count, F

    from huitong.accounts.models import User
    from huitong.accounts.services import token_create
    from huitong.core import cache as data_cache
    from huitong.courses.models import Course, CourseStatus, Enrolment, Quiz

    quiz = (
        Quiz.objects.filter(
            questions_per_attempt__gte=20,
            lesson__is_published=True,
            lesson__module__course__status=CourseStatus.APPROVED,
            lesson__module__course__capacity__isnull=True,
        )
        .annotate(bank=Count("questions", distinct=True), tries=Count("attempts", distinct=True))
        .filter(bank__gte=F("questions_per_attempt"))
        .select_related("lesson__module__course")
        .order_by("tries", "pk")
        .first()
    )
    if quiz is None:
        raise SystemExit("no generated quiz with 20 questions per attempt (huitong demo --scale)")
    course = quiz.lesson.module.course
    learners = list(
        User.objects.filter(is_active=True)
        .exclude(enrolments__course=course)
        .exclude(quiz_attempts__quiz=quiz)
        .order_by("pk")[:count]
    )
    if len(learners) < count:
        raise SystemExit(f"only {len(learners)} people could take the quiz; {count} asked")
    with transaction.atomic():
        Enrolment.objects.bulk_create(
            [Enrolment(course=course, learner=learner) for learner in learners], batch_size=1000
        )
        Course.objects.filter(pk=course.pk).update(
            enrolment_count=F("enrolment_count") + len(learners)
        )
        keys = [token_create(user=learner, name="quiz burst")[1] for learner in learners]
    data_cache.bump()
    questions = quiz.questions.prefetch_related("choices")
    plan = {
        "course_id": course.pk,
        "lesson_id": quiz.lesson_id,
        "quiz_id": quiz.pk,
        "questions_per_attempt": quiz.questions_per_attempt,
        "bank": quiz.bank,
        "answers": {str(q.pk): right_answer(q) for q in questions},
        "learners": [
            {"id": learner.pk, "token": key} for learner, key in zip(learners, keys, strict=True)
        ],
    }
    plan_path.parent.mkdir(parents=True, exist_ok=True)
    plan_path.write_text(json.dumps(plan))
    plan_path.chmod(0o600)
    return {k: plan[k] for k in ("course_id", "lesson_id", "quiz_id", "bank")} | {
        "learners": len(learners)
    }


def verify(plan_path: Path) -> dict[str, Any]:
    from django.db.models import Count

    from huitong.core.models import AuditEntry
    from huitong.courses.models import Attempt

    plan = json.loads(plan_path.read_text())
    ids = [learner["id"] for learner in plan["learners"]]
    attempts = Attempt.objects.filter(quiz_id=plan["quiz_id"], learner_id__in=ids)
    per_learner = attempts.values("learner_id").annotate(n=Count("pk"))
    submits = (
        AuditEntry.objects.filter(
            action="quiz.attempt_submit",
            target_type="courses.attempt",
            target_id__in=[str(pk) for pk in attempts.values_list("pk", flat=True)],
        )
        .values("target_id")
        .annotate(n=Count("pk"))
    )
    graded = attempts.filter(submitted_at__isnull=False, score__isnull=False)
    return {
        "learners": len(ids),
        "attempts": attempts.count(),
        "learners_with_one_attempt": sum(1 for row in per_learner if row["n"] == 1),
        "learners_with_more": sum(1 for row in per_learner if row["n"] > 1),
        "graded": graded.count(),
        "passed": graded.filter(passed=True).count(),
        "submissions_audited": sum(row["n"] for row in submits),
        "attempts_audited_twice": sum(1 for row in submits if row["n"] > 1),
        "questions_per_attempt": sorted(
            {len(q) for q in attempts.values_list("question_ids", flat=True)}
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Prepare the bench's signed-in learners.")
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("session")
    one.add_argument("--course", type=int, required=True)
    many = commands.add_parser("burst")
    many.add_argument("--learners", type=int, default=3000)
    many.add_argument("--plan", type=Path, required=True)
    check = commands.add_parser("verify")
    check.add_argument("--plan", type=Path, required=True)
    args = parser.parse_args(argv)
    setup()
    if args.command == "session":
        result = session(args.course)
    elif args.command == "burst":
        result = burst(args.learners, args.plan)
    else:
        result = verify(args.plan)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
