app_name = "offer_lists"

urlpatterns: list = []
