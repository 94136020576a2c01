from django.urls import path

from . import views

app_name = "sms"

urlpatterns = [
    path("delivery/<str:token>/", views.delivery_report, name="delivery_report"),
]
