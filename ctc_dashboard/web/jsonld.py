"""schema.org descriptions of the records (JSON-LD): an ``Event`` per meeting, an ``Organization`` per
organization. Plain dicts of unescaped text: the template writes them with Jinja's ``tojson``, which escapes
``<``, ``>``, ``&`` and ``'`` so that text holding ``</script>`` cannot end the block."""

from __future__ import annotations

from .profile import MeetingPage, OrganizationPage, Party, attendees, organizers

CONTEXT = "https://schema.org"


def _org_ref(party: Party, base: str, record_path) -> dict:
    return {"@type": "Organization", "name": party.name, "alternateName": party.label,
            "url": base + record_path("organization", party.org_id)}


def _drop_empty(d: dict) -> dict:
    return {k: v for k, v in d.items() if v not in (None, "", [], {})}


def meeting(m: MeetingPage, url: str, base: str, record_path) -> dict:
    if m.virtual:
        location: dict = {"@type": "VirtualLocation", "name": "virtual meeting"}
    else:
        address = _drop_empty({"@type": "PostalAddress", "addressLocality": m.place["city"],
                               "addressCountry": m.place["country"]})
        location = _drop_empty({"@type": "Place", "name": m.place["venue"] or m.place["city"],
                                "address": address if len(address) > 1 else None})
        if m.place["latitude"] and m.place["longitude"]:
            location["geo"] = {"@type": "GeoCoordinates", "latitude": float(m.place["latitude"]),
                               "longitude": float(m.place["longitude"])}
    return _drop_empty({
        "@context": CONTEXT, "@type": "Event", "@id": url, "url": url, "identifier": m.meeting_id,
        "name": m.title, "description": m.theme, "startDate": m.start, "endDate": m.end or m.start,
        "eventAttendanceMode": ("https://schema.org/OnlineEventAttendanceMode" if m.virtual
                                else "https://schema.org/OfflineEventAttendanceMode"),
        "location": location if len(location) > 1 else None,
        "organizer": [_org_ref(p, base, record_path) for p in organizers(m)],
        "attendee": [_org_ref(p, base, record_path) for p in attendees(m)],
    })


def organization(o: OrganizationPage, url: str, base: str, record_path) -> dict:
    address = _drop_empty({"@type": "PostalAddress", "addressLocality": o.hq["city"],
                           "addressCountry": o.hq["country"]})
    return _drop_empty({
        "@context": CONTEXT, "@type": "Organization", "@id": url, "url": o.website or url, "identifier": o.org_id,
        "name": o.name, "alternateName": [a for a in [o.acronym, *o.aliases] if a],
        "foundingDate": o.founded, "address": address if len(address) > 1 else None,
        "parentOrganization": ({"@type": "Organization", "name": o.parent["name"],
                                "url": base + record_path("organization", o.parent["org_id"])}
                               if o.parent else None),
        "subOrganization": [{"@type": "Organization", "name": c["name"],
                             "url": base + record_path("organization", c["org_id"])} for c in o.children],
        "sameAs": url if o.website else None,
    })
