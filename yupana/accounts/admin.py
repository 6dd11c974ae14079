"""Users in the operator's admin: login by e-mail, and the membership that ties them to a company."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from .models import Membership, User


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = False
    extra = 1
    max_num = 1


class UserCreation(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name"]


class UserChange(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = UserCreation
    form = UserChange
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_active", "is_staff"]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "password"]}),
        ("Estado", {"fields": ["is_active", "is_staff", "is_superuser", "locked_until", "last_login"]}),
    ]
    readonly_fields = ["locked_until", "last_login"]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})]
    filter_horizontal = []
    inlines = [MembershipInline]
