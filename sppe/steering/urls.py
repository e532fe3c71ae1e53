from django.urls import path

from . import views
from .assessment import views as assessment
from .plans import views as plans
from .surveys import views as surveys

app_name = "steering"

urlpatterns = [
    path("pilotage/", views.index, name="index"),
    path("pilotage/elus/", views.elected, name="elected"),
    # The self-assessment grid
    path("pilotage/grille/", assessment.grid, name="grid"),
    path(
        "pilotage/grille/<int:year>/critere/<int:number>/",
        assessment.criterion,
        name="criterion",
    ),
    # Satisfaction surveys
    path("pilotage/enquetes/", surveys.survey_list, name="survey_list"),
    path("pilotage/enquetes/<int:pk>/", surveys.survey_detail, name="survey_detail"),
    path("pilotage/enquetes/<int:pk>/questions/", surveys.question_add, name="question_add"),
    path(
        "pilotage/enquetes/questions/<int:pk>/retirer/",
        surveys.question_delete,
        name="question_delete",
    ),
    path("pilotage/enquetes/<int:pk>/ouvrir/", surveys.survey_open, name="survey_open"),
    path("pilotage/enquetes/<int:pk>/clore/", surveys.survey_close, name="survey_close"),
    path("pilotage/enquetes/<int:pk>/liens/", surveys.survey_links, name="survey_links"),
    path("pilotage/enquetes/<int:pk>/courriels/", surveys.survey_emails, name="survey_emails"),
    path("pilotage/enquetes/<int:pk>/resultats/", surveys.survey_results, name="survey_results"),
    path("pilotage/enquetes/<int:pk>/reponses.csv", surveys.survey_export, name="survey_export"),
    path("enquete/<str:token>/", surveys.survey_answer, name="survey_answer"),
    # Action plans
    path("pilotage/plans/", plans.plan_list, name="plan_list"),
    path("pilotage/plans/nouveau/", plans.plan_create, name="plan_create"),
    path("pilotage/plans/<int:pk>/", plans.plan_detail, name="plan"),
    path(
        "pilotage/plans/<int:pk>/<str:what>/",
        plans.plan_edit,
        name="plan_edit",
    ),
    path(
        "pilotage/plans/<int:pk>/avancement.<str:file_format>",
        plans.plan_export,
        name="plan_export",
    ),
]
