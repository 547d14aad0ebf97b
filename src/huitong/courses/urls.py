from django.urls import path

from huitong.courses import authoring_views as authoring
from huitong.courses import quiz_authoring_views as quiz_authoring
from huitong.courses import quiz_views, views
from huitong.courses import teaching_views as teaching

app_name = "courses"

C = "<int:course_id>"
L = f"{C}/lessons/<int:lesson_id>"
A = f"{L}/quiz/attempts/<int:attempt_id>"
Q = f"{L}/quiz/questions/<int:question_id>"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("mine/", views.mine, name="mine"),
    path("new/", authoring.course_create, name="create"),
    path("review/", authoring.review_queue, name="review_queue"),
    path(f"{C}/", views.course_detail, name="course"),
    path(f"{C}/enrol/", views.enrol, name="enrol"),
    path(f"{C}/resume/", views.resume, name="resume"),
    path(f"{L}/", views.lesson_detail, name="lesson"),
    path(f"{L}/complete/", views.lesson_complete, name="lesson_complete"),
    path(f"{L}/progress/", views.video_progress, name="video_progress"),
    path(f"{L}/video/", views.lesson_video, name="video"),
    path(f"{L}/reading/", views.lesson_reading, name="reading"),
    path(f"{C}/subtitles/<int:track_id>.vtt", views.subtitles, name="subtitles"),
    # The team's pages
    path(f"{C}/manage/", authoring.course_manage, name="manage"),
    path(f"{C}/edit/", authoring.course_edit, name="edit"),
    path(f"{C}/history/", authoring.course_history, name="history"),
    path(f"{C}/submit/", authoring.course_submit, name="submit"),
    path(f"{C}/team/add/", authoring.team_add, name="team_add"),
    path(f"{C}/team/<int:member_id>/remove/", authoring.team_remove, name="team_remove"),
    path(f"{C}/modules/new/", authoring.module_create, name="module_create"),
    path(f"{C}/modules/<int:module_id>/edit/", authoring.module_edit, name="module_edit"),
    path(f"{C}/modules/<int:module_id>/delete/", authoring.module_delete, name="module_delete"),
    path(
        f"{C}/modules/<int:module_id>/lessons/new/",
        authoring.lesson_create,
        name="lesson_create",
    ),
    path(f"{L}/edit/", authoring.lesson_edit, name="lesson_edit"),
    path(f"{L}/delete/", authoring.lesson_delete, name="lesson_delete"),
    path(f"{L}/subtitles/add/", authoring.subtitle_add, name="subtitle_add"),
    path(
        f"{C}/subtitles/<int:track_id>/delete/", authoring.subtitle_delete, name="subtitle_delete"
    ),
    # Quizzes
    path(f"{L}/quiz/", quiz_views.quiz_detail, name="quiz"),
    path(f"{L}/quiz/start/", quiz_views.quiz_start, name="quiz_start"),
    path(f"{A}/", quiz_views.attempt_detail, name="quiz_attempt"),
    path(f"{A}/save/", quiz_views.attempt_save, name="quiz_attempt_save"),
    path(f"{A}/submit/", quiz_views.attempt_submit, name="quiz_attempt_submit"),
    path(f"{L}/quiz/edit/", quiz_authoring.quiz_edit, name="quiz_edit"),
    path(f"{L}/quiz/questions/new/", quiz_authoring.question_create, name="question_create"),
    path(f"{Q}/edit/", quiz_authoring.question_edit, name="question_edit"),
    path(f"{Q}/delete/", quiz_authoring.question_delete, name="question_delete"),
    path(f"{Q}/choices/new/", quiz_authoring.choice_create, name="choice_create"),
    path(f"{L}/quiz/choices/<int:choice_id>/edit/", quiz_authoring.choice_edit, name="choice_edit"),
    path(
        f"{L}/quiz/choices/<int:choice_id>/delete/",
        quiz_authoring.choice_delete,
        name="choice_delete",
    ),
    # Teaching: the roster and the quizzes' item statistics
    path(f"{C}/roster/", teaching.roster, name="roster"),
    path(f"{C}/roster.csv", teaching.roster_csv, name="roster_csv"),
    path(f"{L}/quiz/statistics/", teaching.quiz_statistics, name="quiz_statistics"),
    # The alliance's review
    path(f"{C}/review/", authoring.course_review, name="review"),
]
