"""Schemathesis hooks for `npm run test:fuzz`: bodies in the two media types whose grammar an
OpenAPI schema cannot state, generated as their senders write them.

- text/csv (the customer import): a header row naming the import's columns, in any order and
  case, then rows written by Python's csv module (so commas, quotes and newlines in a value are
  quoted as a spreadsheet would quote them).
- text/plain (the SES webhook): SNS posts its JSON message with this content type; messages of
  the documented shape, serialised as JSON.
"""
import csv
import io
import json

import schemathesis
from hypothesis import strategies as st

COLUMNS = ["externalId", "customerName", "contactName", "email", "receives", "status"]
REQUIRED = ["externalId", "customerName", "contactName", "email"]

cell = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)


@st.composite
def import_csv(draw):
    optional = draw(st.lists(st.sampled_from(["receives", "status"]), unique=True))
    columns = draw(st.permutations(REQUIRED + optional))
    header = [draw(st.sampled_from([c, c.lower(), c.upper()])) for c in columns]
    rows = draw(st.lists(st.lists(cell, min_size=len(columns), max_size=len(columns)), max_size=5))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


schemathesis.openapi.media_type("text/csv", import_csv())


text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=60)


@st.composite
def sns_message(draw):
    kind = draw(st.sampled_from(["Notification", "SubscriptionConfirmation", "UnsubscribeConfirmation"]))
    message = {
        "Type": kind,
        "MessageId": draw(text),
        "TopicArn": draw(text),
        "Message": draw(text),
        "Timestamp": draw(text),
        "SignatureVersion": draw(st.sampled_from(["1", "2"])),
        "Signature": draw(text),
        "SigningCertURL": draw(text),
    }
    if kind != "Notification":
        message["SubscribeURL"] = draw(text)
        message["Token"] = draw(text)
    return json.dumps(message).encode("utf-8")


# SNS posts its JSON message as text/plain.
schemathesis.openapi.media_type("text/plain", sns_message())
