app_name = "information"

urlpatterns: list = []
