from django.urls import reverse

from sppe.information.demo import load_demo_information
from sppe.information.models import Contact, LocalContent


def test_demo_information_is_idempotent_and_shown(client, territory):
    load_demo_information()
    load_demo_information()
    assert Contact.objects.count() == 1 and LocalContent.objects.count() == 2
    html = client.get(reverse("information:moment", args=["apres-un-refus"])).content.decode()
    assert "02 51 31 93 18" in html and "Sans place en crèche" in html
