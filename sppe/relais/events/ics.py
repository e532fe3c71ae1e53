"""The public iCalendar feed of the relais's events."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

PRODID = "-//sppe//Relais petite enfance//FR"


def events_feed(events) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Relais petite enfance")
    host = settings.BASE_URL.split("//")[-1].split("/")[0] or "sppe"
    stamp = timezone.now()
    for item in events:
        event = Event()
        event.add("uid", f"relais-event-{item.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.starts_at)
        event.add("dtend", item.ends_at)
        event.add("summary", f"{item.get_kind_display()} : {item.title}")
        place = item.place
        event.add(
            "location", ", ".join(p for p in (place.name, place.address, place.commune.name) if p)
        )
        calendar.add_component(event)
    return calendar.to_ical()
