"""Account pages: sign-in and out, activation by code, adding a child, password reset."""

from django.urls import path

from .views import activation, sign_in

urlpatterns = [
    path("sign-in/", sign_in.SignInView.as_view(), name="login"),
    path("sign-out/", sign_in.SignOutView.as_view(), name="logout"),
    path("activate/pupil/", activation.PupilActivationView.as_view(), name="activate_pupil"),
    path(
        "activate/guardian/", activation.GuardianActivationView.as_view(), name="activate_guardian"
    ),
    path(
        "activate/guardian/existing/",
        activation.ExistingAccountAddChildView.as_view(),
        name="activate_guardian_existing",
    ),
    path("children/add/", activation.AddChildView.as_view(), name="add_child"),
    path("password/reset/", sign_in.EmailPasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        sign_in.EmailPasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        sign_in.EmailPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        sign_in.EmailPasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
